#!/usr/bin/env bash
# Train only when data, domain or config changed (Rasa's fingerprint check).
set -euo pipefail
. scripts/env.sh
MODEL="${MODEL:-models/spoorwijzer.tar.gz}"
args=(--config config.yml --domain domain.yml --data data --out models
      --fixed-model-name spoorwijzer)
if [ -f "$MODEL" ] && rasa train "${args[@]}" --dry-run >/dev/null 2>&1; then
  echo "Model $MODEL is up to date; not training."
  exit 0
fi
start=$(date +%s)
rasa train "${args[@]}"
echo "Training took $(( $(date +%s) - start )) s"

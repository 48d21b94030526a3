#!/usr/bin/env bash
# Compares NLU pipelines: trains each config (NLU only) and prints its train time and
# held-out accuracy (both sets together, then each). Default: config.yml against the
# same pipeline without spaCy and against the earlier neural pipeline (DIET + ResponseSelector).
# Usage: bash bench/nlu_pipelines.sh [CONFIG ...]   (models go to a temp dir)
set -euo pipefail
. scripts/env.sh
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=(config.yml bench/config-without-spacy.yml bench/config-neural.yml)
printf '%-34s %7s %8s %9s %6s %9s %9s\n' config train_s accuracy fallbacks wrong holdout fresh
for config in "${configs[@]}"; do
  name=$(basename "$config" .yml)
  start=$(date +%s)
  rasa train nlu --config "$config" --nlu data --domain domain.yml --out "$out" \
    --fixed-model-name "$name" >"$out/$name.log" 2>&1
  seconds=$(( $(date +%s) - start ))
  python -m spoorwijzer.tools.evaluate "$out/$name.tar.gz" tests/nlu/holdout.yml tests/nlu/holdout_fresh.yml 2>/dev/null | tail -1 | python -c "
import json, sys
r = json.load(sys.stdin)
s = r['per_set']
print('%-34s %7s %8.3f %9d %6d %9.3f %9.3f' % ('$config', $seconds, r['accuracy'], r['fallbacks'],
      r['wrong_answers'], s['holdout.yml']['accuracy'], s['holdout_fresh.yml']['accuracy']))"
done

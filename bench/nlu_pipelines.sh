#!/usr/bin/env bash
# Does the Dutch spaCy pipeline help? Trains config.yml and the same pipeline
# without spaCy, then prints held-out accuracy and train time of both.
# Usage: bash bench/nlu_pipelines.sh   (about 2 x the train time; models go to a temp dir)
set -euo pipefail
. scripts/env.sh
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-32s %10s %10s %10s %10s\n' config train_s accuracy fallbacks wrong
for config in config.yml bench/config-without-spacy.yml; do
  name=$(basename "$config" .yml)
  start=$(date +%s)
  rasa train --config "$config" --domain domain.yml --data data --out "$out" \
    --fixed-model-name "$name" >"$out/$name.log" 2>&1
  seconds=$(( $(date +%s) - start ))
  python -m spoorwijzer.evaluate "$out/$name.tar.gz" 2>/dev/null | tail -1 | python -c "
import json, sys
r = json.load(sys.stdin)
print('%-32s %10s %10.3f %10d %10d' % ('$config', $seconds, r['accuracy'], r['fallbacks'], r['wrong_answers']))"
done

#!/usr/bin/env bash
# Train only when something the model is made of changed (the stamp beside the model);
# `rasa train` then reuses its cache for every component whose inputs did not change.
set -euo pipefail
. scripts/env.sh
MODEL_STAMP="${MODEL%.tar.gz}.fingerprint"
spacy_fingerprint=$(python -m spoorwijzer.tools.nlp.installed 2>/dev/null || echo none)
rasa_version=$(python -c "import importlib.metadata as m; print(m.version('rasa'))")
# Everything the model is made of: the Dutch pipeline, Rasa, config.yml (Rasa's own check
# misses settings of untrained components, such as FallbackClassifier's threshold), and the
# domain and data (its check misses a change to the responses alone). Comparing this
# stamp takes a second; Rasa's dry run took 35 s on every `make run`.
content=$(find domain.yml data -name '*.yml' -type f | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-16)
fingerprint="$spacy_fingerprint rasa:$rasa_version config:$(sha256sum config.yml | cut -c1-16) content:$content"
args=(--config config.yml --domain domain.yml --data data --out models
      --fixed-model-name spoorwijzer)
if [ -f "$MODEL" ] && [ "$(cat "$MODEL_STAMP" 2>/dev/null)" = "$fingerprint" ]; then
  echo "Model $MODEL is up to date; not training."
  exit 0
fi
if [ "$(cut -d' ' -f1 "$MODEL_STAMP" 2>/dev/null)" != "$spacy_fingerprint" ]; then
  # Rasa's training cache keys spaCy's output by the pipeline's name only.
  rm -rf .rasa/cache
fi
start=$(date +%s)
rasa train "${args[@]}"
echo "$fingerprint" > "$MODEL_STAMP"
echo "Training took $(( $(date +%s) - start )) s"

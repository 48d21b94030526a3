#!/usr/bin/env bash
# Train only when data, domain or config changed (Rasa's fingerprint check), or
# the Dutch spaCy pipeline did, or config.yml did at all: Rasa does not see either
# (its check skips components that are not trained, such as FallbackClassifier's
# threshold), so we keep both fingerprints next to the model.
set -euo pipefail
. scripts/env.sh
SPACY_STAMP="${MODEL%.tar.gz}.spacy-fingerprint"
spacy_fingerprint=$(python -c "from spoorwijzer.nlp.pipeline import installed_meta; print((installed_meta() or {}).get('spoorwijzer_fingerprint', 'none'))" 2>/dev/null)
# Rasa's dry run only asks whether a component must be retrained; a change to the
# responses alone would leave the old texts in the model. So the domain and data are in
# our fingerprint too.
content=$(find domain.yml data -name '*.yml' -type f | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-16)
fingerprint="$spacy_fingerprint config:$(sha256sum config.yml | cut -c1-16) content:$content"
args=(--config config.yml --domain domain.yml --data data --out models
      --fixed-model-name spoorwijzer)
if [ -f "$MODEL" ] && [ "$(cat "$SPACY_STAMP" 2>/dev/null)" = "$fingerprint" ] \
   && rasa train "${args[@]}" --dry-run >/dev/null 2>&1; then
  echo "Model $MODEL is up to date; not training."
  exit 0
fi
if [ "$(cut -d' ' -f1 "$SPACY_STAMP" 2>/dev/null)" != "$spacy_fingerprint" ]; then
  # Rasa's training cache keys spaCy's output by the pipeline's name only.
  rm -rf .rasa/cache
fi
start=$(date +%s)
rasa train "${args[@]}"
echo "$fingerprint" > "$SPACY_STAMP"
echo "Training took $(( $(date +%s) - start )) s"

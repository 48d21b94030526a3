#!/usr/bin/env bash
# Every check of the project, in order; stops at the first failure.
set -euo pipefail
. scripts/env.sh

echo "== 1/4 rasa data validate"
python -m spoorwijzer.validate

echo "== 2/4 train (only if data or config changed); the model is reused below"
bash scripts/train.sh

echo "== 3/4 conversation tests (end to end: NLU, answer choice and next action)"
rasa test core --stories tests/stories --model "$MODEL" --e2e \
  --fail-on-prediction-errors --out results/core

echo "== 4/4 pytest: actions, held-out NLU set, servers"
python -m pytest tests

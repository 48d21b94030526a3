#!/usr/bin/env bash
# Every check of the project, in order; stops at the first failure.
set -euo pipefail
. scripts/env.sh

echo "== 1/5 lint (ruff)"
ruff check .
ruff format --check .

echo "== 2/5 rasa data validate"
python -m spoorwijzer.tools.validate

echo "== 3/5 train (only if data or config changed); the model is reused below"
bash scripts/train.sh

echo "== 4/5 conversation tests (end to end: NLU, answer choice and next action)"
rasa test core --stories tests/stories --model "$MODEL" --e2e \
  --fail-on-prediction-errors --out results/core

echo "== 5/5 pytest: actions, held-out NLU set, servers"
python -m pytest tests

#!/usr/bin/env bash
# Chat in the terminal; the action server runs in the background meanwhile.
set -euo pipefail
. scripts/env.sh
bash scripts/serve.sh actions >var/actions.log 2>&1 &
actions_pid=$!
trap 'kill $actions_pid 2>/dev/null || true' EXIT
rasa shell --model "$MODEL" --endpoints endpoints.yml

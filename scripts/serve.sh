#!/usr/bin/env bash
# Start one Spoorwijzer process in the foreground:
#   scripts/serve.sh rasa [PORT] | actions | caseapi | website
# scripts/run.sh starts them all on one machine; deploy/docker-compose.yml starts each
# in its own container. Settings: scripts/env.sh and the README.
set -euo pipefail
cd "$(dirname "$0")/.."  # the repository, wherever it is started from (systemd units)
. scripts/env.sh
case "${1:-}" in
  rasa)
    set -f  # CORS_ORIGINS may be "*": no globbing
    read -ra cors <<<"$CORS_ORIGINS"
    set +f
    # The HTTP API (trackers, model) needs RASA_API_TOKEN when it is set; the chat
    # channels (REST webhook, socket.io) do not.
    auth=()
    [ -n "${RASA_API_TOKEN:-}" ] && auth=(--auth-token "$RASA_API_TOKEN")
    exec rasa run --enable-api "${auth[@]}" --cors "${cors[@]}" --port "${2:-$RASA_PORT}" \
      --model "$MODEL" --endpoints endpoints.yml --credentials credentials.yml
    ;;
  actions) exec rasa run actions --actions actions --port "$ACTION_PORT" ;;
  caseapi) exec python -m caseapi ;;
  website) exec python -m website ;;
  *)
    echo "usage: scripts/serve.sh rasa [PORT] | actions | caseapi | website" >&2
    exit 2
    ;;
esac

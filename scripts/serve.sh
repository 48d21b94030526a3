#!/usr/bin/env bash
# Start one Spoorwijzer process in the foreground:
#   scripts/serve.sh rasa [PORT] | actions | caseapi | website
# scripts/run.sh starts them all on one machine; deploy/docker-compose.yml starts each
# in its own container. Settings: scripts/env.sh and docs/configuration.md.
set -euo pipefail
cd "$(dirname "$0")/.."  # the repository, wherever it is started from (systemd units)
. scripts/env.sh
case "${1:-}" in
  rasa)
    set -f  # CORS_ORIGINS may be "*": no globbing
    read -ra cors <<<"$CORS_ORIGINS"
    set +f
    # Rasa's HTTP API (trackers, events, model) is on only with a token: without
    # RASA_API_TOKEN only the chat channels (REST webhook, socket.io) are served.
    api=()
    [ -n "${RASA_API_TOKEN:-}" ] && api=(--enable-api --auth-token "$RASA_API_TOKEN")
    exec rasa run "${api[@]}" --interface "$RASA_INTERFACE" --cors "${cors[@]}" \
      --port "${2:-$RASA_PORT}" --model "$MODEL" --endpoints endpoints.yml --credentials credentials.yml
    ;;
  # rasa-sdk takes its interface from SANIC_HOST.
  actions) SANIC_HOST="$ACTION_INTERFACE" exec rasa run actions --actions actions --port "$ACTION_PORT" ;;
  caseapi) exec python -m caseapi ;;
  website) exec python -m website ;;
  *)
    echo "usage: scripts/serve.sh rasa [PORT] | actions | caseapi | website" >&2
    exit 2
    ;;
esac

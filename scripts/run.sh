#!/usr/bin/env bash
# Start the case API, the website, the action server and the Rasa server in the foreground;
# Ctrl-C stops them all.
set -euo pipefail
. scripts/env.sh
MODEL="${MODEL:-models/spoorwijzer.tar.gz}"
python -c "from spoorwijzer.nlp.pipeline import describe_active; print(describe_active())"

pids=()
stop_all() {
  trap - INT TERM EXIT
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

python -m caseapi &
pids+=($!)

python -m website &
pids+=($!)

rasa run actions --actions actions --port "$ACTION_PORT" &
pids+=($!)

set -f  # CORS_ORIGINS may be "*": no globbing
read -ra cors <<<"$CORS_ORIGINS"
set +f
# The HTTP API (trackers, model) needs RASA_API_TOKEN when it is set; the chat
# channels (REST webhook, socket.io) do not.
auth=()
[ -n "${RASA_API_TOKEN:-}" ] && auth=(--auth-token "$RASA_API_TOKEN")
rasa run --enable-api "${auth[@]}" --cors "${cors[@]}" --port "$RASA_PORT" --model "$MODEL" \
  --endpoints endpoints.yml --credentials credentials.yml &
pids+=($!)

echo "Rasa server:   http://localhost:${RASA_PORT} (REST: POST /webhooks/rest/webhook, socket.io)"
echo "Action server: http://localhost:${ACTION_PORT}"
echo "Website:       http://localhost:${WEB_PORT} (chat widget; FAQ pages under /faq)"
echo "Case API:      http://localhost:${CASE_API_PORT} (OpenAPI: /docs)"
echo "The model takes about half a minute to load. Ctrl-C stops everything."
# Stop everything as soon as one server exits.
wait -n

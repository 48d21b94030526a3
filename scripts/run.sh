#!/usr/bin/env bash
# Start the case API, the website, the action server and the Rasa server in the foreground;
# Ctrl-C stops them all.
set -euo pipefail
. scripts/env.sh
# RASA_SERVERS > 1: more Rasa servers on the next ports, sharing the conversations
# (put a load balancer in front: deploy/nginx/spoorwijzer.conf.template).
servers="${RASA_SERVERS:-1}"
if ! [[ "$servers" =~ ^[1-9][0-9]*$ ]]; then
  echo "RASA_SERVERS must be a whole number of at least 1, not '$servers'" >&2; exit 2
fi
if [ "$servers" -gt 1 ] && [ "$LOCK_STORE" != "redis" ]; then
  echo "RASA_SERVERS=$servers needs LOCK_STORE=redis:" \
       "otherwise two servers can change one conversation at the same time" >&2; exit 2
fi
if [ "$servers" -gt 1 ] && [[ "$TRACKER_STORE_URL" == sqlite* ]]; then
  echo "RASA_SERVERS=$servers needs a database server in TRACKER_STORE_URL (PostgreSQL):" \
       "several servers writing one SQLite file wait for each other's locks" >&2; exit 2
fi
python -c "from spoorwijzer.tools.nlp.pipeline import describe_active; print(describe_active())"

pids=()
stop_all() {
  trap - INT TERM EXIT
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

bash scripts/serve.sh caseapi &
pids+=($!)

bash scripts/serve.sh website &
pids+=($!)

bash scripts/serve.sh actions &
pids+=($!)

for ((i = 0; i < servers; i++)); do
  bash scripts/serve.sh rasa "$((RASA_PORT + i))" &
  pids+=($!)
done

echo "Rasa server:   http://localhost:${RASA_PORT} (REST: POST /webhooks/rest/webhook, socket.io)"
[ "$servers" -gt 1 ] && echo "               and $((servers - 1)) more on the next ports, up to $((RASA_PORT + servers - 1))"
echo "Action server: http://localhost:${ACTION_PORT}"
echo "Website:       http://localhost:${WEB_PORT} (chat widget; FAQ pages under /faq)"
echo "Case API:      http://localhost:${CASE_API_PORT} (OpenAPI: /docs)"
echo "The model takes about half a minute to load. Ctrl-C stops everything."
# Stop everything as soon as one server exits.
wait -n

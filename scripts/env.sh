# Settings shared by every script: each can be overridden from the environment.
# Sourced, not executed.
export RASA_PORT="${RASA_PORT:-5005}"
# Interfaces: loopback unless told otherwise (0.0.0.0 inside a container, deploy/Dockerfile).
# The action server only ever needs to be reached by Rasa.
export RASA_INTERFACE="${RASA_INTERFACE:-127.0.0.1}"
export ACTION_INTERFACE="${ACTION_INTERFACE:-127.0.0.1}"
# The trained model every server loads (make train writes it).
export MODEL="${MODEL:-models/spoorwijzer.tar.gz}"
export ACTION_PORT="${ACTION_PORT:-5055}"
# 127.0.0.1, not localhost: resolving "localhost" for each new connection to the action
# server was 4 % of Rasa's time under load.
export ACTION_SERVER_URL="${ACTION_SERVER_URL:-http://127.0.0.1:${ACTION_PORT}/webhook}"
# How many turns one Rasa server handles at once; the others wait their turn
# (spoorwijzer/rasa/turn_queue.py; 0: no limit). 4 was measured best on 2 cores.
export MAX_CONCURRENT_TURNS="${MAX_CONCURRENT_TURNS:-4}"
# Conversations are kept in this SQLite file so they survive a restart...
export TRACKER_DB="${TRACKER_DB:-var/tracker.db}"
# ...unless TRACKER_STORE_URL names another database (postgresql://user:pw@host/db).
export TRACKER_STORE_URL="${TRACKER_STORE_URL:-sqlite:///${TRACKER_DB}}"
# in_memory for one Rasa server; redis when several servers share the conversations.
export LOCK_STORE="${LOCK_STORE:-in_memory}"
export REDIS_HOST="${REDIS_HOST:-localhost}"
export REDIS_PORT="${REDIS_PORT:-6379}"
export REDIS_PASSWORD="${REDIS_PASSWORD:-}"
export REDIS_DB="${REDIS_DB:-0}"
case "$LOCK_STORE" in
  in_memory) export LOCK_STORE_TYPE=in_memory ;;
  redis) export LOCK_STORE_TYPE=spoorwijzer.rasa.lock_store.AtomicRedisLockStore ;;
  *) echo "LOCK_STORE must be in_memory or redis, not '$LOCK_STORE'" >&2; return 2 ;;
esac
# Origins allowed to call the Rasa server from a browser (space separated).
export CORS_ORIGINS="${CORS_ORIGINS:-*}"
# Shown when someone asks for a person; set them to the firm's real contact. Without a
# name the chat names a generic one (domain.yml, utter_contact_naam_standaard).
export COACH_CONTACT_NAME="${COACH_CONTACT_NAME:-}"
export COACH_CONTACT_PHONE="${COACH_CONTACT_PHONE:-}"
export COACH_CONTACT_EMAIL="${COACH_CONTACT_EMAIL:-}"
export COACH_CONTACT_HOURS="${COACH_CONTACT_HOURS:-}"
# The case API (caseapi/): cases in a SQLite file unless DATABASE_URL names PostgreSQL.
export CASE_API_PORT="${CASE_API_PORT:-8000}"
export CASE_API_URL="${CASE_API_URL:-http://127.0.0.1:${CASE_API_PORT}}"
export DATABASE_URL="${DATABASE_URL:-sqlite:///var/cases.db}"
# Development tokens: set your own in production (see docs/case-api.md).
export CASE_API_TOKEN="${CASE_API_TOKEN:-dev-bot-token}"
export CASE_API_ADMIN_TOKEN="${CASE_API_ADMIN_TOKEN:-dev-coach-token}"
# Seconds before the actions give up on the case API (one retry where that is safe).
export CASE_API_TIMEOUT="${CASE_API_TIMEOUT:-3}"
# The website (website/): demo page with the chat widget, and the FAQ pages.
export WEB_PORT="${WEB_PORT:-8080}"
# Public address of the website; links to answers (chat, coach requests) start with it.
export FAQ_BASE_URL="${FAQ_BASE_URL:-http://localhost:${WEB_PORT}}"
# Where the browser reaches the Rasa server's socket.io channel.
export RASA_SOCKET_URL="${RASA_SOCKET_URL:-http://localhost:${RASA_PORT}}"
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
export PYTHONPATH="${PYTHONPATH:+$PYTHONPATH:}$(pwd)"
VENV="${VENV:-.venv}"
export PATH="$(pwd)/$VENV/bin:$PATH"
mkdir -p "$(dirname "$TRACKER_DB")"

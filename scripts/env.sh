# Settings shared by every script: each can be overridden from the environment.
# Sourced, not executed.
export RASA_PORT="${RASA_PORT:-5005}"
export ACTION_PORT="${ACTION_PORT:-5055}"
export ACTION_SERVER_URL="${ACTION_SERVER_URL:-http://localhost:${ACTION_PORT}/webhook}"
# Conversations are kept in this SQLite file so they survive a restart.
export TRACKER_DB="${TRACKER_DB:-var/tracker.db}"
# Origins allowed to call the Rasa server from a browser (space separated).
export CORS_ORIGINS="${CORS_ORIGINS:-*}"
# Shown when someone asks for a person; set them to the firm's real contact.
export COACH_CONTACT_NAME="${COACH_CONTACT_NAME:-het team van je re-integratiebureau}"
export COACH_CONTACT_PHONE="${COACH_CONTACT_PHONE:-}"
export COACH_CONTACT_EMAIL="${COACH_CONTACT_EMAIL:-}"
export COACH_CONTACT_HOURS="${COACH_CONTACT_HOURS:-}"
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
export PYTHONPATH="${PYTHONPATH:+$PYTHONPATH:}$(pwd)"
VENV="${VENV:-.venv}"
export PATH="$(pwd)/$VENV/bin:$PATH"
mkdir -p "$(dirname "$TRACKER_DB")"

"""Development defaults of the case API, for the service and its two clients (the bot's
actions and the coaches' CLI). scripts/env.sh sets the same values for the shell
(tests/test_deploy.py checks that they agree); production sets its own
(docs/configuration.md)."""

PORT = 8000
URL = f"http://127.0.0.1:{PORT}"
DEV_BOT_TOKEN = "dev-bot-token"
DEV_ADMIN_TOKEN = "dev-coach-token"
TIMEOUT_S = 3.0

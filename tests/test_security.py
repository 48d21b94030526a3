"""Production settings on a real stack: the HTTP API needs its token, and only the
configured site may open a chat over socket.io."""
from __future__ import annotations

import pytest
import requests

from tests.stack import StackError, running_stack, say

SITE = "https://www.bureau.example"


@pytest.fixture(scope="module")
def locked_stack(model_path, tmp_path_factory):
    try:
        with running_stack(model_path, tmp_path_factory.mktemp("locked"),
                           CORS_ORIGINS=SITE, RASA_API_TOKEN="geheim-token") as stack:
            yield stack
    except StackError as error:
        pytest.fail(str(error))


def test_http_api_needs_the_token_but_the_chat_does_not(locked_stack):
    base = locked_stack.base
    assert "Spoor 2" in say(base, "sec-1", "wat is spoor 2?")
    tracker = f"{base}/conversations/sec-1/tracker"
    assert requests.get(tracker, timeout=10).status_code == 401
    assert requests.get(tracker, params={"token": "wrong"}, timeout=10).status_code == 401
    allowed = requests.get(tracker, params={"token": "geheim-token"}, timeout=10)
    assert allowed.status_code == 200 and allowed.json()["sender_id"] == "sec-1"


def test_only_the_configured_site_may_open_a_socket(locked_stack):
    handshake = f"{locked_stack.base}/socket.io/?EIO=4&transport=polling"
    refused = requests.get(handshake, headers={"Origin": "https://evil.example"}, timeout=10)
    assert refused.status_code == 400 and "not an accepted origin" in refused.text
    accepted = requests.get(handshake, headers={"Origin": SITE}, timeout=10)
    assert accepted.status_code == 200 and '"sid"' in accepted.text

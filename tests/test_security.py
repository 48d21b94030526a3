"""Production settings on a real stack: the HTTP API needs its token, and only the
configured site may open a chat over socket.io."""

from __future__ import annotations

import pytest
import requests

from tests.servers import StackError, rasa_server, running_stack, say

SITE = "https://www.bureau.example"


@pytest.fixture(scope="module")
def locked_stack(model_path, tmp_path_factory):
    try:
        with running_stack(
            model_path, tmp_path_factory.mktemp("locked"), CORS_ORIGINS=SITE, RASA_API_TOKEN="geheim-token"
        ) as stack:
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


def listening_addresses(port: int) -> set:
    """The local addresses a TCP port listens on (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            next(rows)
            for row in rows:
                local, state = row.split()[1], row.split()[3]
                address, hex_port = local.rsplit(":", 1)
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.add(address)
    return found


LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1 and ::1


def test_by_default_every_server_listens_on_loopback_only(server):
    for port in (
        server.env["RASA_PORT"],
        server.env["ACTION_PORT"],
        server.env["CASE_API_PORT"],
        server.env["WEB_PORT"],
    ):
        addresses = listening_addresses(int(port))
        assert addresses and addresses <= LOOPBACK, (port, addresses)


def test_without_a_token_rasa_serves_the_chat_and_no_http_api(server, model_path, tmp_path):
    env = server.env_for_another_rasa_server(TRACKER_DB=str(tmp_path / "tracker.db"))
    env.pop("RASA_API_TOKEN")
    with rasa_server(model_path, env, tmp_path / "rasa.log") as base:
        assert "Spoor 2" in say(base, "open-1", "wat is spoor 2?")
        for path in ("/status", "/conversations/open-1/tracker", "/version"):
            assert requests.get(base + path, timeout=10).status_code == 404, path
        assert requests.put(base + "/model", json={"model_file": "/tmp/x"}, timeout=10).status_code in (404, 405)

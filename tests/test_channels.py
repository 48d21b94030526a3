"""The project's Rasa channels: typed payloads and answer links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from spoorwijzer.rasa.channels import PAYLOAD_INTENTS, SocketIOWithAnswerLinks, answer_id_of, as_origin, as_typed_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "typed, read_as",
    [
        ('/faq{"antwoord":"x"}', 'faq{"antwoord":"x"}'),
        ("/fabel", "fabel"),
        ("//onbekend hallo", "onbekend hallo"),
        ("/", ""),
        ("/restart", "/restart"),
        ('/kies_antwoord{"antwoord":"faq/loonsanctie"}', '/kies_antwoord{"antwoord":"faq/loonsanctie"}'),
        ("wat is spoor 2?", "wat is spoor 2?"),
        ("", ""),
    ],
)
def test_only_button_payloads_stay_commands(typed, read_as):
    assert as_typed_text(typed) == read_as


def test_every_button_payload_intent_is_allowed():
    sources = [
        ROOT / "domain.yml",
        *(ROOT / "data").rglob("*.yml"),
        *(ROOT / "actions").glob("*.py"),
        ROOT / "website" / "static" / "widget.js",
    ]
    sent = set()
    for path in sources:
        sent |= set(re.findall(r"""['"]/([a-z_]+)""", path.read_text(encoding="utf-8")))
    assert sent and sent <= PAYLOAD_INTENTS, sent - PAYLOAD_INTENTS


def test_answer_links_only_for_answers():
    assert answer_id_of({"utter_action": "utter_fabel/ontslag"}) == "fabel/ontslag"
    assert answer_id_of({"utter_action": "utter_greet"}) is None
    assert answer_id_of({"utter_action": "utter_faq/../x"}) is None
    assert answer_id_of({}) is None


@pytest.mark.parametrize(
    "listed, origin",
    [
        ("https://www.bureau.example/", "https://www.bureau.example"),
        ("HTTPS://WWW.Bureau.example:443", "https://www.bureau.example"),
        ("http://localhost:8080", "http://localhost:8080"),
        ("http://127.0.0.1:80/chat", "http://127.0.0.1"),
        ("http://[::1]:8080", "http://[::1]:8080"),
        ("www.bureau.example", "www.bureau.example"),  # no scheme: kept, and matches no browser
        ("https://www.bureau.example:poort", "https://www.bureau.example:poort"),
    ],
)
def test_cors_origins_are_read_as_a_browser_sends_its_origin(listed, origin):
    assert as_origin(listed) == origin


@pytest.mark.parametrize(
    "setting, checked",
    [
        ("*", []),  # python-engineio's [] is "check nothing": any site may open a chat
        ("https://www.bureau.example/ *", []),
        ("https://www.bureau.example/ http://localhost:8080", ["https://www.bureau.example", "http://localhost:8080"]),
    ],
)
def test_the_socket_checks_the_origin_only_when_cors_origins_lists_sites(monkeypatch, setting, checked):
    monkeypatch.setenv("CORS_ORIGINS", setting)
    channel = SocketIOWithAnswerLinks()

    async def on_new_message(_message):
        return None

    channel.blueprint(on_new_message)
    assert channel.sio.eio.cors_allowed_origins == checked

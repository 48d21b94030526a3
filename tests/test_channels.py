"""The project's Rasa channels: typed payloads and answer links."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from spoorwijzer.channels import PAYLOAD_INTENTS, answer_id_of, as_typed_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("typed, read_as", [
    ('/faq{"antwoord":"x"}', 'faq{"antwoord":"x"}'),
    ("/fabel", "fabel"),
    ("//onbekend hallo", "onbekend hallo"),
    ("/", ""),
    ("/restart", "/restart"),
    ('/kies_antwoord{"antwoord":"faq/loonsanctie"}', '/kies_antwoord{"antwoord":"faq/loonsanctie"}'),
    ("wat is spoor 2?", "wat is spoor 2?"),
    ("", ""),
])
def test_only_button_payloads_stay_commands(typed, read_as):
    assert as_typed_text(typed) == read_as


def test_every_button_payload_intent_is_allowed():
    sources = [ROOT / "domain.yml", *(ROOT / "data").rglob("*.yml"), *(ROOT / "actions").glob("*.py"),
               ROOT / "website" / "static" / "widget.js"]
    sent = set()
    for path in sources:
        sent |= set(re.findall(r"""['"]/([a-z_]+)""", path.read_text(encoding="utf-8")))
    assert sent and sent <= PAYLOAD_INTENTS, sent - PAYLOAD_INTENTS


def test_answer_links_only_for_answers():
    assert answer_id_of({"utter_action": "utter_fabel/ontslag"}) == "fabel/ontslag"
    assert answer_id_of({"utter_action": "utter_greet"}) is None
    assert answer_id_of({"utter_action": "utter_faq/../x"}) is None
    assert answer_id_of({}) is None

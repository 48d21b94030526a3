"""The inbox for the content team, read from a real tracker store (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import base64
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import yaml
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from spoorwijzer.tools import inbox
from tests.test_website import serving
from website.app import SiteSettings, create_app

ROOT = Path(__file__).resolve().parent.parent
DAY = 86400


def user(text, intent, confidence, ranking=None, answer=None, at=None):
    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
    }
    if answer:
        parse["response_selector"] = {"default": {"response": {"intent_response_key": answer}}}
    return UserUttered(text, intent=parse["intent"], parse_data=parse, timestamp=at)


FALLBACK_RANKING = [
    {"name": "nlu_fallback", "confidence": 0.85},
    {"name": "faq", "confidence": 0.12},
    {"name": "vervolg_duur", "confidence": 0.1},
]


def conversations(now):
    """Three people; what they typed, what the classifier said, and the replies."""
    unsure = "hoelang duurt zo n traject meestal? ik heb long covid"
    return {
        "a": [
            user(unsure, "nlu_fallback", 0.85, FALLBACK_RANKING, "faq/spoor2_duur", now - 3 * DAY),
            BotUttered("Ik weet niet zeker wat je bedoelt. Gaat je vraag over ...", timestamp=now - 3 * DAY + 1),
            user("wat is spoor 2?", "faq", 0.93, answer="faq/spoor2_wat", at=now - 3 * DAY + 10),
            BotUttered("Spoor 2 betekent ...", timestamp=now - 3 * DAY + 11),
        ],
        "b": [
            user(unsure.upper(), "nlu_fallback", 0.85, FALLBACK_RANKING, "faq/spoor2_duur", now - DAY),
            BotUttered("Ik weet niet zeker wat je bedoelt.", timestamp=now - DAY + 1),
            user(
                "mijn code is 482913 en dossier RI-2026-0001, klopt dat?",
                "faq",
                0.22,
                answer="faq/gegevens_chat",
                at=now - DAY + 20,
            ),
            BotUttered("Je kunt mij vragen stellen zonder je naam te noemen.", timestamp=now - DAY + 21),
            user('/kies_antwoord{"antwoord":"faq/spoor2_duur"}', "kies_antwoord", 1.0, at=now - DAY + 30),
        ],
        "oud": [user("iets van lang geleden", "nlu_fallback", 0.9, at=now - 90 * DAY)],
    }


@pytest.fixture(scope="module")
def store_url(sql_tracker_store):
    """The tracker store with the three conversations, written once per database."""
    url, store = sql_tracker_store
    now = time.time()
    for sender, events in conversations(now).items():
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    return url


def test_lists_what_was_not_understood_with_counts_dates_and_replies(store_url):
    entries = inbox.read_entries(store_url, days=30)
    assert [e.count for e in entries] == [2, 1]
    top, coded = entries
    assert top.text.lower() == "hoelang duurt zo n traject meestal? ik heb long covid"
    assert top.fallback and top.guess == "faq/spoor2_duur" and top.confidence == pytest.approx(0.12)
    assert top.reply.startswith("Ik weet niet zeker wat je bedoelt")
    assert top.last_seen_date == time.strftime("%Y-%m-%d", time.gmtime(time.time() - DAY))
    # Codes and dossiernummers are masked; understood messages and buttons are not listed.
    assert "482913" not in coded.text and "2026" not in coded.text and "0001" not in coded.text
    assert "****" in coded.text
    assert not coded.fallback and coded.guess == "faq/gegevens_chat"
    assert all("spoor 2?" not in e.text and not e.text.startswith("/") for e in entries)
    # The period counts: the 90-day-old message is only in a longer window.
    assert len(inbox.read_entries(store_url, days=100)) == 3


def test_the_nlu_draft_is_valid_rasa_yaml_grouped_by_the_guess(store_url):
    draft = inbox.as_nlu_draft(inbox.read_entries(store_url, days=30))
    data = RasaYAMLReader().reads(draft)
    by_label = {m.get_full_intent(): m.get("text") for m in data.intent_examples}
    assert set(by_label) == {"faq/spoor2_duur", "faq/gegevens_chat"}
    assert "482913" not in draft


def test_command_line(store_url, tmp_path):
    draft = tmp_path / "draft.yml"
    done = subprocess.run(
        [sys.executable, "-m", "spoorwijzer.tools.inbox", "--url", store_url, "--yaml", str(draft)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "kreeg de vraag 'bedoel je ...?'" in done.stdout and "482913" not in done.stdout
    assert yaml.safe_load(draft.read_text())["nlu"]
    bad = subprocess.run(
        [sys.executable, "-m", "spoorwijzer.tools.inbox", "--url", store_url, "--days", "-3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "--days moet 0 of meer zijn" in bad.stderr


def test_an_empty_store_has_an_empty_inbox(tmp_path):
    assert inbox.read_entries(f"sqlite:///{tmp_path / 'leeg.db'}") == []


def test_the_website_shows_the_inbox_only_with_its_token(store_url):
    settings = SiteSettings(
        socket_url="http://localhost:5999",
        base_url="https://hulp.example.nl",
        tracker_store_url=store_url,
        inbox_token="geheim-inboxtoken",
    )
    with serving(create_app(settings)) as base:
        refused = requests.get(f"{base}/inbox", timeout=10)
        assert refused.status_code == 401 and "Basic" in refused.headers["WWW-Authenticate"]
        wrong = requests.get(f"{base}/inbox", headers={"Authorization": "Bearer fout"}, timeout=10)
        assert wrong.status_code == 401
        login = base64.b64encode(b"team:geheim-inboxtoken").decode()
        page = requests.get(f"{base}/inbox", headers={"Authorization": f"Basic {login}"}, timeout=10)
        assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
        assert "hoelang duurt zo n traject meestal" in page.text.lower() and "482913" not in page.text
        draft = requests.get(f"{base}/inbox.yml", headers={"Authorization": "Bearer geheim-inboxtoken"}, timeout=10)
        assert draft.status_code == 200 and RasaYAMLReader().reads(draft.text).intent_examples
    closed = SiteSettings(
        socket_url="http://localhost:5999",
        base_url="https://hulp.example.nl",
        tracker_store_url=store_url,
        inbox_token="",
    )
    with serving(create_app(closed)) as base:
        assert requests.get(f"{base}/inbox", headers={"Authorization": "Bearer "}, timeout=10).status_code == 404


def test_personal_numbers_and_addresses_are_masked():
    text = inbox.masked(
        "bsn 123456782, tel 0612345678, mail a.b@voorbeeld.nl, dossier ＲＩ-２０２６-０００１, code 482 913"
    )
    for secret in ("123456782", "0612345678", "a.b@voorbeeld.nl", "2026", "0001", "482 913", "482913"):
        assert secret not in text, secret
    assert inbox.masked("week 6 en week 42") == "week 6 en week 42"

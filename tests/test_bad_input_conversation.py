"""Odd and hostile messages over the REST channel of the running stack: each gets a
sensible Dutch answer, nothing crashes, and no input comes back as markup."""

from __future__ import annotations

import re
import uuid

import pytest
import requests

from tests.servers import say

DUTCH = re.compile(r"\b(je|ik|het|een|de|niet|kan|over|wat|gesprek)\b", re.IGNORECASE)


def reply_to(server, message: str, sender: str = "") -> str:
    reply = say(server.base, sender or uuid.uuid4().hex, message)
    assert reply, f"no answer to {message[:40]!r}"
    assert DUTCH.search(reply), f"not Dutch: {reply[:200]!r}"
    return reply


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   \n\t ",
        "🙂🙂🙂",
        "x" * 10_000,
        "wat is spoor 2 " * 700,
        "<script>alert('hoi')</script>",
        "<b>vet</b> <img src=x onerror=alert(1)>",
        "Привет, 你好, مرحبا, שלום",
        "'; DROP TABLE cases; --",
        "../../../../etc/passwd",
        "%00%0d%0a",
    ],
    ids=[
        "empty",
        "whitespace",
        "emoji",
        "10000-chars",
        "long-repeat",
        "script",
        "html",
        "mixed-scripts",
        "sql",
        "path",
        "control",
    ],
)
def test_odd_messages_get_a_dutch_answer_without_markup(server, message):
    reply = reply_to(server, message)
    assert "<script" not in reply and "<img" not in reply and "<b>" not in reply


def test_english_gets_a_dutch_answer_about_the_language(server):
    reply = reply_to(server, "do you speak English?")
    assert "Ik spreek alleen Nederlands" in reply


@pytest.mark.parametrize(
    "payload",
    [
        "/restart",
        '/faq{"antwoord":"bestaat_niet"}',
        "/fabel",
        '/kies_antwoord{"antwoord":"../../etc"}',
        "/onbekend_intent",
    ],
)
def test_payloads_typed_by_hand_get_a_dutch_answer(server, payload):
    sender = uuid.uuid4().hex
    reply_to(server, "hoi", sender)
    reply_to(server, payload, sender)
    # And the conversation goes on normally afterwards.
    assert "Spoor 2" in reply_to(server, "wat is spoor 2?", sender)


def test_hostile_dossier_input_is_explained_and_harmless(server):
    sender = uuid.uuid4().hex
    reply_to(server, "in welke fase zit mijn traject?", sender)
    for hostile in ("../../etc/passwd", "RI-2026-0001/../../0002'; DROP TABLE cases;--"):
        reply = reply_to(server, hostile, sender)
        assert "RI-2026-0001" in reply or "dossiernummer" in reply.lower()
    # The case API still answers a normal lookup: nothing was dropped.
    health = requests.get(f"http://127.0.0.1:{server.env['CASE_API_PORT']}/health", timeout=5)
    assert health.ok
    other = uuid.uuid4().hex
    reply_to(server, "in welke fase zit mijn traject?", other)
    reply_to(server, "RI-2026-0001", other)
    assert "oriëntatiefase" in reply_to(server, "482913", other).lower()

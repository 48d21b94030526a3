"""The retention command deletes whole old conversations from the real SQLite store."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from spoorwijzer.tools import retention
from spoorwijzer.tools.retention import delete_old_conversations, sql_store

ROOT = Path(__file__).resolve().parent.parent
DAY = 86400


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    store = sql_store(str(ROOT / "endpoints.yml"))
    now = time.time()
    for sender, age_days in (("oud", 100), ("recent", 2), ("half", 40)):
        events = [
            UserUttered("hoi", timestamp=now - age_days * DAY - 60),
            ActionExecuted("utter_greet", timestamp=now - age_days * DAY),
        ]
        if sender == "recent":  # a case looked up two days ago
            events.append(
                SlotSet(
                    "dossier",
                    {"phase": "orientatie", "opgehaald": now - age_days * DAY},
                    timestamp=now - age_days * DAY,
                )
            )
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    return store


def senders(store):
    with store.session_scope() as session:
        return sorted({row.sender_id for row in session.query(store.SQLEvent)})


def test_only_conversations_older_than_the_period_go(store):
    result = delete_old_conversations(store, days=30, dry_run=True)
    assert sorted(result.conversations) == ["half", "oud"] and result.events == 4
    assert senders(store) == ["half", "oud", "recent"]  # a dry run deletes nothing

    result = delete_old_conversations(store, days=90)
    assert result.conversations == ["oud"]
    assert senders(store) == ["half", "recent"]


def test_command_line_reads_the_period_from_the_environment(store, monkeypatch, capsys):
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", "30")
    assert retention.main([]) == 0
    printed = capsys.readouterr().out
    assert "2 gesprekken (4 gebeurtenissen) ouder dan 30 dagen verwijderd." in printed
    assert "1 opgezochte dossiers vergeten." in printed
    assert senders(store) == ["recent"]


def test_a_negative_period_is_refused_in_dutch(capsys):
    with pytest.raises(SystemExit) as exited:
        retention.main(["--days", "-1"])
    assert exited.value.code == 2
    assert "--days moet 0 of meer zijn" in capsys.readouterr().err

"""Faults of the tracker store's database file: locked by another process, or on a full
disk. The user always gets an answer or the Dutch fault message, the server keeps
running, and the conversation goes on once the database is usable again.

Rasa's SQL store runs SQLite with its default busy timeout (5 s): a shorter lock only
delays the reply; during a longer one Rasa answers without the conversation's context
and cannot store the turn. PostgreSQL (the production setup) has no file locks.
"""

from __future__ import annotations

import errno
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List

import pytest

from tests.answers import first_sentence
from tests.servers import TEST_API_TOKEN, StackError, rasa_server, say, tracker

HOLD_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("ROLLBACK")
"""


@contextmanager
def locked_by_another_process(database: Path, seconds: float) -> Iterator[None]:
    """An exclusive lock on the file, as a backup tool or a second writer would hold it."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(database), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "locked"
    try:
        yield
    finally:
        holder.wait(timeout=seconds + 30)


def user_messages(base: str, sender: str) -> List[str]:
    stored = tracker(base, sender, TEST_API_TOKEN)
    return [event["text"] for event in stored["events"] if event["event"] == "user"]


def test_a_short_lock_only_delays_the_reply(server, domain):
    database = Path(server.env["TRACKER_DB"])
    say(server.base, "locked-1", "wat is spoor 2?")
    with locked_by_another_process(database, 2):
        start = time.monotonic()
        reply = say(server.base, "locked-1", "en hoe lang duurt dat?")
        waited = time.monotonic() - start
    assert first_sentence(domain, "faq/spoor2_duur") in reply  # the context was read
    assert waited > 1
    assert user_messages(server.base, "locked-1") == ["wat is spoor 2?", "en hoe lang duurt dat?"]


def test_a_long_lock_still_gets_an_answer_and_the_chat_goes_on(server, domain):
    """Longer than the timeout, for reading and for storing: Rasa answers from an empty
    conversation (its fail-safe store) and that turn is not stored; the log says why
    without what the user typed."""
    database = Path(server.env["TRACKER_DB"])
    say(server.base, "locked-2", "hallo")
    with locked_by_another_process(database, 12):
        reply = say(server.base, "locked-2", "wat is spoor 1? mijn dossier is RI-2026-0077")
    assert reply and "Traceback" not in reply
    assert first_sentence(domain, "faq/spoor2_wat") in say(server.base, "locked-2", "wat is spoor 2?")
    assert user_messages(server.base, "locked-2") == ["hallo", "wat is spoor 2?"]
    log = server.log.read_text(errors="replace")
    assert "database is locked" in log and "parameters hidden" in log
    assert "RI-2026-0077" not in log


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Path]:
    """A 4 MB tmpfs to fill up (mounting needs root, as CI runs)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    with filler.open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


def test_a_full_disk_still_answers_and_storing_resumes_when_there_is_room(
    server, model_path, domain, tmp_path, small_disk
):
    env = server.env_for_another_rasa_server(TRACKER_DB=str(small_disk / "tracker.db"))
    log = tmp_path / "rasa.log"
    try:
        with rasa_server(model_path, env, log) as base:
            assert first_sentence(domain, "faq/spoor2_wat") in say(base, "full-1", "wat is spoor 2?")
            filler = fill(small_disk)
            reply = say(base, "full-1", "wat is een loonsanctie?")
            assert first_sentence(domain, "faq/loonsanctie") in reply  # answered, not stored
            # SQLite says "database or disk is full", or, in WAL mode when the log cannot
            # grow, "disk I/O error".
            logged = log.read_text(errors="replace")
            assert "disk is full" in logged or "disk I/O error" in logged
            filler.unlink()
            assert first_sentence(domain, "faq/spoor1_wat") in say(base, "full-1", "wat is spoor 1?")
            assert user_messages(base, "full-1") == ["wat is spoor 2?", "wat is spoor 1?"]
    except StackError as error:
        pytest.fail(str(error))

"""Scale-out on real servers: two Rasa servers (`RASA_SERVERS=2 make run`) share the
conversations through a PostgreSQL tracker store and a Redis lock store, with one action
server, and nginx in front (deploy/nginx/spoorwijzer.conf.template). PostgreSQL, Redis and nginx come from Debian's
packages and are started here.

The check: turns of many conversations go alternately to both servers, also two at the
same moment, and afterwards every conversation's tracker holds each user message and
each bot reply once, in the order the users saw them.
"""

from __future__ import annotations

import os
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator, List, Optional, Tuple

import pytest
import requests
from sqlalchemy import create_engine, text

from spoorwijzer.poortwachter.dossiernummer import CODE_MASK
from spoorwijzer.tools import retention
from tests.answers import first_sentence
from tests.browser import REPLY_TIMEOUT_MS, open_widget_by_keyboard, type_message, wait_for_bot_text
from tests.servers import ROOT, TEST_API_TOKEN, ScaledStack, StackError, running_scaled_stack, say, tracker

CODE = "482913"  # the demo case's verification code (caseapi/demo_cases.yml)

# (message, as it is stored): what is typed in the case form loses its codes and digit
# runs before it reaches the tracker store.
Script = Tuple[Tuple[str, Optional[str]], ...]
SCRIPTS: Tuple[Script, ...] = (
    (
        ("goedemiddag", None),
        ("wat houdt spoor 2 precies in?", None),
        ("en hoe lang duurt zoiets?", None),
        ("moet ik daar echt aan meedoen", None),
        ("top, bedankt", None),
    ),
    (
        ("wij zijn werkgever", None),
        ("wanneer moet de probleemanalyse er liggen?", None),
        ("wat is een loonsanctie eigenlijk", None),
        ("oke dank je", None),
    ),
    (
        ("in welke fase zit mijn traject?", None),
        ("RI-2026-0001", "RI-****-****"),
        (CODE, CODE_MASK),
        ("en wat komt hierna?", None),
    ),
    (("ik ben sinds 12 januari 2026 ziek, wat zijn mijn termijnen?", None), ("wat gebeurt er na 104 weken", None)),
)
CONVERSATIONS = 16


@pytest.fixture(scope="module")
def scaled(model_path, tmp_path_factory) -> Iterator[ScaledStack]:
    try:
        with running_scaled_stack(model_path, tmp_path_factory.mktemp("scale-out")) as stack:
            yield stack
    except StackError as error:
        pytest.fail(str(error))


def stored_turns(base: str, sender: str) -> List[Tuple[str, str]]:
    """The tracker's (user message, the bot's reply to it) pairs, in stored order. A
    rewind (the fallback's second stage takes the message back to read it again) undoes
    the last user message, as it does in Rasa."""
    turns: List[Tuple[str, List[str]]] = []
    for event in tracker(base, sender, TEST_API_TOKEN)["events"]:
        if event["event"] == "user":
            turns.append((event["text"], []))
        elif event["event"] == "rewind":
            turns.pop()
        elif event["event"] == "bot":
            assert turns, f"{sender}: a bot message before any user message"
            turns[-1][1].append((event.get("text") or "").strip())
    return [(user, "\n\n".join(replies)) for user, replies in turns]


def test_alternating_servers_keep_every_conversation_whole_and_in_order(scaled):
    def converse(number: int) -> Tuple[str, List[Tuple[str, str]]]:
        sender = f"scale-{number}"
        seen = []
        for turn, (message, stored) in enumerate(SCRIPTS[number % len(SCRIPTS)]):
            server = scaled.servers[(number + turn) % 2]
            seen.append((stored or message, say(server, sender, message)))
        return sender, seen

    with ThreadPoolExecutor(max_workers=8) as pool:
        conversations = list(pool.map(converse, range(CONVERSATIONS)))

    for sender, seen in conversations:
        assert all(reply for _, reply in seen), f"{sender}: a turn without a reply: {seen}"
        assert stored_turns(scaled.servers[0], sender) == seen
        assert stored_turns(scaled.servers[1], sender) == seen


def test_two_messages_at_once_on_both_servers_are_handled_one_after_the_other(scaled):
    """The Redis lock: without it both servers change the same tracker and a turn is lost."""
    first, second = "wat is spoor 1?", "wat is een loonsanctie?"

    def burst(number: int) -> List[Tuple[str, str]]:
        sender = f"burst-{number}"
        opening = ("hallo", say(scaled.servers[number % 2], sender, "hallo"))
        start = threading.Barrier(2)
        replies = {}

        def at_once(server: str, message: str) -> None:
            start.wait()
            replies[message] = say(server, sender, message)

        threads = [
            threading.Thread(target=at_once, args=(scaled.servers[0], first)),
            threading.Thread(target=at_once, args=(scaled.servers[1], second)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stored = stored_turns(scaled.servers[0], sender)
        one_order = [opening, (first, replies[first]), (second, replies[second])]
        other_order = [opening, (second, replies[second]), (first, replies[first])]
        assert stored in (one_order, other_order), f"{sender}: {stored}"
        return stored

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(burst, range(12)))
    assert all("Spoor 1" in dict(turns)[first] for turns in results)


def test_no_verification_code_in_the_postgresql_store(scaled):
    say(scaled.servers[0], "privacy-pg", "in welke fase zit mijn traject?")
    say(scaled.servers[1], "privacy-pg", "RI-2026-0001")
    assert "oriëntatiefase" in say(scaled.servers[0], "privacy-pg", CODE)
    engine = create_engine(scaled.tracker_store_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT count(*) FROM events WHERE data LIKE :code"), {"code": f"%{CODE}%"}
        ).scalar()
        total = connection.execute(text("SELECT count(*) FROM events WHERE sender_id = 'privacy-pg'")).scalar()
    engine.dispose()
    assert total > 0 and rows == 0


def test_retention_works_on_the_postgresql_store(scaled, monkeypatch):
    say(scaled.servers[0], "retention-pg", "hoi")
    monkeypatch.setenv("TRACKER_STORE_URL", scaled.tracker_store_url)
    store = retention.sql_store("endpoints.yml")
    everything = retention.delete_old_conversations(store, days=0, dry_run=True)
    assert "retention-pg" in everything.conversations
    assert retention.delete_old_conversations(store, days=30).conversations == []


def test_the_widget_chats_through_nginx(scaled, page, domain):
    """The widget's own path: the page and socket.io (websocket upgrade) via nginx only."""
    page.goto(f"{scaled.public}/")
    open_widget_by_keyboard(page)
    type_message(page, "wat is spoor 2?")
    wait_for_bot_text(page, first_sentence(domain, "faq/spoor2_wat"))
    link = page.locator(".sw-answer-link a").last
    link.wait_for(timeout=REPLY_TIMEOUT_MS)
    assert link.get_attribute("href") == f"{scaled.public}/faq/faq-spoor2-wat"
    assert page.console_errors == []


def test_nginx_serves_the_site_and_keeps_the_rasa_api_inside(scaled):
    page = requests.get(f"{scaled.public}/faq/fabel-ontslag", timeout=10)
    assert page.status_code == 200 and "<h1" in page.text
    assert requests.get(f"{scaled.public}/conversations/scale-0/tracker", timeout=10).status_code == 404
    assert requests.get(f"{scaled.public}/status", timeout=10).status_code == 404
    reply = say(scaled.public, "via-nginx", "wat is spoor 2?")
    assert "Spoor 2" in reply


def test_run_refuses_several_servers_without_a_shared_lock_and_database():
    env = dict(os.environ, RASA_SERVERS="2", LOCK_STORE="in_memory")
    done = subprocess.run(["bash", "scripts/run.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "needs LOCK_STORE=redis" in done.stderr
    env["LOCK_STORE"] = "redis"
    done = subprocess.run(["bash", "scripts/run.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "needs a database server in TRACKER_STORE_URL" in done.stderr
    env["RASA_SERVERS"] = "twee"
    done = subprocess.run(["bash", "scripts/run.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "RASA_SERVERS must be a whole number" in done.stderr

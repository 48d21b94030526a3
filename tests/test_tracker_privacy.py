"""Masking before storage: which events lose their digits, and which keep them."""

from __future__ import annotations

import asyncio
import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from spoorwijzer.poortwachter.dossiernummer import mask_codes
from spoorwijzer.rasa.tracker_store import masked_events


def user(text, intent="faq"):
    return UserUttered(
        text, intent={"name": intent, "confidence": 1.0}, parse_data={"text": text, "intent": {"name": intent}}
    )


def test_codes_are_masked_where_the_code_was_asked_for():
    events = [
        user("in welke fase zit ik?", "vraag_fase"),
        SlotSet("requested_slot", "verificatiecode"),
        ActionExecuted("action_listen"),
        user("mijn code is 482 913", "geef_dossiergegevens"),
        SlotSet("verificatiecode", "482913"),
        SlotSet("verificatiecode", None),
        SlotSet("requested_slot", None),
        user("sinds 12-01-2026 ziek", "vraag_kalender"),
    ]
    stored = masked_events(events, first_new=3)
    assert stored[0].text == "mijn code is ******"
    assert stored[0].parse_data["text"] == "mijn code is ******"
    assert stored[0].intent_name == "geef_dossiergegevens"
    assert stored[1].value == "******" and stored[2].value is None
    assert stored[4].text == "sinds 12-01-2026 ziek"


def test_case_details_given_unasked_are_masked_too():
    [stored] = masked_events([user("RI-2026-0001 en mijn code is 310552", "geef_dossiergegevens")], 0)
    assert stored.text == "RI-2026-0001 en mijn code is ******"


def test_mask_keeps_dossiernummers():
    assert mask_codes("RI20260001 482913") == "RI20260001 ******"


def test_a_code_in_the_message_that_starts_the_form_is_masked():
    # The form reads dossiernummer and code from this message (prefill), so it holds a code.
    for intent in ("vraag_fase", "vraag_volgende_stap"):
        [stored] = masked_events([user("kun je RI-2026-0001 opzoeken, code 482913", intent)], 0)
        assert stored.text == "kun je RI-2026-0001 opzoeken, code ******"


# --- masking by content while the case form is open (issue 14) -----------------------

INTENTS = ["faq", "fabel", "nlu_fallback", "greet", "geef_dossiergegevens", "vraag_fase", "out_of_scope"]


def test_while_the_case_form_is_open_every_digit_run_is_masked_whatever_the_intent():
    events = [
        user("hoi, kun je mijn traject opzoeken? nummer 2026 0001", "greet"),
        ActiveLoop("dossier_form"),
        SlotSet("requested_slot", "dossiernummer"),
        user("het is RI 2026 0001 en code 48 29 13", "faq"),
        SlotSet("requested_slot", "verificatiecode"),
        user("sorry: 482913", "nlu_fallback"),
        ActiveLoop(None),
        SlotSet("requested_slot", None),
        user("ik ben sinds 12-01-2026 ziek", "vraag_kalender"),
    ]
    texts = [e.text for e in masked_events(events, 0) if isinstance(e, UserUttered)]
    assert texts[0] == "hoi, kun je mijn traject opzoeken? nummer **** ****"
    assert texts[1] == "het is RI **** **** en code ******" and texts[2] == "sorry: ******"
    assert texts[3] == "ik ben sinds 12-01-2026 ziek"  # the form is closed: digits stay


@pytest.fixture(scope="module")
def privacy_store(sql_tracker_store):
    return sql_tracker_store[1]


_senders = itertools.count()
code = st.integers(100000, 999999).map(str)
spaced = st.sampled_from(["{}", "{} ", " {}", "code {}", "{} is de code", "mijn code: {}!", "{}{}"])
intent = st.sampled_from(INTENTS)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    code=code,
    first=spaced,
    number_answer=spaced,
    code_answer=spaced,
    intents=st.tuples(intent, intent, intent),
    in_first=st.booleans(),
)
def test_no_code_typed_anywhere_in_the_form_is_stored(
    privacy_store, code, first, number_answer, code_answer, intents, in_first
):
    sender = f"privacy-{next(_senders)}"
    opening = "in welke fase zit ik? " + (first.format(code, code) if in_first else "")
    turns = [
        [user(opening, intents[0]), ActiveLoop("dossier_form"), SlotSet("requested_slot", "dossiernummer")],
        [
            user("RI-2026-0001 " + number_answer.format(code, code), intents[1]),
            SlotSet("requested_slot", "verificatiecode"),
        ],
        [user(code_answer.format(code, code), intents[2]), ActiveLoop(None), SlotSet("requested_slot", None)],
    ]
    events = []
    for turn in turns:  # saved after every turn, as Rasa does
        events += [ActionExecuted("action_listen")] + turn
        asyncio.run(privacy_store.save(DialogueStateTracker.from_events(sender, list(events))))
    with privacy_store.session_scope() as session:
        rows = [
            row.data for row in session.query(privacy_store.SQLEvent).filter(privacy_store.SQLEvent.sender_id == sender)
        ]
    stored = [json.loads(row) for row in rows]
    texts = [
        str(e.get("text") or "") + " " + str((e.get("parse_data") or {}).get("text") or "")
        for e in stored
        if e.get("event") == "user"
    ]
    assert len(texts) == 3
    assert not [text for text in texts if code in text or code[:3] + " " + code[3:] in text]


# --- minimal storage: the case a lookup returned is kept only CASE_MEMORY_MINUTES ---

CASE = {
    "dossiernummer": "RI-2026-0001",
    "phase": "orientatie",
    "coach_name": "Sanne",
    "coach_contact": "sanne@voorbeeld-reintegratie.nl",
    "first_sick_day": "2025-12-01",
}


def _stored_case_values(store, sender):
    with store.session_scope() as session:
        rows = session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender)
        return [
            json.loads(row.data)["value"]
            for row in rows
            if json.loads(row.data).get("event") == "slot" and json.loads(row.data)["name"] == "dossier"
        ]


def test_stored_case_details_are_overwritten_once_older_than_the_memory(privacy_store, monkeypatch):
    from spoorwijzer.poortwachter import case_memory
    from spoorwijzer.rasa.tracker_store import forget_old_cases

    monkeypatch.setenv("CASE_MEMORY_MINUTES", "30")
    now = 1_800_000_000.0
    old, recent = f"case-old-{next(_senders)}", f"case-new-{next(_senders)}"
    for sender, age_minutes in ((old, 31), (recent, 29)):
        looked_up = now - age_minutes * 60
        events = [
            ActionExecuted("action_listen", timestamp=looked_up - 1),
            SlotSet("dossier", case_memory.remember(CASE, looked_up), timestamp=looked_up),
        ]
        asyncio.run(privacy_store.save(DialogueStateTracker.from_events(sender, events)))

    assert forget_old_cases(privacy_store, now=now) >= 1
    assert _stored_case_values(privacy_store, old) == [case_memory.FORGOTTEN_CASE]
    [kept] = _stored_case_values(privacy_store, recent)
    assert kept["coach_name"] == "Sanne"
    assert forget_old_cases(privacy_store, now=now) == 0  # nothing left to forget
    # read back, the case is gone for the actions too
    assert case_memory.was_forgotten(_stored_case_values(privacy_store, old)[0], now)


def test_saving_a_conversation_sweeps_old_case_details(privacy_store, monkeypatch):
    from spoorwijzer.poortwachter import case_memory

    monkeypatch.setenv("CASE_MEMORY_MINUTES", "1")
    sender = f"case-sweep-{next(_senders)}"
    long_ago = 1_000_000_000.0
    events = [
        ActionExecuted("action_listen", timestamp=long_ago),
        SlotSet("dossier", case_memory.remember(CASE, long_ago), timestamp=long_ago),
    ]
    privacy_store._last_sweep = 0.0
    asyncio.run(privacy_store.save(DialogueStateTracker.from_events(sender, events)))
    assert _stored_case_values(privacy_store, sender) == [case_memory.FORGOTTEN_CASE]


class _RecordingBroker:
    def __init__(self):
        self.published = []

    def publish(self, event):
        self.published.append(event)


def test_an_event_broker_gets_masked_events_and_never_the_case(privacy_store):
    from spoorwijzer.poortwachter import case_memory

    broker = _RecordingBroker()
    privacy_store.event_broker = broker
    try:
        sender = f"broker-{next(_senders)}"
        events = [
            ActionExecuted("action_listen"),
            user("RI-2026-0001 code 482913", "geef_dossiergegevens"),
            ActiveLoop("dossier_form"),
            SlotSet("verificatiecode", "482913"),
            SlotSet("dossier", case_memory.remember(CASE)),
        ]
        asyncio.run(privacy_store.save(DialogueStateTracker.from_events(sender, events)))
    finally:
        privacy_store.event_broker = None
    sent = json.dumps(broker.published)
    assert broker.published and all(event["sender_id"] == sender for event in broker.published)
    assert "482913" not in sent and "Sanne" not in sent and "sanne@" not in sent
    assert {"event": "slot", "name": "dossier"}.items() <= next(
        e for e in broker.published if e.get("name") == "dossier"
    ).items()

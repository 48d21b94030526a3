"""The form validation and the calendar action, run as the action server runs them."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import kalender as kalender_actions
from actions.dossier import ActionStopFormulier, ActionToonDossier, ActionVolgendeStap, ValidateDossierForm
from actions.kalender import ActionToonKalender, ValidateKalenderForm, calendar_overview
from spoorwijzer.poortwachter import case_memory


def tracker(slots=None, requested_slot=None, intent="vraag_kalender", text="..."):
    slots = dict(slots or {}, requested_slot=requested_slot)
    latest = {"intent": {"name": intent, "confidence": 0.9}, "entities": [], "text": text}
    return Tracker("test", slots, latest, [], False, None, {"name": None}, None)


def validate(action, method, value, t):
    dispatcher = CollectingDispatcher()
    result = asyncio.run(getattr(action, method)(value, dispatcher, t, {}))
    return result, [m.get("response") for m in dispatcher.messages]


@pytest.mark.parametrize("typed", ["ri 2026 1", "RI20260001", "mijn dossier is RI-2026-0001"])
def test_dossiernummer_is_normalised(typed):
    result, said = validate(
        ValidateDossierForm(), "validate_dossiernummer", typed, tracker(requested_slot="dossiernummer")
    )
    assert result == {"dossiernummer": "RI-2026-0001"} and said == []


def test_number_and_code_in_one_message_fill_both():
    result, _ = validate(
        ValidateDossierForm(),
        "validate_dossiernummer",
        "RI-2026-0001 code 482913",
        tracker(requested_slot="dossiernummer"),
    )
    assert result == {"dossiernummer": "RI-2026-0001", "verificatiecode": "482913"}


@pytest.mark.parametrize("typed", ["weet ik niet", "12345", "<b>RI</b>", "x" * 10_000])
def test_wrong_dossiernummer_explains_the_format(typed):
    result, said = validate(
        ValidateDossierForm(), "validate_dossiernummer", typed, tracker(requested_slot="dossiernummer")
    )
    assert result == {"dossiernummer": None}
    assert said == ["utter_dossiernummer_onbekend_formaat"]


def test_code_is_read_or_explained():
    form = ValidateDossierForm()
    ok, said = validate(form, "validate_verificatiecode", "482 913", tracker(requested_slot="verificatiecode"))
    assert ok == {"verificatiecode": "482913"} and said == []
    bad, said = validate(form, "validate_verificatiecode", "abc", tracker(requested_slot="verificatiecode"))
    assert bad == {"verificatiecode": None} and said == ["utter_code_onbekend_formaat"]


def test_calendar_question_without_a_date_just_asks():
    result, said = validate(
        ValidateKalenderForm(), "validate_eerste_ziektedag", "wat moet er wanneer gebeuren?", tracker()
    )
    assert result == {"eerste_ziektedag": None} and said == []


@pytest.mark.parametrize(
    "typed, response",
    [
        ("geen idee", "utter_datum_onleesbaar"),
        ("1 januari 2099", "utter_datum_in_toekomst"),
        ("1 januari 2001", "utter_datum_te_lang_geleden"),
    ],
)
def test_bad_dates_after_the_question_are_explained(typed, response):
    result, said = validate(
        ValidateKalenderForm(), "validate_eerste_ziektedag", typed, tracker(requested_slot="eerste_ziektedag")
    )
    assert result == {"eerste_ziektedag": None} and said == [response]


def test_good_date_is_stored_as_iso(monkeypatch):
    monkeypatch.setattr(kalender_actions, "today", lambda: date(2026, 11, 25))
    result, said = validate(
        ValidateKalenderForm(),
        "validate_eerste_ziektedag",
        "sinds 12 januari",
        tracker(requested_slot="eerste_ziektedag"),
    )
    assert result == {"eerste_ziektedag": "2026-01-12"} and said == []


def test_calendar_uses_the_case_when_no_date_was_typed(monkeypatch):
    monkeypatch.setattr(kalender_actions, "today", lambda: date(2026, 11, 25))
    dispatcher = CollectingDispatcher()
    t = tracker(
        slots={
            "eerste_ziektedag": "wat moet er nu gebeuren?",
            "dossier": case_memory.remember({"first_sick_day": "2026-01-12", "phase": "orientatie"}),
        }
    )
    events = asyncio.run(ActionToonKalender().run(dispatcher, t, {}))
    [message, agenda] = dispatcher.messages
    assert message["response"] == "utter_kalender_overzicht"
    # and the same dates as a file for one's own agenda
    assert agenda["response"] == "utter_kalender_in_agenda"
    assert agenda["url"].endswith("/kalender.ics?eerste_ziektedag=2026-01-12")
    assert message["week"] == 46 and message["eerste_dag"] == "maandag 12 januari 2026"
    # The typed text is cleared; the date is kept for "en tot wanneer moet ik ...?".
    assert events == [
        {"event": "slot", "timestamp": None, "name": "eerste_ziektedag", "value": None},
        {"event": "slot", "timestamp": None, "name": "ziektedag", "value": "2026-01-12"},
    ]


def test_a_case_looked_up_too_long_ago_is_not_used_and_is_looked_up_again(monkeypatch):
    monkeypatch.setenv("CASE_MEMORY_MINUTES", "30")
    case = {
        "first_sick_day": "2026-01-12",
        "phase": "orientatie",
        "phase_since": "2026-03-02",
        "coach_name": "Sanne",
        "coach_contact": None,
        "next_appointment": None,
    }
    old = case_memory.remember(case, case_memory.time.time() - 31 * 60)
    for action in (ActionToonDossier(), ActionVolgendeStap()):
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, tracker(slots={"dossier": old}, intent="vraag_fase"), {}))
        assert [m["response"] for m in dispatcher.messages] == ["utter_dossier_vergeten"]
        assert dispatcher.messages[0]["minuten"] == "30"
        assert {"event": "slot", "timestamp": None, "name": "dossier", "value": None} in events
        assert events[-1]["event"] == "followup" and events[-1]["name"] == "dossier_form"
    # the calendar does not take the first sick day from it either: it asks
    monkeypatch.setattr(kalender_actions, "today", lambda: date(2026, 11, 25))
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionToonKalender().run(dispatcher, tracker(slots={"dossier": old}), {}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_eerste_ziektedag"]


def test_overview_puts_each_step_in_the_right_section():
    text = calendar_overview(date(2026, 1, 12), date(2026, 11, 25))
    now, rest = text.split("Wat nog komt:")
    coming, done = rest.split("Al voorbij:")
    assert "Eerstejaarsevaluatie: rond week 46 tot en met 52" in now
    # The WIA application: its deadline only (the law gives no earliest week).
    assert "WIA aanvragen (door de werknemer): uiterlijk 24 oktober 2027 (week 93)" in coming
    assert "vanaf week 88" not in text
    assert "Uiterlijke start van spoor 2 volgens UWV" in coming and "rond week 52 (" in coming
    assert "re-integratiestukken voor de werknemer: uiterlijk 10 oktober 2027 (week 91)" in coming
    assert "Plan van aanpak, samen opgesteld: uiterlijk 8 maart 2026 (week 8)" in done
    assert "42e-weeksmelding van de werkgever aan UWV: uiterlijk 2 november 2026" in done


def test_stop_clears_the_form():
    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        ActionStopFormulier().run(dispatcher, tracker({"dossiernummer": "RI-2026-0001"}, "verificatiecode"), {})
    )
    cleared = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert cleared == {"requested_slot": None, "dossiernummer": None, "verificatiecode": None, "eerste_ziektedag": None}
    assert {"event": "active_loop", "timestamp": None, "name": None} in events


def test_a_dutch_appointment_that_has_passed_is_not_shown_on_a_utc_server(monkeypatch):
    # The case API gives Dutch local time without offset; the server clock may be UTC.
    import time as clock
    from datetime import datetime, timedelta

    from actions.dossier import _future_appointment
    from spoorwijzer.poortwachter.termijnen import DUTCH_TIME

    monkeypatch.setenv("TZ", "UTC")
    clock.tzset()
    try:
        dutch_now = datetime.now(DUTCH_TIME).replace(tzinfo=None)
        past = {"next_appointment": (dutch_now - timedelta(minutes=30)).isoformat()}
        coming = {"next_appointment": (dutch_now + timedelta(minutes=30)).isoformat()}
        assert _future_appointment(past) is None
        assert _future_appointment(coming) is not None
    finally:
        monkeypatch.undo()
        clock.tzset()


@pytest.mark.parametrize(
    "stored, utc_now, upcoming",
    [
        # the night summer time starts (29 March 2026, 02:00 -> 03:00): 03:30 Dutch is 01:30 UTC
        ("2026-03-29T03:30:00", "2026-03-29T01:20:00+00:00", True),
        ("2026-03-29T03:30:00", "2026-03-29T01:40:00+00:00", False),
        # the day winter time starts (25 October 2026): 10:00 Dutch is 09:00 UTC
        ("2026-10-25T10:00:00", "2026-10-25T08:50:00+00:00", True),
        ("2026-10-25T10:00:00", "2026-10-25T09:10:00+00:00", False),
        # the case API's own format, with the offset
        ("2026-10-25T10:00:00+01:00", "2026-10-25T09:10:00+00:00", False),
    ],
)
def test_an_appointment_is_upcoming_by_dutch_time_across_the_clock_changes(monkeypatch, stored, utc_now, upcoming):
    from datetime import datetime

    from actions import dossier as dossier_actions

    now = datetime.fromisoformat(utc_now)

    class FrozenClock(datetime):
        @classmethod
        def now(cls, tz=None):
            return now.astimezone(tz) if tz else now.replace(tzinfo=None)

    monkeypatch.setattr(dossier_actions, "datetime", FrozenClock)
    assert (dossier_actions._future_appointment({"next_appointment": stored}) is not None) is upcoming


def test_today_is_the_dutch_date_around_midnight():
    from datetime import datetime, timezone

    from spoorwijzer.poortwachter.termijnen import today_in_the_netherlands

    # 23:30 UTC on 30 November is already 1 December in the Netherlands (CET, UTC+1).
    assert today_in_the_netherlands(datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc)) == date(2026, 12, 1)
    assert today_in_the_netherlands(datetime(2026, 7, 1, 21, 59, tzinfo=timezone.utc)) == date(2026, 7, 1)
    # summer time: 22:30 UTC is already the next day (CEST, UTC+2)
    assert today_in_the_netherlands(datetime(2026, 7, 1, 22, 30, tzinfo=timezone.utc)) == date(2026, 7, 2)

"""The personal calendar as an .ics file: read back, its dates are the calendar's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from icalendar import Calendar

from spoorwijzer.poortwachter import agenda, termijnen

FIRST = date(2026, 1, 12)


def events_of(body: bytes):
    calendar = Calendar.from_ical(body)
    return calendar, {str(e["uid"]).split("-")[0]: e for e in calendar.walk("VEVENT")}


@pytest.mark.parametrize("first_sick_day", [FIRST, date(2025, 3, 29), date(2024, 12, 31)])
def test_every_step_is_an_all_day_event_on_the_calendars_dates(first_sick_day):
    pages = {"probleemanalyse": "https://hulp.example.nl/faq/faq-probleemanalyse"}
    calendar, events = events_of(agenda.calendar_file(first_sick_day, pages.get))
    steps = termijnen.timeline(first_sick_day)
    assert set(events) == {step.key.split("-")[0] for step in steps} and len(events) == len(steps)
    assert str(calendar["x-wr-timezone"]) == "Europe/Amsterdam"
    for step in steps:
        event = events[step.key]
        start, end = event["dtstart"].dt, event["dtend"].dt
        assert type(start) is date and type(end) is date  # all-day, no time of day
        if step.exact:  # a deadline, or a date such as week 104: that one day
            assert (start, end) == (step.end, step.end + timedelta(days=1))
            assert str(event["summary"]).startswith("Uiterlijk: ") == step.is_deadline
        else:  # a rough period: all of it (DTEND is exclusive)
            assert (start, end) == (step.start, step.end + timedelta(days=1))
        assert first_sick_day.strftime("%d-%m-%Y") in str(event["description"])
    assert str(events["probleemanalyse"]["url"]) == pages["probleemanalyse"]
    assert "faq-probleemanalyse" in str(events["probleemanalyse"]["description"])
    assert "url" not in events["wia_brief"]


def test_the_week_42_report_falls_on_a_working_day_and_104_weeks_end_on_the_right_day():
    _, events = events_of(agenda.calendar_file(FIRST, lambda step: None))
    report = events["melding_42_weken"]["dtstart"].dt
    assert report.weekday() < 5 and report == termijnen.first_working_day_after(termijnen.week_end(FIRST, 42))
    end_of_pay = events["einde_loondoorbetaling"]
    assert end_of_pay["dtstart"].dt == FIRST + timedelta(weeks=104, days=-1)
    # Pay can run longer (loonsanctie, extension): not "at the latest", and the title says so.
    assert not str(end_of_pay["summary"]).startswith("Uiterlijk") and "loonsanctie" in str(end_of_pay["summary"])


def test_the_same_first_sick_day_gives_the_same_event_ids():
    first = events_of(agenda.calendar_file(FIRST, lambda step: None))[1]
    again = events_of(agenda.calendar_file(FIRST, lambda step: None))[1]
    assert [str(e["uid"]) for e in first.values()] == [str(e["uid"]) for e in again.values()]

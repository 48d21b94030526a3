"""Reading the first sick day from Dutch text (spoorwijzer/poortwachter/ziektedatum.py)."""

from datetime import date

import pytest

from spoorwijzer.poortwachter.ziektedatum import (
    IN_FUTURE,
    TOO_LONG_AGO,
    UNREADABLE,
    read_first_sick_day,
)

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Ik ben ziek sinds 1 september", date(2026, 9, 1)),
        ("mijn eerste ziektedag was 3-2-2026", date(2026, 2, 3)),
        ("sinds vorige maandag", date(2026, 11, 23)),
        ("eerste ziektedag: 2026-01-12", date(2026, 1, 12)),
        ("12 januari", date(2026, 1, 12)),
        ("ziek sinds 1 december", date(2025, 12, 1)),  # the past, not next week
        ("sinds gisteren", date(2026, 11, 24)),
        ("ik ben sinds 2 november ziek, wat moet er nu gebeuren?", date(2026, 11, 2)),
        ("15/03/2025", date(2025, 3, 15)),
    ],
)
def test_dates_people_type(typed, expected):
    reading = read_first_sick_day(typed, TODAY)
    assert reading.problem is None and reading.day == expected


@pytest.mark.parametrize(
    "typed", ["", "   ", "banaan", "sinds maart", "31-02-2026", "2026-02-31", "in welke week zit ik?", "a" * 10_000]
)
def test_unreadable_dates(typed):
    assert read_first_sick_day(typed, TODAY).problem == UNREADABLE


def test_future_date():
    reading = read_first_sick_day("1 september 2027", TODAY)
    assert reading.problem == IN_FUTURE and reading.day == date(2027, 9, 1)


def test_more_than_104_weeks_ago():
    assert read_first_sick_day("1 september 2024", TODAY).problem == TOO_LONG_AGO
    # Exactly 104 weeks ago is still inside the period.
    assert read_first_sick_day("27-11-2024", TODAY).problem is None


@pytest.mark.parametrize("typed", ["wat moet er nu gebeuren?", "wanneer eindigen mijn 104 weken?", "een jaar"])
def test_words_that_are_no_sick_day(typed):
    assert read_first_sick_day(typed, TODAY).problem == UNREADABLE


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("ik ben al 10 weken ziek, wat moet er nu gebeuren", date(2026, 9, 16)),
        ("hoeveel weken ben ik nu ziek als ik 1 april uitviel", date(2026, 4, 1)),
        ("ik ben vandaag ziek geworden", TODAY),
    ],
)
def test_durations_and_today(typed, expected):
    assert read_first_sick_day(typed, TODAY).day == expected

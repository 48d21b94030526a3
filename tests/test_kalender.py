"""Week arithmetic against worked examples (facts: ../shared/kennis §3)."""

from datetime import date

import pytest

from spoorwijzer.poortwachter import kalender_teksten, termijnen

# Worked example from the issue: first sick day Monday 12 January 2026.
FIRST = date(2026, 1, 12)


def moment(key):
    return next(m for m in termijnen.timeline(FIRST) if m.key == key)


def test_first_sick_day_is_day_one_of_week_one():
    assert termijnen.sick_week(FIRST, FIRST) == 1
    assert termijnen.sick_week(FIRST, date(2026, 1, 18)) == 1  # day 7
    assert termijnen.sick_week(FIRST, date(2026, 1, 19)) == 2  # day 8


def test_today_in_the_example_case():
    # 24 November 2026 is 316 days after 12 January 2026: week 46.
    assert termijnen.sick_week(FIRST, date(2026, 11, 24)) == 46


def test_probleemanalyse_and_plan_van_aanpak_deadlines():
    assert moment("probleemanalyse").end == date(2026, 2, 22)  # end of week 6 (day 42)
    assert moment("plan_van_aanpak").end == date(2026, 3, 8)  # end of week 8 (day 56)


def test_42_week_melding_is_due_the_first_working_day_after_week_42():
    # Week 42 ends on Sunday 1 November 2026; the first working day after is Monday 2 November.
    assert moment("melding_42_weken").end == date(2026, 11, 2)


def test_wia_application_window_ends_in_week_93():
    m = moment("wia_aanvraag")
    assert m.start == date(2027, 9, 13)  # week 88: UWV sends its letter
    assert m.end == date(2027, 10, 24)  # end of week 93


def test_spoor_2_has_started_at_the_latest_around_the_end_of_the_first_year():
    # Fact sheet §2.5: UWV wants spoor 2 at the latest after 1 year of illness.
    m = moment("spoor2_uiterlijk")
    assert (m.start, m.end, m.exact) == (date(2027, 1, 4), date(2027, 1, 10), False)  # week 52: day 358-364


def test_every_step_has_a_title_in_the_content_file():
    titles = kalender_teksten.texts()["stappen"]
    assert [m.key for m in termijnen.timeline(FIRST)] == list(titles)
    assert all(titles[m.key].strip() for m in termijnen.timeline(FIRST))


def test_end_of_104_weeks():
    assert moment("einde_loondoorbetaling").end == date(2028, 1, 9)


def test_next_moment_and_status():
    today = date(2026, 11, 24)
    nxt = termijnen.next_moment(FIRST, today)
    assert nxt.key == "eerstejaarsevaluatie" and nxt.status(today) == "nu"
    assert moment("plan_van_aanpak").status(today) == "voorbij"
    assert moment("wia_aanvraag").status(today) == "komt nog"


def test_day_before_first_sick_day_is_an_error():
    with pytest.raises(ValueError):
        termijnen.sick_week(FIRST, date(2026, 1, 11))


def test_first_working_day_after_friday_is_monday():
    assert termijnen.first_working_day_after(date(2026, 11, 27)) == date(2026, 11, 30)

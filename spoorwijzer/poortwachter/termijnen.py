"""Poortwachter calendar: which week of sickness it is and what is due when.

Pure date arithmetic, no I/O. Week numbers follow ../shared/kennis/
poortwachter-feiten.md §3. Counting: the first sick day is day 1 of week 1, so
week N runs from day 7(N-1)+1 to day 7N, and "at the latest in week N" means
on or before the last day of week N.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import List, Optional
from zoneinfo import ZoneInfo

LOONDOORBETALING_WEEKS = 104
# Sick days, deadlines and appointments are Dutch dates and times, whatever clock the
# server (often a UTC container) runs on.
DUTCH_TIME = ZoneInfo("Europe/Amsterdam")


def today_in_the_netherlands(now: Optional[datetime] = None) -> date:
    """Today's date in the Netherlands (`now` for tests; aware, any zone)."""
    return (now or datetime.now(DUTCH_TIME)).astimezone(DUTCH_TIME).date()


def dutch_datetime(value: datetime) -> datetime:
    """An appointment time as Dutch time: a time without zone is Dutch local time (the
    case API's contract), one with a zone is converted."""
    return value.replace(tzinfo=DUTCH_TIME) if value.tzinfo is None else value.astimezone(DUTCH_TIME)


@dataclass(frozen=True)
class Moment:
    """One step of the timeline, with the dates it applies to this case."""

    key: str
    start: date
    end: date
    exact: bool  # False: the law or UWV gives an approximate week ("rond week 91")

    @property
    def is_deadline(self) -> bool:
        """A firm last day ("uiterlijk"), not a period or a single date such as week 104."""
        return self.exact and self.start != self.end

    def status(self, today: date) -> str:
        if today > self.end:
            return "voorbij"
        if today >= self.start:
            return "nu"
        return "komt nog"


def week_start(first_sick_day: date, week: int) -> date:
    return first_sick_day + timedelta(days=7 * (week - 1))


def week_end(first_sick_day: date, week: int) -> date:
    return first_sick_day + timedelta(days=7 * week - 1)


def sick_week(first_sick_day: date, today: date) -> int:
    """Week of sickness that ``today`` falls in (1 on the first sick day)."""
    if today < first_sick_day:
        raise ValueError("today is before the first sick day")
    return (today - first_sick_day).days // 7 + 1


def first_working_day_after(day: date) -> date:
    nxt = day + timedelta(days=1)
    while nxt.weekday() >= 5:  # Saturday, Sunday
        nxt += timedelta(days=1)
    return nxt


def timeline(first_sick_day: date) -> List[Moment]:
    """The Poortwachter steps for a case, in order (titles: spoorwijzer/poortwachter/kalender_teksten.py)."""
    f = first_sick_day
    return [
        Moment("probleemanalyse", f, week_end(f, 6), True),
        Moment("plan_van_aanpak", f, week_end(f, 8), True),
        Moment("melding_42_weken", week_start(f, 42), first_working_day_after(week_end(f, 42)), True),
        Moment("eerstejaarsevaluatie", week_start(f, 46), week_end(f, 52), False),
        # UWV: at the latest after the first year; in practice it checks that spoor 2
        # started about 6 weeks after the eerstejaarsevaluatie (fact sheet §2.5).
        Moment("spoor2_uiterlijk", week_start(f, 52), week_end(f, 52), False),
        Moment("wia_brief", week_start(f, 88), week_end(f, 88), False),
        Moment("eindevaluatie", week_start(f, 89), week_end(f, 91), False),
        # UWV: the employee has copies of every re-integration document by week 91.
        Moment("kopie_stukken", week_start(f, 89), week_end(f, 91), True),
        Moment("wia_aanvraag", week_start(f, 88), week_end(f, 93), True),
        Moment(
            "einde_loondoorbetaling", week_end(f, LOONDOORBETALING_WEEKS), week_end(f, LOONDOORBETALING_WEEKS), True
        ),
    ]


def next_moment(first_sick_day: date, today: date) -> Optional[Moment]:
    """The first step that is not over yet."""
    for moment in timeline(first_sick_day):
        if moment.status(today) != "voorbij":
            return moment
    return None

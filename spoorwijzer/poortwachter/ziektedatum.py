"""Reads the first sick day from what people type, in Dutch.

Dates are read by ``dateparser`` ("1 september", "3-2-2026", "vorige maandag",
"2 weken geleden"); ISO dates ("2026-01-12") by the standard library, because
dateparser reads them day-first. The result is checked against the Poortwachter
period: not in the future, not more than 104 weeks ago.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Optional

from spoorwijzer.poortwachter.termijnen import LOONDOORBETALING_WEEKS

_ISO_DATE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")
_WEEKDAY = re.compile(r"\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b", re.IGNORECASE)
# "nu" is read as today, and "104 weken" as 104 weeks ago: in "wat moet er nu
# gebeuren?" or "wanneer eindigen mijn 104 weken?" neither is a sick day. A
# duration only counts as a date with "geleden", "sinds" or "al" ("al 10 weken ziek").
_NOT_A_DATE = {"nu"}
_DURATION = re.compile(r"^\d+\s+(dag|dagen|week|weken|maand|maanden|jaar)$", re.IGNORECASE)
_DURATION_AS_DATE = re.compile(r"\b(geleden|sinds|al)\b", re.IGNORECASE)
# Longer than any real message with a date; dateparser is slow on huge input.
MAX_TEXT_LENGTH = 300

UNREADABLE = "onleesbaar"
IN_FUTURE = "toekomst"
TOO_LONG_AGO = "te_lang_geleden"


@dataclass(frozen=True)
class SickDayReading:
    day: Optional[date] = None
    problem: Optional[str] = None  # UNREADABLE, IN_FUTURE or TOO_LONG_AGO


def _search(text: str, today: date, strict: bool):
    from dateparser.search import search_dates

    settings = {
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": datetime.combine(today, datetime.min.time()).replace(hour=12),
        "DATE_ORDER": "DMY",
    }
    if strict:
        # A month or year alone ("sinds maart", "een jaar") is too vague for week numbers.
        settings["REQUIRE_PARTS"] = ["day", "month"]
    with warnings.catch_warnings():  # dateparser warns about pytz/regex internals
        warnings.simplefilter("ignore")
        return search_dates(text, languages=["nl"], settings=settings) or []


def find_date(text: str, today: date) -> Optional[date]:
    """The first date mentioned in ``text``, or None."""
    if not text or not text.strip():
        return None
    text = text[:MAX_TEXT_LENGTH]
    iso = _ISO_DATE.search(text)
    if iso:
        try:
            return date.fromisoformat(iso.group(1))
        except ValueError:
            return None
    found = [(s, d) for s, d in _search(text, today, strict=True) if _is_a_date(s, text)]
    if not found:
        # Weekdays ("sinds vorige maandag") have no day-of-month part.
        found = [(s, d) for s, d in _search(text, today, strict=False) if _WEEKDAY.search(s)]
    return found[0][1].date() if found else None


def _is_a_date(matched: str, text: str) -> bool:
    matched = matched.strip().lower()
    if matched in _NOT_A_DATE:
        return False
    return not _DURATION.match(matched) or bool(_DURATION_AS_DATE.search(text))


def read_first_sick_day(text: str, today: date) -> SickDayReading:
    day = find_date(text, today)
    if day is None:
        return SickDayReading(problem=UNREADABLE)
    if day > today:
        return SickDayReading(day=day, problem=IN_FUTURE)
    if day < today - timedelta(weeks=LOONDOORBETALING_WEEKS):
        return SickDayReading(day=day, problem=TOO_LONG_AGO)
    return SickDayReading(day=day)

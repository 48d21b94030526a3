"""The personal Poortwachter calendar as an iCalendar file, for one's own agenda.

One all-day event per step of spoorwijzer/poortwachter/termijnen.py's timeline: a step with a firm
deadline ("uiterlijk week 6") is one day, the deadline; a step the law or UWV only
places roughly ("rond week 46 tot en met 52") spans those days. Each event has a short
Dutch description and, when one of the answers is about that step, the link to its
page (texts: data/kalender.yml). Dates are Dutch dates (Europe/Amsterdam); all-day events carry no time, so an
agenda in another zone still shows them on the right day. Built with ``icalendar``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Callable, Optional

from icalendar import Calendar, Event

from spoorwijzer.poortwachter import kalender_teksten, termijnen

PRODUCT_ID = "-//Spoorwijzer//Poortwachter-kalender//NL"


def calendar_file(
    first_sick_day: date, page_of_step: Callable[[str], Optional[str]], made_at: Optional[datetime] = None
) -> bytes:
    """The .ics file; ``page_of_step(key)`` gives the address of the page about a step."""
    first = first_sick_day.strftime("%d-%m-%Y")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", kalender_teksten.agenda_text("naam", eerste_dag=first))
    calendar.add("x-wr-timezone", str(termijnen.DUTCH_TIME))
    stamp = made_at or datetime.now(timezone.utc)
    for moment in termijnen.timeline(first_sick_day):
        event = Event()
        title = kalender_teksten.step_title(moment.key)
        event.add("uid", f"{moment.key}-{first_sick_day.isoformat()}@spoorwijzer")
        event.add("dtstamp", stamp)
        if moment.exact:  # one day: the deadline, or the date itself (week 104)
            kind = "deadline" if moment.is_deadline else "datum"
            event.add("summary", kalender_teksten.agenda_text(kind, titel=title))
            event.add("dtstart", moment.end)
        else:
            event.add("summary", kalender_teksten.agenda_text("periode", titel=title))
            event.add("dtstart", moment.start)
        event.add("dtend", moment.end + timedelta(days=1))  # exclusive, as iCalendar wants
        description = kalender_teksten.agenda_text("uitleg", eerste_dag=first)
        page = page_of_step(moment.key)
        if page:
            description += "\n" + kalender_teksten.agenda_text("meer", url=page)
            event.add("url", page)
        event.add("description", description)
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy day
        calendar.add_component(event)
    return calendar.to_ical()

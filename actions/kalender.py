"""Personal Poortwachter calendar: from the first sick day to what is due when."""

from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Optional, Text

from babel.dates import format_date
from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from spoorwijzer.poortwachter import case_memory, faq_links, kalender_teksten, termijnen
from spoorwijzer.poortwachter.ziektedatum import IN_FUTURE, TOO_LONG_AGO, UNREADABLE, read_first_sick_day

ERROR_RESPONSES = {
    UNREADABLE: "utter_datum_onleesbaar",
    IN_FUTURE: "utter_datum_in_toekomst",
    TOO_LONG_AGO: "utter_datum_te_lang_geleden",
}


def today() -> date:
    return termijnen.today_in_the_netherlands()


def dutch_date(day: date, with_weekday: bool = False) -> str:
    return format_date(day, "EEEE d MMMM y" if with_weekday else "d MMMM y", locale="nl")


def when_due(moment: termijnen.Moment, first_sick_day: date) -> str:
    """When a step is due, in words: 'uiterlijk 22 februari 2026 (week 6)' and the like."""
    start_week = termijnen.sick_week(first_sick_day, moment.start)
    end_week = termijnen.sick_week(first_sick_day, moment.end)
    if moment.start == moment.end:
        return kalender_teksten.due("op_een_dag", datum=dutch_date(moment.end), week=end_week)
    if moment.key == "melding_42_weken":  # the first working day after week 42
        return kalender_teksten.due("na_een_week", datum=dutch_date(moment.end), week=start_week)
    if moment.exact:  # the law gives the last day only; no earliest week is claimed
        return kalender_teksten.due("uiterlijk", datum=dutch_date(moment.end), week=end_week)
    span = {"van": dutch_date(moment.start), "tot": dutch_date(moment.end)}
    if not moment.exact and start_week == end_week:
        return kalender_teksten.due("rond_een_week", week=start_week, **span)
    return kalender_teksten.due("rond_weken", van_week=start_week, tot_week=end_week, **span)


def calendar_overview(first_sick_day: date, day: date) -> str:
    """The timeline as three short lists: now, still to come, done."""
    sections = {"voorbij": [], "nu": [], "komt nog": []}
    for moment in termijnen.timeline(first_sick_day):
        sections[moment.status(day)].append(
            f"- {kalender_teksten.step_title(moment.key)}: {when_due(moment, first_sick_day)}"
        )
    parts = []
    for status in ("nu", "komt nog", "voorbij"):
        if sections[status]:
            parts.append(f"{kalender_teksten.heading(status)}:\n" + "\n".join(sections[status]))
    return "\n\n".join(parts)


def due_now(first_sick_day: date, day: date) -> Optional[Dict[str, Any]]:
    """Template values for the legal step that is due now or next; None after 104 weeks."""
    moment = termijnen.next_moment(first_sick_day, day)
    if moment is None:
        return None
    return {
        "week": termijnen.sick_week(first_sick_day, day),
        "moment": kalender_teksten.step_title(moment.key),
        "wanneer": when_due(moment, first_sick_day),
    }


def utter_due_now(dispatcher: CollectingDispatcher, first_sick_day: date) -> None:
    values = due_now(first_sick_day, today())
    if values is not None:
        dispatcher.utter_message(response="utter_wettelijk_nu", **values)


def utter_calendar(dispatcher: CollectingDispatcher, first_sick_day: date) -> None:
    day = today()
    dispatcher.utter_message(
        response="utter_kalender_overzicht",
        eerste_dag=dutch_date(first_sick_day, with_weekday=True),
        week=termijnen.sick_week(first_sick_day, day),
        overzicht=calendar_overview(first_sick_day, day),
    )


def known_first_sick_day(tracker: Tracker) -> Optional[date]:
    """The first sick day this conversation already knows: from the calendar, or the case."""
    case = case_memory.remembered(tracker.get_slot(case_memory.CASE_SLOT)) or {}
    for value in (tracker.get_slot("ziektedag"), case.get("first_sick_day")):
        if not value:
            continue
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            continue
    return None


def utter_own_date(dispatcher: CollectingDispatcher, tracker: Tracker, moment_key: Optional[str]) -> bool:
    """The person's own date for one step, when the first sick day is known."""
    first_sick_day = known_first_sick_day(tracker)
    if first_sick_day is None or not moment_key:
        return False
    moment = next((m for m in termijnen.timeline(first_sick_day) if m.key == moment_key), None)
    if moment is None:
        return False
    dispatcher.utter_message(
        response="utter_jouw_datum",
        moment=kalender_teksten.step_title(moment.key),
        wanneer=when_due(moment, first_sick_day),
        eerste_dag=dutch_date(first_sick_day),
    )
    return True


class ValidateKalenderForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_kalender_form"

    async def validate_eerste_ziektedag(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        reading = read_first_sick_day(str(value or ""), today())
        if reading.problem is None:
            return {"eerste_ziektedag": reading.day.isoformat()}
        asked = tracker.get_slot("requested_slot") == "eerste_ziektedag"
        # The question that opened the form ("wat moet er wanneer?") need not hold a
        # date: then the form simply asks for it, without an error.
        if asked or reading.problem != UNREADABLE:
            dispatcher.utter_message(
                response=ERROR_RESPONSES[reading.problem], datum=dutch_date(reading.day) if reading.day else ""
            )
        return {"eerste_ziektedag": None}


class ActionToonKalender(Action):
    """The calendar for the date from the form, or else the first sick day in the case."""

    def name(self) -> Text:
        return "action_toon_kalender"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        first_sick_day = _first_sick_day(tracker, dispatcher)
        events = [SlotSet("eerste_ziektedag", None)]
        if first_sick_day is not None:
            utter_calendar(dispatcher, first_sick_day)
            dispatcher.utter_message(
                response="utter_kalender_in_agenda", url=faq_links.agenda_file_url(first_sick_day.isoformat())
            )
            # Kept for the session: "en tot wanneer moet ik WIA aanvragen?" gets this date.
            events.append(SlotSet("ziektedag", first_sick_day.isoformat()))
        return events


def _first_sick_day(tracker: Tracker, dispatcher: CollectingDispatcher) -> Optional[date]:
    typed = tracker.get_slot("eerste_ziektedag")
    if typed:
        try:
            return date.fromisoformat(typed)
        except ValueError:  # not validated yet: a date in the question itself
            reading = read_first_sick_day(typed, today())
            if reading.problem is None:
                return reading.day
            if reading.problem != UNREADABLE:
                dispatcher.utter_message(response=ERROR_RESPONSES[reading.problem], datum=dutch_date(reading.day))
                return None
    case = case_memory.remembered(tracker.get_slot(case_memory.CASE_SLOT)) or {}
    if case.get("first_sick_day"):
        return date.fromisoformat(case["first_sick_day"])
    dispatcher.utter_message(response="utter_ask_eerste_ziektedag")
    return None

"""The user's own case: ask dossiernummer and code, look the case up, explain its phase.

The code is used for one lookup and cleared from the slots at once; it is never
repeated back. What the case system returns (phase, dates, coach) is kept in the
`dossier` slot, so follow-up questions in the same session need no second lookup.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any, Callable, Dict, List, Optional, Text

from babel.dates import format_datetime
from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.case_client import (
    CaseClient,
    CaseLocked,
    CaseNotFound,
    CaseServiceUnavailable,
    CaseView,
)
from actions.contact import contact_text
from actions.kalender import dutch_date, utter_due_now, utter_own_date
from actions.settings import coach_contact
from spoorwijzer.poortwachter import case_memory, catalogue, termijnen
from spoorwijzer.poortwachter.dossiernummer import extract_code, normalize_dossiernummer
from spoorwijzer.poortwachter.traject import PHASES

# Answers about a step of the two years or of a traject: "en wat komt daarna?" after
# one of them means the next step; after any other answer it means the own case.
STEP_TOPICS = ("tijdlijn", "traject")


def case_to_slot(case: CaseView) -> Dict[str, Any]:
    return {
        "dossiernummer": case.dossiernummer,
        "phase": case.phase,
        "phase_since": case.phase_since.isoformat(),
        "first_sick_day": case.first_sick_day.isoformat(),
        "coach_name": case.coach_name,
        "coach_contact": case.coach_contact,
        "next_appointment": case.next_appointment.isoformat() if case.next_appointment else None,
    }


def _known_case(tracker: Tracker) -> Optional[Dict[str, Any]]:
    case = case_memory.remembered(tracker.get_slot(case_memory.CASE_SLOT))
    return case if case and case.get("phase") in PHASES else None


def utter_phase(dispatcher: CollectingDispatcher, domain: Dict[Text, Any], case: Dict[str, Any]) -> None:
    dispatcher.utter_message(
        response=f"utter_fase_{case['phase']}",
        sinds=dutch_date(date.fromisoformat(case["phase_since"])),
        coach=case["coach_name"] or catalogue.response_text(domain, "utter_dossier_coach_zonder_naam"),
    )


def _future_appointment(case: Dict[str, Any]) -> Optional[datetime]:
    """The next appointment, unless the case system still has one that has passed."""
    if not case.get("next_appointment"):
        return None
    when = termijnen.dutch_datetime(datetime.fromisoformat(case["next_appointment"]))
    return when if when > datetime.now(termijnen.DUTCH_TIME) else None


def utter_next_step(dispatcher: CollectingDispatcher, case: Dict[str, Any]) -> None:
    dispatcher.utter_message(response=f"utter_volgende_stap_{case['phase']}")
    when = _future_appointment(case)
    if when is not None:
        dispatcher.utter_message(
            response="utter_dossier_afspraak",
            afspraak=format_datetime(when, "EEEE d MMMM y 'om' HH:mm", tzinfo=termijnen.DUTCH_TIME, locale="nl"),
        )
    if case.get("coach_contact"):
        dispatcher.utter_message(response="utter_dossier_coach_contact", contact=case["coach_contact"])
    if case["phase"] != "afgerond":
        utter_due_now(dispatcher, date.fromisoformat(case["first_sick_day"]))


def _starting_message(tracker: Tracker) -> Optional[str]:
    """The user's message when it is the one that starts the form: the form is not
    active yet, or was activated after it. (When the message also set another slot,
    such as `rol`, Rasa activates the form and asks its first question before it
    calls the validation action.)"""
    if tracker.active_loop.get("name") == "dossier_form":
        for event in reversed(tracker.events):
            if event.get("event") == "user":
                return None  # the form was open before this message
            if event.get("event") == "active_loop" and event.get("name") == "dossier_form":
                break
    return tracker.latest_message.get("text") or None


class ValidateDossierForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_dossier_form"

    # The message that starts the form may already hold the dossiernummer and the
    # code ("kun je RI-2026-0001 opzoeken, code 482913"): take them, so the form
    # asks only for what is missing. The validators below read them from the text.
    async def extract_dossiernummer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        text = _starting_message(tracker)
        return {"dossiernummer": text} if text and normalize_dossiernummer(text) else {}

    async def extract_verificatiecode(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        text = _starting_message(tracker)
        return {"verificatiecode": text} if text and extract_code(text) else {}

    async def validate_dossiernummer(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        number = normalize_dossiernummer(str(value or ""))
        if number is None:
            dispatcher.utter_message(response="utter_dossiernummer_onbekend_formaat")
            return {"dossiernummer": None}
        slots = {"dossiernummer": number}
        # "RI-2026-0001 482913" in one message: take the code too.
        code = extract_code(str(value))
        if code:
            slots["verificatiecode"] = code
        return slots

    async def validate_verificatiecode(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        code = extract_code(str(value or ""))
        if code is None:
            dispatcher.utter_message(response="utter_code_onbekend_formaat")
        return {"verificatiecode": code}


class ActionZoekDossier(Action):
    """Looks the case up once the form has both values; always clears the code."""

    def name(self) -> Text:
        return "action_zoek_dossier"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        number = tracker.get_slot("dossiernummer")
        code = tracker.get_slot("verificatiecode")
        cleared = [SlotSet("verificatiecode", None), SlotSet("dossiernummer", None)]
        if not number or not code:
            dispatcher.utter_message(response="utter_dossier_nog_niet_opgezocht")
            return cleared
        client = CaseClient.from_env()
        try:
            # requests is blocking: keep the action server free for other conversations.
            case = await asyncio.get_running_loop().run_in_executor(None, client.lookup, number, code)
        except CaseNotFound:
            dispatcher.utter_message(response="utter_dossier_niet_gevonden")
            return cleared
        except CaseLocked as locked:
            dispatcher.utter_message(
                response="utter_dossier_geblokkeerd", minuten=max(1, int(locked.retry_after_minutes))
            )
            return cleared
        except CaseServiceUnavailable:
            dispatcher.utter_message(response="utter_dossier_storing")
            dispatcher.utter_message(text=contact_text(domain, coach_contact()))
            return cleared
        known = case_to_slot(case)
        utter_phase(dispatcher, domain, known)
        utter_next_step(dispatcher, known)
        return cleared + [
            SlotSet(case_memory.CASE_SLOT, case_memory.remember(known)),
            SlotSet("dossier_gevonden", True),
        ]


def look_up_again(dispatcher: CollectingDispatcher) -> List[Dict[Text, Any]]:
    """The case was looked up longer ago than the chat keeps one: say so, forget it,
    and ask for number and code again."""
    dispatcher.utter_message(response="utter_dossier_vergeten", minuten=f"{case_memory.memory_minutes():g}")
    return [SlotSet(case_memory.CASE_SLOT, None), SlotSet("dossier_gevonden", False), FollowupAction("dossier_form")]


def answer_from_known_case(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: Dict[Text, Any],
    answer: Callable[..., None],
) -> List[Dict[Text, Any]]:
    """Answers from the case looked up earlier in this session, without a second code."""
    case = _known_case(tracker)
    if case is None and case_memory.was_forgotten(tracker.get_slot(case_memory.CASE_SLOT)):
        return look_up_again(dispatcher)
    if case is None:
        dispatcher.utter_message(response="utter_dossier_nog_niet_opgezocht")
        return [SlotSet("dossier_gevonden", False)]
    answer(dispatcher, domain, case)
    return []


def _phase_and_next_step(dispatcher: CollectingDispatcher, domain: Dict[Text, Any], case: Dict[str, Any]) -> None:
    utter_phase(dispatcher, domain, case)
    utter_next_step(dispatcher, case)


class ActionToonDossier(Action):
    """'In welke fase zit ik?' again, after a lookup in this session."""

    def name(self) -> Text:
        return "action_toon_dossier"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        return answer_from_known_case(dispatcher, tracker, domain, _phase_and_next_step)


class ActionVolgendeStap(Action):
    """'En wat is de volgende stap?': of the own case when it was looked up; else, right
    after an answer about one step, the step that comes after it; else the own case,
    which the dossier form looks up first."""

    def name(self) -> Text:
        return "action_volgende_stap"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        case = _known_case(tracker)
        if case is not None:
            utter_next_step(dispatcher, case)
            return []
        previous = catalogue.answer_of_last_bot_turn(tracker)
        about_a_step = previous and catalogue.metadata(domain, previous).get("onderwerp") in STEP_TOPICS
        target = catalogue.followup(domain, previous, "daarna", tracker.get_slot("rol")) if about_a_step else None
        if target:
            dispatcher.utter_message(response=catalogue.response_name(target))
            utter_own_date(dispatcher, tracker, catalogue.metadata(domain, target).get("moment"))
            return []
        if case_memory.was_forgotten(tracker.get_slot(case_memory.CASE_SLOT)):
            return look_up_again(dispatcher)
        return [FollowupAction("dossier_form")]


class ActionStopFormulier(Action):
    """ "Laat maar": leave the form and forget what was typed in it."""

    def name(self) -> Text:
        return "action_stop_formulier"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_gestopt")
        return [
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            SlotSet("dossiernummer", None),
            SlotSet("verificatiecode", None),
            SlotSet("eerste_ziektedag", None),
        ]

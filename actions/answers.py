"""Show a chosen answer, answer short follow-up questions in context, and add to an
answer what only this conversation knows (the person's own date, a second question)."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.kalender import utter_own_date
from spoorwijzer.poortwachter import answer_keys, catalogue, faq_links
from spoorwijzer.poortwachter.context_answer import answer_in_context, related_answers
from spoorwijzer.poortwachter.rolherkenning import WERKGEVER, WERKNEMER
from spoorwijzer.poortwachter.wanhoop import CARE_SIGNAL_KEY

# The answer that introduces the myths gets the page with all of them.
MYTHS_OVERVIEW = "faq/fabels_overzicht"
# Follow-up intents and the kind of follow-up each asks for.
FOLLOWUP_KINDS = {
    "vervolg_duur": "duur",
    "vervolg_wanneer": "wanneer",
    "vervolg_kosten": "kosten",
    "vervolg_gevolg": "gevolg",
    "vervolg_wie": "wie",
    "vervolg_andere_rol": "rol",
}
# A follow-up without an answer for it gets the best answer to the message itself when
# the classifier is at least this sure of it (normalised over the answers).
MIN_OFFER_CONFIDENCE = 0.3
# With a crisis reply no answer is given; a knowledge question in the same message is
# offered as a button when the classifier is at least this sure of it.
MIN_CRISIS_OFFER_CONFIDENCE = 0.3
_EMPLOYER_WORDS = re.compile(r"\b(?:werkgever|baas|bedrijf|hr|leidinggevende|directeur|eigenaar)s?\b", re.I)
_EMPLOYEE_WORDS = re.compile(r"\b(?:werknemer|medewerker|werkneemster|medewerkster|zieke|personeel)s?\b", re.I)
_OTHER_SIDE_WORDS = re.compile(r"\b(?:andersom|omgekeerd|andere kant)\b", re.I)
# "en als ik weiger?", "en als hij dat niet wil?": the employee refuses. Whatever the
# answer before, that asks what the refusal costs the employee, or, asked by the
# employer, what he can do about it.
_REFUSAL = re.compile(
    r"\b(?:weiger\w*|wil(?:t|len)? (?:\w+ ){0,3}niet|niet (?:\w+ ){0,2}wil(?:t|len)?|"
    r"niet mee(?:werk\w*|doe\w*|wil\w*)|doe(?:t)? (?:\w+ ){0,2}niet mee|nee zeg\w*)\b",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:ik|we|wij)\b", re.I)  # subjects: "mijn werkgever" is the other side
REFUSAL_ANSWERS = {WERKGEVER: "faq/werknemer_werkt_niet_mee", WERKNEMER: "faq/sancties_werknemer"}


def refusal_answer(text: str, role: Optional[str]) -> Optional[str]:
    """The answer to "and if (s)he refuses?", or None when no employee refusal is asked."""
    if not _REFUSAL.search(text) or _EMPLOYER_WORDS.search(text):
        return None
    return REFUSAL_ANSWERS[WERKGEVER if role == WERKGEVER else WERKNEMER]


def own_side(domain: Dict[Text, Any], answer_id: str, role: Optional[str], text: str) -> str:
    """The asker's own side of a two-sided answer when the follow-up is about themselves:
    an employer shown the employee's duties who asks "en als ik het verkeerd doe?"
    means the employer's duties."""
    if role in (WERKGEVER, WERKNEMER) and _FIRST_PERSON.search(text):
        counterpart = catalogue.followup(domain, answer_id, f"rol_{role}")
        if counterpart:
            return counterpart
    return answer_id


def named_role(text: str, current: Optional[str]) -> Optional[str]:
    """The role a follow-up asks about ("en voor de werkgever?", "en andersom?")."""
    employer, employee = bool(_EMPLOYER_WORDS.search(text)), bool(_EMPLOYEE_WORDS.search(text))
    if employer != employee:
        return WERKGEVER if employer else WERKNEMER
    if _OTHER_SIDE_WORDS.search(text):
        return WERKNEMER if current == WERKGEVER else WERKGEVER
    return None


def _requested_answer_id(tracker: Tracker) -> Optional[str]:
    value = next(tracker.get_latest_entity_values("antwoord"), None)
    return str(value).strip() if value else None


class ActionToonAntwoord(Action):
    """Shows the answer with the id in the `antwoord` entity (buttons, links)."""

    def name(self) -> Text:
        return "action_toon_antwoord"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        answer_id = _requested_answer_id(tracker)
        if catalogue.is_answer(domain, answer_id):
            dispatcher.utter_message(response=catalogue.response_name(answer_id))
        else:
            dispatcher.utter_message(response="utter_antwoord_onbekend")
        return []


class ActionVervolgvraag(Action):
    """Answers "en hoe lang duurt dat?" about the answer given just before.

    The answer's metadata names the answer for each kind of follow-up (``vervolg``);
    "en voor de werkgever?" gets the other side's answer or variant. A follow-up with
    no answer before it, or none for this kind, gets the best answer to the message
    itself when the classifier is sure enough of one.
    """

    def name(self) -> Text:
        return "action_vervolgvraag"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        kind = FOLLOWUP_KINDS.get(intent)
        previous = catalogue.last_answer_id(tracker)
        role = tracker.get_slot("rol")
        if kind == "rol" and previous:
            asked = named_role(tracker.latest_message.get("text") or "", role)
            counterpart = catalogue.followup(domain, previous, f"rol_{asked}") if asked else None
            if counterpart:
                show_answer(dispatcher, tracker, domain, counterpart)
            else:
                show_for_role(dispatcher, domain, previous, asked)
            return []
        text = tracker.latest_message.get("text") or ""
        target = None
        if kind == "gevolg":
            target = refusal_answer(text, role)
        if previous and kind and not target:
            target = catalogue.followup(domain, own_side(domain, previous, role, text), kind, role)
        own = best_answer(tracker, domain)
        if target:
            show_answer(dispatcher, tracker, domain, target)
        elif own and own != previous:
            show_answer(dispatcher, tracker, domain, own)
        elif previous:
            dispatcher.utter_message(
                response="utter_vervolg_onbekend", buttons=[catalogue.answer_button(domain, previous)]
            )
        else:
            dispatcher.utter_message(response="utter_vervolg_zonder_onderwerp")
        return []


def show_answer(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any], answer_id: str) -> None:
    """One answer, with the person's own date for that step when it is known."""
    dispatcher.utter_message(response=catalogue.response_name(answer_id))
    utter_own_date(dispatcher, tracker, catalogue.metadata(domain, answer_id).get("moment"))


def best_answer(tracker: Tracker, domain: Dict[Text, Any], minimum: float = MIN_OFFER_CONFIDENCE) -> Optional[str]:
    """The classifier's best answer to the latest message, when it is at least this sure."""
    best = next(iter(answer_keys.ranked_answers(tracker.latest_message or {})), None)
    if best and best[1] >= minimum and catalogue.is_answer(domain, best[0]):
        return best[0]
    return None


def show_for_role(
    dispatcher: CollectingDispatcher, domain: Dict[Text, Any], answer_id: str, role: Optional[str]
) -> None:
    """The answer in the variant written for `role` (the default one when it has none).

    The variant is chosen here, not by Rasa from the `rol` slot: the person asks for
    the other side once ("en voor de werkgever?") and stays who they are. Rasa fills
    the response (buttons, the answer id for links) and takes this text for it.
    """
    text = catalogue.variant_text(domain, answer_id, role)
    dispatcher.utter_message(response=catalogue.response_name(answer_id), text=text)


def answer_given_this_turn(tracker: Tracker) -> Optional[str]:
    """The answer shown since the person's last message, if any."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return None
        answer_id = catalogue.answer_id_of_bot_event(event)
        if answer_id:
            return answer_id
    return None


def second_question(tracker: Tracker, domain: Dict[Text, Any], given: Optional[str]) -> Optional[str]:
    """Another question in the same message, as an answer id, or None.

    The classifier marks it (``tweede_vraag``): another answer, or a follow-up kind
    ("... en wat kost het?") that the answer just given names an answer for.
    """
    second = (tracker.latest_message or {}).get("tweede_vraag") or {}
    other = second.get("antwoord")
    kind = FOLLOWUP_KINDS.get(second.get("vervolg") or "")
    if kind and given and kind != "rol":
        other = catalogue.followup(domain, given, kind, tracker.get_slot("rol"))
    if other and other != given and catalogue.is_answer(domain, other):
        return other
    if given is None and "?" in ((tracker.latest_message or {}).get("text") or ""):
        # e.g. the crisis reply to a message that also asked something: still open
        return best_answer(tracker, domain, MIN_CRISIS_OFFER_CONFIDENCE)
    return None


class ActionNaAntwoord(Action):
    """After an answer: the person's own date for that step (when the conversation knows
    the first sick day), and a second question from the same message as a button."""

    def name(self) -> Text:
        return "action_na_antwoord"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        given = answer_given_this_turn(tracker)
        if given:
            utter_own_date(dispatcher, tracker, catalogue.metadata(domain, given).get("moment"))
        if given == MYTHS_OVERVIEW:
            dispatcher.utter_message(response="utter_link_alle_fabels", url=faq_links.myths_url())
        if (tracker.latest_message or {}).get(CARE_SIGNAL_KEY) is not None:
            dispatcher.utter_message(response="utter_zorg_kort")
        other = second_question(tracker, domain, given)
        if other:
            dispatcher.utter_message(response="utter_ook_gevraagd", buttons=[catalogue.answer_button(domain, other)])
        return []


class ActionAntwoordInContext(Action):
    """An unsure message right after an answer, read in its context: the related answer
    that spoorwijzer/rasa/context_policy.py found (the same logic, on the same data)."""

    def name(self) -> Text:
        return "action_antwoord_in_context"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        previous = catalogue.answer_of_last_bot_turn(tracker)
        answer_id = None
        if previous:
            variations = domain.get("responses", {}).get(catalogue.response_name(previous), [])
            answer_id = answer_in_context(
                tracker.latest_message.get("text") or "", tracker.latest_message, related_answers(previous, variations)
            )
        if answer_id and catalogue.is_answer(domain, answer_id):
            show_answer(dispatcher, tracker, domain, answer_id)
        else:
            dispatcher.utter_message(response="utter_vervolg_zonder_onderwerp")
        return []

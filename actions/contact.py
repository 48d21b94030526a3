"""Offer contact with a person: on request, and when the bot keeps misunderstanding."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.settings import CoachContact, coach_contact
from spoorwijzer.poortwachter import catalogue


def contact_text(domain: Dict[Text, Any], contact: CoachContact) -> str:
    """The contact lines (domain.yml, utter_contact_*); only the details that are configured."""
    name = contact.name or catalogue.response_text(domain, "utter_contact_naam_standaard")
    lines = [catalogue.response_text(domain, "utter_contact_naam", naam=name)]
    if contact.phone:
        lines.append(catalogue.response_text(domain, "utter_contact_bellen", telefoon=contact.phone))
    if contact.email:
        lines.append(catalogue.response_text(domain, "utter_contact_mailen", email=contact.email))
    if contact.hours:
        lines.append(catalogue.response_text(domain, "utter_contact_bereikbaar", tijden=contact.hours))
    if not (contact.phone or contact.email):
        lines.append(catalogue.response_text(domain, "utter_contact_zelf"))
    return "\n".join(lines)


class ActionContactCoach(Action):
    def name(self) -> Text:
        return "action_contact_coach"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_contact_gevraagd", contact=contact_text(domain, coach_contact()))
        return []


class ActionDefaultFallback(Action):
    """Last step of the two-stage fallback: stop guessing, offer a person."""

    def name(self) -> Text:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_contact_na_misverstand", contact=contact_text(domain, coach_contact()))
        # Undo the misunderstood message so it does not steer the next turn.
        return [UserUtteranceReverted()]

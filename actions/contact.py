"""Offer contact with a person: on request, and when the bot keeps misunderstanding."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.settings import CoachContact, coach_contact


def contact_text(contact: CoachContact) -> str:
    """Dutch contact lines; only the details that are configured."""
    lines = [f"Je kunt contact opnemen met {contact.name}."]
    if contact.phone:
        lines.append(f"Bellen: {contact.phone}")
    if contact.email:
        lines.append(f"Mailen: {contact.email}")
    if contact.hours:
        lines.append(f"Bereikbaar: {contact.hours}")
    if not (contact.phone or contact.email):
        lines.append(
            "Heb je al een casemanager of coach? Die kun je ook altijd zelf bellen of mailen."
        )
    return "\n".join(lines)


class ActionContactCoach(Action):
    def name(self) -> Text:
        return "action_contact_coach"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(
            text="Natuurlijk, soms wil je gewoon met iemand praten.\n\n"
            + contact_text(coach_contact())
        )
        return []


class ActionDefaultFallback(Action):
    """Last step of the two-stage fallback: stop guessing, offer a person."""

    def name(self) -> Text:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(
            text="Het lukt me niet goed om je vraag te begrijpen, sorry. "
            "Je kunt het nog eens proberen met andere woorden, of typ \"wat kun je?\".\n\n"
            "Wil je liever met iemand praten? "
            + contact_text(coach_contact())
        )
        # Undo the misunderstood message so it does not steer the next turn.
        return [UserUtteranceReverted()]

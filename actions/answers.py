"""Show a chosen answer, and answer short follow-up questions in context."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import catalog

# Follow-up intents and the kind of follow-up each asks for.
FOLLOWUP_KINDS = {
    "vervolg_duur": "duur",
    "vervolg_wanneer": "wanneer",
    "vervolg_kosten": "kosten",
    "vervolg_gevolg": "gevolg",
    "vervolg_wie": "wie",
}


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
        if catalog.is_answer(domain, answer_id):
            dispatcher.utter_message(response=catalog.response_name(answer_id))
        else:
            dispatcher.utter_message(
                text="Dat antwoord kan ik niet vinden. Misschien is de link oud of "
                "niet helemaal goed overgenomen. Stel je vraag gerust in je eigen woorden."
            )
        return []


class ActionVervolgvraag(Action):
    """Answers "en hoe lang duurt dat?" about the answer given just before."""

    def name(self) -> Text:
        return "action_vervolgvraag"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        kind = FOLLOWUP_KINDS.get(intent)
        previous = catalog.last_answer_id(tracker)
        target = catalog.followup(domain, previous, kind) if previous and kind else None
        if target:
            dispatcher.utter_message(response=catalog.response_name(target))
        elif previous:
            dispatcher.utter_message(
                text="Daar heb ik geen apart antwoord op. Kun je je vraag iets "
                "uitgebreider stellen? Zeg er dan bij waar het over gaat, "
                'bijvoorbeeld "hoe lang duurt spoor 2?".',
                buttons=[catalog.answer_button(domain, previous)],
            )
        else:
            dispatcher.utter_message(
                text="Waar gaat je vraag over? Vraag het gerust in een hele zin, "
                'bijvoorbeeld "hoe lang duurt spoor 2?" of "wie betaalt het traject?".'
            )
        return []

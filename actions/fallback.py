"""Ask "bedoel je ...?" with the most likely answers instead of guessing."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from spoorwijzer.poortwachter import answer_keys, catalogue

MAX_SUGGESTIONS = 3
# Suggestions below this confidence are noise rather than help.
MIN_CONFIDENCE = 0.05


class ActionDefaultAskAffirmation(Action):
    """First step of the two-stage fallback (replaces Rasa's default)."""

    def name(self) -> Text:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        suggestions = []
        for answer_id, confidence in answer_keys.ranked_answers(tracker.latest_message):
            if confidence < MIN_CONFIDENCE or answer_id in suggestions:
                continue
            if catalogue.is_answer(domain, answer_id):
                suggestions.append(answer_id)
            if len(suggestions) == MAX_SUGGESTIONS:
                break
        response = "utter_bedoel_je" if suggestions else "utter_bedoel_je_zonder_keuze"
        [something_else] = domain["responses"][response][0]["buttons"]  # "Nee, iets anders"
        buttons = [catalogue.answer_button(domain, a) for a in suggestions] + [something_else]
        dispatcher.utter_message(response=response, buttons=buttons)
        return []


class ActionDefaultAskRephrase(Action):
    """Second step of the two-stage fallback: ask for other words, with examples."""

    def name(self) -> Text:
        return "action_default_ask_rephrase"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_vraag_anders_stellen")
        return []

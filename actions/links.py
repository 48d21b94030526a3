"""Give the web address of an answer, so a coach can forward it."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from spoorwijzer.poortwachter import answer_keys, catalogue, faq_links, link_request

# Below this the ResponseSelector is guessing; the answer before is then safer.
MIN_TOPIC_CONFIDENCE = 0.5


def requested_answer(tracker: Tracker, domain: Dict[Text, Any], number: Optional[int]) -> Optional[str]:
    """The answer a link request is about, or None when that is not clear.

    ``number``: the fabel number named in the message, if any.
    """
    text = tracker.latest_message.get("text") or ""
    if number is not None:
        return catalogue.answer_with_number(domain, number)
    if not link_request.topic_words(text):  # "stuur de link van dit antwoord"
        return catalogue.last_answer_id(tracker)
    best = next(iter(answer_keys.ranked_answers(tracker.latest_message)), None)
    if best and best[1] >= MIN_TOPIC_CONFIDENCE and catalogue.is_answer(domain, best[0]):
        return best[0]
    # No clear topic in the words ("link, dan kan mijn cliënt het zelf nalezen"):
    # right after an answer, the link is about that answer.
    return catalogue.answer_of_last_bot_turn(tracker)


class ActionGeefLink(Action):
    def name(self) -> Text:
        return "action_geef_link"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        text = tracker.latest_message.get("text") or ""
        if link_request.asks_for_all_myths(text):
            dispatcher.utter_message(response="utter_link_alle_fabels", url=faq_links.myths_url())
            return []
        number = link_request.fabel_number(text)
        answer_id = requested_answer(tracker, domain, number)
        if answer_id:
            [show_here] = catalogue.response_button_titles(domain, "utter_link_naar_antwoord")
            dispatcher.utter_message(
                response="utter_link_naar_antwoord",
                titel=catalogue.title(domain, answer_id),
                url=faq_links.page_url(answer_id),
                buttons=[dict(catalogue.answer_button(domain, answer_id), title=show_here)],
            )
        elif number is not None:
            count = sum(1 for a in catalogue.answer_ids(domain) if a.startswith("fabel/"))
            dispatcher.utter_message(
                response="utter_fabel_bestaat_niet", nummer=number, aantal=count, url=f"{faq_links.index_url()}#fabels"
            )
        else:
            dispatcher.utter_message(response="utter_link_welk_onderwerp", url=faq_links.index_url())
        return []

"""What makes an answer an answer: one definition for the classifier, the actions, the
website and the tools.

The knowledge questions have two intents, ``faq`` and ``fabel`` (myths); which answer
was chosen is in the parse data's ``response_selector`` under one key, as Rasa's
ResponseSelector writes it when it serves every retrieval intent at once.
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

KNOWLEDGE_INTENTS = ("faq", "fabel")
ANSWER_SELECTOR_KEY = "default"  # Rasa's key for a selector without `retrieval_intent`
# What FallbackClassifier names a message it is unsure of (Rasa's default name).
FALLBACK_INTENT = "nlu_fallback"


def ranked_answers(parse_data: Dict[str, Any]) -> List[Tuple[str, float]]:
    """(answer id, confidence) over all answers, best first."""
    selector = (parse_data.get("response_selector") or {}).get(ANSWER_SELECTOR_KEY) or {}
    return [
        (item.get("intent_response_key"), float(item.get("confidence") or 0.0))
        for item in selector.get("ranking") or []
        if item.get("intent_response_key")
    ]


def chosen_answer(parse_data: Dict[str, Any]) -> Dict[str, Any]:
    """The selector's chosen response (``intent_response_key``, ``responses``), or {}."""
    selector = (parse_data.get("response_selector") or {}).get(ANSWER_SELECTOR_KEY) or {}
    return selector.get("response") or {}

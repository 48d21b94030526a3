"""Two things read from the wording of a message, after the classifier (config.yml).

- **Despair** (spoorwijzer/poortwachter/wanhoop.py): the intent becomes ``crisis`` with confidence
  1.0, whatever the classifier or the fallback said, so the reply with 113 and the
  huisarts never waits behind a "bedoel je ...?" or a form question. A likely crisis
  beside "stop", "goodbye" or "deny" wins too: despair is never read as leaving. When only the
  classifier says crisis, and not surely (below ``min_crisis_confidence``), the message
  mostly asks something else ("mag van de ba niet meer tillen, is dat passend?"): when
  its next intent is a knowledge question it gets that, and ``zorgsignaal`` in the parse data makes the answer end with
  a short line about 113 and the huisarts (actions/answers.py). Measured on the
  realistic set: below 0.5 the classifier alone found 3 messages without despair and
  1 with it; the patterns found the other 19.
- **Case details**: a message with a dossiernummer or a verification code that the
  classifier took for a knowledge question (or did not understand) becomes
  ``geef_dossiergegevens``, so the case form takes it instead of answering a FAQ.
- **Link requests**: a message with "link", "linkje" or "url" that the classifier took
  for the question itself becomes ``vraag_link`` (the answer ranking was already made
  on its topic words, spoorwijzer/rasa/linear_classifier.py).
- **Short follow-ups**: "en als ik dat te laat doe?" reads like a knowledge question
  to the classifier; a short message that opens with "en"/"maar" and has a follow-up
  intent among its likely intents gets that intent. The action answers it about the
  answer before, or with the best answer when there was none (actions/answers.py).
- **Role** (spoorwijzer/poortwachter/rolherkenning.py): an entity ``rol`` when the message is
  clearly written by an employer, employee or coach and no role word was found by
  the RegexEntityExtractor. The `rol` slot takes it before the answer is chosen, so
  the answer's role variant fits the person who asked.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_RANKING_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from spoorwijzer.poortwachter.answer_keys import FALLBACK_INTENT, KNOWLEDGE_INTENTS
from spoorwijzer.poortwachter.dossiernummer import extract_code, normalize_dossiernummer
from spoorwijzer.poortwachter.link_request import asks_for_link
from spoorwijzer.poortwachter.rolherkenning import role_from_text
from spoorwijzer.poortwachter.wanhoop import CARE_SIGNAL_KEY, speaks_of_despair
from spoorwijzer.rasa import fixes

fixes.apply()  # every model loads this module: rasa run, shell and test get the fixes

CRISIS_INTENT = "crisis"
CASE_DETAILS_INTENT = "geef_dossiergegevens"
LINK_INTENT = "vraag_link"
# Intents a message with case details must not keep.
_NOT_FOR_CASE_DETAILS = frozenset({*KNOWLEDGE_INTENTS, FALLBACK_INTENT, "out_of_scope"})
_KNOWLEDGE_OR_UNSURE = frozenset({*KNOWLEDGE_INTENTS, FALLBACK_INTENT})
# Despair must never be read as wanting to stop or leave ("Oké, ik stop ermee"): beside
# these intents, a crisis this likely wins.
_ENDINGS = frozenset({"stop", "goodbye", "deny"})
MIN_CRISIS_BESIDE_AN_ENDING = 0.15
ROLE_ENTITY = "rol"
_FOLLOWUP_OPENING = re.compile(r"^\W*(?:en|maar|dus|oke?|oké|ok)\b", re.IGNORECASE)
MAX_FOLLOWUP_WORDS = 10
MIN_FOLLOWUP_CONFIDENCE = 0.05


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=False,
)
class MessageSignals(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"min_crisis_confidence": 0.5, "fallback_threshold": 0.15}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = config

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "MessageSignals":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            crisis = _confidence_of(message, CRISIS_INTENT)
            if speaks_of_despair(text) or (
                _intent_name(message) in _ENDINGS and _ranked(message, CRISIS_INTENT) >= MIN_CRISIS_BESIDE_AN_ENDING
            ):
                set_intent(message, CRISIS_INTENT)
            elif (
                crisis is not None
                and crisis < self._config["min_crisis_confidence"]
                and (_intent_name(message) in (CRISIS_INTENT, FALLBACK_INTENT))
                and self._next_is_knowledge(message)
            ):
                message.set(CARE_SIGNAL_KEY, round(crisis, 3), add_to_output=True)
                self._set_next_intent(message)
            elif _intent_name(message) in _NOT_FOR_CASE_DETAILS and (
                normalize_dossiernummer(text) or extract_code(text)
            ):
                set_intent(message, CASE_DETAILS_INTENT)
            elif _intent_name(message) in _KNOWLEDGE_OR_UNSURE and asks_for_link(text):
                set_intent(message, LINK_INTENT)
            elif _intent_name(message) in _KNOWLEDGE_OR_UNSURE and _reads_as_followup(text):
                followup = next(
                    (
                        item
                        for item in message.get(INTENT_RANKING_KEY) or []
                        if item.get("name", "").startswith("vervolg_") and item["confidence"] >= MIN_FOLLOWUP_CONFIDENCE
                    ),
                    None,
                )
                if followup:
                    set_intent(message, followup["name"])
            add_role(message, text)
        return messages

    @staticmethod
    def _next_is_knowledge(message: Message) -> bool:
        """The best intent after crisis is a knowledge question: only then is the care
        line added to an answer (actions/answers.py); otherwise crisis stays."""
        ranking = [
            item
            for item in message.get(INTENT_RANKING_KEY) or []
            if item.get("name") not in (CRISIS_INTENT, FALLBACK_INTENT)
        ]
        return bool(ranking) and ranking[0].get("name") in KNOWLEDGE_INTENTS

    def _set_next_intent(self, message: Message) -> None:
        """The best intent after crisis (and the fallback), or the fallback when unsure."""
        ranking = [
            item
            for item in message.get(INTENT_RANKING_KEY) or []
            if item.get("name") not in (CRISIS_INTENT, FALLBACK_INTENT)
        ]
        if not ranking:
            return
        best = dict(ranking[0])
        if best["confidence"] < self._config["fallback_threshold"]:
            best = {"name": FALLBACK_INTENT, "confidence": 1 - best["confidence"]}
        message.set(INTENT, best, add_to_output=True)
        message.set(
            INTENT_RANKING_KEY, [best] + [dict(i) for i in ranking if i["name"] != best["name"]], add_to_output=True
        )


def _confidence_of(message: Message, name: str) -> Optional[float]:
    """The confidence of `name` when it is the classifier's best intent (before the fallback)."""
    ranking = [item for item in message.get(INTENT_RANKING_KEY) or [] if item.get("name") != FALLBACK_INTENT]
    return float(ranking[0]["confidence"]) if ranking and ranking[0].get("name") == name else None


def _reads_as_followup(text: str) -> bool:
    return bool(_FOLLOWUP_OPENING.match(text)) and len(text.split()) <= MAX_FOLLOWUP_WORDS


def _ranked(message: Message, name: str) -> float:
    return next(
        (float(item["confidence"]) for item in message.get(INTENT_RANKING_KEY) or [] if item.get("name") == name), 0.0
    )


def _intent_name(message: Message) -> str:
    return (message.get(INTENT) or {}).get("name") or ""


def set_intent(message: Message, name: str) -> None:
    """The intent becomes `name`, sure, and heads the ranking."""
    chosen = {"name": name, "confidence": 1.0}
    ranking = [dict(item) for item in message.get(INTENT_RANKING_KEY) or [] if item.get("name") != name]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen] + ranking, add_to_output=True)


def add_role(message: Message, text: str) -> None:
    entities = list(message.get(ENTITIES) or [])
    if any(entity.get(ENTITY_ATTRIBUTE_TYPE) == ROLE_ENTITY for entity in entities):
        return
    role = role_from_text(text)
    if role is None:
        return
    entities.append(
        {
            ENTITY_ATTRIBUTE_TYPE: ROLE_ENTITY,
            ENTITY_ATTRIBUTE_VALUE: role,
            "start": 0,
            "end": len(text),
            "confidence": 1.0,
            EXTRACTOR: MessageSignals.__name__,
        }
    )
    message.set(ENTITIES, entities, add_to_output=True)

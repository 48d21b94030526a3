"""A dialogue policy: a message read in the light of the bot's previous turn.

- After the crisis reply, a message that is no clear question of its own ("ik heb
  volgende week een afspraak bij de huisarts", "oké") gets ``utter_crisis_nazorg``:
  113 and the huisarts again, warmly, never a guessed answer.
- An unsure message right after an answer is read in that answer's context.

The rule for ``nlu_fallback`` asks "bedoel je ...?". This policy, one priority above
the RulePolicy, predicts ``action_antwoord_in_context`` instead when the message is
unsure (the fallback, or any other intent below ``UNSURE_BELOW``), short, and the
answer just given, or one of its follow-up answers, is among the
classifier's likeliest answers (spoorwijzer/poortwachter/context_answer.py); the action shows that
answer. After that action it predicts ``action_listen``. In every other state it
predicts nothing, so the other policies decide as before. A policy and not a rule,
because the condition (which answer came before, what the ranking holds) is no
dialogue state a rule can express. Rasa 3.6's Policy API (``Policy``,
``PolicyPrediction``); tests/test_context_policy.py runs it on real trackers.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from spoorwijzer.poortwachter.answer_keys import FALLBACK_INTENT
from spoorwijzer.poortwachter.context_answer import (
    answer_in_context,
    answer_of_last_bot_turn,
    needs_crisis_aftercare,
    related_answers,
)
from spoorwijzer.rasa import fixes

fixes.apply()  # every model loads this module: rasa run, shell and test get the fixes

ACTION_NAME = "action_antwoord_in_context"
AFTERCARE_RESPONSE = "utter_crisis_nazorg"
# Below this an intent is a guess too ("wat doet zo iemand dan precies" scored affirm at
# 0.15); a crisis and a follow-up (which reads its own context) never count as unsure.
UNSURE_BELOW = 0.3
SURE_ANYWAY = ("crisis", "vervolg_")


def is_unsure(intent: Dict[Text, Any]) -> bool:
    name = intent.get("name") or ""
    if name == FALLBACK_INTENT:
        return True
    return not name.startswith(SURE_ANYWAY) and float(intent.get("confidence") or 0.0) < UNSURE_BELOW


def contextual_answer(tracker: DialogueStateTracker, responses: Dict[Text, List[Dict[Text, Any]]]) -> Optional[str]:
    """The answer an unsure message asks for in this conversation, or None."""
    message = tracker.latest_message
    if message is None or not is_unsure(message.intent or {}):
        return None
    previous = answer_of_last_bot_turn([event.as_dict() for event in tracker.events])
    if previous is None:
        return None
    related = related_answers(previous, responses.get(f"utter_{previous}") or [])
    return answer_in_context(message.text or "", message.parse_data or {}, related)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class ContextPolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # One above RulePolicy (6): in a tie at 1.0 this policy's prediction wins.
        return {"priority": 7}

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource  # nothing to learn: the domain and the ranking decide

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        own_actions = (ACTION_NAME, AFTERCARE_RESPONSE)
        if not all(name in domain.action_names_or_texts for name in own_actions):
            return self._prediction(probabilities)
        if tracker.latest_action_name in own_actions:
            probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
        elif tracker.latest_action_name == ACTION_LISTEN_NAME and tracker.latest_message is not None:
            events = [event.as_dict() for event in tracker.events]
            if needs_crisis_aftercare(events, tracker.latest_message.parse_data or {}):
                probabilities[domain.index_for_action(AFTERCARE_RESPONSE)] = 1.0
            elif not tracker.active_loop_name and contextual_answer(tracker, domain.responses):
                probabilities[domain.index_for_action(ACTION_NAME)] = 1.0
        return self._prediction(probabilities)

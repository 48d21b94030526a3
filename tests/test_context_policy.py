"""An unsure message right after an answer, read in that answer's context."""
from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions.answers import ActionAntwoordInContext
from spoorwijzer.context_answer import answer_in_context, related_answers
from spoorwijzer.context_policy import ACTION_NAME, ContextPolicy
from tests.test_actions import bot_event, make_tracker, run, user_event


@pytest.fixture(scope="module")
def rasa_domain(importer):
    return importer.get_domain()


@pytest.fixture
def policy(tmp_path):
    return ContextPolicy.create(ContextPolicy.get_default_config(), LocalModelStorage(tmp_path),
                                Resource("context"), ExecutionContext(GraphSchema({}), "test"))


def unsure(text, *ranking):
    parse = {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.85},
             "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.85}],
             "response_selector": {"default": {"ranking": [
                 {"intent_response_key": a, "confidence": c} for a, c in ranking]}}}
    return UserUttered(text, intent=parse["intent"], parse_data=parse)


def after_answer(answer_id, message):
    return DialogueStateTracker.from_events("ctx", [
        ActionExecuted("action_listen"), UserUttered("wat is loonopschorting?", {"name": "faq"}),
        ActionExecuted("utter_faq"), BotUttered("...", metadata={"utter_action": f"utter_{answer_id}"}),
        ActionExecuted("action_na_antwoord"), ActionExecuted("action_listen"), message])


def predicted(policy, tracker, domain):
    prediction = policy.predict_action_probabilities(tracker, domain)
    best = max(range(len(prediction.probabilities)), key=prediction.probabilities.__getitem__)
    return domain.action_names_or_texts[best] if prediction.probabilities[best] > 0 else None


def test_a_vague_follow_up_gets_the_answer_it_refers_to(policy, rasa_domain):
    message = unsure("krijgt hij dat later dan terug?", ("faq/loonstop", 0.2), ("faq/loonopschorting", 0.15))
    tracker = after_answer("faq/loonopschorting", message)
    assert predicted(policy, tracker, rasa_domain) == ACTION_NAME
    assert policy.predict_action_probabilities(tracker, rasa_domain).policy_priority > 6  # above rules
    tracker.update(ActionExecuted(ACTION_NAME))
    assert predicted(policy, tracker, rasa_domain) == "action_listen"


@pytest.mark.parametrize("message", [
    unsure("en hoe zit dat dan met iets heel anders, bijvoorbeeld de vakantiedagen die ik nog heb staan?",
           ("faq/loonopschorting", 0.3)),  # long: carries its own topic
    unsure("krijgt hij dat later dan terug?", ("faq/spoor2_wat", 0.3), ("fabel/ontslag", 0.2)),  # unrelated
    unsure("krijgt hij dat later dan terug?", ("faq/loonopschorting", 0.03)),  # too unsure
])
def test_otherwise_the_policy_leaves_the_choice_to_the_others(policy, rasa_domain, message):
    assert predicted(policy, after_answer("faq/loonopschorting", message), rasa_domain) is None


def test_no_answer_before_no_context(policy, rasa_domain):
    tracker = DialogueStateTracker.from_events("ctx", [
        ActionExecuted("action_listen"), unsure("krijgt hij dat terug?", ("faq/loonopschorting", 0.4))])
    assert predicted(policy, tracker, rasa_domain) is None


def test_related_answers_are_the_answer_and_its_follow_ups(domain):
    variations = domain["responses"]["utter_faq/spoor2_wat"]
    related = related_answers("faq/spoor2_wat", variations)
    assert related[0] == "faq/spoor2_wat" and "faq/spoor2_duur" in related
    parse = {"response_selector": {"default": {"ranking": [
        {"intent_response_key": "faq/loonsanctie", "confidence": 0.3},
        {"intent_response_key": "faq/spoor2_duur", "confidence": 0.2}]}}}
    assert answer_in_context("en dan?", parse, related) == "faq/spoor2_duur"


def test_the_action_shows_the_answer_the_policy_chose(domain):
    ranking = {"response_selector": {"default": {"ranking": [
        {"intent_response_key": "faq/loonopschorting", "confidence": 0.3}]}},
        "text": "krijgt hij dat later terug?"}
    tracker = make_tracker("nlu_fallback", events=[user_event(), bot_event("faq/loonopschorting"),
                                                   user_event()], parse_extra=ranking)
    messages, _ = run(ActionAntwoordInContext(), tracker, domain)
    assert messages[0]["response"] == "utter_faq/loonopschorting"

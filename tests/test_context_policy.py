"""An unsure message right after an answer, read in that answer's context."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions.answers import ActionAntwoordInContext
from spoorwijzer.poortwachter.context_answer import answer_in_context, related_answers
from spoorwijzer.rasa.context_policy import ACTION_NAME, ContextPolicy
from tests.test_actions import bot_event, make_tracker, run, user_event


@pytest.fixture(scope="module")
def rasa_domain(importer):
    return importer.get_domain()


@pytest.fixture
def policy(tmp_path):
    return ContextPolicy.create(
        ContextPolicy.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("context"),
        ExecutionContext(GraphSchema({}), "test"),
    )


def unsure(text, *ranking):
    parse = {
        "text": text,
        "intent": {"name": "nlu_fallback", "confidence": 0.85},
        "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.85}],
        "response_selector": {
            "default": {"ranking": [{"intent_response_key": a, "confidence": c} for a, c in ranking]}
        },
    }
    return UserUttered(text, intent=parse["intent"], parse_data=parse)


def knowing(text, intent, answer=None, confidence=0.9):
    parse = {"text": text, "intent": {"name": intent, "confidence": confidence}}
    if answer:
        parse["response_selector"] = {
            "default": {"ranking": [{"intent_response_key": answer, "confidence": confidence}]}
        }
    return UserUttered(text, intent=parse["intent"], parse_data=parse)


def after_answer(answer_id, message):
    return DialogueStateTracker.from_events(
        "ctx",
        [
            ActionExecuted("action_listen"),
            UserUttered("wat is loonopschorting?", {"name": "faq"}),
            ActionExecuted("utter_faq"),
            BotUttered("...", metadata={"utter_action": f"utter_{answer_id}"}),
            ActionExecuted("action_na_antwoord"),
            ActionExecuted("action_listen"),
            message,
        ],
    )


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


def test_an_intent_guessed_below_the_bar_is_unsure_too(policy, rasa_domain):
    message = knowing("krijgt hij dat later dan terug?", "affirm", "faq/loonopschorting", 0.15)
    assert predicted(policy, after_answer("faq/loonopschorting", message), rasa_domain) == ACTION_NAME


def test_a_message_pointing_back_gets_the_answer_just_given(policy, rasa_domain):
    # longer than a plain short follow-up, and the answer itself only 5th in the ranking
    message = unsure(
        "krijg ik daar nog een brief over of moet ik het zelf onthouden",
        ("fabel/automatisch_uitkering", 0.09),
        ("faq/loonopschorting", 0.06),
        ("faq/arbeidsmarktfase", 0.06),
        ("faq/plichten_werknemer", 0.05),
        ("faq/wia_aanvraag", 0.04),
    )
    assert predicted(policy, after_answer("faq/wia_aanvraag", message), rasa_domain) == ACTION_NAME
    parse = message.parse_data
    related = related_answers("faq/wia_aanvraag", rasa_domain.responses["utter_faq/wia_aanvraag"])
    assert answer_in_context(message.text, parse, related) == "faq/wia_aanvraag"
    assert answer_in_context("krijg ik nog een brief of moet ik alles zelf onthouden", parse, related) is None


@pytest.mark.parametrize(
    "message",
    [
        unsure(
            "en hoe zit dat dan met iets heel anders, bijvoorbeeld de vakantiedagen die ik nog heb staan?",
            ("faq/loonopschorting", 0.3),
        ),  # long: carries its own topic
        unsure("krijgt hij dat later dan terug?", ("faq/spoor2_wat", 0.3), ("fabel/ontslag", 0.2)),  # unrelated
        unsure("krijgt hij dat later dan terug?", ("faq/loonopschorting", 0.02)),  # too unsure
        unsure(
            "en wat als hij later weer beter wordt en gewoon terug wil komen op zijn oude plek?",
            ("faq/loonopschorting", 0.3),
        ),  # long, and points back at nothing
        knowing("ja dat klopt", "affirm", confidence=0.9),  # sure of its own intent
        knowing("wat als hij nou niet wil", "vervolg_gevolg", "faq/loonopschorting", 0.2),  # reads context itself
    ],
)
def test_otherwise_the_policy_leaves_the_choice_to_the_others(policy, rasa_domain, message):
    assert predicted(policy, after_answer("faq/loonopschorting", message), rasa_domain) is None


def test_no_answer_before_no_context(policy, rasa_domain):
    tracker = DialogueStateTracker.from_events(
        "ctx", [ActionExecuted("action_listen"), unsure("krijgt hij dat terug?", ("faq/loonopschorting", 0.4))]
    )
    assert predicted(policy, tracker, rasa_domain) is None


def test_related_answers_are_the_answer_and_its_follow_ups(domain):
    variations = domain["responses"]["utter_faq/spoor2_wat"]
    related = related_answers("faq/spoor2_wat", variations)
    assert related[0] == "faq/spoor2_wat" and "faq/spoor2_duur" in related
    parse = {
        "response_selector": {
            "default": {
                "ranking": [
                    {"intent_response_key": "faq/loonsanctie", "confidence": 0.3},
                    {"intent_response_key": "faq/spoor2_duur", "confidence": 0.2},
                ]
            }
        }
    }
    assert answer_in_context("en dan?", parse, related) == "faq/spoor2_duur"


def test_the_action_shows_the_answer_the_policy_chose(domain):
    ranking = {
        "response_selector": {
            "default": {"ranking": [{"intent_response_key": "faq/loonopschorting", "confidence": 0.3}]}
        },
        "text": "krijgt hij dat later terug?",
    }
    tracker = make_tracker(
        "nlu_fallback", events=[user_event(), bot_event("faq/loonopschorting"), user_event()], parse_extra=ranking
    )
    messages, _ = run(ActionAntwoordInContext(), tracker, domain)
    assert messages[0]["response"] == "utter_faq/loonopschorting"


def after_crisis(message):
    return DialogueStateTracker.from_events(
        "ctx",
        [
            ActionExecuted("action_listen"),
            UserUttered("ik zie het niet meer zitten", {"name": "crisis"}),
            ActionExecuted("utter_crisis"),
            BotUttered("...", metadata={"utter_action": "utter_crisis"}),
            ActionExecuted("action_na_antwoord"),
            ActionExecuted("action_listen"),
            message,
        ],
    )


@pytest.mark.parametrize(
    "message",
    [
        knowing("ik heb volgende week wel een afspraak bij de huisarts", "faq", "faq/sancties_werknemer", 0.3),
        knowing("ik heb volgende week wel een afspraak bij de huisarts", "vraag_volgende_stap", confidence=0.44),
        knowing("oké", "affirm"),
        unsure("weet niet", ("faq/spoor2_wat", 0.1)),
    ],
)
def test_after_the_crisis_reply_a_message_that_asks_nothing_gets_aftercare(policy, rasa_domain, message):
    tracker = after_crisis(message)
    assert predicted(policy, tracker, rasa_domain) == "utter_crisis_nazorg"
    text = rasa_domain.responses["utter_crisis_nazorg"][0]["text"]
    assert "113" in text and "huisarts" in text
    tracker.update(ActionExecuted("utter_crisis_nazorg"))
    assert predicted(policy, tracker, rasa_domain) == "action_listen"


@pytest.mark.parametrize(
    "message",
    [
        knowing("wat is spoor 2 eigenlijk?", "faq", "faq/spoor2_wat", 0.8),
        knowing("moet ik verplicht meedoen met dat bureau?", "fabel", "fabel/spoor2_weigeren", 0.4),
        knowing('/kies_antwoord{"antwoord":"fabel/ontslag"}', "kies_antwoord"),
        knowing("ik wil iemand spreken", "mens_spreken"),
        knowing("in welke fase zit mijn traject nu?", "vraag_fase", confidence=0.95),
    ],
)
def test_after_the_crisis_reply_a_clear_question_goes_its_own_way(policy, rasa_domain, message):
    assert predicted(policy, after_crisis(message), rasa_domain) is None

"""What the NLU reads from the wording after the classifier (spoorwijzer/rasa/message_signals.py)."""

from __future__ import annotations

from rasa.shared.nlu.training_data.message import Message

from spoorwijzer.rasa.message_signals import MessageSignals


def parsed(text, ranking):
    message = Message(data={"text": text})
    ranking = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message.set("intent", dict(ranking[0]))
    message.set("intent_ranking", ranking)
    return message


def signals(message):
    [out] = MessageSignals(MessageSignals.get_default_config()).process([message])
    return out


def test_despair_wins_over_any_intent_and_the_fallback():
    out = signals(parsed("laat maar, ik wil er niet meer zijn", [("stop", 0.9), ("crisis", 0.05)]))
    assert out.get("intent") == {"name": "crisis", "confidence": 1.0}
    assert out.get("intent_ranking")[0]["name"] == "crisis"


def test_an_unsure_crisis_without_despair_words_answers_the_question_with_a_care_line():
    out = signals(
        parsed(
            "hij mag niet meer tillen, is schoonmaakwerk passend?",
            [("crisis", 0.35), ("faq", 0.3), ("out_of_scope", 0.1)],
        )
    )
    assert out.get("intent")["name"] == "faq"
    assert out.get("zorgsignaal") == 0.35


def test_a_sure_crisis_stays_a_crisis():
    out = signals(parsed("kan niet meer", [("crisis", 0.6), ("faq", 0.2)]))
    assert out.get("intent")["name"] == "crisis" and out.get("zorgsignaal") is None


def test_case_details_are_not_a_knowledge_question():
    out = signals(parsed("RI-2026-0001", [("faq", 0.4), ("geef_dossiergegevens", 0.3)]))
    assert out.get("intent")["name"] == "geef_dossiergegevens"


def test_a_link_word_makes_a_link_request():
    out = signals(parsed("link naar deskundigenoordeel aub", [("faq", 0.8), ("vraag_link", 0.1)]))
    assert out.get("intent")["name"] == "vraag_link"


def test_a_short_message_opening_with_en_is_a_follow_up():
    out = signals(parsed("en als ik dat te laat doe?", [("fabel", 0.4), ("vervolg_gevolg", 0.3)]))
    assert out.get("intent")["name"] == "vervolg_gevolg"
    long = "en dan nog iets anders: wie betaalt het traject als mijn werkgever failliet gaat?"
    assert signals(parsed(long, [("faq", 0.5), ("vervolg_kosten", 0.3)])).get("intent")["name"] == "faq"


def test_the_role_comes_from_the_wording_unless_a_role_word_was_found():
    out = signals(parsed("mijn medewerker zit 30 weken thuis", [("faq", 0.9)]))
    assert [(e["entity"], e["value"]) for e in out.get("entities")] == [("rol", "werkgever")]
    message = parsed("als werknemer: mijn medewerker ...", [("faq", 0.9)])
    message.set("entities", [{"entity": "rol", "value": "werknemer", "start": 4, "end": 13}])
    assert [e["value"] for e in signals(message).get("entities")] == ["werknemer"]


def test_despair_is_never_read_as_stopping():
    out = signals(parsed("ik hou ermee op", [("stop", 0.6), ("crisis", 0.2), ("faq", 0.1)]))
    assert out.get("intent")["name"] == "crisis"
    out = signals(parsed("laat maar", [("stop", 0.9), ("crisis", 0.02)]))
    assert out.get("intent")["name"] == "stop"

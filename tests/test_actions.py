"""Custom actions, run against the project's real domain (all answers merged in)."""

from __future__ import annotations

import asyncio
import re

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionNaAntwoord, ActionToonAntwoord, ActionVervolgvraag
from actions.contact import ActionContactCoach, ActionDefaultFallback
from actions.dossier import ActionToonDossier
from actions.fallback import ActionDefaultAskAffirmation
from spoorwijzer.poortwachter import case_memory, catalogue


def make_tracker(intent="faq", entities=(), events=(), parse_extra=None, slots=None):
    latest = {"intent": {"name": intent, "confidence": 0.9}, "entities": list(entities), "text": "..."}
    latest.update(parse_extra or {})
    return Tracker("test", slots or {}, latest, list(events), False, None, {}, None)


def run(action, tracker, domain):
    """The action's messages, each with the text Rasa would send (a response named by
    the action is filled with the values the action gave), and its events."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return [as_sent(domain, message) for message in dispatcher.messages], events


def as_sent(domain, message):
    variations = domain["responses"].get(message.get("response") or "") or []
    if message.get("text") or not variations or "condition" in variations[0]:
        return message
    text = re.sub(r"\{(\w+)\}", lambda m: str(message.get(m.group(1), m.group(0))), variations[0]["text"])
    return dict(message, text=text)


def bot_event(answer_id):
    return {"event": "bot", "text": "...", "metadata": {"utter_action": catalogue.response_name(answer_id)}}


def test_catalogue_has_all_topics(domain):
    ids = catalogue.answer_ids(domain)
    assert len(ids) >= 60
    assert "faq/spoor2_wat" in ids and "fabel/ontslag" in ids


def test_toon_antwoord_shows_the_requested_answer(domain):
    tracker = make_tracker("kies_antwoord", [{"entity": "antwoord", "value": "fabel/ontslag"}])
    messages, _ = run(ActionToonAntwoord(), tracker, domain)
    assert [m["response"] for m in messages] == ["utter_fabel/ontslag"]


@pytest.mark.parametrize(
    "bad", ["faq/bestaat_niet", "utter_greet", "", "../../etc/passwd", "<script>alert(1)</script>"]
)
def test_toon_antwoord_refuses_unknown_ids_in_dutch(domain, bad):
    tracker = make_tracker("kies_antwoord", [{"entity": "antwoord", "value": bad}])
    messages, _ = run(ActionToonAntwoord(), tracker, domain)
    assert len(messages) == 1 and messages[0]["response"] == "utter_antwoord_onbekend"
    assert "niet vinden" in messages[0]["text"]


def test_vervolgvraag_follows_the_previous_answer(domain):
    target = catalogue.followup(domain, "faq/spoor2_wat", "duur")
    assert target == "faq/spoor2_duur"
    tracker = make_tracker("vervolg_duur", events=[bot_event("faq/spoor2_wat")])
    messages, _ = run(ActionVervolgvraag(), tracker, domain)
    assert messages[0]["response"] == "utter_faq/spoor2_duur"


def test_vervolgvraag_uses_the_latest_answer_not_an_older_one(domain):
    events = [bot_event("faq/spoor2_wat"), bot_event("faq/loonsanctie")]
    tracker = make_tracker("vervolg_duur", events=events)
    messages, _ = run(ActionVervolgvraag(), tracker, domain)
    expected = catalogue.followup(domain, "faq/loonsanctie", "duur")
    if expected:
        assert messages[0]["response"] == catalogue.response_name(expected)
    else:
        assert messages[0]["response"] == "utter_vervolg_onbekend"
        assert messages[0]["buttons"][0]["payload"].endswith('"faq/loonsanctie"}')


def test_vervolgvraag_without_context_asks_what_it_is_about(domain):
    messages, _ = run(ActionVervolgvraag(), make_tracker("vervolg_duur"), domain)
    assert [m["response"] for m in messages] == ["utter_vervolg_zonder_onderwerp"]


def ranking(*pairs):
    return {
        "response_selector": {
            "default": {
                "ranking": [{"intent_response_key": answer, "confidence": confidence} for answer, confidence in pairs]
            }
        }
    }


def test_vervolgvraag_without_context_answers_the_message_itself_when_sure(domain):
    # "en hoe lang duurt zo'n traject meestal" as the first message of a conversation
    tracker = make_tracker("vervolg_duur", parse_extra=ranking(("faq/spoor2_duur", 0.7)))
    messages, _ = run(ActionVervolgvraag(), tracker, domain)
    assert [m["response"] for m in messages] == ["utter_faq/spoor2_duur"]


def test_the_other_side_gets_its_own_answer_or_variant(domain):
    after_duties = [bot_event("faq/plichten_werkgever")]
    tracker = make_tracker("vervolg_andere_rol", events=after_duties, parse_extra={"text": "en voor de werknemer?"})
    messages, _ = run(ActionVervolgvraag(), tracker, domain)
    assert [m["response"] for m in messages] == ["utter_faq/plichten_werknemer"]

    after_costs = [bot_event("faq/spoor2_kosten")]
    tracker = make_tracker(
        "vervolg_andere_rol",
        events=after_costs,
        slots={"rol": "werknemer"},
        parse_extra={"text": "en voor de werkgever?"},
    )
    messages, events = run(ActionVervolgvraag(), tracker, domain)
    assert messages[0]["response"] == "utter_faq/spoor2_kosten"
    assert messages[0]["text"] == catalogue.variant_text(domain, "faq/spoor2_kosten", "werkgever")
    assert "werkgever" in messages[0]["text"].split(".")[0]  # the employer's own text
    assert events == []  # the person stays who they are


@pytest.mark.parametrize(
    "previous, role, text, expected",
    [
        # a refusal by the employee, whatever the answer before
        ("faq/passende_arbeid", None, "en als ik weiger?", "faq/sancties_werknemer"),
        ("faq/spoor1_wat", "werkgever", "en als hij dat niet wil?", "faq/werknemer_werkt_niet_mee"),
        ("fabel/spoor2_weigeren", "werknemer", "en als ik gewoon niet meedoe", "faq/sancties_werknemer"),
        # the employer refusing is no employee refusal: the answer's own follow-up
        ("faq/spoor1_wat", "werknemer", "en als mijn werkgever weigert?", None),
        # the asker's own side: an employer shown the employee's duties asks about himself
        ("faq/plichten_werknemer", "werkgever", "wat gebeurt er als ik het verkeerd doe", "faq/loonsanctie"),
        ("faq/plichten_werknemer", "werknemer", "wat gebeurt er als ik het verkeerd doe", "faq/sancties_werknemer"),
        ("faq/plichten_werkgever", "werknemer", "en als mijn werkgever het verkeerd doet?", "faq/loonsanctie"),
    ],
)
def test_what_if_follow_ups_are_read_from_the_askers_side(domain, previous, role, text, expected):
    tracker = make_tracker(
        "vervolg_gevolg", events=[bot_event(previous)], slots={"rol": role}, parse_extra={"text": text}
    )
    messages, _ = run(ActionVervolgvraag(), tracker, domain)
    expected = expected or catalogue.followup(domain, previous, "gevolg", role)
    assert messages[0]["response"] == catalogue.response_name(expected)


def test_a_late_wia_application_means_something_else_for_each_side(domain):
    assert catalogue.followup(domain, "faq/wia_aanvraag", "gevolg", None) == "faq/wia_te_laat"
    assert catalogue.followup(domain, "faq/wia_aanvraag", "gevolg", "werkgever") == "faq/loonsanctie"


def test_every_followup_and_button_points_to_an_existing_answer(domain):
    for name, variations in domain["responses"].items():
        for variation in variations:
            for kind, target in ((variation.get("metadata") or {}).get("vervolg") or {}).items():
                assert catalogue.is_answer(domain, target), f"{name}: vervolg {kind} -> {target}"
            for button in variation.get("buttons") or []:
                payload = button["payload"]
                if payload.startswith("/kies_antwoord{"):  # bare: the action sets the answer
                    answer_id = payload.split('"antwoord":"')[1].split('"')[0]
                    assert catalogue.is_answer(domain, answer_id), f"{name}: {payload}"


def test_ask_affirmation_suggests_the_likeliest_answers(domain):
    ranking = [
        {"intent_response_key": "faq/spoor2_start", "confidence": 0.41},
        {"intent_response_key": "fabel/pas_na_een_jaar", "confidence": 0.33},
        {"intent_response_key": "faq/spoor2_wat", "confidence": 0.2},
        {"intent_response_key": "faq/spoor2_duur", "confidence": 0.01},
    ]
    tracker = make_tracker(
        "nlu_fallback",
        parse_extra={"response_selector": {"all_retrieval_intents": ["faq", "fabel"], "default": {"ranking": ranking}}},
    )
    messages, _ = run(ActionDefaultAskAffirmation(), tracker, domain)
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == [
        '/kies_antwoord{"antwoord":"faq/spoor2_start"}',
        '/kies_antwoord{"antwoord":"fabel/pas_na_een_jaar"}',
        '/kies_antwoord{"antwoord":"faq/spoor2_wat"}',
        "/deny",
    ]
    titles = [b["title"] for b in messages[0]["buttons"][:3]]
    assert all(t.endswith("?") for t in titles), titles


def test_ask_affirmation_without_candidates_asks_to_rephrase(domain):
    messages, _ = run(ActionDefaultAskAffirmation(), make_tracker("nlu_fallback"), domain)
    assert messages[0]["buttons"] == [{"title": "Nee, iets anders", "payload": "/deny"}]


def test_contact_uses_the_configured_details(domain, monkeypatch):
    monkeypatch.setenv("COACH_CONTACT_NAME", "Team Noord")
    monkeypatch.setenv("COACH_CONTACT_PHONE", "010 123 45 67")
    monkeypatch.setenv("COACH_CONTACT_EMAIL", "")
    messages, _ = run(ActionContactCoach(), make_tracker("mens_spreken"), domain)
    text = messages[0]["text"]
    assert "Team Noord" in text and "010 123 45 67" in text and "Mailen" not in text


def test_without_configured_names_the_chat_names_the_team_and_the_coach(domain, monkeypatch):
    # The defaults are content (domain.yml), not code.
    monkeypatch.delenv("COACH_CONTACT_NAME", raising=False)
    messages, _ = run(ActionContactCoach(), make_tracker("mens_spreken"), domain)
    assert "Je kunt contact opnemen met het team van je re-integratiebureau." in messages[0]["text"]
    case = {
        "first_sick_day": "2026-01-12",
        "phase": "orientatie",
        "phase_since": "2026-03-02",
        "coach_name": "",
        "coach_contact": None,
        "next_appointment": None,
    }
    tracker = make_tracker("vraag_fase", slots={"dossier": case_memory.remember(case)})
    messages, _ = run(ActionToonDossier(), tracker, domain)
    assert "Je coach is je coach." in messages[0]["text"]


def test_default_fallback_offers_a_person_and_forgets_the_message(domain, monkeypatch):
    monkeypatch.setenv("COACH_CONTACT_EMAIL", "hulp@example.nl")
    messages, events = run(ActionDefaultFallback(), make_tracker("nlu_fallback"), domain)
    assert "hulp@example.nl" in messages[0]["text"]
    assert events == [UserUtteranceReverted()]


def test_a_button_payload_reads_back_to_its_answer(domain):
    payload = catalogue.answer_button(domain, "faq/loonsanctie")["payload"]
    assert catalogue.answer_id_of_payload(payload) == "faq/loonsanctie"
    for other in ("/greet", '/kies_antwoord{"antwoord":"../x"}', "/kies_antwoord"):
        assert catalogue.answer_id_of_payload(other) is None


def user_event(text="..."):
    return {"event": "user", "text": text}


def test_after_an_answer_about_a_step_comes_the_own_date(domain):
    events = [user_event(), bot_event("faq/wia_aanvraag")]
    tracker = make_tracker("faq", events=events, slots={"ziektedag": "2025-03-03"})
    messages, _ = run(ActionNaAntwoord(), tracker, domain)
    own = [m for m in messages if m["response"] == "utter_jouw_datum"]
    assert len(own) == 1
    # Week 93 from 3 March 2025 ends on 13 December 2026 (spoorwijzer/poortwachter/termijnen.py).
    assert "13 december 2026" in own[0]["wanneer"] and "week 93" in own[0]["wanneer"]


def test_no_own_date_without_a_first_sick_day_or_for_an_answer_without_a_step(domain):
    events = [user_event(), bot_event("faq/wia_aanvraag")]
    assert run(ActionNaAntwoord(), make_tracker("faq", events=events), domain)[0] == []
    events = [user_event(), bot_event("faq/spoor2_wat")]
    tracker = make_tracker("faq", events=events, slots={"ziektedag": "2025-03-03"})
    assert run(ActionNaAntwoord(), tracker, domain)[0] == []


def test_a_second_question_is_offered_as_a_button(domain):
    events = [user_event(), bot_event("faq/spoor2_duur")]
    tracker = make_tracker("faq", events=events, parse_extra={"tweede_vraag": {"antwoord": "faq/ziekmelding"}})
    messages, _ = run(ActionNaAntwoord(), tracker, domain)
    assert messages[0]["response"] == "utter_ook_gevraagd"
    assert messages[0]["buttons"] == [catalogue.answer_button(domain, "faq/ziekmelding")]
    # "hoe lang duurt het en wat kost het?": the follow-up of the answer just given
    tracker = make_tracker("faq", events=events, parse_extra={"tweede_vraag": {"vervolg": "vervolg_kosten"}})
    messages, _ = run(ActionNaAntwoord(), tracker, domain)
    expected = catalogue.followup(domain, "faq/spoor2_duur", "kosten")
    assert messages[0]["buttons"] == [catalogue.answer_button(domain, expected)]


def test_a_question_beside_despair_is_offered_after_the_crisis_reply(domain):
    events = [user_event(), {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_crisis"}}]
    asked = dict(ranking(("fabel/ontslag", 0.6)), text="ik trek het niet meer. word ik nu ontslagen?")
    tracker = make_tracker("crisis", events=events, parse_extra=asked)
    messages, _ = run(ActionNaAntwoord(), tracker, domain)
    assert messages[0]["buttons"] == [catalogue.answer_button(domain, "fabel/ontslag")]
    # Despair without a question gets no guessed answer beside the crisis reply.
    said = dict(ranking(("fabel/ontslag", 0.6)), text="ik trek het niet meer, alles gaat mis")
    assert run(ActionNaAntwoord(), make_tracker("crisis", events=events, parse_extra=said), domain)[0] == []


def test_an_unsure_sign_of_despair_adds_the_short_care_line(domain):
    events = [user_event(), bot_event("faq/passende_arbeid")]
    tracker = make_tracker("faq", events=events, parse_extra={"zorgsignaal": 0.3})
    messages, _ = run(ActionNaAntwoord(), tracker, domain)
    assert [m["response"] for m in messages] == ["utter_zorg_kort"]
    text = domain["responses"]["utter_zorg_kort"][0]["text"]
    assert "113" in text and "huisarts" in text


def test_the_myths_overview_comes_with_the_page_of_all_myths(domain):
    tracker = make_tracker("faq", events=[user_event(), bot_event("faq/fabels_overzicht")])
    messages, _ = run(ActionNaAntwoord(), tracker, domain)
    link = next(m for m in messages if m["response"] == "utter_link_alle_fabels")
    assert link["url"].endswith("/faq/fabels")

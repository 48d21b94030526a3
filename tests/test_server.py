"""End to end: the servers as `make run` starts them (fixture `server` in conftest)."""

from __future__ import annotations

from pathlib import Path

import requests

from tests.servers import say


def texts_of(domain: dict, response: str) -> set:
    return {v["text"].strip() for v in domain["responses"][response]}


def test_status_shows_the_loaded_model(server, model_path):
    base = server.base
    status = requests.get(f"{base}/status", params={"token": server.api_token}, timeout=10).json()
    assert Path(status["model_file"]).name == model_path.name


def test_start_up_log_names_the_dutch_pipeline(server):
    assert "Dutch pipeline: nl_spoorwijzer" in server.log.read_text()


def test_spoor2_question_gets_the_spoor2_answer(server, domain):
    base = server.base
    assert say(base, "e2e-1", "wat is spoor 2?") in texts_of(domain, "utter_faq/spoor2_wat")


def test_answers_with_buttons_log_no_errors(server):
    """Rasa alone logs a false "slot does not exist" ERROR per button (rasa_fixes.py)."""
    response = requests.post(
        f"{server.base}/webhooks/rest/webhook", json={"sender": "e2e-buttons", "message": "wat is spoor 2?"}, timeout=60
    )
    assert any(message.get("buttons") for message in response.json())
    assert "interpolator.interpolate.text" not in server.log.read_text()


def test_follow_up_and_button_go_through_the_action_server(server, domain):
    base = server.base
    say(base, "e2e-2", "wat houdt het tweede spoor in")
    reply = say(base, "e2e-2", "en hoe lang duurt dat?")
    assert reply in texts_of(domain, "utter_faq/spoor2_duur")
    reply = say(base, "e2e-2", '/kies_antwoord{"antwoord":"fabel/ontslag"}')
    assert reply in texts_of(domain, "utter_fabel/ontslag")


def test_asking_for_a_person_gives_the_configured_contact(server):
    base = server.base
    reply = say(base, "e2e-3", "ik wil graag met een mens praten")
    assert "Team Test" in reply and "010 000 00 00" in reply

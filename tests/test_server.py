"""End to end: the real action server and Rasa server, as `make run` starts them."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.time() + START_TIMEOUT_S
    while time.time() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server stopped while starting:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(1)
    pytest.fail(f"{url} not ready after {START_TIMEOUT_S} s")


@pytest.fixture(scope="module")
def server(model_path, tmp_path_factory):
    """Starts `scripts/run.sh` on free ports with its own tracker database."""
    tmp = tmp_path_factory.mktemp("server")
    env = dict(os.environ, RASA_PORT=str(free_port()), ACTION_PORT=str(free_port()),
               TRACKER_DB=str(tmp / "tracker.db"), MODEL=str(model_path),
               COACH_CONTACT_NAME="Team Test", COACH_CONTACT_PHONE="010 000 00 00")
    env.pop("ACTION_SERVER_URL", None)
    log = tmp / "run.log"
    with log.open("w") as out:
        process = subprocess.Popen(["bash", "scripts/run.sh"], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{env['RASA_PORT']}"
    try:
        wait_for(f"http://127.0.0.1:{env['ACTION_PORT']}/health", process, log)
        wait_for(f"{base}/status", process, log)
        yield base, log
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=60)


def say(base: str, sender: str, message: str) -> str:
    """The bot's whole reply to one message (REST splits text on blank lines)."""
    response = requests.post(f"{base}/webhooks/rest/webhook",
                             json={"sender": sender, "message": message}, timeout=30)
    response.raise_for_status()
    return "\n\n".join(part.get("text", "") for part in response.json()).strip()


def texts_of(domain: dict, response: str) -> set:
    return {v["text"].strip() for v in domain["responses"][response]}


def test_status_shows_the_loaded_model(server, model_path):
    base, _ = server
    status = requests.get(f"{base}/status", timeout=10).json()
    assert Path(status["model_file"]).name == model_path.name


def test_start_up_log_names_the_dutch_pipeline(server):
    _, log = server
    assert "Dutch pipeline: nl_spoorwijzer" in log.read_text()


def test_spoor2_question_gets_the_spoor2_answer(server, domain):
    base, _ = server
    assert say(base, "e2e-1", "wat is spoor 2?") in texts_of(domain, "utter_faq/spoor2_wat")


def test_follow_up_and_button_go_through_the_action_server(server, domain):
    base, _ = server
    say(base, "e2e-2", "wat houdt het tweede spoor in")
    reply = say(base, "e2e-2", "en hoe lang duurt dat?")
    assert reply in texts_of(domain, "utter_faq/spoor2_duur")
    reply = say(base, "e2e-2", '/kies_antwoord{"antwoord":"fabel/ontslag"}')
    assert reply in texts_of(domain, "utter_fabel/ontslag")


def test_asking_for_a_person_gives_the_configured_contact(server):
    base, _ = server
    reply = say(base, "e2e-3", "ik wil graag met een mens praten")
    assert "Team Test" in reply and "010 000 00 00" in reply

"""The whole stack as `make run` starts it (scripts/run.sh), on free ports, for tests."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import requests

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 180
# Settings scripts/env.sh derives from others (ports, TRACKER_DB): a test that changes
# those gets them derived anew unless it sets them itself.
DERIVED = ("ACTION_SERVER_URL", "CASE_API_URL", "FAQ_BASE_URL", "RASA_SOCKET_URL", "TRACKER_STORE_URL")


# Rasa's HTTP API is on only with a token (scripts/serve.sh); the test stacks turn it on
# with this one, so that tests can read the stored conversations.
TEST_API_TOKEN = "stack-test-api-token"


class StackError(RuntimeError):
    pass


def tracker(base: str, sender: str, token: Optional[str]) -> Dict:
    """A conversation as Rasa stored it (its HTTP API, with the token)."""
    response = requests.get(f"{base}/conversations/{sender}/tracker",
                            params={"token": token} if token else None, timeout=30)
    response.raise_for_status()
    return response.json()


def chat_ready_url(base: str) -> str:
    """The REST channel's own health check: it answers once the model is loaded, with or
    without the HTTP API."""
    return f"{base}/webhooks/rest/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_ports(count: int) -> int:
    """The first of `count` consecutive free ports."""
    for _ in range(100):
        first = free_port()
        try:
            with contextlib.ExitStack() as held:
                for port in range(first, first + count):
                    held.enter_context(socket.socket()).bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
    raise StackError(f"no {count} consecutive free ports found")


@dataclass
class Stack:
    base: str  # the Rasa server
    web: str  # the website with the widget and the FAQ pages
    log: Path
    env: Dict[str, str]
    process: subprocess.Popen

    def rasa_servers(self) -> List[str]:
        """Every Rasa server run.sh started (RASA_SERVERS, on consecutive ports)."""
        first = int(self.env["RASA_PORT"])
        return [f"http://127.0.0.1:{first + i}" for i in range(int(self.env.get("RASA_SERVERS") or 1))]

    def env_for_another_rasa_server(self, **settings: str) -> Dict[str, str]:
        """Settings for one more `rasa_server` beside this stack: same action server and
        API token, and `settings` on top (e.g. its own TRACKER_DB)."""
        return dict(self.env, ACTION_SERVER_URL=f"http://127.0.0.1:{self.env['ACTION_PORT']}/webhook",
                    **settings)

    @property
    def api_token(self) -> Optional[str]:
        return self.env.get("RASA_API_TOKEN") or None

    def tracker(self, sender: str, base: Optional[str] = None) -> Dict:
        return tracker(base or self.base, sender, self.api_token)

    def case_api_pids(self) -> List[int]:
        """The case API process started by run.sh (found by its port's command line)."""
        out = subprocess.run(["ps", "-eo", "pid=,pgid=,args="], capture_output=True,
                             text=True, check=True).stdout
        return [int(line.split()[0]) for line in out.splitlines()
                if int(line.split()[1]) == self.process.pid and "-m caseapi" in line]

    @contextmanager
    def case_api_hanging(self) -> Iterator[None]:
        """Freezes the case API (SIGSTOP): it accepts connections but never answers."""
        pids = self.case_api_pids()
        if not pids:
            raise StackError("case API process not found")
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            for pid in pids:
                os.kill(pid, signal.SIGCONT)


def _wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.time() + START_TIMEOUT_S
    while time.time() < deadline:
        if process.poll() is not None:
            raise StackError(f"server stopped while starting:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(1)
    raise StackError(f"{url} not ready after {START_TIMEOUT_S} s")


@contextmanager
def running_stack(model_path: Path, workdir: Path, **extra_env: str) -> Iterator[Stack]:
    """Starts scripts/run.sh with its own ports, tracker database and case database."""
    env = dict(os.environ, RASA_API_TOKEN=TEST_API_TOKEN)
    env.update(RASA_PORT=str(free_port()), ACTION_PORT=str(free_port()), CASE_API_PORT=str(free_port()),
               WEB_PORT=str(free_port()), TRACKER_DB=str(workdir / "tracker.db"),
               DATABASE_URL=f"sqlite:///{workdir / 'cases.db'}", MODEL=str(model_path))
    env.update(extra_env)
    for derived in DERIVED:
        if derived not in extra_env:  # else env.sh would derive it from the new ports
            env.pop(derived, None)
    log = workdir / "run.log"
    with log.open("w") as out:
        process = subprocess.Popen(["bash", "scripts/run.sh"], cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{env['RASA_PORT']}"
    web = f"http://localhost:{env['WEB_PORT']}"
    try:
        _wait_for(f"http://127.0.0.1:{env['CASE_API_PORT']}/health", process, log)
        _wait_for(f"http://127.0.0.1:{env['ACTION_PORT']}/health", process, log)
        _wait_for(f"{web}/health", process, log)
        stack = Stack(base=base, web=web, log=log, env=env, process=process)
        for server in stack.rasa_servers():
            _wait_for(chat_ready_url(server), process, log)
        yield stack
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:  # it stopped by itself (the log says why)
            pass
        process.wait(timeout=60)


@contextmanager
def rasa_server(model_path: Path, env: Dict[str, str], log: Path) -> Iterator[str]:
    """One `rasa run` on a free port with the project's endpoints and channels; settings
    missing from `env` get scripts/env.sh's defaults."""
    port = free_port()
    with log.open("a") as out:
        process = subprocess.Popen(["bash", "scripts/serve.sh", "rasa", str(port)], cwd=ROOT,
                                   env=dict(env, MODEL=str(model_path)), stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(chat_ready_url(base), process, log)
        yield base
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        process.wait(timeout=60)


def say(base: str, sender: str, message: str) -> str:
    """The bot's whole reply to one message (REST splits text on blank lines)."""
    response = requests.post(f"{base}/webhooks/rest/webhook",
                             json={"sender": sender, "message": message}, timeout=60)
    response.raise_for_status()
    return "\n\n".join(part.get("text", "") for part in response.json()).strip()

"""Real servers for the case API tests: the service itself as a subprocess (`python -m
caseapi`), and a throw-away PostgreSQL. Import the fixtures explicitly in a test module."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import pytest
import requests

from tests.services import running_postgres, stop_process
from tests.stack import free_port

ROOT = Path(__file__).resolve().parent.parent
BOT_TOKEN = "test-bot-token"
ADMIN_TOKEN = "test-coach-token"
START_TIMEOUT = 30.0


@dataclass
class CaseApiServer:
    url: str
    database_url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def post(self, path: str, body: dict, token: Optional[str] = BOT_TOKEN) -> requests.Response:
        return requests.post(self.url + path, json=body, headers=_auth(token), timeout=10)

    def get(self, path: str, token: Optional[str] = ADMIN_TOKEN) -> requests.Response:
        return requests.get(self.url + path, headers=_auth(token), timeout=10)


def _auth(token: Optional[str]) -> dict:
    return {"Authorization": f"Bearer {token}"} if token else {}


@contextmanager
def run_case_api(database_url: str, workdir: Path, **env: str) -> Iterator[CaseApiServer]:
    """Starts the service on a free port, waits for /health, stops it afterwards."""
    port = free_port()
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "CASE_API_HOST": "127.0.0.1",
        "CASE_API_PORT": str(port),
        "DATABASE_URL": database_url,
        "CASE_API_TOKEN": BOT_TOKEN,
        "CASE_API_ADMIN_TOKEN": ADMIN_TOKEN,
        # The defaults, whatever the calling shell has set; tests override them via **env.
        "CASE_API_MAX_FAILED": "5",
        "CASE_API_LOCK_MINUTES": "15",
        "CASE_API_DEMO_DATA": "1",
        **env,
    }
    log_path = workdir / "caseapi.log"
    server = CaseApiServer(f"http://127.0.0.1:{port}", database_url, log_path)
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "caseapi"], cwd=workdir, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        _wait_for_health(server, process)
        yield server
    finally:
        stop_process(process)


def _wait_for_health(server: CaseApiServer, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"case API exited with {process.returncode}:\n{server.log()}")
        try:
            if requests.get(server.url + "/health", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    pytest.fail(f"case API did not answer /health within {START_TIMEOUT} s:\n{server.log()}")


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with running_postgres() as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def case_api(request, tmp_path_factory) -> Iterator[CaseApiServer]:
    """The service on each backend, with the default lockout (5 failures, 15 minutes)."""
    workdir = tmp_path_factory.mktemp(f"caseapi-{request.param}")
    if request.param == "postgresql":
        database_url = request.getfixturevalue("postgres_url")
    else:
        database_url = f"sqlite:///{workdir / 'cases.db'}"
    with run_case_api(database_url, workdir) as server:
        yield server

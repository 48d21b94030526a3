"""Real servers for the case API tests: the service itself as a subprocess (`python -m
caseapi`), and a throw-away PostgreSQL. Import the fixtures explicitly in a test module."""
from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import pytest
import requests

from tests import debian
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
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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


# --- PostgreSQL ----------------------------------------------------------------------------


def _postgres_bin_dir() -> Optional[Path]:
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    def version(directory: str) -> list:
        return [int(part) for part in re.findall(r"\d+", Path(directory).parent.name)]

    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version)
    for directory in reversed(versions):
        if (Path(directory) / "initdb").exists() and (Path(directory) / "pg_ctl").exists():
            return Path(directory)
    return None


@contextmanager
def running_postgres() -> Iterator[str]:
    """A fresh PostgreSQL on a free port of 127.0.0.1 (trust auth); yields its URL."""
    bin_dir = _postgres_bin_dir()
    if bin_dir is None:
        debian.install("postgresql")
        bin_dir = _postgres_bin_dir()
    if bin_dir is None:
        if os.environ.get("SPOORWIJZER_SKIP_POSTGRES") == "1":
            pytest.skip("PostgreSQL not found (SPOORWIJZER_SKIP_POSTGRES=1)")
        pytest.fail(
            "PostgreSQL not found: install it (Debian: apt-get install postgresql; initdb and pg_ctl "
            "on PATH or in /usr/lib/postgresql/*/bin), or set SPOORWIJZER_SKIP_POSTGRES=1 to skip"
        )
    # PostgreSQL refuses to run as root: then run it as the postgres user.
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    root = Path(tempfile.mkdtemp(prefix="spoorwijzer-pg-"))
    if as_root:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()

    def run(*args: str) -> None:
        result = subprocess.run(prefix + list(args), cwd=root, capture_output=True, text=True)
        if result.returncode != 0:
            pytest.fail(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")

    pg_ctl = str(bin_dir / "pg_ctl")
    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
            "--locale=C", "--no-sync")
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(pg_ctl, "-D", str(data), "-l", str(root / "server.log"), "-o", options, "-w", "start")
        import psycopg2

        connection = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
        connection.autocommit = True
        connection.cursor().execute("CREATE DATABASE cases")
        connection.close()
        yield f"postgresql://postgres@127.0.0.1:{port}/cases"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(prefix + [pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], cwd=root,
                           capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


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

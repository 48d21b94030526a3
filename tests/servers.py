"""Every server the tests start, and how they start and stop them (bench/load.py and
`make eval` use it too).

- the whole stack as `make run` starts it (scripts/run.sh), and single Rasa servers beside it;
- the case API (`python -m caseapi`);
- PostgreSQL, Redis and nginx from Debian's packages, each on a free port of 127.0.0.1 in
  a throw-away folder (a missing package is installed with apt-get when the tests run as
  root, as CI does);
- the scaled stack: PostgreSQL, Redis, two Rasa servers and nginx in front.

Each server is a process group of its own, started by `start`, waited for by `wait_for`
(fails early with the end of its log when the process stops) and stopped by
`stop_process`. A server that does not come up raises StackError; the fixtures in
tests/conftest.py turn that into a test failure.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

import pytest
import requests

from tests import debian

ROOT = Path(__file__).resolve().parent.parent
LOG_TAIL_CHARS = 3000
# Rasa loads its model before it answers: the stack and each Rasa server get this long
# for each of their health checks.
START_TIMEOUT_S = 180
# The case API, Redis and nginx are up within a second or two.
SERVICE_TIMEOUT_S = 30
POSTGRES_TIMEOUT_S = 60  # initdb is done before; this is the server's own start
STACK_STOP_GRACE_S = 60  # run.sh stops its servers one after the other
STOP_GRACE_S = 15


class StackError(RuntimeError):
    """A server did not start (its log's end is in the message)."""


# --- ports, starting, waiting, stopping ---------------------------------------------------


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


def start(command: Sequence[str], log: Path, *, append: bool = False, **popen) -> subprocess.Popen:
    """`command` in a process group of its own (so that `stop_process` stops its children
    too), its output in `log`."""
    with log.open("a" if append else "w") as out:
        return subprocess.Popen(list(command), stdout=out, stderr=subprocess.STDOUT, start_new_session=True, **popen)


def log_tail(log: Path) -> str:
    return log.read_text(errors="replace")[-LOG_TAIL_CHARS:] if log.exists() else "(no log)"


def wait_for(
    check: Callable[[], bool],
    what: str,
    process: Optional[subprocess.Popen],
    log: Path,
    timeout: float,
    interval: float = 0.1,
) -> None:
    """Polls `check` (an exception counts as not ready yet) until it is true. Raises
    StackError with the end of `log` when `process` stopped or `timeout` s have passed."""
    deadline = time.monotonic() + timeout
    while True:
        if process is not None and process.poll() is not None:
            raise StackError(f"{what} stopped while starting (exit code {process.returncode}):\n{log_tail(log)}")
        try:
            if check():
                return
        except Exception:  # not up yet
            pass
        if time.monotonic() >= deadline:
            raise StackError(f"{what} not ready after {timeout:g} s:\n{log_tail(log)}")
        time.sleep(interval)


def answers(url: str, timeout: float = 2) -> Callable[[], bool]:
    """A check for `wait_for`: a GET of `url` answers with a success status."""
    return lambda: requests.get(url, timeout=timeout).ok


def stop_process(process: subprocess.Popen, grace: float = STOP_GRACE_S, first_signal: int = signal.SIGTERM) -> None:
    """`first_signal` to the process's group, SIGKILL to the group when the process has not
    stopped after `grace` s; whatever is left of the group is killed at the end."""

    def to_group(sig: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
            os.killpg(process.pid, sig)

    to_group(first_signal)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        to_group(signal.SIGKILL)
        process.wait()
    to_group(signal.SIGKILL)  # children that outlived their parent


def _binary(name: str, package: str, *candidates: str) -> str:
    def find() -> Optional[str]:
        return shutil.which(name) or next((c for c in candidates if os.access(c, os.X_OK)), None)

    found = find()
    if found is None:
        debian.install(package)
        found = find()
    if found is None:
        raise StackError(f"{name} not found: install Debian's {package} package (apt-get install {package})")
    return found


# --- Rasa: the whole stack, and single Rasa servers ---------------------------------------

# Settings scripts/env.sh derives from others (ports, TRACKER_DB): a test that changes
# those gets them derived anew unless it sets them itself.
DERIVED = ("ACTION_SERVER_URL", "CASE_API_URL", "FAQ_BASE_URL", "RASA_SOCKET_URL", "TRACKER_STORE_URL")

# Rasa's HTTP API is on only with a token (scripts/serve.sh); the test stacks turn it on
# with this one, so that tests can read the stored conversations.
TEST_API_TOKEN = "stack-test-api-token"


def tracker(base: str, sender: str, token: Optional[str]) -> Dict:
    """A conversation as Rasa stored it (its HTTP API, with the token)."""
    response = requests.get(
        f"{base}/conversations/{sender}/tracker", params={"token": token} if token else None, timeout=30
    )
    response.raise_for_status()
    return response.json()


def chat_ready_url(base: str) -> str:
    """The REST channel's own health check: it answers once the model is loaded, with or
    without the HTTP API."""
    return f"{base}/webhooks/rest/"


def say(base: str, sender: str, message: str) -> str:
    """The bot's whole reply to one message (REST splits text on blank lines)."""
    response = requests.post(f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60)
    response.raise_for_status()
    return "\n\n".join(part.get("text", "") for part in response.json()).strip()


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
        return dict(self.env, ACTION_SERVER_URL=f"http://127.0.0.1:{self.env['ACTION_PORT']}/webhook", **settings)

    @property
    def api_token(self) -> Optional[str]:
        return self.env.get("RASA_API_TOKEN") or None

    def tracker(self, sender: str, base: Optional[str] = None) -> Dict:
        return tracker(base or self.base, sender, self.api_token)

    def case_api_pids(self) -> List[int]:
        """The case API process started by run.sh (found by its port's command line)."""
        out = subprocess.run(["ps", "-eo", "pid=,pgid=,args="], capture_output=True, text=True, check=True).stdout
        return [
            int(line.split()[0])
            for line in out.splitlines()
            if int(line.split()[1]) == self.process.pid and "-m caseapi" in line
        ]

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


def _wait_for_rasa(what: str, url: str, process: subprocess.Popen, log: Path) -> None:
    """`url` answers (polled each second: Rasa takes a while to load its model)."""
    wait_for(answers(url), f"{what} (waiting for {url})", process, log, START_TIMEOUT_S, interval=1)


@contextmanager
def running_stack(model_path: Path, workdir: Path, **extra_env: str) -> Iterator[Stack]:
    """Starts scripts/run.sh with its own ports, tracker database and case database; its
    output goes to workdir/run.log."""
    env = dict(os.environ, RASA_API_TOKEN=TEST_API_TOKEN)
    env.update(
        RASA_PORT=str(free_port()),
        ACTION_PORT=str(free_port()),
        CASE_API_PORT=str(free_port()),
        WEB_PORT=str(free_port()),
        TRACKER_DB=str(workdir / "tracker.db"),
        DATABASE_URL=f"sqlite:///{workdir / 'cases.db'}",
        MODEL=str(model_path),
    )
    env.update(extra_env)
    for derived in DERIVED:
        if derived not in extra_env:  # else env.sh would derive it from the new ports
            env.pop(derived, None)
    log = workdir / "run.log"
    process = start(["bash", "scripts/run.sh"], log, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{env['RASA_PORT']}"
    web = f"http://localhost:{env['WEB_PORT']}"
    try:
        _wait_for_rasa("scripts/run.sh", f"http://127.0.0.1:{env['CASE_API_PORT']}/health", process, log)
        _wait_for_rasa("scripts/run.sh", f"http://127.0.0.1:{env['ACTION_PORT']}/health", process, log)
        _wait_for_rasa("scripts/run.sh", f"{web}/health", process, log)
        stack = Stack(base=base, web=web, log=log, env=env, process=process)
        for server in stack.rasa_servers():
            _wait_for_rasa("scripts/run.sh", chat_ready_url(server), process, log)
        yield stack
    finally:
        stop_process(process, STACK_STOP_GRACE_S)


@contextmanager
def rasa_server(model_path: Path, env: Dict[str, str], log: Path) -> Iterator[str]:
    """One `rasa run` on a free port with the project's endpoints and channels; settings
    missing from `env` get scripts/env.sh's defaults. Its output is added to `log`."""
    port = free_port()
    process = start(
        ["bash", "scripts/serve.sh", "rasa", str(port)],
        log,
        append=True,
        cwd=ROOT,
        env=dict(env, MODEL=str(model_path)),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_rasa("rasa run", chat_ready_url(base), process, log)
        yield base
    finally:
        stop_process(process, STACK_STOP_GRACE_S)


# --- the case API --------------------------------------------------------------------------

BOT_TOKEN = "test-bot-token"
ADMIN_TOKEN = "test-coach-token"


def _auth(token: Optional[str]) -> dict:
    return {"Authorization": f"Bearer {token}"} if token else {}


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


@contextmanager
def run_case_api(database_url: str, workdir: Path, **env: str) -> Iterator[CaseApiServer]:
    """`python -m caseapi` on a free port, with the test tokens and the default lockout
    (5 failures, 15 minutes) and demo cases unless `env` says otherwise; waits for
    /health. Its output goes to workdir/caseapi.log."""
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
    server = CaseApiServer(f"http://127.0.0.1:{port}", database_url, workdir / "caseapi.log")
    process = start([sys.executable, "-m", "caseapi"], server.log_path, cwd=workdir, env=environment)
    try:
        wait_for(
            lambda: requests.get(server.url + "/health", timeout=1).status_code == 200,
            "case API",
            process,
            server.log_path,
            SERVICE_TIMEOUT_S,
        )
        yield server
    finally:
        stop_process(process)


# --- PostgreSQL ----------------------------------------------------------------------------


def _postgres_bin_dir() -> Optional[Path]:
    def complete(directory: Path) -> bool:
        return (directory / "initdb").exists() and (directory / "postgres").exists()

    initdb = shutil.which("initdb")
    if initdb and complete(Path(initdb).resolve().parent):
        return Path(initdb).resolve().parent

    def version(directory: str) -> list:
        return [int(part) for part in re.findall(r"\d+", Path(directory).parent.name)]

    for directory in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if complete(Path(directory)):
            return Path(directory)
    return None


@contextmanager
def running_postgres(database: str = "cases") -> Iterator[str]:
    """A fresh PostgreSQL on a free port of 127.0.0.1 (trust auth) with an empty
    `database`; yields its URL."""
    bin_dir = _postgres_bin_dir()
    if bin_dir is None:
        debian.install("postgresql")
        bin_dir = _postgres_bin_dir()
    if bin_dir is None:
        if os.environ.get("SPOORWIJZER_SKIP_POSTGRES") == "1":
            pytest.skip("PostgreSQL not found (SPOORWIJZER_SKIP_POSTGRES=1)")
        raise StackError(
            "PostgreSQL not found: install it (Debian: apt-get install postgresql; initdb and postgres "
            "on PATH or in /usr/lib/postgresql/*/bin), or set SPOORWIJZER_SKIP_POSTGRES=1 to skip"
        )
    # PostgreSQL refuses to run as root: then it runs as the postgres user.
    as_postgres = dict(user="postgres", group="postgres", extra_groups=[]) if os.geteuid() == 0 else {}
    root = Path(tempfile.mkdtemp(prefix="spoorwijzer-pg-"))
    if as_postgres:
        shutil.chown(root, "postgres", "postgres")
    data, port, log = root / "data", free_port(), root / "server.log"
    process = None
    try:
        initdb = subprocess.run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            cwd=root,
            capture_output=True,
            text=True,
            **as_postgres,
        )
        if initdb.returncode != 0:
            raise StackError(f"initdb failed:\n{initdb.stdout}\n{initdb.stderr}")
        process = start(
            [
                str(bin_dir / "postgres"),
                "-D",
                str(data),
                "-p",
                str(port),
                "-k",
                str(root),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
            ],
            log,
            cwd=root,
            **as_postgres,
        )
        import psycopg2

        def connect():
            return psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres", connect_timeout=2)

        wait_for(lambda: connect().close() is None, "PostgreSQL", process, log, POSTGRES_TIMEOUT_S)
        connection = connect()
        connection.autocommit = True
        connection.cursor().execute(f"CREATE DATABASE {database}")
        connection.close()
        yield f"postgresql://postgres@127.0.0.1:{port}/{database}"
    finally:
        if process is not None:
            stop_process(process, first_signal=signal.SIGINT)  # SIGINT: PostgreSQL's fast shutdown
        shutil.rmtree(root, ignore_errors=True)


# --- Redis ---------------------------------------------------------------------------------


@contextmanager
def running_redis() -> Iterator[int]:
    """A fresh Redis without persistence; yields its port."""
    binary = _binary("redis-server", "redis-server")
    root, port = Path(tempfile.mkdtemp(prefix="spoorwijzer-redis-")), free_port()
    log = root / "redis.log"
    process = start(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(root)],
        log,
    )
    try:
        import redis

        client = redis.Redis(host="127.0.0.1", port=port)
        wait_for(client.ping, "Redis", process, log, SERVICE_TIMEOUT_S)
        yield port
    finally:
        stop_process(process)
        shutil.rmtree(root, ignore_errors=True)


# --- nginx ---------------------------------------------------------------------------------

NGINX_TEMPLATE = ROOT / "deploy" / "nginx" / "spoorwijzer.conf.template"


def render_nginx_site(values: Dict[str, str]) -> str:
    """deploy/nginx/spoorwijzer.conf.template with ${...} filled in, as the nginx Docker
    image's envsubst does it: only the given names, nginx's own $variables stay."""
    return string.Template(NGINX_TEMPLATE.read_text()).safe_substitute(values)


@contextmanager
def running_nginx(site_values: Dict[str, str], port: Optional[int] = None) -> Iterator[str]:
    """nginx in the foreground with the project's site configuration; yields its URL."""
    binary = _binary("nginx", "nginx", "/usr/sbin/nginx")
    root, port = Path(tempfile.mkdtemp(prefix="spoorwijzer-nginx-")), port or free_port()
    root.chmod(0o755)  # nginx's workers drop root for "nobody": they must reach the temp dirs
    (root / "spoorwijzer.conf").write_text(render_nginx_site({**site_values, "LISTEN_PORT": str(port)}))
    for temp in ("client_body", "proxy"):
        (root / temp).mkdir()
        (root / temp).chmod(0o777)
    log = root / "error.log"
    (root / "nginx.conf").write_text(f"""
daemon off;
worker_processes 1;
pid {root}/nginx.pid;
error_log {log} info;
events {{ worker_connections 1024; }}
http {{
    access_log {root}/access.log;
    client_body_temp_path {root}/client_body;
    proxy_temp_path {root}/proxy;
    include {root}/spoorwijzer.conf;
}}
""")
    command = [binary, "-p", str(root), "-e", str(log), "-c", str(root / "nginx.conf")]
    check = subprocess.run(command + ["-t"], capture_output=True, text=True)
    if check.returncode != 0:
        raise StackError(f"nginx refuses the configuration:\n{check.stderr}")
    process = start(command, log, append=True)  # what it says before it opens error_log
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(answers(url + "/nginx-health", timeout=1), "nginx", process, log, SERVICE_TIMEOUT_S)
        yield url
    finally:
        stop_process(process)
        shutil.rmtree(root, ignore_errors=True)


# --- the scaled stack ----------------------------------------------------------------------


@dataclass
class ScaledStack:
    servers: Tuple[str, str]  # the two Rasa servers, reached directly
    public: str  # nginx: the website, the chat channels
    tracker_store_url: str


@contextmanager
def running_scaled_stack(model_path: Path, workdir: Path) -> Iterator[ScaledStack]:
    """The production shape on one machine: PostgreSQL, Redis, two Rasa servers sharing
    them (`RASA_SERVERS=2 make run`) and nginx in front. Used by tests/test_scale_out.py
    and `make bench-scaled`."""
    public_port = free_port()
    public = f"http://127.0.0.1:{public_port}"
    with running_postgres("spoorwijzer") as tracker_store_url, running_redis() as redis_port:
        settings = dict(
            TRACKER_STORE_URL=tracker_store_url,
            LOCK_STORE="redis",
            REDIS_HOST="127.0.0.1",
            REDIS_PORT=str(redis_port),
            CORS_ORIGINS=public,
            FAQ_BASE_URL=public,
            RASA_SOCKET_URL=public,
        )
        with running_stack(model_path, workdir, RASA_PORT=str(free_ports(2)), RASA_SERVERS="2", **settings) as stack:
            first, second = stack.rasa_servers()
            upstreams = {
                "RASA_1": first.split("//")[1],
                "RASA_2": second.split("//")[1],
                "WEB": f"127.0.0.1:{stack.env['WEB_PORT']}",
            }
            with running_nginx(upstreams, port=public_port):
                yield ScaledStack((first, second), public, tracker_store_url)


# What starts a server: tests/conftest.py marks a test `stack` when it, one of its
# fixtures or a helper of its module uses one of these.
STARTERS = frozenset(
    {
        "running_stack",
        "rasa_server",
        "run_case_api",
        "running_postgres",
        "running_redis",
        "running_nginx",
        "running_scaled_stack",
    }
)

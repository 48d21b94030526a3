"""Real servers from Debian's packages that the tests start themselves: PostgreSQL,
Redis and nginx, each on a free port of 127.0.0.1 in a throw-away folder. A missing
package is installed with apt-get when the tests run as root (CI does)."""
from __future__ import annotations

import glob
import os
import re
import shutil
import string
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, Optional, Tuple

import pytest
import requests

from tests import debian
from tests.stack import free_port, free_ports, running_stack

ROOT = Path(__file__).resolve().parent.parent
NGINX_TEMPLATE = ROOT / "deploy" / "nginx" / "spoorwijzer.conf.template"


def _wait(check, what: str, log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # not up yet
            pass
        time.sleep(0.1)
    text = log.read_text(errors="replace")[-3000:] if log.exists() else "(no log)"
    pytest.fail(f"{what} did not start within {timeout:g} s:\n{text}")


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM, and SIGKILL when it has not stopped after 15 s."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _binary(name: str, package: str, *candidates: str) -> str:
    def find() -> Optional[str]:
        return shutil.which(name) or next((c for c in candidates if os.access(c, os.X_OK)), None)

    found = find()
    if found is None:
        debian.install(package)
        found = find()
    if found is None:
        pytest.fail(f"{name} not found: install Debian's {package} package (apt-get install {package})")
    return found


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
def running_postgres(database: str = "cases") -> Iterator[str]:
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
        connection.cursor().execute(f"CREATE DATABASE {database}")
        connection.close()
        yield f"postgresql://postgres@127.0.0.1:{port}/{database}"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(prefix + [pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], cwd=root,
                           capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


# --- Redis ---------------------------------------------------------------------------------


@contextmanager
def running_redis() -> Iterator[int]:
    """A fresh Redis without persistence; yields its port."""
    binary = _binary("redis-server", "redis-server")
    root, port = Path(tempfile.mkdtemp(prefix="spoorwijzer-redis-")), free_port()
    log = root / "redis.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(root)], stdout=out, stderr=subprocess.STDOUT)
    try:
        import redis

        client = redis.Redis(host="127.0.0.1", port=port)
        _wait(client.ping, "Redis", log)
        yield port
    finally:
        stop_process(process)
        shutil.rmtree(root, ignore_errors=True)


# --- nginx ---------------------------------------------------------------------------------


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
        pytest.fail(f"nginx refuses the configuration:\n{check.stderr}")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: requests.get(url + "/nginx-health", timeout=1).ok, "nginx", log)
        yield url
    finally:
        stop_process(process)
        shutil.rmtree(root, ignore_errors=True)


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
        settings = dict(TRACKER_STORE_URL=tracker_store_url, LOCK_STORE="redis",
                        REDIS_HOST="127.0.0.1", REDIS_PORT=str(redis_port),
                        CORS_ORIGINS=public, FAQ_BASE_URL=public, RASA_SOCKET_URL=public)
        with running_stack(model_path, workdir, RASA_PORT=str(free_ports(2)), RASA_SERVERS="2",
                           **settings) as stack:
            first, second = stack.rasa_servers()
            upstreams = {"RASA_1": first.split("//")[1], "RASA_2": second.split("//")[1],
                         "WEB": f"127.0.0.1:{stack.env['WEB_PORT']}"}
            with running_nginx(upstreams, port=public_port):
                yield ScaledStack((first, second), public, tracker_store_url)

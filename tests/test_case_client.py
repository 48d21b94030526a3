"""actions/case_client.py against the real case API, a dead port and tiny misbehaving servers."""

from __future__ import annotations

import socket
import threading
import time
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from actions.case_client import CaseClient, CaseLocked, CaseNotFound, CaseServiceUnavailable, CaseView
from spoorwijzer.poortwachter.termijnen import DUTCH_TIME
from tests.servers import ADMIN_TOKEN, BOT_TOKEN, free_port, run_case_api

LOCK_SECONDS = 3


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    """The service with a short lockout: 3 failures lock a dossier for 3 seconds."""
    workdir = tmp_path_factory.mktemp("caseapi-client")
    with run_case_api(
        f"sqlite:///{workdir / 'cases.db'}",
        workdir,
        CASE_API_MAX_FAILED="3",
        CASE_API_LOCK_MINUTES=str(LOCK_SECONDS / 60),
    ) as server:
        yield server


@pytest.fixture(scope="module")
def client(api) -> CaseClient:
    return CaseClient(api.url, BOT_TOKEN, timeout=3)


def test_lookup_gives_a_case_view(client):
    case = client.lookup("RI-2026-0001", "482913")
    assert isinstance(case, CaseView)
    assert case.phase == "orientatie"
    assert case.first_sick_day == date(2026, 1, 12)
    assert isinstance(case.phase_since, date)
    # aware, with the Dutch offset of that day (summer time)
    assert case.next_appointment == datetime(2026, 4, 14, 10, 0, tzinfo=DUTCH_TIME)
    assert case.next_appointment.utcoffset().total_seconds() == 2 * 3600
    assert case.coach_name == "Sanne"


def test_wrong_code_or_unknown_dossier_is_not_found(client):
    with pytest.raises(CaseNotFound):
        client.lookup("RI-2026-0002", "000001")
    with pytest.raises(CaseNotFound):
        client.lookup("RI-2029-0099", "000001")
    with pytest.raises(CaseNotFound):  # not even a dossiernummer: no request at all
        client.lookup("mijn dossier", "12")


def test_lockout_raises_case_locked_until_it_runs_out(api, client):
    dossiernummer = "RI-2026-0003"  # demo case, code 195806
    for _ in range(3):
        with pytest.raises(CaseNotFound):
            client.lookup(dossiernummer, "000002")
    with pytest.raises(CaseLocked) as locked:
        client.lookup(dossiernummer, "195806")
    assert locked.value.retry_after_minutes == 1
    time.sleep(LOCK_SECONDS + 0.3)
    assert client.lookup(dossiernummer, "195806").phase == "arbeidsmarktgericht"


def test_refused_token_means_service_unavailable(api):
    with pytest.raises(CaseServiceUnavailable):
        CaseClient(api.url, "not-the-token").lookup("RI-2026-0001", "482913")


def test_health(api, client):
    assert client.health() is True
    assert CaseClient(api.url, ADMIN_TOKEN).health() is True


def test_from_env(api, monkeypatch):
    monkeypatch.setenv("CASE_API_URL", api.url)
    monkeypatch.setenv("CASE_API_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("CASE_API_TIMEOUT", "1.5")
    client = CaseClient.from_env()
    assert client.timeout == 1.5
    assert client.lookup("RI-2026-0001", "482913").dossiernummer == "RI-2026-0001"


def test_dead_port_fails_fast():
    client = CaseClient(f"http://127.0.0.1:{free_port()}", BOT_TOKEN, timeout=3)
    started = time.monotonic()
    with pytest.raises(CaseServiceUnavailable):
        client.lookup("RI-2026-0001", "482913")
    assert client.health() is False
    assert time.monotonic() - started < 5


# --- tiny servers outside the project ------------------------------------------------------


class SilentServer:
    """Accepts connections and reads, but never answers. Counts the connections."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.connections = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        self.sock.close()
        for connection in self.connections:
            connection.close()


class Unavailable(BaseHTTPRequestHandler):
    requests = 0

    def do_GET(self):
        self._answer()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._answer()

    def _answer(self):
        type(self).requests += 1
        body = b'{"detail": "maintenance"}'
        self.send_response(503)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


@pytest.fixture
def unavailable_server():
    Unavailable.requests = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Unavailable)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_slow_server_times_out_and_lookup_is_not_retried(silent_server):
    client = CaseClient(silent_server.url, BOT_TOKEN, timeout=0.5)
    started = time.monotonic()
    with pytest.raises(CaseServiceUnavailable):
        client.lookup("RI-2026-0001", "482913")
    assert 0.4 < time.monotonic() - started < 1.5
    assert len(silent_server.connections) == 1  # a POST that may have arrived is not repeated


def test_slow_server_health_is_retried_once(silent_server):
    client = CaseClient(silent_server.url, BOT_TOKEN, timeout=0.5)
    started = time.monotonic()
    assert client.health() is False
    assert 0.9 < time.monotonic() - started < 2.5
    assert len(silent_server.connections) == 2


def test_503_is_retried_once_for_health_only(unavailable_server):
    client = CaseClient(f"http://127.0.0.1:{unavailable_server.server_address[1]}", BOT_TOKEN, timeout=2)
    assert client.health() is False
    assert Unavailable.requests == 2
    Unavailable.requests = 0
    with pytest.raises(CaseServiceUnavailable):
        client.lookup("RI-2026-0001", "482913")
    assert Unavailable.requests == 1

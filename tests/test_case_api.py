"""The case API, served for real (`python -m caseapi`) on SQLite and on PostgreSQL."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date, datetime

from sqlalchemy import create_engine

from caseapi.models import Base
from caseapi.openapi import OPENAPI_FILE, openapi_json
from tests.servers import ADMIN_TOKEN, BOT_TOKEN, ROOT, free_port, run_case_api

DEMO = {"dossiernummer": "RI-2026-0001", "code": "482913"}
LOOKUP = "/v1/cases/lookup"
_serials = itertools.count(1)


def new_dossiernummer() -> str:
    """A dossiernummer no other test uses, so lockouts of one test never touch another."""
    return f"RI-2031-{next(_serials):04d}"


def create_case(server, code: str = "135790", **fields) -> dict:
    body = {
        "dossiernummer": new_dossiernummer(),
        "code": code,
        "first_sick_day": "2026-03-02",
        "phase": "intake",
        "coach_name": "Sanne",
        "coach_contact": "sanne@voorbeeld-reintegratie.nl",
        **fields,
    }
    response = server.post("/v1/cases", body, token=ADMIN_TOKEN)
    assert response.status_code == 201, response.text
    return response.json()


def lookup(server, dossiernummer: str, code: str, token: str = BOT_TOKEN):
    return server.post(LOOKUP, {"dossiernummer": dossiernummer, "code": code}, token=token)


def test_health(case_api):
    response = case_api.get("/health", token=None)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_demo_case_lookup(case_api):
    response = case_api.post(LOOKUP, DEMO)
    assert response.status_code == 200
    case = response.json()
    assert case["dossiernummer"] == "RI-2026-0001"
    assert case["phase"] == "orientatie"
    assert case["first_sick_day"] == "2026-01-12"
    assert case["coach_name"] and case["coach_contact"]
    assert set(case) == {
        "dossiernummer",
        "first_sick_day",
        "phase",
        "phase_since",
        "coach_name",
        "coach_contact",
        "next_appointment",
    }


def test_wrong_code_and_unknown_dossier_answer_alike(case_api):
    case = create_case(case_api, code="246801")
    wrong_code = lookup(case_api, case["dossiernummer"], "246802")
    unknown = lookup(case_api, new_dossiernummer(), "246801")
    assert wrong_code.status_code == unknown.status_code == 404
    assert wrong_code.content == unknown.content == b'{"detail":"not_found"}'
    assert {k: v for k, v in wrong_code.headers.items() if k.lower() != "date"} == {
        k: v for k, v in unknown.headers.items() if k.lower() != "date"
    }


def test_lockout_after_five_failures_even_with_right_code(case_api):
    case = create_case(case_api, code="112233")
    unknown = new_dossiernummer()
    for dossiernummer in (case["dossiernummer"], unknown):
        statuses = [lookup(case_api, dossiernummer, "999999").status_code for _ in range(5)]
        assert statuses == [404] * 5
    locked = lookup(case_api, case["dossiernummer"], "112233")
    locked_unknown = lookup(case_api, unknown, "112233")
    assert locked.status_code == locked_unknown.status_code == 423
    assert locked.json() == locked_unknown.json() == {"detail": "locked", "retry_after_minutes": 15}
    assert 14 * 60 < int(locked.headers["Retry-After"]) <= 15 * 60


def test_success_resets_the_failure_count(case_api):
    case = create_case(case_api, code="445566")
    for _ in range(2):
        assert [lookup(case_api, case["dossiernummer"], "000000").status_code for _ in range(4)] == [404] * 4
        assert lookup(case_api, case["dossiernummer"], "445566").status_code == 200


def test_tokens(case_api):
    assert case_api.post(LOOKUP, DEMO, token=None).status_code == 401
    wrong = case_api.post(LOOKUP, DEMO, token="not-the-token")
    assert wrong.status_code == 401 and wrong.json() == {"detail": "unauthorized"}
    assert case_api.get("/v1/cases/RI-2026-0001/history", token=None).status_code == 401
    # The bot's token may only look up.
    assert (
        case_api.post(
            "/v1/cases", {"first_sick_day": "2026-03-02", "coach_name": "X", "coach_contact": "x@y.nl"}, token=BOT_TOKEN
        ).status_code
        == 403
    )
    assert (
        case_api.post(
            "/v1/cases/RI-2026-0001/phase", {"phase": "nazorg", "changed_by": "X"}, token=BOT_TOKEN
        ).status_code
        == 403
    )
    assert case_api.get("/v1/cases/RI-2026-0001/history", token=BOT_TOKEN).status_code == 403
    assert case_api.post(LOOKUP, DEMO, token=ADMIN_TOKEN).status_code == 200


def test_create_change_phase_and_history(case_api):
    created = case_api.post(
        "/v1/cases",
        {
            "first_sick_day": "2026-03-02",
            "coach_name": "Daan",
            "coach_contact": "020 123 4567",
            "next_appointment": "2026-04-01T10:00:00",
            "changed_by": "Fatima",
        },
        token=ADMIN_TOKEN,
    )
    assert created.status_code == 201, created.text
    case = created.json()
    assert re.fullmatch(rf"RI-{date.today().year}-\d{{4}}", case["dossiernummer"])
    assert re.fullmatch(r"\d{6}", case["code"])
    assert case["phase"] == "intake" and case["phase_since"] == date.today().isoformat()
    dossiernummer = case["dossiernummer"]

    found = lookup(case_api, dossiernummer, case["code"])
    assert found.status_code == 200 and "code" not in found.json()
    assert found.json()["next_appointment"] == "2026-04-01T10:00:00+02:00"  # Dutch summer time

    again = case_api.post(
        "/v1/cases",
        {
            "dossiernummer": dossiernummer,
            "first_sick_day": "2026-03-02",
            "coach_name": "Daan",
            "coach_contact": "d@x.nl",
        },
        token=ADMIN_TOKEN,
    )
    assert again.status_code == 409

    moved = case_api.post(
        f"/v1/cases/{dossiernummer}/phase",
        {"phase": "arbeidsmarktgericht", "changed_by": "Daan", "next_appointment": None},
        token=ADMIN_TOKEN,
    )
    assert moved.status_code == 200
    assert moved.json()["phase"] == "arbeidsmarktgericht"
    assert moved.json()["phase_since"] == date.today().isoformat()
    assert moved.json()["next_appointment"] is None

    history = case_api.get(f"/v1/cases/{dossiernummer}/history").json()
    changes = history["changes"]
    assert [(c["from_phase"], c["to_phase"], c["changed_by"]) for c in changes] == [
        (None, "intake", "Fatima"),
        ("intake", "arbeidsmarktgericht", "Daan"),
    ]
    stamps = [datetime.fromisoformat(c["changed_at"]) for c in changes]
    assert all(stamp.utcoffset().total_seconds() == 0 for stamp in stamps)
    assert stamps[0] <= stamps[1]

    unknown = new_dossiernummer()
    assert (
        case_api.post(
            f"/v1/cases/{unknown}/phase", {"phase": "nazorg", "changed_by": "X"}, token=ADMIN_TOKEN
        ).status_code
        == 404
    )
    assert case_api.get(f"/v1/cases/{unknown}/history").status_code == 404


def test_malformed_input(case_api):
    for body in (
        {"dossiernummer": "ri 2026 1", "code": "482913"},
        {"dossiernummer": "RI-2026-0001", "code": "48291"},
        {"dossiernummer": "RI-2026-0001"},
    ):
        response = case_api.post(LOOKUP, body)
        assert response.status_code == 422
        assert "48291" not in response.text  # the input is not echoed
    assert (
        case_api.post(
            "/v1/cases",
            {"first_sick_day": "2026-03-02", "phase": "ziek", "coach_name": "A", "coach_contact": "a@b.nl"},
            token=ADMIN_TOKEN,
        ).status_code
        == 422
    )


def test_codes_are_hashed_in_the_database(case_api):
    create_case(case_api, code="807162")
    codes = {"807162", DEMO["code"]}
    engine = create_engine(case_api.database_url)
    with engine.connect() as connection:
        values = [
            str(value)
            for table in Base.metadata.sorted_tables
            for row in connection.execute(table.select())
            for value in row
        ]
    engine.dispose()
    assert values
    assert not [value for value in values if any(code in value for code in codes)]
    assert any(value.startswith("scrypt$") for value in values)


def test_codes_and_dossiernummers_are_not_in_the_log(case_api):
    case = create_case(case_api, code="918273")
    lookup(case_api, case["dossiernummer"], "918273")
    lookup(case_api, case["dossiernummer"], "918274")
    case_api.post(f"/v1/cases/{case['dossiernummer']}/phase", {"phase": "nazorg", "changed_by": "X"}, token=ADMIN_TOKEN)
    case_api.post(LOOKUP, DEMO)
    log = case_api.log()
    assert "lookup RI-2031-****: ok" in log and "/v1/cases/RI-2031-****/phase" in log
    for secret in ("918273", "918274", DEMO["code"], case["dossiernummer"], DEMO["dossiernummer"]):
        assert secret not in log


def test_openapi_lists_the_endpoints(case_api):
    spec = case_api.get("/openapi.json", token=None).json()
    assert spec["info"]["title"] and spec["info"]["version"]
    assert {
        "/health",
        "/v1/cases/lookup",
        "/v1/cases",
        "/v1/cases/{dossiernummer}/phase",
        "/v1/cases/{dossiernummer}/history",
    } <= set(spec["paths"])
    assert spec == json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))


def test_committed_openapi_file_is_current():
    assert OPENAPI_FILE.read_text(encoding="utf-8") == openapi_json(), (
        "docs/case-api.openapi.json is out of date: run `python -m caseapi.openapi --write`"
    )


def run_cli(server, *args: str, token: str = ADMIN_TOKEN, url: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CASE_API_URL": url or server.url, "CASE_API_ADMIN_TOKEN": token}
    return subprocess.run(
        [sys.executable, "-m", "caseapi.cli", *args], env=env, capture_output=True, text=True, timeout=30
    )


def test_cli(case_api):
    created = run_cli(
        case_api,
        "create",
        "--first-sick-day",
        "2026-03-02",
        "--phase",
        "intake",
        "--coach-name",
        "Sanne",
        "--coach-contact",
        "sanne@voorbeeld-reintegratie.nl",
    )
    assert created.returncode == 0, created.stderr
    dossiernummer = re.search(r"RI-\d{4}-\d{4}", created.stdout).group()
    code = re.search(r"Code:\s+(\d{6})", created.stdout).group(1)
    assert lookup(case_api, dossiernummer, code).status_code == 200

    moved = run_cli(case_api, "phase", dossiernummer, "arbeidsmarktgericht", "--by", "Sanne")
    assert moved.returncode == 0, moved.stderr
    assert "arbeidsmarktgericht" in moved.stdout

    history = run_cli(case_api, "history", dossiernummer)
    assert history.returncode == 0, history.stderr
    assert "(nieuw) -> intake" in history.stdout and "intake -> arbeidsmarktgericht  door Sanne" in history.stdout

    missing = run_cli(case_api, "history", new_dossiernummer())
    assert missing.returncode == 1 and "niet gevonden" in missing.stderr
    duplicate = run_cli(
        case_api,
        "create",
        "--dossiernummer",
        dossiernummer,
        "--first-sick-day",
        "2026-03-02",
        "--coach-name",
        "Sanne",
        "--coach-contact",
        "s@x.nl",
    )
    assert duplicate.returncode == 1 and "bestaat al" in duplicate.stderr
    refused = run_cli(case_api, "history", dossiernummer, token="wrong")
    assert refused.returncode == 1 and "401" in refused.stderr
    down = run_cli(case_api, "history", dossiernummer, url=f"http://127.0.0.1:{free_port()}")
    assert down.returncode == 1 and "niet bereikbaar" in down.stderr


def test_health_503_when_the_database_is_gone_and_demo_data_can_be_off(tmp_path):
    (tmp_path / "db").mkdir()
    with run_case_api(f"sqlite:///{tmp_path / 'db' / 'cases.db'}", tmp_path, CASE_API_DEMO_DATA="0") as server:
        assert server.post(LOOKUP, DEMO).status_code == 404
        shutil.rmtree(tmp_path / "db")
        response = server.get("/health", token=None)
        assert response.status_code == 503 and response.json() == {"status": "unavailable"}

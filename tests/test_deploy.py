"""The production files agree with the code they start: deploy/docker-compose.yml only
sets settings the project reads, gives nginx every value its template needs, and starts
processes that scripts/serve.sh knows. (The compose setup itself needs Docker; what it
runs is the stack of tests/test_scale_out.py.)"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
# Read by the case API or the Rasa server itself rather than through scripts/env.sh.
READ_ELSEWHERE = {"CASE_API_HOST", "CASE_API_DEMO_DATA", "CONVERSATION_RETENTION_DAYS", "WEB_HOST"}
# Where the settings are documented: the README's summary, the full table, production.
SETTINGS_DOCS = ("README.md", "docs/configuration.md", "docs/operations.md")


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def project_settings() -> set:
    docs = "".join((ROOT / doc).read_text() for doc in SETTINGS_DOCS)
    text = (ROOT / "scripts" / "env.sh").read_text() + docs
    return set(re.findall(r"\b([A-Z][A-Z0-9_]{2,})\b", text))


def test_every_setting_in_compose_is_one_the_project_reads():
    known = project_settings() | READ_ELSEWHERE
    for name, service in compose()["services"].items():
        if service.get("image", "").startswith(("nginx", "postgres", "redis")):
            continue
        unknown = set(service["environment"]) - known
        assert not unknown, f"{name}: {unknown}"


def test_the_readme_documents_every_setting_compose_sets():
    readme = "".join((ROOT / doc).read_text() for doc in SETTINGS_DOCS)
    rasa = compose()["services"]["rasa1"]["environment"]
    missing = [name for name in rasa if f"`{name}`" not in readme]
    assert not missing


def test_nginx_gets_every_value_its_template_needs():
    template = (DEPLOY / "nginx" / "spoorwijzer.conf.template").read_text()
    needed = set(re.findall(r"\$\{([A-Z0-9_]+)\}", template))
    nginx = compose()["services"]["nginx"]
    assert needed == set(nginx["environment"])
    for upstream in ("RASA_1", "RASA_2", "WEB"):
        assert nginx["environment"][upstream].split(":")[0] in compose()["services"]


def test_every_process_is_one_serve_sh_starts():
    for name, service in compose()["services"].items():
        command = service.get("command") or []
        if command[:2] == ["bash", "scripts/serve.sh"]:
            assert command[2] in {"rasa", "actions", "caseapi", "website"}, name
    usage = subprocess.run(
        ["bash", "scripts/serve.sh", "nonsense"], cwd=ROOT, capture_output=True, text=True, timeout=30
    )
    assert usage.returncode == 2 and "usage: scripts/serve.sh" in usage.stderr


def test_the_scaled_services_share_conversations_through_postgresql_and_redis():
    rasa = compose()["services"]["rasa1"]["environment"]
    assert rasa["LOCK_STORE"] == "redis" and rasa["TRACKER_STORE_URL"].startswith("postgresql://")
    assert compose()["services"]["rasa2"]["environment"] == rasa


SECRETS = {"RASA_API_TOKEN", "CASE_API_TOKEN", "CASE_API_ADMIN_TOKEN", "TRACKER_STORE_URL", "DATABASE_URL"}


def test_each_service_gets_only_the_secrets_it_needs():
    services = compose()["services"]
    needs = {
        "rasa1": {"RASA_API_TOKEN", "TRACKER_STORE_URL"},
        "rasa2": {"RASA_API_TOKEN", "TRACKER_STORE_URL"},
        "actions": {"CASE_API_TOKEN"},
        "caseapi": {"CASE_API_TOKEN", "CASE_API_ADMIN_TOKEN", "DATABASE_URL"},
        "website": set(),
        "retention": {"TRACKER_STORE_URL"},
    }
    for name, needed in needs.items():
        assert SECRETS & set(services[name]["environment"]) == needed, name


def test_filled_in_secrets_stay_out_of_the_image():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert "**/.env" in ignored and ".git" in ignored and ".venv" in ignored


def test_only_nginx_is_published_and_the_backends_are_on_the_internal_network_only():
    spec = compose()
    services = spec["services"]
    assert spec["networks"]["internal"] == {"internal": True}
    for name in ("actions", "caseapi", "postgres", "redis", "retention"):
        assert services[name]["networks"] == ["internal"], name
    assert services["nginx"]["networks"] == ["edge"]
    assert set(services["rasa1"]["networks"]) == {"edge", "internal"} == set(services["rasa2"]["networks"])
    assert [name for name, service in services.items() if service.get("ports")] == ["nginx"]


def test_the_shell_defaults_of_the_case_api_are_the_pythons():
    """scripts/env.sh and spoorwijzer/case_api_defaults.py name the same development
    defaults, so a server started either way finds the case API."""
    from spoorwijzer import case_api_defaults

    keep = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "")}
    shell = subprocess.run(
        ["bash", "-c", ". scripts/env.sh >/dev/null && env"],
        cwd=ROOT,
        env=keep,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    values = dict(line.split("=", 1) for line in shell.splitlines() if "=" in line)
    assert values["CASE_API_PORT"] == str(case_api_defaults.PORT)
    assert values["CASE_API_URL"] == case_api_defaults.URL
    assert values["CASE_API_TOKEN"] == case_api_defaults.DEV_BOT_TOKEN
    assert values["CASE_API_ADMIN_TOKEN"] == case_api_defaults.DEV_ADMIN_TOKEN
    assert float(values["CASE_API_TIMEOUT"]) == case_api_defaults.TIMEOUT_S

"""Shared fixtures: the project's real domain, training data and trained model."""
from __future__ import annotations

import asyncio
import contextlib
import os
from pathlib import Path

import pytest

from tests.browser import chromium, page  # noqa: F401 (fixtures for the browser tests)

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / os.environ.get("MODEL", "models/spoorwijzer.tar.gz")


def _importer():
    from rasa.shared.importers.importer import TrainingDataImporter

    return TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    )


@pytest.fixture(scope="session")
def importer():
    return _importer()


@pytest.fixture(scope="session")
def domain(importer):
    """The domain as Rasa sends it to the action server (answers merged in)."""
    return importer.get_domain().as_dict()


@pytest.fixture(scope="session")
def nlu_data(importer):
    return importer.get_nlu_data()


@pytest.fixture(scope="session")
def model_path() -> Path:
    if not MODEL.is_file():
        pytest.fail(f"{MODEL} not found: run `make train` first (make test does)")
    return MODEL


@pytest.fixture(scope="session")
def agent(model_path):
    """The trained model, loaded once for the whole session (loading takes ~30 s)."""
    from rasa.core.agent import Agent

    return Agent.load(str(model_path))


@pytest.fixture(scope="session")
def parse(agent):
    def _parse(text: str) -> dict:
        return asyncio.run(agent.parse_message(text))

    return _parse


@pytest.fixture(scope="session")
def foreign_site_port() -> int:
    """The port of another website that puts the chat on its pages with the one tag
    (tests/test_embed.py). Its origin http://127.0.0.1:<port> is allowed to open a chat;
    the same pages as http://localhost:<port> are a site that is not."""
    from tests.stack import free_port

    return free_port()


@pytest.fixture(scope="session")
def server(model_path, tmp_path_factory, foreign_site_port):
    """The whole stack (scripts/run.sh) on free ports, shared by every end-to-end test.

    Like a production setup, the Rasa server lets only listed origins open a chat: the
    demo site (as the tests open it, http://localhost:<port>) and the foreign site."""
    from tests.stack import StackError, free_port, running_stack

    web_port = free_port()
    origins = f"http://localhost:{web_port} http://127.0.0.1:{foreign_site_port}"
    try:
        with running_stack(model_path, tmp_path_factory.mktemp("stack"), WEB_PORT=str(web_port),
                           CORS_ORIGINS=origins, COACH_CONTACT_NAME="Team Test",
                           COACH_CONTACT_PHONE="010 000 00 00") as stack:
            yield stack
    except StackError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def sql_tracker_store(request, tmp_path_factory):
    """(URL, store): the project's own tracker store (endpoints.yml) on a fresh SQLite
    file and on a PostgreSQL the tests start, one per test module."""
    from spoorwijzer.retention import sql_store
    from tests.services import running_postgres

    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'tracker.db'}"
        else:
            url = stack.enter_context(running_postgres("tracker"))
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("TRACKER_STORE_URL", url)
            store = sql_store(str(ROOT / "endpoints.yml"))
        yield url, store
        store.engine.dispose()

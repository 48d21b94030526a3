"""Every fixture of the tests (the project's real domain, training data and trained model,
the servers, the browser), and the markers unit/model/stack/browser, set from what each
test uses (`make test-fast` runs `-m unit`). Test modules import no fixtures."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import shutil
import types
from pathlib import Path
from typing import Callable, Iterator, Set

import pytest

from tests import debian, servers
from tests.browser import CHROMIUM, CHROMIUM_FLAGS
from tests.servers import CaseApiServer, StackError, free_port, run_case_api, running_postgres, running_stack

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / os.environ.get("MODEL", "models/spoorwijzer.tar.gz")
TESTS = ROOT / "tests"


@contextlib.contextmanager
def failing_on_stack_error() -> Iterator[None]:
    """A server that does not start fails the test with its log, without a traceback."""
    try:
        yield
    except StackError as error:
        pytest.fail(str(error), pytrace=False)


# --- the project's data and model --------------------------------------------------------


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


# --- servers (tests/servers.py) ------------------------------------------------------------


@pytest.fixture(scope="session")
def foreign_site_port() -> int:
    """The port of another website that puts the chat on its pages with the one tag
    (tests/test_embed.py). Its origin http://127.0.0.1:<port> is allowed to open a chat;
    the same pages as http://localhost:<port> are a site that is not."""
    return free_port()


@pytest.fixture(scope="session")
def server(model_path, tmp_path_factory, foreign_site_port):
    """The whole stack (scripts/run.sh) on free ports, shared by every end-to-end test.

    Like a production setup, the Rasa server lets only listed origins open a chat: the
    demo site (as the tests open it, http://localhost:<port>) and the foreign site."""
    web_port = free_port()
    origins = f"http://localhost:{web_port} http://127.0.0.1:{foreign_site_port}"
    with (
        failing_on_stack_error(),
        running_stack(
            model_path,
            tmp_path_factory.mktemp("stack"),
            WEB_PORT=str(web_port),
            CORS_ORIGINS=origins,
            COACH_CONTACT_NAME="Team Test",
            COACH_CONTACT_PHONE="010 000 00 00",
        ) as stack,
    ):
        yield stack


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def sql_tracker_store(request, tmp_path_factory):
    """(URL, store): the project's own tracker store (endpoints.yml) on a fresh SQLite
    file and on a PostgreSQL the tests start, one per test module."""
    from spoorwijzer.tools.retention import sql_store

    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'tracker.db'}"
        else:
            stack.enter_context(failing_on_stack_error())
            url = stack.enter_context(running_postgres("tracker"))
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("TRACKER_STORE_URL", url)
            store = sql_store(str(ROOT / "endpoints.yml"))
        yield url, store
        store.engine.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with failing_on_stack_error(), running_postgres() as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def case_api(request, tmp_path_factory) -> Iterator[CaseApiServer]:
    """The case API on each backend, with the default lockout (5 failures, 15 minutes)."""
    workdir = tmp_path_factory.mktemp(f"caseapi-{request.param}")
    if request.param == "postgresql":
        database_url = request.getfixturevalue("postgres_url")
    else:
        database_url = f"sqlite:///{workdir / 'cases.db'}"
    with failing_on_stack_error(), run_case_api(database_url, workdir) as server:
        yield server


# --- the browser ---------------------------------------------------------------------------


# Module scope: Playwright's sync API keeps an event loop running while it is open,
# and later tests (the model's `parse` fixture) need asyncio.run().
@pytest.fixture(scope="module")
def chromium():
    if not shutil.which(CHROMIUM):
        debian.install("chromium")
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A fresh visitor: own context, so no stored chat session."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    context.close()


# --- markers -------------------------------------------------------------------------------
#
# A test is marked from the fixtures it uses (directly or through other fixtures) and from
# the names its code uses: its own, its module's fixtures' and the helpers in tests/ they
# call. `unit` is for a test with none of the other three.

FIXTURES = {
    "stack": {"server", "case_api", "postgres_url"},
    "model": {"model_path", "agent", "parse"},
    "browser": {"chromium", "page"},
}
# Fixtures that start a server for some of their params only.
STACK_PARAMS = {"sql_tracker_store": {"postgresql"}}
NAMES = {
    "stack": servers.STARTERS,
    "model": {"MODEL", "Agent"},  # conftest's model file; rasa.core.agent.Agent (Agent.load)
    "browser": {"sync_playwright", "CHROMIUM"},
}
KINDS = ("stack", "model", "browser")


def _in_tests(function: types.FunctionType) -> bool:
    """Defined in tests/ (test modules are imported by their file name), not tests/servers.py."""
    path = Path(function.__code__.co_filename).resolve()
    return path.is_relative_to(TESTS) and path != Path(servers.__file__).resolve()


def _names_used(function: Callable, seen: Set[int]) -> Set[str]:
    """The global and attribute names `function` uses, and those of the functions in tests/
    that it calls by their global name."""
    function = inspect.unwrap(function)
    code = getattr(function, "__code__", None)
    if code is None or id(code) in seen:
        return set()
    seen.add(id(code))
    names: Set[str] = set()
    codes = [code]
    while codes:  # nested functions and lambdas too
        current = codes.pop()
        names.update(current.co_names)
        codes.extend(const for const in current.co_consts if isinstance(const, types.CodeType))
    module_globals = getattr(function, "__globals__", {})
    for name in list(names):
        helper = module_globals.get(name)
        if isinstance(helper, types.FunctionType) and _in_tests(helper):
            names |= _names_used(helper, seen)
    return names


def _kinds(item: pytest.Item) -> Set[str]:
    kinds = {kind for kind in KINDS if item.get_closest_marker(kind)}
    params = getattr(getattr(item, "callspec", None), "params", {})
    functions = [item.function] if isinstance(item, pytest.Function) else []
    fixture_defs = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    for name in getattr(item, "fixturenames", ()):
        kinds |= {kind for kind, fixtures in FIXTURES.items() if name in fixtures}
        if name in STACK_PARAMS:
            if params.get(name) in STACK_PARAMS[name]:
                kinds.add("stack")
        elif not any(name in fixtures for fixtures in FIXTURES.values()):
            functions += [definition.func for definition in fixture_defs.get(name, ())]
    seen: Set[int] = set()
    names = set().union(*(_names_used(function, seen) for function in functions)) if functions else set()
    kinds |= {kind for kind, used in NAMES.items() if names & used}
    return kinds


@pytest.hookimpl(tryfirst=True)  # before -m deselects by the markers
def pytest_collection_modifyitems(items) -> None:
    for item in items:
        kinds = _kinds(item)
        for kind in sorted(kinds):
            item.add_marker(kind)
        if not kinds:
            item.add_marker("unit")

"""The layout keeps its roles (docs/architecture.md): only Rasa loads the actions, the
domain package and the two services run without Rasa, and spoorwijzer/ holds its role
packages and two small shared modules."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Iterator, Set

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_packages(path: Path) -> Set[str]:
    """The top-level package of every import in the file, at any depth (also inside
    functions)."""
    found: Set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def python_files(*folders: str) -> Iterator[Path]:
    """The project's own Python files: not in hidden folders (bench/.moodbot, the starter
    bot the benchmark generates) or node_modules."""
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            parts = path.relative_to(ROOT).parts
            if not any(part.startswith(".") or part == "node_modules" for part in parts):
                yield path


@pytest.mark.parametrize(
    "path", list(python_files("spoorwijzer", "caseapi", "website", "bench")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_no_package_imports_the_actions(path):
    assert "actions" not in imported_packages(path)


@pytest.mark.parametrize(
    "path", list(python_files("spoorwijzer/poortwachter", "caseapi", "website")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_the_domain_and_the_services_run_without_rasa(path):
    assert not imported_packages(path) & {"rasa", "rasa_sdk"}


def test_spoorwijzer_holds_its_roles():
    packages = {p.name for p in (ROOT / "spoorwijzer").iterdir() if (p / "__init__.py").is_file()}
    modules = {p.name for p in (ROOT / "spoorwijzer").glob("*.py")}
    assert packages == {"rasa", "poortwachter", "tools"}
    assert modules == {"__init__.py", "sqlite_wal.py", "case_api_defaults.py"}

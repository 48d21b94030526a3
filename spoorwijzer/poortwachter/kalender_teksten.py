"""The Dutch texts of the personal calendar, from data/kalender.yml (content, not code).

spoorwijzer/poortwachter/termijnen.py knows the steps and their dates by key; this module gives the
words: a title per step, the phrases for when a step is due, the overview's headings and
the agenda file's texts. Every step of the timeline must have a title (tested).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

from spoorwijzer import PROJECT_ROOT
from spoorwijzer.poortwachter import teksten

FILE = PROJECT_ROOT / "data" / "kalender.yml"


def texts(path: Path = FILE) -> Dict[str, Any]:
    return teksten.load(path)


def step_title(key: str) -> str:
    return texts()["stappen"][key]


def due(kind: str, **values: Any) -> str:
    """A phrase of `wanneer`, filled in: due("vanaf_de_start", datum=..., week=6)."""
    return texts()["wanneer"][kind].format(**values)


def heading(status: str) -> str:
    return texts()["kopjes"][status]


def agenda_text(kind: str, **values: Any) -> str:
    return texts()["agenda"][kind].format(**values)

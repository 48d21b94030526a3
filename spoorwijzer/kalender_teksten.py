"""The Dutch texts of the personal calendar, from data/kalender.yml (content, not code).

spoorwijzer/kalender.py knows the steps and their dates by key; this module gives the
words: a title per step, the phrases for when a step is due, the overview's headings and
the agenda file's texts. Every step of the timeline must have a title (tested).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict

import yaml

FILE = Path(__file__).resolve().parent.parent / "data" / "kalender.yml"


@lru_cache(maxsize=None)
def texts(path: Path = FILE) -> Dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def step_title(key: str) -> str:
    return texts()["stappen"][key]


def due(kind: str, **values: Any) -> str:
    """A phrase of `wanneer`, filled in: due("vanaf_de_start", datum=..., week=6)."""
    return texts()["wanneer"][kind].format(**values)


def heading(status: str) -> str:
    return texts()["kopjes"][status]


def agenda_text(kind: str, **values: Any) -> str:
    return texts()["agenda"][kind].format(**values)

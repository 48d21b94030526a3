"""Amounts the answers quote, read from data/bedragen.yml with the year each holds for.

An answer writes ``{bedrag_<name>}``; ``values()`` gives the text for every name, such as
"400 euro (stand 2026)", so a reader always sees which year an amount was checked for. The
chat fills them in through spoorwijzer/rasa/nlg.py, the FAQ pages and the tests through
``fill``. An answer that names an amount this file lacks fails loudly, not silently.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict

import yaml

from spoorwijzer import PROJECT_ROOT

FILE = PROJECT_ROOT / "data" / "bedragen.yml"
PREFIX = "bedrag_"
PLACEHOLDER = re.compile(r"\{(%s\w+)\}" % PREFIX)


def _as_text(euro: float, year: int) -> str:
    amount = f"{euro:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    amount = amount[:-3] if amount.endswith(",00") else amount  # 400 euro, 3,05 euro
    return f"{amount} euro (stand {year})"


@lru_cache(maxsize=None)
def values(path: Path = FILE) -> Dict[str, str]:
    """``{"bedrag_<name>": "400 euro (stand 2026)", ...}`` from the amounts file."""
    entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("bedragen") or {}
    filled = {}
    for name, entry in entries.items():
        euro, year = (entry or {}).get("euro"), (entry or {}).get("jaar")
        if not isinstance(euro, (int, float)) or not isinstance(year, int) or not entry.get("bron"):
            raise ValueError(f"{path.name}: {name} needs a number 'euro', a year 'jaar' and a 'bron'")
        filled[PREFIX + name] = _as_text(euro, year)
    return filled


def fill(text: str) -> str:
    """``text`` with every ``{bedrag_<name>}`` filled in; other braces are left alone."""
    known = values()

    def amount(match: re.Match) -> str:
        if match.group(1) not in known:
            raise KeyError(f"{match.group(1)} is not in {FILE.name}")
        return known[match.group(1)]

    return PLACEHOLDER.sub(amount, text)

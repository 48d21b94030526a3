"""Texts that people read, kept in YAML content files and read by name (no Rasa here).

Each service keeps its texts in one file next to its code: website/teksten.yml,
caseapi/teksten.yml, spoorwijzer/tools/teksten.yml (the chat's texts are responses in
domain.yml; the calendar's are in data/kalender.yml). A name is a dotted path into the
file; placeholders in {braces} are filled in with ``str.format`` (write a literal brace
as ``{{`` or ``}}``):

    TEKSTEN = teksten.Teksten(Path(__file__).with_name("teksten.yml"))
    TEKSTEN("fouten.niet_gevonden", wat="Dossier RI-2026-0001")
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict

import yaml


@lru_cache(maxsize=None)
def load(path: Path) -> Dict[str, Any]:
    """The whole content file, read once."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}


class Teksten:
    """The texts of one content file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def raw(self, name: str) -> Any:
        """The entry as written (a text, or a mapping such as a list of headings)."""
        value: Any = load(self.path)
        for part in name.split("."):
            value = value[part]
        return value

    def __call__(self, name: str, **values: Any) -> str:
        """The text `name`, with its placeholders filled in from `values`."""
        return str(self.raw(name)).format(**values)

"""How long the chat remembers a case it looked up (minimal storage, AVG).

A lookup returns the phase, the coach and the dates of a person's traject. They are
kept in the `dossier` slot so that follow-up questions ("wanneer is mijn volgende
afspraak?") need no second code, but only for ``CASE_MEMORY_MINUTES`` (default 30):

- the actions treat an older case as unknown and ask for number and code again;
- the tracker store overwrites the stored details with ``FORGOTTEN_CASE`` once they
  are that old (spoorwijzer/rasa/tracker_store.py), so the database does not keep them for
  the conversation's retention period;
- an event broker never receives them.

No Rasa import: used by the actions and by the tracker store.
"""

from __future__ import annotations

import os
import time
from typing import Any, Dict, Mapping, Optional

CASE_SLOT = "dossier"
FETCHED_AT = "opgehaald"  # when the case was looked up (seconds since the epoch)
FORGOTTEN_CASE: Dict[str, Any] = {"vergeten": True}
DEFAULT_MINUTES = 30.0


def memory_minutes(environ: Mapping[str, str] = os.environ) -> float:
    """CASE_MEMORY_MINUTES, or the default when unset or unreadable (never below 1)."""
    try:
        minutes = float(environ.get("CASE_MEMORY_MINUTES") or DEFAULT_MINUTES)
    except ValueError:
        minutes = DEFAULT_MINUTES
    return max(1.0, minutes)


def remember(case: Dict[str, Any], now: Optional[float] = None) -> Dict[str, Any]:
    """The slot value for a case just looked up."""
    return dict(case, **{FETCHED_AT: time.time() if now is None else now})


def remembered(
    value: Any, now: Optional[float] = None, environ: Mapping[str, str] = os.environ
) -> Optional[Dict[str, Any]]:
    """The case in a slot value while it may still be used, else None."""
    if not isinstance(value, dict) or not isinstance(value.get(FETCHED_AT), (int, float)):
        return None
    age = (time.time() if now is None else now) - value[FETCHED_AT]
    return value if 0 <= age < memory_minutes(environ) * 60 else None


def was_forgotten(value: Any, now: Optional[float] = None) -> bool:
    """A case was looked up in this conversation, but is no longer remembered."""
    return isinstance(value, dict) and bool(value) and remembered(value, now) is None

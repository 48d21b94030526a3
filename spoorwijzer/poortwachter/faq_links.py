"""Stable web addresses of the answers: one FAQ page per answer id.

The answer id (``faq/spoor2_start``, ``fabel/ontslag``) is the contract; the page
address is derived from it and never stored: ``/faq/faq-spoor2-start``,
``/faq/fabel-ontslag``. The Rasa server (links under answers in the chat), the
action server (a coach asks for a link) and the website all use this module.
"""

from __future__ import annotations

import os
import re
from typing import Iterable, Mapping, Optional
from urllib.parse import quote

DEFAULT_BASE_URL = "http://localhost:8080"
_ANSWER_ID = re.compile(r"^(faq|fabel)/[a-z0-9_]+$")


def base_url() -> str:
    """Public address of the website that serves the FAQ pages (FAQ_BASE_URL)."""
    return (os.environ.get("FAQ_BASE_URL", "").strip() or DEFAULT_BASE_URL).rstrip("/")


def is_answer_id(value: Optional[str]) -> bool:
    return bool(value) and bool(_ANSWER_ID.match(str(value)))


def answer_id_of_response(name: Optional[str]) -> Optional[str]:
    """``utter_fabel/ontslag`` -> ``fabel/ontslag``; None for any other response."""
    name = str(name or "")
    answer_id = name[len("utter_") :] if name.startswith("utter_") else ""
    return answer_id if is_answer_id(answer_id) else None


def slug(answer_id: str) -> str:
    """``fabel/spoor2_weigeren`` -> ``fabel-spoor2-weigeren``."""
    if not is_answer_id(answer_id):
        raise ValueError(f"not an answer id: {answer_id!r}")
    return answer_id.replace("/", "-").replace("_", "-")


def slug_index(answer_ids: Iterable[str]) -> Mapping[str, str]:
    """slug -> answer id. Ids are [a-z0-9_] after the prefix, so no two share a slug."""
    return {slug(answer_id): answer_id for answer_id in answer_ids}


def page_path(answer_id: str) -> str:
    return f"/faq/{quote(slug(answer_id))}"


def page_url(answer_id: str, base: Optional[str] = None) -> str:
    return f"{(base or base_url()).rstrip('/')}{page_path(answer_id)}"


# One page with every myth and its fact, for coaches who want to send them all.
MYTHS_PATH = "/faq/fabels"


def myths_url(base: Optional[str] = None) -> str:
    return f"{(base or base_url()).rstrip('/')}{MYTHS_PATH}"


AGENDA_PATH = "/kalender"
AGENDA_FILE_PATH = "/kalender.ics"


def agenda_file_url(first_sick_day: str, base: Optional[str] = None) -> str:
    """The .ics file of the personal calendar (first sick day as YYYY-MM-DD)."""
    return f"{(base or base_url()).rstrip('/')}{AGENDA_FILE_PATH}?eerste_ziektedag={first_sick_day}"


def agenda_url(base: Optional[str] = None) -> str:
    """The page where anyone can enter a first sick day and get the file."""
    return f"{(base or base_url()).rstrip('/')}{AGENDA_PATH}"


def index_url(base: Optional[str] = None) -> str:
    return f"{(base or base_url()).rstrip('/')}/faq"

"""Read a request for a link ("geef me de link over fabel 1") in plain Dutch.

Which answer is meant comes from three places, in this order: a fabel number,
the topic words (matched by the ResponseSelector), or, when the message names no
topic at all ("stuur de link van dit antwoord"), the answer given just before.
"""

from __future__ import annotations

import re
from typing import List, Optional

_NUMBER_WORDS = {
    "een": 1,
    "één": 1,
    "eerste": 1,
    "twee": 2,
    "tweede": 2,
    "drie": 3,
    "derde": 3,
    "vier": 4,
    "vierde": 4,
    "vijf": 5,
    "vijfde": 5,
    "zes": 6,
    "zesde": 6,
    "zeven": 7,
    "zevende": 7,
    "acht": 8,
    "achtste": 8,
    "negen": 9,
    "negende": 9,
    "tien": 10,
    "tiende": 10,
    "elf": 11,
    "elfde": 11,
    "twaalf": 12,
    "twaalfde": 12,
    "dertien": 13,
    "dertiende": 13,
    "veertien": 14,
    "veertiende": 14,
}
_ORDINALS = [w for w in _NUMBER_WORDS if w.endswith(("de", "ste"))]
_CARDINAL = r"(\d{1,2}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")(?:e|de|ste)?"
_ORDINAL = r"(\d{1,2})(?:e|de|ste)|(" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + ")"
# "fabel 3", "fabel nr. 3", "fabel nummer drie"; before the word only an ordinal
# ("de derde fabel", "3e fabel"), so "is dat een fabel" names no number.
_FABEL_NUMBER = re.compile(
    rf"\bfabel\s*(?:nr\.?|nummer|no\.?|#)?\s*{_CARDINAL}\b|\b(?:{_ORDINAL})\s+fabel\b",
    re.IGNORECASE,
)

# Words of the request itself; what is left over names the topic.
_REQUEST_WORDS = set(
    """
    a aan adres alsjeblieft alstublieft antwoord antwoorden aub bovenstaande chat
    client clienten cliënt cliënten coach daar daarvan dan dat de deel delen deze
    die dit door doorgeven doorsturen doorstuur een eens en er ergens even geef
    geven graag heb hebben hem het hier hiervan hoe ik in is je jij jou kan klant
    kun kunnen kunt laatste link linkje links maak mag mail mailen maken me
    medewerker mij mijn naar nalezen net nog nou nummer om ook op over pagina
    paginas plaats pls stuk sturen stuur svp te u uitleg url van vd verstuur
    verstuurt voor vorige waar wat webadres webpagina website werknemer wil willen
    zet zodat zojuist zou
    """.split()
)
# Words that only a request for a link or a page uses.
_LINK_WORDS = re.compile(r"\b(?:link|linkje|links|linkjes|url|webpagina|webadres|weblink)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-zà-ÿ0-9]+(?:-[a-zà-ÿ0-9]+)*", re.IGNORECASE)


def fabel_number(text: str) -> Optional[int]:
    match = _FABEL_NUMBER.search(text or "")
    if not match:
        return None
    word = next(group for group in match.groups() if group).lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def topic_words(text: str) -> List[str]:
    """The words that are not part of asking for a link."""
    return [w for w in _WORD.findall((text or "").lower()) if w not in _REQUEST_WORDS]


def asks_for_link(text: str) -> bool:
    """True when the message asks for a link or a web address."""
    return bool(_LINK_WORDS.search(text or ""))


_ALL_MYTHS = re.compile(r"\b(?:fabels|mythes|mythen|misverstanden|fabeltjes)\b", re.IGNORECASE)


def asks_for_all_myths(text: str) -> bool:
    """ "stuur de pagina met alle fabels": the plural, and no fabel number."""
    return bool(_ALL_MYTHS.search(text or "")) and fabel_number(text) is None

"""Dossiernummers and verification codes: one definition for the case API and the bot.

A dossiernummer looks like ``RI-2026-0001``: the letters RI, a year, a serial number
of four digits. People type it in many ways ("ri 2026 1", "RI20260001", "mijn dossier
is RI-2026-0001"); ``normalize_dossiernummer`` finds it in such text. A verification
code is six digits.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

DOSSIER_PATTERN = re.compile(r"^RI-[0-9]{4}-[0-9]{4}$")
FORMAT_EXAMPLE = "RI-2026-0001"
CODE_LENGTH = 6

# "RI" then a year of four digits then a serial of 1-4 digits, with any of
# space, dash, dot, slash or nothing between them. A bare run of 8 digits after
# RI ("RI20260001") is year + serial.
# Without the letters ("2026-0001") the serial must have its four digits.
# Only ASCII digits (re.ASCII): "\d" would also take Arabic-Indic or other digits,
# which no case system stores. Full-width digits become ASCII first (_plain).
_DOSSIER_IN_TEXT = re.compile(
    r"(?<![a-z0-9])(?:ri[\s\-./_]*((?:19|20)\d{2})[\s\-./_]*(\d{1,4})"
    r"|((?:19|20)\d{2})[\-./_ ](\d{4}))(?![\d\-./])",
    re.IGNORECASE | re.ASCII,
)
_CODE_IN_TEXT = re.compile(r"(?<!\d)(\d(?:[\s\-.]?\d){5})(?!\d)", re.ASCII)


def _plain(text: str) -> str:
    """Compatibility forms folded: full-width "２０２６" is read as "2026"."""
    return unicodedata.normalize("NFKC", text)


def normalize_dossiernummer(text: str) -> Optional[str]:
    """The dossiernummer in ``text`` in its canonical form, or None if there is none."""
    if not text:
        return None
    matches = _DOSSIER_IN_TEXT.findall(_plain(text))
    if len(matches) != 1:
        return None
    year, serial = (matches[0][0], matches[0][1]) if matches[0][0] else matches[0][2:]
    if int(serial) == 0:
        return None
    return f"RI-{year}-{int(serial):04d}"


def is_dossiernummer(value: str) -> bool:
    return bool(value) and DOSSIER_PATTERN.match(value) is not None


def extract_code(text: str) -> Optional[str]:
    """The six-digit code in ``text`` ("482913", "482 913", "code: 482-913"), or None.

    Text with no six digits, or with more than one candidate, gives None.
    """
    if not text:
        return None
    text = _plain(text)
    if _DOSSIER_IN_TEXT.search(text):
        text = _DOSSIER_IN_TEXT.sub(" ", text)
    matches = _CODE_IN_TEXT.findall(text)
    if len(matches) != 1:
        return None
    return re.sub(r"[^0-9]", "", matches[0])


def mask_dossiernummer(value: str) -> str:
    """For logs: keep the year, hide the serial (RI-2026-****)."""
    canonical = normalize_dossiernummer(value or "")
    if canonical is None:
        return "RI-****-****"
    return canonical[:8] + "****"


CODE_MASK = "******"


def mask_codes(text: str) -> str:
    """``text`` with every verification code replaced by ******; dossiernummers stay."""
    if not text:
        return text
    plain = _plain(text)
    numbers = list(_DOSSIER_IN_TEXT.finditer(plain))

    def outside_numbers(match: "re.Match") -> str:
        inside = any(n.start() <= match.start() < n.end() for n in numbers)
        return match.group(0) if inside else CODE_MASK

    return _CODE_IN_TEXT.sub(outside_numbers, plain)


_DIGIT_RUN = re.compile(r"\d{4,}", re.ASCII)
DIGITS_MASK = "****"


def mask_digit_runs(text: str) -> str:
    """``text`` with every code (also "482 913") and every run of 4 or more digits masked: for
    what people type while the case form is open, whatever they meant by it."""
    if not text:
        return text
    return _DIGIT_RUN.sub(DIGITS_MASK, mask_codes(_plain(text)))

"""Verification codes (hashed), bearer tokens and the lockout after failed lookups."""

from __future__ import annotations

import base64
import enum
import functools
import hashlib
import hmac
import math
import secrets
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from caseapi.models import LookupFailure
from caseapi.settings import Settings
from spoorwijzer.poortwachter.dossiernummer import CODE_LENGTH

# scrypt with 16 MiB memory: about 50 ms a hash, which makes guessing all 10^6 codes of a
# stolen table expensive. Parameters are stored with each hash so they can change later.
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN = 2**14, 8, 1, 32


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(code: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(code.encode(), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=64 * 2**20)


def hash_code(code: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(code, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_code(code: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        actual = _scrypt(code, base64.b64decode(salt), int(n), int(r), int(p), len(expected))
    except (ValueError, TypeError):
        return False
    return scheme == "scrypt" and hmac.compare_digest(actual, expected)


@functools.lru_cache(maxsize=1)
def dummy_hash() -> str:
    """Checked when the dossier does not exist, so that answer takes as long as a wrong code."""
    return hash_code(new_code())


def new_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CODE_LENGTH))


# --- tokens --------------------------------------------------------------------------------


class Role(str, enum.Enum):
    bot = "bot"  # may only look cases up
    coach = "coach"  # may do everything


def role_for(token: Optional[str], settings: Settings) -> Optional[Role]:
    if not token:
        return None
    given = token.encode()
    # Both comparisons always run, in constant time.
    is_coach = hmac.compare_digest(given, settings.admin_token.encode())
    is_bot = hmac.compare_digest(given, settings.bot_token.encode())
    return Role.coach if is_coach else Role.bot if is_bot else None


# --- lockout -------------------------------------------------------------------------------


def _insert_ignore(session: Session, dossiernummer: str) -> None:
    dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(LookupFailure).values(dossiernummer=dossiernummer, failed_count=0).on_conflict_do_nothing()
    )


def count_attempt(session: Session, dossiernummer: str, now: datetime, settings: Settings) -> Optional[datetime]:
    """Counts a lookup as failed before its code is checked; returns the end of the lock if
    the dossiernummer is locked (then the code must not be checked at all).

    Counting first means parallel guesses can never get past the limit: the attempt that
    reaches it already sets the lock, and `reset_failures` lifts it if its code was right.
    Works the same whether the dossier exists or not. Commits.
    """
    _insert_ignore(session, dossiernummer)  # takes the write lock on SQLite
    row = session.execute(
        select(LookupFailure).where(LookupFailure.dossiernummer == dossiernummer).with_for_update()
    ).scalar_one()
    if row.locked_until is not None and row.locked_until > now:
        session.commit()
        return row.locked_until
    if row.locked_until is not None:  # an old lock has run out: start afresh
        row.locked_until, row.failed_count = None, 0
    row.failed_count += 1
    if row.failed_count >= settings.max_failed:
        row.locked_until = now + timedelta(minutes=settings.lock_minutes)
    session.commit()
    return None


def reset_failures(session: Session, dossiernummer: str) -> None:
    session.execute(
        update(LookupFailure)
        .where(LookupFailure.dossiernummer == dossiernummer)
        .values(failed_count=0, locked_until=None)
    )
    session.commit()


def minutes_left(locked_until: datetime, now: datetime) -> int:
    return max(1, math.ceil((locked_until - now).total_seconds() / 60))

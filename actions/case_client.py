"""Client of the case API (docs/case-api.md), used by the bot's custom actions.

`CaseClient.from_env().lookup(dossiernummer, code)` gives a `CaseView` or raises one of the
`CaseLookupError`s, so an action only has to choose what to say. The code is never logged.
"""

from __future__ import annotations

import logging
import math
import os
from dataclasses import dataclass
from datetime import date, datetime
from typing import Optional

import requests
from requests.adapters import HTTPAdapter
from urllib3.util import Retry

from spoorwijzer import case_api_defaults
from spoorwijzer.poortwachter.dossiernummer import CODE_LENGTH, is_dossiernummer, mask_dossiernummer

log = logging.getLogger(__name__)

DEFAULT_URL = case_api_defaults.URL
DEFAULT_TOKEN = case_api_defaults.DEV_BOT_TOKEN
DEFAULT_TIMEOUT = case_api_defaults.TIMEOUT_S
BACKOFF_SECONDS = 0.2
DEFAULT_LOCK_MINUTES = 15


@dataclass(frozen=True)
class CaseView:
    dossiernummer: str
    phase: str
    phase_since: date
    first_sick_day: date
    coach_name: str
    coach_contact: str
    next_appointment: Optional[datetime]


class CaseLookupError(Exception):
    """Base of every error of a lookup."""


class CaseNotFound(CaseLookupError):
    """Wrong code or unknown dossier: the service does not say which."""


class CaseLocked(CaseLookupError):
    """Too many failed lookups for this dossiernummer."""

    def __init__(self, retry_after_minutes: int):
        super().__init__(f"locked for {retry_after_minutes} more minutes")
        self.retry_after_minutes = retry_after_minutes


class CaseServiceUnavailable(CaseLookupError):
    """Down, too slow, a server error, a refused token (misconfiguration) or a malformed answer."""


class _OneRetry(Retry):
    # urllib3 sleeps 0 s before the first retry; we want a short pause even then.
    def get_backoff_time(self) -> float:
        return BACKOFF_SECONDS if self.history else 0.0


def _retrying_session() -> requests.Session:
    """Retries once. Connection errors (the request never arrived) for every method; read
    timeouts and 502/503/504 only for GET, because a repeated lookup POST could count a
    wrong code twice towards the lockout."""
    retry = _OneRetry(
        total=1,
        connect=1,
        read=1,
        status=1,
        other=0,
        redirect=0,
        allowed_methods=frozenset({"GET"}),
        status_forcelist=(502, 503, 504),
        raise_on_status=False,
        respect_retry_after_header=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _parse_datetime(value: Optional[str]) -> Optional[datetime]:
    if value is None:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _case_view(data: dict) -> CaseView:
    return CaseView(
        dossiernummer=str(data["dossiernummer"]),
        phase=str(data["phase"]),
        phase_since=date.fromisoformat(data["phase_since"]),
        first_sick_day=date.fromisoformat(data["first_sick_day"]),
        coach_name=str(data["coach_name"]),
        coach_contact=str(data["coach_contact"]),
        next_appointment=_parse_datetime(data.get("next_appointment")),
    )


def _lock_minutes(response: requests.Response) -> int:
    try:
        return int(response.json()["retry_after_minutes"])
    except (ValueError, KeyError, TypeError):
        pass
    try:
        return max(1, math.ceil(int(response.headers["Retry-After"]) / 60))
    except (KeyError, ValueError):
        return DEFAULT_LOCK_MINUTES


class CaseClient:
    def __init__(self, base_url: str, token: str, timeout: float = DEFAULT_TIMEOUT, session=None):
        """``session``: a ready `requests.Session`; by default one that retries once (see above)."""
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        self._session = session or _retrying_session()

    @classmethod
    def from_env(cls) -> "CaseClient":
        return cls(
            base_url=os.environ.get("CASE_API_URL", "").strip() or DEFAULT_URL,
            token=os.environ.get("CASE_API_TOKEN", "").strip() or DEFAULT_TOKEN,
            timeout=float(os.environ.get("CASE_API_TIMEOUT", "").strip() or DEFAULT_TIMEOUT),
        )

    def lookup(self, dossiernummer: str, code: str) -> CaseView:
        """The case, if ``code`` belongs to ``dossiernummer`` (canonical, e.g. RI-2026-0001).

        Input that cannot be a dossiernummer and code raises CaseNotFound without a request.
        """
        masked = mask_dossiernummer(dossiernummer)
        code = code if isinstance(code, str) else ""
        if not is_dossiernummer(dossiernummer) or not (len(code) == CODE_LENGTH and code.isdigit()):
            raise CaseNotFound("not a dossiernummer and code")
        try:
            response = self._session.post(
                f"{self.base_url}/v1/cases/lookup",
                json={"dossiernummer": dossiernummer, "code": code},
                headers=self._headers,
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            log.warning("case API unreachable for %s: %s", masked, type(error).__name__)
            raise CaseServiceUnavailable(type(error).__name__) from None
        if response.status_code == 404:
            raise CaseNotFound()
        if response.status_code == 423:
            raise CaseLocked(_lock_minutes(response))
        if response.status_code != 200:
            # 401/403 here means a wrong CASE_API_TOKEN: a configuration error, not the user's.
            log.error("case API answered %d for %s", response.status_code, masked)
            raise CaseServiceUnavailable(f"HTTP {response.status_code}")
        try:
            return _case_view(response.json())
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            log.error("case API gave a malformed case for %s: %s", masked, type(error).__name__)
            raise CaseServiceUnavailable("malformed response") from None

    def health(self) -> bool:
        try:
            response = self._session.get(f"{self.base_url}/health", timeout=self.timeout)
            return response.status_code == 200 and response.json().get("status") == "ok"
        except (requests.RequestException, ValueError, AttributeError):
            return False

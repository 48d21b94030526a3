"""The HTTP API (FastAPI). `create_app()` builds it; `python -m caseapi` serves it."""

from __future__ import annotations

import logging
import re
import time
from contextlib import asynccontextmanager
from typing import Iterator, Optional

from fastapi import Depends, FastAPI, HTTPException, Path, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from caseapi import __version__, db
from caseapi.demo import load_demo_cases
from caseapi.models import (
    Case,
    CaseCreate,
    CaseCreated,
    CaseOut,
    ErrorOut,
    Health,
    History,
    LockedOut,
    LookupRequest,
    PhaseChange,
    PhaseChangeOut,
    PhaseUpdate,
)
from caseapi.security import (
    Role,
    count_attempt,
    dummy_hash,
    hash_code,
    minutes_left,
    new_code,
    reset_failures,
    role_for,
    verify_code,
)
from caseapi.settings import Settings, load_settings
from spoorwijzer.poortwachter.dossiernummer import DOSSIER_PATTERN, mask_dossiernummer

log = logging.getLogger("caseapi")

DESCRIPTION = """
The re-integration firm's cases, as the Spoorwijzer bot needs them: in which phase of the
re-integration an employee is, since when, who the coach is and when the next appointment is.
No medical data.

* **Auth**: every `/v1` endpoint needs `Authorization: Bearer <token>`. The bot's token
  (`CASE_API_TOKEN`) may only look cases up; the coaches' token (`CASE_API_ADMIN_TOKEN`) may
  do everything. Missing or wrong token: 401; a valid token without the right: 403.
* **Lookup** needs the dossiernummer and the employee's 6-digit code. A wrong code and an
  unknown dossier give the same 404 `{"detail": "not_found"}`.
* **Lockout**: after `CASE_API_MAX_FAILED` failed lookups of a dossiernummer (existing or not)
  it is locked for `CASE_API_LOCK_MINUTES`: 423, even with the right code. A successful lookup
  resets the count.
"""

NOT_FOUND = {"detail": "not_found"}
DOSSIER_IN_PATH = re.compile(r"(/v1/cases/)([^/]+)(?=/)")
DossierInPath = Path(..., pattern=DOSSIER_PATTERN.pattern, examples=["RI-2026-0001"])


def _masked_path(path: str) -> str:
    return DOSSIER_IN_PATH.sub(lambda m: m.group(1) + mask_dossiernummer(m.group(2)), path)


def create_app(settings: Optional[Settings] = None) -> FastAPI:
    settings = settings or load_settings()
    database = db.Database(settings.database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        database.create_tables()
        dummy_hash()  # computed now, so the first unknown dossier is not slower than later ones
        if settings.demo_data:
            with database.sessions() as session:
                load_demo_cases(session)
        if settings.uses_dev_tokens:
            log.warning("development tokens in use: set CASE_API_TOKEN and CASE_API_ADMIN_TOKEN")
        yield
        database.engine.dispose()

    app = FastAPI(
        title="Spoorwijzer case API",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = database

    def session_dependency() -> Iterator[Session]:
        with database.sessions() as session:
            yield session

    bearer = HTTPBearer(auto_error=False, description="CASE_API_TOKEN (bot) or CASE_API_ADMIN_TOKEN (coaches)")

    def caller(credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> Role:
        role = role_for(credentials.credentials if credentials else None, settings)
        if role is None:
            raise HTTPException(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})
        return role

    def coach(role: Role = Depends(caller)) -> Role:
        if role is not Role.coach:
            raise HTTPException(403, "forbidden")
        return role

    def find_case(session: Session, dossiernummer: str) -> Optional[Case]:
        return session.execute(select(Case).where(Case.dossiernummer == dossiernummer)).scalar_one_or_none()

    # Our own access log: uvicorn's would show dossiernummers in paths unmasked.
    @app.middleware("http")
    async def access_log(request: Request, call_next):
        started = time.perf_counter()
        response = await call_next(request)
        log.info(
            "%s %s %d %.0f ms",
            request.method,
            _masked_path(request.url.path),
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response

    auth_errors = {401: {"model": ErrorOut}, 403: {"model": ErrorOut}}

    @app.get("/health", response_model=Health, responses={503: {"model": Health}}, tags=["service"])
    def health():
        """Whether the service and its database answer. No auth."""
        try:
            database.ping()
        except SQLAlchemyError as error:
            log.error("health: database unavailable (%s)", type(error).__name__)
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return {"status": "ok"}

    @app.post(
        "/v1/cases/lookup",
        response_model=CaseOut,
        responses={401: {"model": ErrorOut}, 404: {"model": ErrorOut}, 423: {"model": LockedOut}},
        tags=["bot"],
    )
    def lookup_case(body: LookupRequest, _role: Role = Depends(caller), session: Session = Depends(session_dependency)):
        """The case of a dossiernummer, if the code is right. POST so the code is never in a URL."""
        masked = mask_dossiernummer(body.dossiernummer)
        now = db.utcnow()
        locked_until = count_attempt(session, body.dossiernummer, now, settings)
        if locked_until is not None:
            log.info("lookup %s: locked", masked)
            minutes = minutes_left(locked_until, now)
            retry_seconds = max(1, int((locked_until - now).total_seconds() + 0.999))
            return JSONResponse(
                {"detail": "locked", "retry_after_minutes": minutes},
                status_code=423,
                headers={"Retry-After": str(retry_seconds)},
            )
        case = find_case(session, body.dossiernummer)
        # Hash a dummy when there is no case, so "unknown" takes as long as "wrong code".
        code_ok = verify_code(body.code, case.code_hash if case else dummy_hash())
        if case is None or not code_ok:
            log.info("lookup %s: not found", masked)
            return JSONResponse(NOT_FOUND, status_code=404)
        reset_failures(session, body.dossiernummer)
        log.info("lookup %s: ok", masked)
        return case

    @app.post(
        "/v1/cases",
        status_code=201,
        response_model=CaseCreated,
        responses={**auth_errors, 409: {"model": ErrorOut}},
        tags=["coaches"],
    )
    def create_case(body: CaseCreate, _role: Role = Depends(coach), session: Session = Depends(session_dependency)):
        """A new case. The response holds the plain code, once: hand it to the employee."""
        code = body.code or new_code()
        code_hash = hash_code(code)
        for _attempt in range(3):  # a generated number can be taken by a parallel create
            try:
                dossiernummer = body.dossiernummer or db.next_dossiernummer(session, db.today().year)
            except ValueError:
                raise HTTPException(409, "no_free_dossiernummer") from None
            case = db.add_case(session, body, dossiernummer, code_hash, changed_by=body.changed_by or body.coach_name)
            try:
                session.commit()
                break
            except IntegrityError:
                session.rollback()
                if body.dossiernummer:
                    raise HTTPException(409, "already_exists") from None
        else:
            raise HTTPException(409, "already_exists")
        log.info("case %s created", mask_dossiernummer(case.dossiernummer))
        return CaseCreated(**CaseOut.from_orm(case).dict(), code=code)

    @app.post(
        "/v1/cases/{dossiernummer}/phase",
        response_model=CaseOut,
        responses={**auth_errors, 404: {"model": ErrorOut}},
        tags=["coaches"],
    )
    def change_phase(
        body: PhaseUpdate,
        dossiernummer: str = DossierInPath,
        _role: Role = Depends(coach),
        session: Session = Depends(session_dependency),
    ):
        """Moves the case to a phase (phase_since becomes today) and records the change.
        The same phase again records nothing; next_appointment is updated when given."""
        case = find_case(session, dossiernummer)
        if case is None:
            return JSONResponse(NOT_FOUND, status_code=404)
        db.change_phase(session, case, body.phase.value, body.changed_by)
        if "next_appointment" in body.__fields_set__:
            case.next_appointment = body.next_appointment
        session.commit()
        log.info("case %s: phase %s", mask_dossiernummer(dossiernummer), case.phase)
        return case

    @app.get(
        "/v1/cases/{dossiernummer}/history",
        response_model=History,
        responses={**auth_errors, 404: {"model": ErrorOut}},
        tags=["coaches"],
    )
    def phase_history(
        dossiernummer: str = DossierInPath,
        _role: Role = Depends(coach),
        session: Session = Depends(session_dependency),
    ):
        """Every phase change of the case, oldest first (the first one is the creation)."""
        if find_case(session, dossiernummer) is None:
            return JSONResponse(NOT_FOUND, status_code=404)
        changes = session.execute(
            select(PhaseChange)
            .where(PhaseChange.dossiernummer == dossiernummer)
            .order_by(PhaseChange.changed_at, PhaseChange.id)
        ).scalars()
        return History(dossiernummer=dossiernummer, changes=[PhaseChangeOut.from_orm(c) for c in changes])

    return app

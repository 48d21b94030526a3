"""The database: engine and sessions, the clock, and the writes on cases."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from caseapi.models import Base, Case, CaseCreate, PhaseChange
from spoorwijzer.sqlite_wal import use_write_ahead_log


# The one clock of the service: tests and the lockout read time only through these.
def utcnow() -> datetime:
    """Now in UTC, without offset (as stored)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def today() -> date:
    return date.today()


class Database:
    def __init__(self, url: str):
        if url.startswith("postgres://"):  # the short form some hosts hand out
            url = "postgresql://" + url[len("postgres://") :]
        self.url = make_url(url)
        connect_args = {"check_same_thread": False} if self.is_sqlite else {}
        self.engine = create_engine(url, future=True, pool_pre_ping=True, connect_args=connect_args)
        use_write_ahead_log(self.engine)
        self.sessions = sessionmaker(self.engine, future=True, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def describe(self) -> str:
        """For the start-up line: never the password."""
        if self.is_sqlite:
            return f"sqlite {self.url.database or ':memory:'}"
        return self.url.get_backend_name()

    def create_tables(self) -> None:
        if self.is_sqlite and self.url.database not in (None, "", ":memory:"):
            Path(self.url.database).parent.mkdir(parents=True, exist_ok=True)
        Base.metadata.create_all(self.engine)

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))


def next_dossiernummer(session: Session, year: int) -> str:
    prefix = f"RI-{year}-"
    highest = session.execute(
        select(func.max(Case.dossiernummer)).where(Case.dossiernummer.like(prefix + "%"))
    ).scalar()
    serial = int(highest[len(prefix) :]) + 1 if highest else 1
    if serial > 9999:
        raise ValueError(f"no free dossiernummer left in {year}")
    return f"{prefix}{serial:04d}"


def add_case(session: Session, data: CaseCreate, dossiernummer: str, code_hash: str, changed_by: str) -> Case:
    """Adds a new case from API or demo input, and its first phase change (from nothing)."""
    case = Case(
        dossiernummer=dossiernummer,
        code_hash=code_hash,
        first_sick_day=data.first_sick_day,
        phase=data.phase.value,
        phase_since=data.phase_since or today(),
        coach_name=data.coach_name,
        coach_contact=data.coach_contact,
        next_appointment=data.next_appointment,
    )
    session.add(case)
    session.add(
        PhaseChange(
            dossiernummer=case.dossiernummer,
            from_phase=None,
            to_phase=case.phase,
            changed_at=utcnow(),
            changed_by=changed_by,
        )
    )
    return case


def change_phase(session: Session, case: Case, phase: str, changed_by: str) -> None:
    """Moves the case to ``phase`` and records it; the same phase again changes nothing."""
    if case.phase == phase:
        return
    session.add(
        PhaseChange(
            dossiernummer=case.dossiernummer,
            from_phase=case.phase,
            to_phase=phase,
            changed_at=utcnow(),
            changed_by=changed_by,
        )
    )
    case.phase = phase
    case.phase_since = today()

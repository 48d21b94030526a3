"""The tables (SQLAlchemy) and the JSON shapes of the API (pydantic v1).

No medical data at all: a case only says where someone is in the process and who coaches them.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, timezone
from typing import List, Optional
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field, constr, validator
from sqlalchemy import Column, Date, DateTime, Integer, String
from sqlalchemy.orm import declarative_base

from spoorwijzer.poortwachter.dossiernummer import CODE_LENGTH, DOSSIER_PATTERN
from spoorwijzer.poortwachter.traject import PHASES

# Appointments are wall-clock times at the firm, stored without an offset.
LOCAL_TZ = ZoneInfo("Europe/Amsterdam")

Base = declarative_base()


# The phases as an enum of strings, named as their values (Phase.intake == "intake").
Phase = enum.Enum("Phase", {phase: phase for phase in PHASES}, type=str)


class Case(Base):
    __tablename__ = "cases"

    id = Column(Integer, primary_key=True)
    dossiernummer = Column(String(12), unique=True, nullable=False, index=True)
    code_hash = Column(String(200), nullable=False)
    first_sick_day = Column(Date, nullable=False)
    phase = Column(String(32), nullable=False)
    phase_since = Column(Date, nullable=False)
    coach_name = Column(String(80), nullable=False)
    coach_contact = Column(String(200), nullable=False)
    next_appointment = Column(DateTime, nullable=True)  # local time, no offset


class PhaseChange(Base):
    __tablename__ = "phase_changes"

    id = Column(Integer, primary_key=True)
    dossiernummer = Column(String(12), nullable=False, index=True)
    from_phase = Column(String(32), nullable=True)  # null when the case was created
    to_phase = Column(String(32), nullable=False)
    changed_at = Column(DateTime, nullable=False)  # UTC, no offset
    changed_by = Column(String(80), nullable=False)


class LookupFailure(Base):
    """Failed lookups per dossiernummer, also for dossiernummers that do not exist,
    so that the lockout says nothing about which dossiers exist."""

    __tablename__ = "lookup_failures"

    dossiernummer = Column(String(12), primary_key=True)
    failed_count = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime, nullable=True)  # UTC, no offset


# --- JSON shapes ---------------------------------------------------------------------------

Dossiernummer = constr(regex=DOSSIER_PATTERN.pattern)
Code = constr(regex=rf"^\d{{{CODE_LENGTH}}}$")
Name = constr(strip_whitespace=True, min_length=1, max_length=80)


def _local_naive(value: Optional[datetime]) -> Optional[datetime]:
    if value is not None and value.tzinfo is not None:
        return value.astimezone(LOCAL_TZ).replace(tzinfo=None)
    return value


class LookupRequest(BaseModel):
    dossiernummer: Dossiernummer = Field(..., example="RI-2026-0001")
    code: Code = Field(..., example="482913", description="The employee's 6-digit code.")


class CaseOut(BaseModel):
    dossiernummer: str = Field(..., example="RI-2026-0001")
    first_sick_day: date
    phase: Phase
    phase_since: date
    coach_name: str = Field(..., description="First name of the coach.")
    coach_contact: str = Field(..., description="E-mail address or phone number of the coach.")
    next_appointment: Optional[datetime] = Field(
        None,
        description="Dutch time (Europe/Amsterdam) with its offset, e.g. "
        "2026-04-01T10:00:00+02:00; null when none is planned.",
    )

    # Stored as Dutch local time without offset; sent with the offset of that day
    # (CET or CEST), so no client has to guess the zone.
    _dutch = validator("next_appointment", allow_reuse=True)(
        lambda value: value.replace(tzinfo=LOCAL_TZ) if value is not None and value.tzinfo is None else value
    )

    class Config:
        orm_mode = True


class CaseCreated(CaseOut):
    code: str = Field(
        ..., description="The verification code in plain text, only in this response: hand it to the employee."
    )


class CaseCreate(BaseModel):
    dossiernummer: Optional[Dossiernummer] = Field(None, description="Default: the next free RI-<current year>-NNNN.")
    code: Optional[Code] = Field(None, description="Default: a random 6-digit code.")
    first_sick_day: date
    phase: Phase = Phase.intake
    phase_since: Optional[date] = Field(None, description="Default: today.")
    coach_name: Name
    coach_contact: constr(strip_whitespace=True, min_length=3, max_length=200)
    next_appointment: Optional[datetime] = Field(
        None, description="Local time; an offset, if given, is converted to Europe/Amsterdam."
    )
    changed_by: Optional[Name] = Field(None, description="Who creates the case. Default: coach_name.")

    _local = validator("next_appointment", allow_reuse=True)(_local_naive)


class PhaseUpdate(BaseModel):
    phase: Phase
    changed_by: Name
    next_appointment: Optional[datetime] = Field(
        None, description="Left out: unchanged. null: cleared. Local time as in CaseCreate."
    )

    _local = validator("next_appointment", allow_reuse=True)(_local_naive)


class PhaseChangeOut(BaseModel):
    from_phase: Optional[Phase] = Field(..., description="null for the creation of the case.")
    to_phase: Phase
    changed_at: datetime = Field(..., description="UTC, with offset.")
    changed_by: str

    class Config:
        orm_mode = True

    @validator("changed_at")
    def _utc(cls, value: datetime) -> datetime:
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


class History(BaseModel):
    dossiernummer: str
    changes: List[PhaseChangeOut] = Field(..., description="Oldest first.")


class Health(BaseModel):
    status: str = Field(..., example="ok")


class ErrorOut(BaseModel):
    detail: str = Field(..., example="not_found")


class LockedOut(BaseModel):
    detail: str = Field(..., example="locked")
    retry_after_minutes: int = Field(..., example=15)

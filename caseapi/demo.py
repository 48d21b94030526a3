"""Loads caseapi/demo_cases.yml into an empty database, so the bot can be tried end to end."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import List

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseapi import db
from caseapi.models import Case, CaseCreate
from caseapi.security import hash_code

DEMO_FILE = Path(__file__).resolve().parent / "demo_cases.yml"
log = logging.getLogger("caseapi")


def read_demo_cases(path: Path = DEMO_FILE) -> List[CaseCreate]:
    entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("cases") or []
    cases = [CaseCreate(**entry) for entry in entries]  # same validation as the API
    for case in cases:
        if not case.dossiernummer or not case.code:
            raise ValueError(f"{path}: every demo case needs a dossiernummer and a code")
    return cases


def load_demo_cases(session: Session, path: Path = DEMO_FILE) -> int:
    """Adds the demo cases if there are no cases at all; returns how many were added."""
    if session.execute(select(func.count(Case.id))).scalar():
        return 0
    cases = read_demo_cases(path)
    for data in cases:
        db.add_case(session, data, data.dossiernummer, hash_code(data.code), changed_by="demo")
    session.commit()
    log.info("demo data: %d cases loaded from %s", len(cases), path.name)
    return len(cases)

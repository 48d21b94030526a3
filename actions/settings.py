"""Settings of the action server, read from the environment (see scripts/env.sh)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class CoachContact:
    name: str  # empty: the generic name in domain.yml (utter_contact_naam_standaard)
    phone: str
    email: str
    hours: str


def coach_contact() -> CoachContact:
    return CoachContact(
        name=os.environ.get("COACH_CONTACT_NAME", "").strip(),
        phone=os.environ.get("COACH_CONTACT_PHONE", "").strip(),
        email=os.environ.get("COACH_CONTACT_EMAIL", "").strip(),
        hours=os.environ.get("COACH_CONTACT_HOURS", "").strip(),
    )

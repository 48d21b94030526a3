"""Rasa's SQL tracker store, with verification codes masked before anything is stored.

The code a user types to see their case is used within the same turn (the form
passes it to the case API and clears the slot), so the database never needs it.
A user message is stored with its six-digit codes replaced by ****** when it
answers the form's question for the code, gives case details unasked (intent
geef_dossiergegevens), or asks for the own case and so starts the form, which takes a
code from that message too (vraag_fase, vraag_volgende_stap); other messages keep their digits, so a first sick day such
as "12-01-2026" stays readable. The `verificatiecode` slot is stored as ******.
Database errors are logged without the stored values. Configured in endpoints.yml.
"""
from __future__ import annotations

from typing import Any, Dict, Iterator, List, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SlotSet, UserUttered

from spoorwijzer.dossier import CODE_MASK, mask_codes

CODE_SLOT = "verificatiecode"
# Intents whose message the dossier form reads a code from.
CASE_DETAILS_INTENTS = frozenset({"geef_dossiergegevens", "vraag_fase", "vraag_volgende_stap"})


def _may_hold_a_code(event: UserUttered, requested_slot: Optional[str]) -> bool:
    return requested_slot == CODE_SLOT or event.intent_name in CASE_DETAILS_INTENTS


def masked(event: Event, requested_slot: Optional[str] = None) -> Event:
    """The event as it may be stored: no verification code in it."""
    if isinstance(event, UserUttered) and _may_hold_a_code(event, requested_slot):
        data: Dict[str, Any] = event.as_dict()
        data["text"] = mask_codes(data.get("text") or "")
        if isinstance(data.get("parse_data"), dict):
            data["parse_data"]["text"] = mask_codes(data["parse_data"].get("text") or "")
        return Event.from_parameters(data)
    if isinstance(event, SlotSet) and event.key == CODE_SLOT and event.value:
        return SlotSet(CODE_SLOT, CODE_MASK, timestamp=event.timestamp)
    return event


def masked_events(events: List[Event], first_new: int) -> List[Event]:
    """events[first_new:] masked, each judged by the form question asked before it."""
    requested_slot = None
    result = []
    for index, event in enumerate(events):
        if index >= first_new:
            result.append(masked(event, requested_slot))
        if isinstance(event, SlotSet) and event.key == "requested_slot":
            requested_slot = event.value
    return result


class PrivacySQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A failing statement (database locked, disk full) is logged by Rasa with its
        # parameters: the events, with what users typed (dossiernummers too). Hide them.
        self.engine.hide_parameters = True

    def _additional_events(self, session: Any, tracker: Any) -> Iterator[Event]:
        new = list(super()._additional_events(session, tracker))
        events = list(tracker.events)
        return iter(masked_events(events, len(events) - len(new)))

"""Rasa's SQL tracker store, with verification codes masked before anything is stored.

The code a user types to see their case is used within the same turn (the form
passes it to the case API and clears the slot), so the database never needs it.
Masked before storage, judged by content and by where the conversation is:

- every message typed while the dossier form is open, and the message that opens it
  (it may hold number and code, which the form reads from it): each code and each run
  of 4 or more digits, whatever the classifier thought the message was;
- a message that answers the form's question for the code, gives case details unasked
  (geef_dossiergegevens) or asks for the own case (vraag_fase, vraag_volgende_stap):
  its six-digit codes;
- the `verificatiecode` slot: ******.

Other messages keep their digits, so a first sick day such as "12-01-2026" stays
readable. Database errors are logged without the stored values. Configured in
endpoints.yml. ``_additional_events`` is a private method of Rasa's SQLTrackerStore
(the events it is about to write), checked on Rasa 3.6.21 (tests/test_tracker_privacy.py).
"""
from __future__ import annotations

from typing import Any, Callable, Dict, Iterator, List, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActiveLoop, Event, SlotSet, UserUttered

from spoorwijzer.dossier import CODE_MASK, mask_codes, mask_digit_runs

CODE_SLOT = "verificatiecode"
CASE_FORM = "dossier_form"
# Intents whose message the dossier form reads a code from.
CASE_DETAILS_INTENTS = frozenset({"geef_dossiergegevens", "vraag_fase", "vraag_volgende_stap"})


def _may_hold_a_code(event: UserUttered, requested_slot: Optional[str]) -> bool:
    return requested_slot == CODE_SLOT or event.intent_name in CASE_DETAILS_INTENTS


def _with_text(event: UserUttered, mask: Callable[[str], str]) -> Event:
    data: Dict[str, Any] = event.as_dict()
    data["text"] = mask(data.get("text") or "")
    if isinstance(data.get("parse_data"), dict):
        data["parse_data"]["text"] = mask(data["parse_data"].get("text") or "")
    return Event.from_parameters(data)


def masked(event: Event, requested_slot: Optional[str] = None, in_case_form: bool = False) -> Event:
    """The event as it may be stored: no verification code in it."""
    if isinstance(event, UserUttered) and in_case_form:
        return _with_text(event, mask_digit_runs)
    if isinstance(event, UserUttered) and _may_hold_a_code(event, requested_slot):
        return _with_text(event, mask_codes)
    if isinstance(event, SlotSet) and event.key == CODE_SLOT and event.value:
        return SlotSet(CODE_SLOT, CODE_MASK, timestamp=event.timestamp)
    return event


def _opens_the_case_form(events: List[Event], index: int) -> bool:
    """The user message at `index` is followed, in its own turn, by the form opening."""
    for event in events[index + 1:]:
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActiveLoop) and event.name == CASE_FORM:
            return True
    return False


def masked_events(events: List[Event], first_new: int) -> List[Event]:
    """events[first_new:] masked, each judged by the conversation's state before it (the
    form question asked, the form open) and by whether it opens the form."""
    requested_slot, active_loop = None, None
    result = []
    for index, event in enumerate(events):
        if index >= first_new:
            in_case_form = isinstance(event, UserUttered) and (
                active_loop == CASE_FORM or _opens_the_case_form(events, index))
            result.append(masked(event, requested_slot, in_case_form))
        if isinstance(event, SlotSet) and event.key == "requested_slot":
            requested_slot = event.value
        if isinstance(event, ActiveLoop):
            active_loop = event.name
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

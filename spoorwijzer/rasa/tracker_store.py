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
readable. Database errors are logged without the stored values.

The case details a lookup stored in the `dossier` slot are overwritten in the database
once they are older than CASE_MEMORY_MINUTES (spoorwijzer/poortwachter/case_memory.py): swept at most
once a minute while the chat is used, and by `python -m spoorwijzer.tools.retention`. An
event broker, if one is configured, gets the same masked events, and never the case.

Configured in endpoints.yml. Private Rasa APIs used here are listed, with a test each,
in spoorwijzer/rasa/private_api.py.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any, Callable, Dict, Iterator, List, Optional

import sqlalchemy as sa
import sqlalchemy.orm  # noqa: F401 (sa.orm)
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActiveLoop, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import TrackerEventDiffEngine
from sqlalchemy.pool import QueuePool

from spoorwijzer.poortwachter import case_memory
from spoorwijzer.poortwachter.dossiernummer import CODE_MASK, mask_codes, mask_digit_runs
from spoorwijzer.rasa import fixes
from spoorwijzer.sqlite_wal import use_write_ahead_log

fixes.apply()  # every model loads this module: rasa run, shell and test get the fixes

logger = logging.getLogger(__name__)

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
    for event in events[index + 1 :]:
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
                active_loop == CASE_FORM or _opens_the_case_form(events, index)
            )
            result.append(masked(event, requested_slot, in_case_form))
        if isinstance(event, SlotSet) and event.key == "requested_slot":
            requested_slot = event.value
        if isinstance(event, ActiveLoop):
            active_loop = event.name
    return result


def for_the_broker(event: Event) -> Event:
    """An event as an event broker may see it: masked, and without the case."""
    if isinstance(event, SlotSet) and event.key == case_memory.CASE_SLOT and event.value:
        return SlotSet(event.key, case_memory.FORGOTTEN_CASE, timestamp=event.timestamp)
    return event


def forget_old_cases(store: SQLTrackerStore, now: Optional[float] = None) -> int:
    """Overwrites stored case details older than CASE_MEMORY_MINUTES; returns how many."""
    cutoff = (time.time() if now is None else now) - case_memory.memory_minutes() * 60
    events = store.SQLEvent
    count = 0
    with store.session_scope() as session:
        rows = session.query(events).filter(
            events.type_name == SlotSet.type_name,
            events.action_name == case_memory.CASE_SLOT,
            events.timestamp < cutoff,
        )
        for row in rows:
            data = json.loads(row.data)
            if data.get("value") in (None, case_memory.FORGOTTEN_CASE):
                continue
            data["value"] = case_memory.FORGOTTEN_CASE
            row.data = json.dumps(data)
            count += 1
        session.commit()
    return count


def sqlite_engine_for_a_server(engine: Any) -> Any:
    """For SQLite, an engine that keeps its connections open (SQLAlchemy 1.4 opens and closes
    one per query on a file database: 9 % of the server's time under load), in WAL mode."""
    if engine.dialect.name != "sqlite":
        return engine
    url = engine.url
    engine.dispose()
    # One Rasa process, whose store runs on the event loop's thread; a pool of a few
    # connections also serves the sweep and any worker thread.
    pooled = sa.create_engine(
        url,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
        connect_args={"check_same_thread": False},
        hide_parameters=True,
    )
    use_write_ahead_log(pooled)
    return pooled


class PrivacySQLTrackerStore(SQLTrackerStore):
    # How often saving a conversation also sweeps old case details (seconds).
    SWEEP_EVERY = 60.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A failing statement (database locked, disk full) is logged by Rasa with its
        # parameters: the events, with what users typed (dossiernummers too). Hide them.
        self.engine.hide_parameters = True
        self._last_sweep = 0.0
        if self.engine.dialect.name == "sqlite":
            self.engine = sqlite_engine_for_a_server(self.engine)
            self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)

    def _additional_events(self, session: Any, tracker: Any) -> Iterator[Event]:
        new = list(super()._additional_events(session, tracker))
        events = list(tracker.events)
        return iter(masked_events(events, len(events) - len(new)))

    async def stream_events(self, tracker: Any) -> None:
        if self.event_broker is None:
            return
        old_tracker = await self.retrieve(tracker.sender_id)
        new = TrackerEventDiffEngine.event_difference(old_tracker, tracker)
        events = list(tracker.events)
        safe = [for_the_broker(event) for event in masked_events(events, len(events) - len(new))]
        await self._stream_new_events(self.event_broker, safe, tracker.sender_id)

    async def save(self, tracker: Any) -> None:
        await super().save(tracker)
        if time.time() - self._last_sweep >= self.SWEEP_EVERY:
            self._last_sweep = time.time()
            try:
                forget_old_cases(self)
            except Exception as error:  # the conversation is saved; the next sweep retries
                logger.warning("Old case details not overwritten: %s", type(error).__name__)

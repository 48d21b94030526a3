"""Delete conversations older than the retention period from the tracker store (AVG).

    python -m spoorwijzer.tools.retention [--days N] [--dry-run]

A conversation is deleted whole when its newest event is older than N days
(default: CONVERSATION_RETENTION_DAYS, else 90). Case details a lookup stored are
overwritten once older than CASE_MEMORY_MINUTES (spoorwijzer/poortwachter/case_memory.py; the
tracker store does this too while the chat is used). The store is the one in
endpoints.yml, so this works for the SQLite file and for PostgreSQL alike.
Run it daily, e.g. from cron: `cd /srv/spoorwijzer && . scripts/env.sh &&
python -m spoorwijzer.tools.retention`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from typing import List, Optional

from spoorwijzer.tools import TEKSTEN

DEFAULT_DAYS = 90


@dataclass(frozen=True)
class RetentionResult:
    conversations: List[str]
    events: int


def sql_store(endpoints_file: str = "endpoints.yml"):
    """The SQL tracker store configured in endpoints.yml (unwrapped)."""
    from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
    from rasa.core.utils import AvailableEndpoints

    endpoints = AvailableEndpoints.read_endpoints(endpoints_file)
    store = TrackerStore.create(endpoints.tracker_store)
    store = getattr(store, "_tracker_store", store)  # FailSafeTrackerStore wraps it
    if not isinstance(store, SQLTrackerStore):
        raise SystemExit(TEKSTEN("retention.fouten.geen_sql", soort=type(store).__name__))
    return store


def delete_old_conversations(store, days: float, dry_run: bool = False, now: Optional[float] = None) -> RetentionResult:
    from sqlalchemy import func

    cutoff = (now if now is not None else time.time()) - days * 86400
    events = store.SQLEvent
    with store.session_scope() as session:
        old = [
            sender
            for sender, _ in session.query(events.sender_id, func.max(events.timestamp))
            .group_by(events.sender_id)
            .having(func.max(events.timestamp) < cutoff)
        ]
        count = session.query(events).filter(events.sender_id.in_(old)).count() if old else 0
        if old and not dry_run:
            session.query(events).filter(events.sender_id.in_(old)).delete(synchronize_session=False)
            session.commit()
    return RetentionResult(conversations=old, events=count)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=TEKSTEN("retention.beschrijving"))
    parser.add_argument(
        "--days",
        type=float,
        default=float(os.environ.get("CONVERSATION_RETENTION_DAYS") or DEFAULT_DAYS),
        help=TEKSTEN("retention.optie.dagen"),
    )
    parser.add_argument("--dry-run", action="store_true", help=TEKSTEN("retention.optie.proef"))
    parser.add_argument("--endpoints", default="endpoints.yml")
    args = parser.parse_args(argv)
    if args.days < 0:
        parser.error(TEKSTEN("retention.fouten.dagen"))
    store = sql_store(args.endpoints)
    result = delete_old_conversations(store, args.days, args.dry_run)
    print(
        TEKSTEN(
            "retention.zou_verwijderen" if args.dry_run else "retention.verwijderd",
            gesprekken=len(result.conversations),
            gebeurtenissen=result.events,
            dagen=args.days,
        )
    )
    if not args.dry_run:
        from spoorwijzer.rasa.tracker_store import forget_old_cases

        print(TEKSTEN("retention.dossiers_vergeten", aantal=forget_old_cases(store)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

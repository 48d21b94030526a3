"""SQLite settings shared by the tracker store (Rasa server) and the case API."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event as sa_event


def use_write_ahead_log(engine: Any) -> None:
    """SQLite in WAL mode with synchronous=NORMAL: a commit appends to the log instead of
    syncing the database file several times. Under load that sync was 10 % of the Rasa
    server's time (py-spy, issue 15), and each case lookup commits twice (the lockout
    counter). Readers no longer wait for a writer. A crash of the server loses nothing;
    a power cut can lose the last commits, never the file.
    PostgreSQL (production) is left alone."""
    if engine.dialect.name != "sqlite":
        return

    @sa_event.listens_for(engine, "connect")
    def _on_connect(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

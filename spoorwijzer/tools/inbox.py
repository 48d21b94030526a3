"""The inbox: what the assistant did not understand, for the content team.

Reads the conversations' database (Rasa's SQL tracker store, SQLite or PostgreSQL)
and lists the messages that got the fallback ("bedoel je ...?") or that the
classifier was unsure of, most frequent first, with the date last seen and the
reply the person got. Codes and dossiernummers are masked. The list can be written
as an NLU YAML draft, grouped by the classifier's guess, to label and move into
data/nlu. Rasa X did this; open-source Rasa has nothing like it.

    python -m spoorwijzer.tools.inbox [--days 30] [--max-confidence 0.4] [--yaml draft.yml]

The website shows the same list at /inbox when INBOX_TOKEN is set (docs/operations.md).
Only SQLAlchemy and the stored JSON are read: the website needs no Rasa for it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Dict, Iterable, List, Optional

import sqlalchemy as sa

from spoorwijzer.poortwachter.answer_keys import FALLBACK_INTENT, KNOWLEDGE_INTENTS, chosen_answer
from spoorwijzer.poortwachter.dossiernummer import mask_digit_runs
from spoorwijzer.tools import TEKSTEN

DEFAULT_DAYS = 30
# Below this confidence of the best intent a message counts as not understood.
DEFAULT_MAX_CONFIDENCE = 0.4
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def masked(text: str) -> str:
    """No codes, dossiernummers, BSNs, phone numbers (runs of 4 or more digits) or e-mail
    addresses in the inbox: it is read by people and its draft may end up in git."""
    return mask_digit_runs(_EMAIL.sub("***@***", text or ""))


@dataclass
class Entry:
    """One message text (as typed, masked) with how often and when it came in."""

    text: str
    count: int = 0
    last_seen: float = 0.0
    guess: str = ""  # the classifier's best label, before the fallback
    confidence: float = 0.0
    fallback: bool = False
    reply: str = ""  # the start of what the assistant answered, the last time

    @property
    def last_seen_date(self) -> str:
        return datetime.fromtimestamp(self.last_seen, tz=timezone.utc).strftime("%Y-%m-%d")


def _best_guess(parse: Dict[str, Any]) -> tuple:
    """(label, confidence) of the best intent that is not the fallback, with the answer id
    for a knowledge question."""
    ranking = [r for r in parse.get("intent_ranking") or [] if r.get("name") != FALLBACK_INTENT]
    best = ranking[0] if ranking else (parse.get("intent") or {})
    name, confidence = best.get("name") or "", float(best.get("confidence") or 0.0)
    if name in KNOWLEDGE_INTENTS:
        name = chosen_answer(parse).get("intent_response_key") or name
    return name, confidence


def _not_understood(parse: Dict[str, Any], max_confidence: float) -> bool:
    intent = parse.get("intent") or {}
    if intent.get("name") == FALLBACK_INTENT:
        return True
    return float(intent.get("confidence") or 0.0) < max_confidence


def read_entries(
    url: str, days: int = DEFAULT_DAYS, max_confidence: float = DEFAULT_MAX_CONFIDENCE, now: Optional[float] = None
) -> List[Entry]:
    """The not-understood messages of the last `days` days, most frequent first."""
    engine = sa.create_engine(url, hide_parameters=True)
    since = (now or time.time()) - days * 86400
    try:
        events = sa.Table("events", sa.MetaData(), autoload_with=engine)
        query = (
            sa.select(events.c.sender_id, events.c.type_name, events.c.timestamp, events.c.data)
            .where(events.c.timestamp >= since, events.c.type_name.in_(("user", "bot")))
            .order_by(events.c.sender_id, events.c.id)
        )
        with engine.connect() as connection:
            return _entries(connection.execute(query), max_confidence)
    except sa.exc.NoSuchTableError:
        return []  # no conversation stored yet
    finally:
        engine.dispose()


def _entries(rows: Iterable[Any], max_confidence: float) -> List[Entry]:
    entries: Dict[str, Entry] = {}
    waiting: Optional[Entry] = None  # the last not-understood message, awaiting its reply
    sender = None
    for row in rows:
        if row.sender_id != sender:
            sender, waiting = row.sender_id, None
        data = json.loads(row.data or "{}")
        if row.type_name == "bot":
            if waiting is not None and data.get("text"):
                waiting.reply = masked(data["text"].split("\n")[0])[:160]
                waiting = None
            continue
        text = (data.get("text") or "").strip()
        parse = data.get("parse_data") or {}
        waiting = None
        if not text or text.startswith("/") or not _not_understood(parse, max_confidence):
            continue
        shown = masked(" ".join(text.split()))
        entry = entries.setdefault(shown.lower(), Entry(text=shown))
        entry.count += 1
        if row.timestamp >= entry.last_seen:  # guess and reply of the latest time it came in
            entry.last_seen = float(row.timestamp)
            entry.guess, entry.confidence = _best_guess(parse)
            entry.fallback = (parse.get("intent") or {}).get("name") == FALLBACK_INTENT
            waiting = entry
    return sorted(entries.values(), key=lambda e: (-e.count, -e.last_seen))


def as_nlu_draft(entries: Iterable[Entry]) -> str:
    """An NLU YAML draft: the messages grouped by the classifier's guess, to check."""
    groups: Dict[str, List[str]] = {}
    for entry in entries:
        groups.setdefault(entry.guess or TEKSTEN("inbox.zonder_gok"), []).append(entry.text)
    lines = [
        "# Draft from the inbox (python -m spoorwijzer.tools.inbox --yaml). Each message stands",
        "# under the label the assistant guessed, which is often wrong: move every line to",
        "# its right intent in data/nlu, or delete it, before training.",
        'version: "3.1"',
        "nlu:",
    ]
    for label, texts in sorted(groups.items()):
        lines += [f"- intent: {label}", "  examples: |"]
        lines += [f"    - {text}" for text in texts]
    return "\n".join(lines) + "\n"


def format_table(entries: List[Entry]) -> str:
    if not entries:
        return TEKSTEN("inbox.leeg")
    lines = [TEKSTEN("inbox.tabel.kop", **TEKSTEN.raw("inbox.tabel.kolommen"))]
    for e in entries:
        mark = TEKSTEN("inbox.tabel.teken_bedoel_je") if e.fallback else ""
        guess = TEKSTEN("inbox.tabel.gok", label=e.guess, zekerheid=e.confidence, teken=mark)
        lines.append(
            TEKSTEN(
                "inbox.tabel.regel",
                aantal=e.count,
                laatst=e.last_seen_date,
                gok=guess,
                bericht=e.text,
                antwoord=e.reply,
            )
        )
    lines.append(TEKSTEN("inbox.tabel.voetnoot"))
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=TEKSTEN("inbox.beschrijving"))
    parser.add_argument("--url", default=os.environ.get("TRACKER_STORE_URL"), help=TEKSTEN("inbox.optie.url"))
    parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help=TEKSTEN("inbox.optie.dagen"))
    parser.add_argument(
        "--max-confidence", type=float, default=DEFAULT_MAX_CONFIDENCE, help=TEKSTEN("inbox.optie.zekerheid")
    )
    parser.add_argument("--yaml", help=TEKSTEN("inbox.optie.yaml"))
    args = parser.parse_args(argv)
    if not args.url:
        parser.error(TEKSTEN("inbox.fouten.geen_url"))
    if args.days < 0:
        parser.error(TEKSTEN("inbox.fouten.dagen"))
    if not 0 < args.max_confidence <= 1:
        parser.error(TEKSTEN("inbox.fouten.zekerheid"))
    entries = read_entries(args.url, args.days, args.max_confidence)
    print(format_table(entries))
    if args.yaml:
        with open(args.yaml, "w", encoding="utf-8") as out:
            out.write(as_nlu_draft(entries))
        print(TEKSTEN("inbox.concept_geschreven", pad=args.yaml, aantal=len(entries)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

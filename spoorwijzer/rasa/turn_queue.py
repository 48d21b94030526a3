"""First come, first served: a Rasa server works on a few turns at a time (issue 15).

Rasa handles every message on one event loop. With 20 messages in flight, each await
(a call to the action server) puts a turn back behind the CPU work of all the others,
so a case lookup, which calls the action server two or three times, waited two or
three rounds while an FAQ turn waited one: under load it took twice as long.

So turns pass a door: at most MAX_CONCURRENT_TURNS turns are handled at once, and the
others wait in about arrival order (asyncio's semaphore). Every kind of turn then
waits about as long at the door, and a turn that has started is finished first.
Measured with bench/load.py (docs/measurements.md): 4 at a time gave the most
turns per second; 1 or 2 leave the server idle while a turn waits for the action
server, 8 or more bring back the rounds. A turn that waits for the action server
keeps its place: letting the next turn in then starved the action server of CPU,
and case and calendar turns got slower, not faster.

MAX_CONCURRENT_TURNS (scripts/env.sh) sets how many; 0 turns the door off.
"""

from __future__ import annotations

import asyncio
import os
import weakref
from typing import Awaitable, Callable, Optional, TypeVar

T = TypeVar("T")

DEFAULT_MAX_CONCURRENT_TURNS = 4

# One semaphore per event loop: tests run several loops in one process.
_doors: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]" = weakref.WeakKeyDictionary()


def max_concurrent_turns() -> int:
    """MAX_CONCURRENT_TURNS as a number; anything that is not a whole number >= 0 is
    the default."""
    text = os.environ.get("MAX_CONCURRENT_TURNS", "").strip()
    return int(text) if text.isdigit() else DEFAULT_MAX_CONCURRENT_TURNS


def _door() -> Optional[asyncio.Semaphore]:
    limit = max_concurrent_turns()
    if limit == 0:
        return None
    loop = asyncio.get_running_loop()
    door = _doors.get(loop)
    if door is None:
        door = _doors[loop] = asyncio.Semaphore(limit)
    return door


async def in_turn(work: Callable[[], Awaitable[T]]) -> T:
    """Runs ``work()`` (the handling of one message) once fewer than
    MAX_CONCURRENT_TURNS turns are being handled."""
    door = _door()
    if door is None:
        return await work()
    async with door:
        return await work()

"""The atomic Redis lock store, on a real Redis started by the test run."""

from __future__ import annotations

import asyncio
import threading
from typing import Iterator, List

import pytest
from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import EndpointConfig

from spoorwijzer.rasa.lock_store import AtomicRedisLockStore
from tests.servers import running_redis

SERVERS = 4  # lock store clients, each with its own connection, as separate servers have
TICKETS_EACH = 50


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    with running_redis() as port:
        yield port


def store(port: int) -> AtomicRedisLockStore:
    return AtomicRedisLockStore(host="127.0.0.1", port=port)


def test_rasa_creates_it_from_endpoints(redis_port):
    config = EndpointConfig(
        url="127.0.0.1",
        type="spoorwijzer.rasa.lock_store.AtomicRedisLockStore",
        port=str(redis_port),
        password="",
        db="0",
    )
    created = LockStore.create(config)
    assert isinstance(created, AtomicRedisLockStore)
    assert created.issue_ticket("from-endpoints") == 0


def test_tickets_issued_at_the_same_moment_are_all_different(redis_port):
    """Rasa's own RedisLockStore hands out duplicates here (read, change, write)."""
    issued: List[int] = []
    start = threading.Barrier(SERVERS)

    def server() -> None:
        own = store(redis_port)
        start.wait()
        for _ in range(TICKETS_EACH):
            issued.append(own.issue_ticket("busy-conversation"))

    threads = [threading.Thread(target=server) for _ in range(SERVERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(issued) == list(range(SERVERS * TICKETS_EACH))


def test_one_holder_at_a_time_and_the_lock_is_gone_afterwards(redis_port):
    holders: List[int] = []
    order: List[str] = []

    async def turn(name: str) -> None:
        async with store(redis_port).lock("one-at-a-time", wait_time_in_seconds=0.01):
            holders.append(1)
            order.append(f"{name} in")
            assert len(holders) == 1, "two turns hold the lock at once"
            await asyncio.sleep(0.02)
            holders.pop()
            order.append(f"{name} out")

    async def all_turns() -> None:
        await asyncio.gather(*(turn(f"t{i}") for i in range(8)))

    asyncio.run(all_turns())
    assert len(order) == 16
    assert all(order[i].split()[0] == order[i + 1].split()[0] for i in range(0, 16, 2))
    assert store(redis_port).get_lock("one-at-a-time") is None


def test_expired_tickets_are_dropped_and_cleanup_keeps_waiting_ones(redis_port):
    own = store(redis_port)
    serving = own.issue_ticket("expiring")
    own.issue_ticket("expiring", lock_lifetime=-1)  # a server that died while waiting
    own.update_lock("expiring")
    assert [t.number for t in own.get_lock("expiring").tickets] == [serving]
    waiting = own.issue_ticket("expiring")
    own.cleanup("expiring", serving)
    assert [t.number for t in own.get_lock("expiring").tickets] == [waiting]
    own.cleanup("expiring", waiting)
    assert own.get_lock("expiring") is None

"""The door in front of the Rasa server (spoorwijzer/rasa/turn_queue.py): at most
MAX_CONCURRENT_TURNS turns at a time, the others wait in about arrival order, and
0 turns the door off."""

from __future__ import annotations

import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from spoorwijzer.rasa import turn_queue
from spoorwijzer.rasa.channels import guarded


def run_turns(count: int, seconds: float = 0.02):
    """Starts `count` turns at once; returns the most that ran together and the order
    in which they started."""

    async def scenario():
        running, most, started = 0, 0, []

        async def turn(number: int) -> int:
            nonlocal running, most
            started.append(number)
            running += 1
            most = max(most, running)
            await asyncio.sleep(seconds)  # waits on the action server, say
            running -= 1
            return number

        tasks = []
        for number in range(count):
            tasks.append(asyncio.create_task(turn_queue.in_turn(lambda n=number: turn(n))))
            await asyncio.sleep(0)  # they arrive one after the other
        return most, started, await asyncio.gather(*tasks)

    return asyncio.run(scenario())


@pytest.mark.parametrize("limit", ["1", "2", "4"])
def test_no_more_than_the_limit_run_together(monkeypatch, limit):
    monkeypatch.setenv("MAX_CONCURRENT_TURNS", limit)
    most, started, results = run_turns(10)
    assert most == int(limit)
    assert results == list(range(10))  # every turn ran, each with its own result
    assert started == list(range(10))


def test_zero_turns_the_door_off(monkeypatch):
    monkeypatch.setenv("MAX_CONCURRENT_TURNS", "0")
    most, _started, _results = run_turns(10)
    assert most == 10


@pytest.mark.parametrize("value", ["", "vier", "-1", "2.5"])
def test_a_value_that_is_no_whole_number_gives_the_default(monkeypatch, value):
    monkeypatch.setenv("MAX_CONCURRENT_TURNS", value)
    assert turn_queue.max_concurrent_turns() == turn_queue.DEFAULT_MAX_CONCURRENT_TURNS
    most, _started, _results = run_turns(10)
    assert most == turn_queue.DEFAULT_MAX_CONCURRENT_TURNS


def test_a_failing_or_cancelled_turn_frees_its_place(monkeypatch):
    monkeypatch.setenv("MAX_CONCURRENT_TURNS", "1")

    async def scenario():
        async def fails():
            raise RuntimeError("database locked")

        with pytest.raises(RuntimeError):
            await turn_queue.in_turn(fails)
        waiting = asyncio.create_task(turn_queue.in_turn(lambda: asyncio.sleep(10)))
        await asyncio.sleep(0.01)
        waiting.cancel()  # the client went away
        with pytest.raises(asyncio.CancelledError):
            await waiting
        return await asyncio.wait_for(turn_queue.in_turn(lambda: asyncio.sleep(0, "ok")), 1)

    assert asyncio.run(scenario()) == "ok"


def test_the_channels_handle_messages_through_the_door(monkeypatch):
    monkeypatch.setenv("MAX_CONCURRENT_TURNS", "1")
    running, most = 0, 0

    async def handle(message: UserMessage) -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.01)
        await message.output_channel.send_response(message.sender_id, {"text": message.text})
        running -= 1

    async def scenario():
        outputs = [CollectingOutputChannel() for _ in range(3)]
        await asyncio.gather(
            *(guarded(handle)(UserMessage(f"vraag {n}", out, f"s{n}")) for n, out in enumerate(outputs))
        )
        return [out.messages[0]["text"] for out in outputs]

    assert asyncio.run(scenario()) == ["vraag 0", "vraag 1", "vraag 2"]
    assert most == 1

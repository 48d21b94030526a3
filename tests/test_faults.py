"""Faults: the user always gets a Dutch message, never silence."""

from __future__ import annotations

import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from spoorwijzer.rasa.channels import NO_REPLY_TEXT, guarded
from tests.answers import first_sentence
from tests.servers import StackError, free_port, rasa_server, running_stack, say


def test_a_message_without_any_reply_gets_the_dutch_message():
    async def silent(message):  # what Rasa does when a custom action cannot be reached
        return None

    async def answering(message):
        await message.output_channel.send_response(message.sender_id, {"text": "Hoi!"})

    for handler, expected in ((silent, [NO_REPLY_TEXT]), (answering, ["Hoi!"])):
        collector = CollectingOutputChannel()
        asyncio.run(guarded(handler)(UserMessage("hallo", collector, "s1")))
        assert [m["text"] for m in collector.messages] == expected


def test_a_crash_while_answering_gets_the_dutch_message_and_is_logged_without_the_text(caplog):
    async def crashing(message):
        raise RuntimeError("boom")

    async def answering_then_crashing(message):
        await message.output_channel.send_response(message.sender_id, {"text": "Hoi!"})
        raise RuntimeError("database is full")

    for handler, expected in ((crashing, [NO_REPLY_TEXT]), (answering_then_crashing, ["Hoi!"])):
        caplog.clear()
        collector = CollectingOutputChannel()
        asyncio.run(guarded(handler)(UserMessage("mijn code is 482913", collector, "s2")))
        assert [m["text"] for m in collector.messages] == expected
        assert "RuntimeError" in caplog.text and "482913" not in caplog.text


def test_a_cancelled_message_is_not_passed_on_and_its_text_is_not_logged(caplog):
    """Sanic cancels the handler when the client goes away; Rasa's REST channel would
    then log the message text."""

    async def cancelled(message):
        raise asyncio.CancelledError()

    collector = CollectingOutputChannel()
    asyncio.run(guarded(cancelled)(UserMessage("mijn code is 482913", collector, "s3")))
    assert [m["text"] for m in collector.messages] == [NO_REPLY_TEXT]
    assert "cancelled" in caplog.text and "482913" not in caplog.text


def test_action_server_down_gives_a_dutch_message_and_answers_go_on(model_path, tmp_path):
    """rasa#7630: with the action server unreachable Rasa itself says nothing."""
    dead = f"http://127.0.0.1:{free_port()}/webhook"
    try:
        with running_stack(model_path, tmp_path, ACTION_SERVER_URL=dead) as stack:
            reply = say(stack.base, "fault-1", "in welke fase zit mijn traject?")
            assert reply == NO_REPLY_TEXT
            # Answers that need no custom action still work.
            assert "Spoor 2" in say(stack.base, "fault-1", "wat is spoor 2?")
    except StackError as error:
        pytest.fail(str(error))


def test_a_restarted_rasa_server_continues_the_conversation(server, model_path, tmp_path, domain):
    """The conversation lives in the tracker store, not in the server process."""
    env = server.env_for_another_rasa_server(TRACKER_DB=str(tmp_path / "tracker.db"))
    log = tmp_path / "rasa.log"
    try:
        with rasa_server(model_path, env, log) as base:
            assert "Spoor 2" in say(base, "restart-1", "wat is spoor 2?")
        with rasa_server(model_path, env, log) as base:  # a new process, same store
            reply = say(base, "restart-1", "en hoe lang duurt dat?")
    except StackError as error:
        pytest.fail(str(error))
    assert first_sentence(domain, "faq/spoor2_duur") in reply

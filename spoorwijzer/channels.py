"""Rasa's REST and socket.io channels with two additions (credentials.yml names them).

- Typed payloads: Rasa reads any message that starts with "/" as an intent, skipping
  the NLU. Buttons need that, but "/faq" typed by hand then gets no answer at all
  (no answer was selected). Only the intents our buttons and the widget send stay
  payloads; any other "/..." is read as ordinary text.
- Answer links (socket.io): after a bot message that shows one of the answers
  (``utter_faq/<id>``, ``utter_fabel/<id>``), the widget also gets
  ``{"answer_link": {"id", "url"}}`` with the answer's page, so a coach can forward it.

Everything else is Rasa's own ``RestInput`` and ``SocketIOInput`` (session
persistence included).
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, Optional, Text

import re

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from spoorwijzer import faq_links

_ANSWER_ACTIONS = ("utter_faq/", "utter_fabel/")
# Intents sent as payloads by our buttons (tests/test_channels.py keeps this complete),
# the widget's greeting, and Rasa's /restart (answered by utter_restart).
PAYLOAD_INTENTS = frozenset(
    {"kies_antwoord", "inform_rol", "vraag_kalender", "deny", "affirm", "greet", "restart"}
)
_PAYLOAD = re.compile(r"^\s*/+([A-Za-z0-9_]*)")

Handler = Callable[[UserMessage], Awaitable[Any]]


def as_typed_text(text: Optional[str]) -> str:
    """The message, with a "/" command that no button sends turned into plain text."""
    text = text or ""
    match = _PAYLOAD.match(text)
    if match and match.group(1) not in PAYLOAD_INTENTS:
        return text[match.end(0) - len(match.group(1)):]
    return text


def guarding_payloads(on_new_message: Handler) -> Handler:
    async def handler(message: UserMessage) -> None:
        message.text = as_typed_text(message.text)
        await on_new_message(message)

    return handler


def answer_id_of(message: Dict[Text, Any]) -> Optional[str]:
    """The answer id of a bot message, from the response it came from."""
    utter_action = str(message.get("utter_action") or "")
    if utter_action.startswith(_ANSWER_ACTIONS):
        answer_id = utter_action[len("utter_"):]
        if faq_links.is_answer_id(answer_id):
            return answer_id
    return None


class AnswerLinkOutput(SocketIOOutput):
    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        answer_id = answer_id_of(message)
        await super().send_response(recipient_id, message)
        if answer_id:
            link = {"id": answer_id, "url": faq_links.page_url(answer_id)}
            await self._send_message(recipient_id, {"answer_link": link})


class SocketIOWithAnswerLinks(SocketIOInput):
    """Rasa's socket.io input; its replies go through ``AnswerLinkOutput``."""

    def get_output_channel(self) -> Optional[OutputChannel]:
        if self.sio is None:
            return super().get_output_channel()
        return AnswerLinkOutput(self.sio, self.bot_message_evt)

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        async def with_answer_links(message: UserMessage) -> None:
            message.output_channel = AnswerLinkOutput(self.sio, self.bot_message_evt)
            await on_new_message(message)

        return super().blueprint(guarding_payloads(with_answer_links))


class RestWithPayloadGuard(RestInput):
    """Rasa's REST channel (POST /webhooks/rest/webhook) with the payload guard."""

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        return super().blueprint(guarding_payloads(on_new_message))

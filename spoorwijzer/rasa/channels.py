"""Rasa's REST and socket.io channels with three additions (credentials.yml names them).

- Typed payloads: Rasa reads any message that starts with "/" as an intent, skipping
  the NLU. Buttons need that, but "/faq" typed by hand then gets no answer at all
  (no answer was selected). Only the intents our buttons and the widget send stay
  payloads; any other "/..." is read as ordinary text.
- Never silent: when a message gets no reply at all (the action server is down,
  rasa#7630, or anything else went wrong), the user gets a short Dutch message
  (``utter_storing`` in domain.yml) instead of silence.
- Answer links (socket.io): after a bot message that shows one of the answers
  (``utter_faq/<id>``, ``utter_fabel/<id>``), the widget also gets
  ``{"answer_link": {"id", "url"}}`` with the answer's page, so a coach can forward it.

Everything else is Rasa's own ``RestInput`` and ``SocketIOInput`` (session
persistence included).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text
from urllib.parse import urlsplit

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from spoorwijzer import PROJECT_ROOT
from spoorwijzer.poortwachter import catalogue, faq_links, teksten
from spoorwijzer.rasa import fixes, turn_queue

fixes.apply()  # every Rasa server loads this module (credentials.yml)

# Intents sent as payloads by our buttons (tests/test_channels.py keeps this complete),
# the widget's greeting, and Rasa's /restart (answered by utter_restart).
PAYLOAD_INTENTS = frozenset({"kies_antwoord", "inform_rol", "vraag_kalender", "deny", "affirm", "greet", "restart"})
_PAYLOAD = re.compile(r"^\s*/+([A-Za-z0-9_]*)")

logger = logging.getLogger(__name__)
Handler = Callable[[UserMessage], Awaitable[Any]]
# Said when a message got no reply at all. No action can send it (the failure may be
# anywhere between Rasa and the action server), so it is read from domain.yml here, once.
NO_REPLY_RESPONSE = "utter_storing"
NO_REPLY_TEXT = catalogue.response_text(teksten.load(PROJECT_ROOT / "domain.yml"), NO_REPLY_RESPONSE)


class _CountingOutput(OutputChannel):
    """Passes every reply on to the real output channel and counts them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    def name(self) -> Text:  # type: ignore[override]
        return self.inner.name()

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


def as_typed_text(text: Optional[str]) -> str:
    """The message, with a "/" command that no button sends turned into plain text."""
    text = text or ""
    match = _PAYLOAD.match(text)
    if match and match.group(1) not in PAYLOAD_INTENTS:
        return text[match.end(0) - len(match.group(1)) :]
    return text


def guarded(on_new_message: Handler) -> Handler:
    """Typed /commands read as text, and a Dutch message instead of silence.

    A failure while handling the message is logged and not passed on: the user
    keeps any replies already sent (REST returns them), or gets NO_REPLY_TEXT.
    """

    async def handler(message: UserMessage) -> None:
        message.text = as_typed_text(message.text)
        output = message.output_channel
        counting = _CountingOutput(output)
        message.output_channel = counting
        try:
            await turn_queue.in_turn(lambda: on_new_message(message))
        except Exception:  # e.g. the tracker store's database locked or full
            # Logged here without the message text: Rasa's channels would log the text,
            # and it may hold a verification code.
            logger.exception("Handling a message failed; the user gets the fault message.")
        except asyncio.CancelledError:  # the client went away (Rasa would log the text)
            logger.warning("Handling a message was cancelled: the client closed the connection.")
        finally:
            if counting.sent == 0:
                await output.send_response(message.sender_id, {"text": NO_REPLY_TEXT})

    return handler


def answer_id_of(message: Dict[Text, Any]) -> Optional[str]:
    """The answer id of a bot message, from the response it came from."""
    return faq_links.answer_id_of_response(message.get("utter_action"))


class AnswerLinkOutput(SocketIOOutput):
    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        answer_id = answer_id_of(message)
        await super().send_response(recipient_id, message)
        if answer_id:
            link = {"id": answer_id, "url": faq_links.page_url(answer_id)}
            await self._send_message(recipient_id, {"answer_link": link})


def allowed_origins() -> Optional[List[str]]:
    """Origins from CORS_ORIGINS (space separated), written as a browser sends them in
    its Origin header; None when any origin may connect ("*", the development default)."""
    origins = os.environ.get("CORS_ORIGINS", "*").split()
    return None if not origins or "*" in origins else [as_origin(o) for o in origins]


def as_origin(text: str) -> str:
    """ "HTTPS://www.Bureau.nl:443/" as a browser's Origin header says it:
    "https://www.bureau.nl". python-engineio compares the header with each listed
    origin as a string, so "https://www.bureau.nl/" would never match."""
    parts = urlsplit(text.strip())
    try:
        port = parts.port
    except ValueError:  # not a port number
        port = -1
    if parts.scheme not in ("http", "https") or not parts.hostname or port == -1:
        # Kept as written: it matches no browser, so it lets no page in.
        logger.warning("CORS_ORIGINS: %r is not an origin such as https://www.example.nl", text)
        return text
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    default_port = {"http": 80, "https": 443}[parts.scheme]
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default_port else "")


class SocketIOWithAnswerLinks(SocketIOInput):
    """Rasa's socket.io input, guarded as above; replies go through ``AnswerLinkOutput``.

    Rasa turns python-socketio's origin check off (``cors_allowed_origins=[]``: any
    page on any site may open a chat). ``rasa run --cors`` only sets CORS headers on
    HTTP responses, which browsers do not apply to a websocket. With a list in
    CORS_ORIGINS (a "*", the development default, keeps it off), this channel turns
    the check on again: a browser's handshake from any other origin gets "400 Not an
    accepted origin", so only the listed sites (the chat's own site and the pages that
    embed the widget) can open a chat. Requests without an Origin header (not a
    browser) are not checked.
    """

    def get_output_channel(self) -> Optional[OutputChannel]:
        if self.sio is None:
            return super().get_output_channel()
        return AnswerLinkOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = guarded(on_new_message)

        async def with_answer_links(message: UserMessage) -> None:
            message.output_channel = AnswerLinkOutput(self.sio, self.bot_message_evt)
            await handle(message)

        blueprint = super().blueprint(with_answer_links)
        origins = allowed_origins()
        if origins:
            # The widget uses the websocket transport only, so these origins are
            # checked at the handshake and no second set of CORS headers is sent.
            self.sio.eio.cors_allowed_origins = origins
        return closing_kept_sessions(blueprint)


class GuardedRestInput(RestInput):
    """Rasa's REST channel (POST /webhooks/rest/webhook), guarded as above."""

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        return closing_kept_sessions(super().blueprint(guarded(on_new_message)))


def closing_kept_sessions(blueprint: Blueprint) -> Blueprint:
    """The server closes the action server's kept connections when it stops
    (rasa_fixes, fix 3); with both channels the second close finds nothing left."""

    @blueprint.listener("after_server_stop")
    async def close_sessions(_app: Any, _loop: Any) -> None:
        await fixes.close_kept_sessions()

    return blueprint

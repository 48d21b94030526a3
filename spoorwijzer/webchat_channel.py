"""Rasa's socket.io channel, plus a link under every FAQ answer.

After a bot message that shows one of the answers (``utter_faq/<id>``,
``utter_fabel/<id>``), the widget also gets ``{"answer_link": {"id", "url"}}`` with
the answer's stable page address, so a coach can forward it. Everything else is
Rasa's own ``SocketIOInput`` (session persistence included); it is configured
in credentials.yml under this class's import path.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from spoorwijzer import faq_links

_ANSWER_ACTIONS = ("utter_faq/", "utter_fabel/")


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

        return super().blueprint(with_answer_links)

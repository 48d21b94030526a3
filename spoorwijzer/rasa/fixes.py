"""Three small fixes to Rasa 3.6's server, installed by ``apply()``.

Every Rasa plugin of the project calls ``apply()`` when it is imported (the classifier,
the message signals and the context policy, which every model loads, and the channels
and the tracker store), so ``rasa run``, ``rasa shell``, ``rasa test`` and a run with
``--connector`` all run with them. ``apply()`` first checks the Rasa version: the fixes
replace private Rasa functions (spoorwijzer/rasa/private_api.py).

1. Action-server replies are checked by one compiled JSON-schema validator.
   Rasa checks every reply with ``jsonschema.validate()``, which first checks the schema
   itself against the JSON-Schema meta-schema, on every call. With forms (each turn of
   the case lookup runs the validation action) that was 30 % of the server's CPU at 20
   concurrent users (py-spy during ``bench/load.py``). The schema is a constant, so it is
   checked once. A valid reply passes as before; an invalid one goes to Rasa's own
   method, which raises the same error with Rasa's hint. (No upstream issue found.)

2. Button payloads with entities are not read as slot placeholders.
   Rasa fills ``{slot}`` placeholders in every string of a response, button payloads
   included, so ``/kies_antwoord{"antwoord":"faq/x"}`` looks like a placeholder named
   ``"antwoord":"faq/x"``. Rasa then logs an ERROR with a traceback and the conversation's
   slot values, and sends the payload unchanged. Every answer with related questions
   did that. A payload of the form ``/intent{...}`` whose braces hold a JSON object is
   now passed through as it is, without the error; other strings are filled as before.
   Upstream: https://github.com/RasaHQ/rasa/issues/6616 and
   https://github.com/RasaHQ/rasa/issues/7194 (closed; Rasa 3.6.21 still logs it).

3. Calls to the action server keep their connection, and the domain is encoded once.
   ``EndpointConfig.request`` opens a new aiohttp session, so a new TCP connection, for
   every action call, and every call sends the whole domain (136 KB, all responses) as
   JSON. Under the 20-user load that was 7 % of the Rasa server's CPU (py-spy, issue 15),
   and the connect was one more wait in the event loop's queue for each call. Now each
   event loop keeps one session per endpoint (keep-alive), and the domain part of a call
   is encoded once per domain; the bytes sent are the same JSON.
"""

from __future__ import annotations

import asyncio
import json
import re
import weakref
from functools import lru_cache
from typing import Any, Dict, Optional, Text, Tuple

import aiohttp
from jsonschema import validators
from rasa.core.actions.action import RemoteAction
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.core.nlg import interpolator
from rasa.utils.endpoints import EndpointConfig

from spoorwijzer.rasa.private_api import check_rasa_version

_rasa_validate_action_result = RemoteAction._validate_action_result
_rasa_interpolate_text = interpolator.interpolate_text
_INTENT_PAYLOAD = re.compile(r"^\s*/\w+(?P<entities>\{.*\})\s*$", re.DOTALL)


@lru_cache(maxsize=1)
def _action_reply_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    if _action_reply_validator().is_valid(result):
        return True
    return _rasa_validate_action_result(self, result)  # raises Rasa's ValidationError


def is_intent_payload_with_entities(text: Text) -> bool:
    """True for "/intent{...}" with a JSON object in the braces (no slot placeholder)."""
    match = _INTENT_PAYLOAD.match(text)
    if not match:
        return False
    try:
        return isinstance(json.loads(match.group("entities")), dict)
    except ValueError:
        return False


def _interpolate_text(response: Text, values: Dict[Text, Any]) -> Text:
    if isinstance(response, str) and is_intent_payload_with_entities(response):
        return response
    return _rasa_interpolate_text(response, values)


class _EncodedDomain:
    """The last domain dict seen and its JSON: Rasa passes the same dict on every call
    (``Domain.as_dict`` is cached), so one encoding serves them all."""

    source: Optional[Dict[Text, Any]] = None
    json: Text = ""


def encode_json(body: Any) -> Text:
    """json.dumps, with the domain of an action call encoded once per domain."""
    domain = body.get("domain") if isinstance(body, dict) else None
    if not isinstance(domain, dict):
        return json.dumps(body)
    if domain is not _EncodedDomain.source:
        _EncodedDomain.source, _EncodedDomain.json = domain, json.dumps(domain)
    rest = json.dumps({key: value for key, value in body.items() if key != "domain"})
    return rest[:-1] + (", " if len(rest) > 2 else "") + '"domain": ' + _EncodedDomain.json + "}"


class _KeptSession:
    """Stands in for the session ``EndpointConfig.session()`` returns: ``async with``
    gives a session that stays open for the next call."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *exc_info: Any) -> None:
        return None


# Per event loop, per endpoint (URL, headers, basic auth): its open session.
_kept_sessions: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Dict[Tuple, aiohttp.ClientSession]]" = (
    weakref.WeakKeyDictionary()
)


def _endpoint_session(self: EndpointConfig) -> _KeptSession:
    loop = asyncio.get_running_loop()  # Rasa calls it in ``async with`` only
    key = (
        self.url,
        json.dumps(self.headers, sort_keys=True, default=str),
        json.dumps(self.basic_auth, sort_keys=True, default=str),
    )
    sessions = _kept_sessions.setdefault(loop, {})
    session = sessions.get(key)
    if session is None or session.closed:
        # As Rasa's EndpointConfig.session() makes it, with our JSON encoder.
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
        # Idle connections are dropped after 2 s, before the action server's Sanic
        # closes them (5 s): a request never goes out on a connection being closed.
        session = sessions[key] = aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            json_serialize=encode_json,
            connector=aiohttp.TCPConnector(keepalive_timeout=2),
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        )
    return _KeptSession(session)


async def close_kept_sessions() -> None:
    """Closes this loop's kept sessions (at server stop)."""
    for session in _kept_sessions.pop(asyncio.get_running_loop(), {}).values():
        await session.close()


def apply() -> None:
    """Installs the fixes (idempotent); refuses a Rasa version they were not made for."""
    check_rasa_version()
    RemoteAction._validate_action_result = _validate_action_result
    interpolator.interpolate_text = _interpolate_text
    EndpointConfig.session = _endpoint_session

"""Two small fixes to Rasa 3.6's server, installed by ``apply()``.

Every Rasa plugin of the project calls ``apply()`` when it is imported (the classifier,
the message signals and the context policy, which every model loads, and the channels
and the tracker store), so ``rasa run``, ``rasa shell``, ``rasa test`` and a run with
``--connector`` all run with them. ``apply()`` first checks the Rasa version: both fixes
replace private Rasa functions (spoorwijzer/rasa_private_api.py).

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
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema import validators
from rasa.core.actions.action import RemoteAction
from rasa.core.nlg import interpolator

from spoorwijzer.rasa_private_api import check_rasa_version

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


def apply() -> None:
    """Installs both fixes (idempotent); refuses a Rasa version they were not made for."""
    check_rasa_version()
    RemoteAction._validate_action_result = _validate_action_result
    interpolator.interpolate_text = _interpolate_text

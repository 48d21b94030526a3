"""A speed-up for Rasa 3.6's server: action-server replies checked by one compiled
JSON-schema validator.

Rasa checks every reply of the action server with ``jsonschema.validate()``, and that
function first checks the schema itself against the JSON-Schema meta-schema, on
every call. With forms (each turn of the case lookup runs the validation action)
that was 30 % of the Rasa server's CPU at 20 concurrent users (py-spy during
``bench/load.py``). The schema is a constant, so it is checked once here and the
validator is reused. A valid reply passes as before; an invalid one is handed to
Rasa's own method, which raises the same error with Rasa's hint.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema import validators
from rasa.core.actions.action import RemoteAction

_rasa_validate_action_result = RemoteAction._validate_action_result


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


def apply() -> None:
    """Installs the speed-up (idempotent). The Rasa server calls this when it loads
    the project's channels (spoorwijzer/channels.py, named in credentials.yml)."""
    RemoteAction._validate_action_result = _validate_action_result

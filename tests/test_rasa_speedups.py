"""The action-reply check gives the same verdicts as Rasa's own, without re-checking
the schema on every reply."""
from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from spoorwijzer import rasa_speedups

VALID = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "dossiernummer", "value": "RI-2026-0001"}],
     "responses": [{"text": "Hoi", "buttons": [{"title": "Ja", "payload": "/affirm"}]}]},
    {},
]
INVALID = [
    {"events": "geen lijst"},
    {"events": [{"name": "zonder type"}]},
    {"responses": "tekst"},
]


@pytest.fixture
def action():
    rasa_speedups.apply()
    return RemoteAction("action_test", None)


@pytest.mark.parametrize("reply", VALID)
def test_valid_replies_pass_as_in_rasa(action, reply):
    assert rasa_speedups._rasa_validate_action_result(action, reply) is True
    assert action._validate_action_result(reply) is True


@pytest.mark.parametrize("reply", INVALID)
def test_invalid_replies_raise_rasas_own_error(action, reply):
    with pytest.raises(jsonschema.ValidationError):
        rasa_speedups._rasa_validate_action_result(action, reply)
    with pytest.raises(jsonschema.ValidationError) as raised:
        action._validate_action_result(reply)
    assert "Failed to validate Action server response" in raised.value.message


def test_the_schema_is_checked_once_not_per_reply(action, monkeypatch):
    rasa_speedups._action_reply_validator()  # compiled (and the schema checked) once
    checks = []
    validator_class = type(rasa_speedups._action_reply_validator())
    monkeypatch.setattr(validator_class, "check_schema", classmethod(lambda cls, s: checks.append(s)))
    for _ in range(5):
        action._validate_action_result(VALID[1])
    assert checks == []


def test_the_channels_module_installs_it():
    import spoorwijzer.channels  # noqa: F401 (what the Rasa server imports)

    assert RemoteAction._validate_action_result is rasa_speedups._validate_action_result

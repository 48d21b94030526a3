"""The fixes to Rasa (spoorwijzer/rasa/fixes.py): the action-reply check gives Rasa's
verdicts without re-checking the schema on every reply, button payloads with
entities are sent without the false "slot does not exist" error, and action calls
keep their connection and send the same JSON with the domain encoded once."""

from __future__ import annotations

import asyncio
import json

import jsonschema
import pytest
import structlog
from aiohttp import web
from rasa.core.actions.action import RemoteAction
from rasa.core.nlg import interpolator
from rasa.utils.endpoints import EndpointConfig

from spoorwijzer.rasa import fixes

VALID = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "dossiernummer", "value": "RI-2026-0001"}],
        "responses": [{"text": "Hoi", "buttons": [{"title": "Ja", "payload": "/affirm"}]}],
    },
    {},
]
INVALID = [
    {"events": "geen lijst"},
    {"events": [{"name": "zonder type"}]},
    {"responses": "tekst"},
]


@pytest.fixture
def action():
    fixes.apply()
    return RemoteAction("action_test", None)


@pytest.mark.parametrize("reply", VALID)
def test_valid_replies_pass_as_in_rasa(action, reply):
    assert fixes._rasa_validate_action_result(action, reply) is True
    assert action._validate_action_result(reply) is True


@pytest.mark.parametrize("reply", INVALID)
def test_invalid_replies_raise_rasas_own_error(action, reply):
    with pytest.raises(jsonschema.ValidationError):
        fixes._rasa_validate_action_result(action, reply)
    with pytest.raises(jsonschema.ValidationError) as raised:
        action._validate_action_result(reply)
    assert "Failed to validate Action server response" in raised.value.message


def test_the_schema_is_checked_once_not_per_reply(action, monkeypatch):
    fixes._action_reply_validator()  # compiled (and the schema checked) once
    checks = []
    validator_class = type(fixes._action_reply_validator())
    monkeypatch.setattr(validator_class, "check_schema", classmethod(lambda cls, s: checks.append(s)))
    for _ in range(5):
        action._validate_action_result(VALID[1])
    assert checks == []


def test_the_channels_module_installs_them(monkeypatch):
    import importlib

    import spoorwijzer.rasa.channels

    monkeypatch.setattr(RemoteAction, "_validate_action_result", fixes._rasa_validate_action_result)
    monkeypatch.setattr(interpolator, "interpolate_text", fixes._rasa_interpolate_text)
    monkeypatch.setattr(EndpointConfig, "session", lambda self: None)
    importlib.reload(spoorwijzer.rasa.channels)  # what the Rasa server does when it loads it
    assert RemoteAction._validate_action_result is fixes._validate_action_result
    assert interpolator.interpolate_text is fixes._interpolate_text
    assert EndpointConfig.session is fixes._endpoint_session


DOMAIN = {"responses": {"utter_x": [{"text": 'Hé, één "quote" \u2013 ok'}]}, "slots": {}}


@pytest.mark.parametrize(
    "body",
    [
        {"next_action": "action_x", "tracker": {"events": [1, 2]}, "domain": DOMAIN, "version": "3.6.21"},
        {"domain": DOMAIN},
        {"tracker": {}, "domain": {}},
        {"no_domain": True},
        {},
        [1, "twee"],
    ],
)
def test_action_calls_are_the_same_json(body):
    assert json.loads(fixes.encode_json(body)) == body


def test_the_domain_is_encoded_once_per_domain(monkeypatch):
    fixes.encode_json({"domain": DOMAIN})
    encoded = []
    real_dumps = json.dumps
    monkeypatch.setattr(fixes.json, "dumps", lambda value, **kw: encoded.append(value) or real_dumps(value))
    for turn in range(3):
        fixes.encode_json({"tracker": {"turn": turn}, "domain": DOMAIN})
    assert DOMAIN not in encoded  # only the trackers were encoded
    other = dict(DOMAIN, slots={"rol": {}})
    assert json.loads(fixes.encode_json({"domain": other})) == {"domain": other}


def test_action_calls_keep_their_connection():
    """Three calls through Rasa's EndpointConfig.request: one TCP connection, the JSON
    arrives whole, and closing the kept sessions closes it."""
    fixes.apply()

    async def scenario():
        seen = []

        async def webhook(request):
            seen.append((request.transport.get_extra_info("peername"), await request.json()))
            return web.json_response({"events": [], "responses": []})

        app = web.Application()
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
        try:
            for turn in range(3):
                reply = await endpoint.request(json={"turn": turn, "domain": DOMAIN}, method="post")
                assert reply == {"events": [], "responses": []}
            kept = endpoint.session().session
            await fixes.close_kept_sessions()
            assert kept.closed
        finally:
            await runner.cleanup()
        return seen

    seen = asyncio.run(scenario())
    assert [body for _peer, body in seen] == [{"turn": t, "domain": DOMAIN} for t in range(3)]
    assert len({peer for peer, _body in seen}) == 1


PAYLOAD = '/kies_antwoord{"antwoord":"faq/spoor2_wat"}'


@pytest.mark.parametrize(
    "text, expected",
    [
        (PAYLOAD, True),
        ('/inform_rol{"rol": "werkgever"}', True),
        ("/greet", False),
        ("Hoi {rol}!", False),
        ("/inform_rol{rol}", False),  # a placeholder, not JSON
        ('/kies_antwoord{"antwoord": "x"', False),
    ],
)
def test_intent_payloads_with_entities_are_recognised(text, expected):
    assert fixes.is_intent_payload_with_entities(text) is expected


def test_buttons_keep_their_payload_without_an_error_and_slots_are_still_filled():
    fixes.apply()
    responses = {
        "utter_vraag": [
            {"text": "Hoi {rol}, nog een vraag?", "buttons": [{"title": "Wat is spoor 2?", "payload": PAYLOAD}]}
        ]
    }
    with structlog.testing.capture_logs() as logs:
        filled = interpolator.interpolate(
            {
                "text": responses["utter_vraag"][0]["text"],
                "buttons": [dict(b) for b in responses["utter_vraag"][0]["buttons"]],
            },
            {"rol": "werkgever"},
        )
    assert filled["text"] == "Hoi werkgever, nog een vraag?"
    assert filled["buttons"][0]["payload"] == PAYLOAD
    assert not [entry for entry in logs if entry.get("log_level") == "error"]


def test_rasa_alone_logs_an_error_for_such_a_payload():
    """What the fix is for; if a Rasa upgrade stops doing this, the fix can go."""
    with structlog.testing.capture_logs() as logs:
        assert fixes._rasa_interpolate_text(PAYLOAD, {"rol": None}) == PAYLOAD
    assert [entry["event"] for entry in logs] == ["interpolator.interpolate.text"]

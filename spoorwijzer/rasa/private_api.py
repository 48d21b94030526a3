"""Every private or internal Rasa API this project relies on, in one place.

Rasa keeps these free to change in any release. The project is pinned to one
version (``SUPPORTED_RASA``); ``check_rasa_version()`` (run by spoorwijzer/rasa/fixes.py
before it patches anything) refuses another one with a clear message, and
tests/test_rasa_private_api.py checks each entry below on the installed Rasa: that it
exists and takes the parameters we call it with. Upgrading Rasa means: run that test,
fix what it names, then raise ``SUPPORTED_RASA``.
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from typing import Any, Optional, Tuple

SUPPORTED_RASA = "3.6.21"


class UnsupportedRasaVersion(RuntimeError):
    pass


@dataclass(frozen=True)
class PrivateApi:
    path: str  # "module:attribute.attribute"
    parameters: Optional[Tuple[str, ...]]  # for callables: the names we rely on, in order
    used_by: str
    why: str


PRIVATE_APIS = (
    PrivateApi(
        "rasa.core.actions.action:RemoteAction._validate_action_result",
        ("self", "result"),
        "spoorwijzer/rasa/fixes.py",
        "replaced: one compiled JSON-schema validator",
    ),
    PrivateApi(
        "rasa.core.actions.action:RemoteAction.action_response_format_spec",
        (),
        "spoorwijzer/rasa/fixes.py",
        "the schema of an action-server reply",
    ),
    PrivateApi(
        "rasa.utils.endpoints:EndpointConfig.session",
        ("self",),
        "spoorwijzer/rasa/fixes.py",
        "replaced: one kept session per event loop; `request` uses it in `async with`",
    ),
    PrivateApi(
        "rasa.utils.endpoints:EndpointConfig.request",
        ("self", "method", "subpath", "content_type", "compress"),
        "spoorwijzer/rasa/fixes.py",
        "sends `json=` through the session's JSON encoder",
    ),
    PrivateApi(
        "rasa.core.nlg.interpolator:interpolate_text",
        ("response", "values"),
        "spoorwijzer/rasa/fixes.py",
        "replaced: button payloads are no slot placeholders",
    ),
    PrivateApi(
        "rasa.core.tracker_store:SQLTrackerStore._additional_events",
        ("self", "session", "tracker"),
        "spoorwijzer/rasa/tracker_store.py",
        "overridden: the events about to be written, masked",
    ),
    PrivateApi(
        "rasa.core.tracker_store:SQLTrackerStore.SQLEvent",
        None,
        "spoorwijzer/rasa/tracker_store.py, spoorwijzer/tools/retention.py, spoorwijzer/tools/inbox.py",
        "the events table (sender_id, type_name, action_name, timestamp, data)",
    ),
    PrivateApi(
        "rasa.core.tracker_store:SQLTrackerStore.session_scope",
        ("self",),
        "spoorwijzer/rasa/tracker_store.py",
        "opens sessions from the instance's `sessionmaker` and `engine`, which we replace for SQLite",
    ),
    PrivateApi(
        "rasa.core.tracker_store:TrackerStore._stream_new_events",
        ("self", "event_broker", "new_events", "sender_id"),
        "spoorwijzer/rasa/tracker_store.py",
        "publishes the masked events to a broker",
    ),
    PrivateApi(
        "rasa.shared.core.trackers:TrackerEventDiffEngine.event_difference",
        ("original", "tracker"),
        "spoorwijzer/rasa/tracker_store.py",
        "the events a broker has not seen yet",
    ),
    PrivateApi(
        "rasa.core.lock_store:RedisLockStore.create_lock",
        ("conversation_id",),
        "spoorwijzer/rasa/lock_store.py",
        "a new ticket lock",
    ),
    PrivateApi(
        "rasa.core.lock:TicketLock.from_dict",
        ("data",),
        "spoorwijzer/rasa/lock_store.py",
        "reads the lock stored in Redis (with .dumps())",
    ),
    PrivateApi(
        "rasa.core.channels.socketio:SocketIOOutput._send_message",
        ("self", "socket_id", "response"),
        "spoorwijzer/rasa/channels.py",
        "sends the answer link to the widget",
    ),
    PrivateApi(
        "rasa.core.policies.policy:Policy._default_predictions",
        ("self", "domain"),
        "spoorwijzer/rasa/context_policy.py",
        "all-zero action probabilities",
    ),
    PrivateApi(
        "rasa.core.policies.policy:Policy._prediction",
        ("self", "probabilities"),
        "spoorwijzer/rasa/context_policy.py",
        "wraps them as this policy's prediction",
    ),
)


def resolve(api: PrivateApi) -> Any:
    module_name, _, attributes = api.path.partition(":")
    target: Any = importlib.import_module(module_name)
    for name in attributes.split("."):
        target = getattr(target, name)
    return target


def parameter_names(target: Any) -> Tuple[str, ...]:
    return tuple(inspect.signature(target).parameters)


def check_rasa_version() -> None:
    import rasa

    if rasa.__version__ != SUPPORTED_RASA:
        raise UnsupportedRasaVersion(
            f"Spoorwijzer is built and tested on Rasa {SUPPORTED_RASA}, but Rasa {rasa.__version__} "
            "is installed. Its fixes and plugins use private Rasa APIs "
            "(spoorwijzer/rasa/private_api.py). Install the pinned version (make install), or "
            "check every entry with tests/test_rasa_private_api.py before raising SUPPORTED_RASA."
        )

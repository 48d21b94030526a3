"""Each private Rasa API the project relies on still exists on the installed Rasa and
takes the parameters we call it with (spoorwijzer/rasa/private_api.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import text as sa_text

from spoorwijzer.rasa import fixes, private_api
from spoorwijzer.rasa.private_api import PRIVATE_APIS, parameter_names, resolve


@pytest.mark.parametrize("api", PRIVATE_APIS, ids=[api.path for api in PRIVATE_APIS])
def test_each_private_api_is_there_as_we_use_it(api):
    target = resolve(api)
    if api.parameters is not None:
        assert parameter_names(target)[: len(api.parameters)] == api.parameters


def test_the_events_table_has_the_columns_we_query():
    from rasa.core.tracker_store import SQLTrackerStore

    columns = set(SQLTrackerStore.SQLEvent.__table__.columns.keys())
    assert {"sender_id", "type_name", "action_name", "intent_name", "timestamp", "data"} <= columns


def test_the_lock_store_attributes_we_use_are_set_by_rasa():
    import inspect

    from rasa.core.lock_store import RedisLockStore

    source = inspect.getsource(RedisLockStore.__init__)
    assert "self.red =" in source and "self.key_prefix =" in source


def test_the_sql_store_opens_its_sessions_from_the_attributes_we_replace(tmp_path):
    # spoorwijzer/rasa/tracker_store.py swaps the SQLite engine for a pooled one and rebinds
    # `sessionmaker`: Rasa must read both from the instance, on every session.
    from spoorwijzer.rasa.tracker_store import PrivacySQLTrackerStore

    store = PrivacySQLTrackerStore(dialect="sqlite", db=str(tmp_path / "t.db"))
    with store.session_scope() as session:
        assert session.get_bind() is store.engine
        assert session.execute(sa_text("PRAGMA journal_mode")).scalar() == "wal"
    assert type(store.engine.pool).__name__ == "QueuePool"


def test_another_rasa_version_is_refused_before_anything_is_patched(monkeypatch):
    import rasa

    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    with pytest.raises(private_api.UnsupportedRasaVersion, match="3.6.21.*3.7.0"):
        fixes.apply()


def test_every_rasa_plugin_installs_the_fixes():
    # rasa shell, rasa test and a run with --connector load the model (so the
    # classifier) but not always our channels: each plugin module installs them.
    import importlib

    from rasa.core.actions.action import RemoteAction
    from rasa.core.nlg import interpolator

    for module in (
        "spoorwijzer.rasa.linear_classifier",
        "spoorwijzer.rasa.message_signals",
        "spoorwijzer.rasa.context_policy",
        "spoorwijzer.rasa.tracker_store",
        "spoorwijzer.rasa.channels",
    ):
        source = importlib.import_module(module).__loader__.get_source(module)
        assert "fixes.apply()" in source, module
    assert RemoteAction._validate_action_result is fixes._validate_action_result
    assert interpolator.interpolate_text is fixes._interpolate_text

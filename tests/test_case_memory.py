"""How long the chat remembers a case it looked up (spoorwijzer/poortwachter/case_memory.py)."""

from __future__ import annotations

import pytest

from spoorwijzer.poortwachter import case_memory

CASE = {"phase": "orientatie", "coach_name": "Sanne"}
NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    "minutes, env, remembered",
    [
        (29.9, {}, True),
        (30.0, {}, False),
        (-1, {}, False),  # a clock that went back: forget
        (50, {"CASE_MEMORY_MINUTES": "60"}, True),
        (2, {"CASE_MEMORY_MINUTES": "1"}, False),
        (29, {"CASE_MEMORY_MINUTES": "dertig"}, True),  # unreadable: the default
        (0.5, {"CASE_MEMORY_MINUTES": "0"}, True),  # at least one minute
    ],
)
def test_a_case_is_remembered_for_the_set_minutes(minutes, env, remembered):
    value = case_memory.remember(CASE, NOW - minutes * 60)
    assert (case_memory.remembered(value, NOW, env) is not None) is remembered


@pytest.mark.parametrize("value", [None, {}, "RI-2026-0001", CASE, case_memory.FORGOTTEN_CASE])
def test_anything_but_a_fresh_case_is_no_case(value):
    assert case_memory.remembered(value, NOW) is None


def test_forgotten_means_looked_up_before_but_not_now():
    assert case_memory.was_forgotten(case_memory.FORGOTTEN_CASE, NOW)
    assert case_memory.was_forgotten(case_memory.remember(CASE, NOW - 3600), NOW)
    assert not case_memory.was_forgotten(case_memory.remember(CASE, NOW), NOW)
    assert not case_memory.was_forgotten(None, NOW)

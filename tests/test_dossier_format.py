"""Dossiernummers and codes as people type them (spoorwijzer/poortwachter/dossiernummer.py)."""

import pytest

from spoorwijzer.poortwachter.dossiernummer import (
    extract_code,
    is_dossiernummer,
    mask_dossiernummer,
    normalize_dossiernummer,
)


@pytest.mark.parametrize(
    "typed",
    [
        "RI-2026-0001",
        "ri 2026 1",
        "RI20260001",
        "mijn dossier is RI-2026-0001",
        "Ri.2026.0001",
        "dossier 2026-0001",
        "ri-2026-001",
        "  RI 2026 0001  ",
    ],
)
def test_typed_dossiernummers_are_normalised(typed):
    assert normalize_dossiernummer(typed) == "RI-2026-0001"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "hallo",
        "RI-2026-0000",
        "RI 2026 0001 of RI 2026 0002",
        "2026-01-12",
        "riool 2026 1",
        "RI-26-0001",
        "'; DROP TABLE cases; --",
        "../../etc/passwd",
        "RI-2026-00012",
        "482913",
    ],
)
def test_text_without_one_clear_dossiernummer_gives_none(typed):
    assert normalize_dossiernummer(typed) is None


@pytest.mark.parametrize(
    "typed, code",
    [
        ("482913", "482913"),
        ("482 913", "482913"),
        ("code: 482-913", "482913"),
        ("mijn code is 482913.", "482913"),
        ("RI-2026-0001 482913", "482913"),
        ("003914", "003914"),
    ],
)
def test_codes_are_read(typed, code):
    assert extract_code(typed) == code


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "123456 654321", "geen idee", "RI-2026-0001"])
def test_text_without_one_six_digit_code_gives_none(typed):
    assert extract_code(typed) is None


def test_canonical_form_and_masking():
    assert is_dossiernummer("RI-2026-0001") and not is_dossiernummer("ri 2026 1")
    assert mask_dossiernummer("ri 2026 1") == "RI-2026-****"
    assert mask_dossiernummer("nonsense") == "RI-****-****"

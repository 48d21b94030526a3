"""Property tests (hypothesis) for what users type into the forms: dossiernummers,
verification codes and first sick days. Whatever the text, the readers never crash
and never return something the case API or the calendar could not use."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spoorwijzer.poortwachter.dossiernummer import (
    extract_code,
    mask_dossiernummer,
    normalize_dossiernummer,
)
from spoorwijzer.poortwachter.ziektedatum import IN_FUTURE, TOO_LONG_AGO, UNREADABLE, read_first_sick_day

TODAY = date(2026, 11, 25)
# Text as people paste it: any script, emoji, markup, SQL and path fragments.
NASTY = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            "   ",
            "\n\t",
            "🙂🙂🙂",
            "<script>alert(1)</script>",
            "RI-2026-0001'; DROP TABLE cases;--",
            "../../etc/passwd",
            "RI-2026-0001/../../0002",
            "ри-2026-0001",
            "RI-２０２６-０００１",
            "482913 OR 1=1",
            "%00",
            "RI-2026-0001\x00",
            "x" * 10_000,
            "١٢٣٤٥٦",
        ]
    ),
)
DIGIT_SEPARATORS = st.sampled_from(["", " ", "-", ".", "/", "_"])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(NASTY)
def test_dossier_reader_returns_a_canonical_number_or_nothing(text):
    number = normalize_dossiernummer(text)
    assert number is None or re.fullmatch(r"RI-[0-9]{4}-[0-9]{4}", number)
    assert re.fullmatch(r"RI-(\d{4}|\*{4})-\*{4}", mask_dossiernummer(text))


def test_full_width_digits_are_read_and_other_scripts_refused():
    assert normalize_dossiernummer("RI-２０２６-０００１") == "RI-2026-0001"
    assert extract_code("٤٨٢٩١٣") is None


@given(
    st.integers(1900, 2099),
    st.integers(1, 9999),
    DIGIT_SEPARATORS,
    DIGIT_SEPARATORS,
    st.sampled_from(["ri", "RI", "Ri"]),
    st.sampled_from(["", "mijn dossier is ", "nummer: "]),
)
def test_dossier_reader_finds_the_number_however_it_is_typed(year, serial, sep1, sep2, ri, prefix):
    typed = f"{prefix}{ri}{sep1}{year}{sep2}{serial:04d}"
    assert normalize_dossiernummer(typed) == f"RI-{year}-{serial:04d}"


@settings(max_examples=300)
@given(NASTY)
def test_code_reader_returns_six_ascii_digits_or_nothing(text):
    code = extract_code(text)
    assert code is None or re.fullmatch(r"[0-9]{6}", code)


@given(st.integers(0, 999_999), st.sampled_from(["", " ", "-", "."]), st.sampled_from(["", "mijn code is ", "code: "]))
def test_code_reader_finds_the_code_however_it_is_typed(value, separator, prefix):
    digits = f"{value:06d}"
    assert extract_code(f"{prefix}{digits[:3]}{separator}{digits[3:]}") == digits


@settings(max_examples=150, deadline=None)
@given(NASTY)
def test_date_reader_never_crashes_and_explains_what_is_wrong(text):
    reading = read_first_sick_day(text, TODAY)
    if reading.problem is None:
        assert TODAY - timedelta(weeks=104) <= reading.day <= TODAY
    else:
        assert reading.problem in (UNREADABLE, IN_FUTURE, TOO_LONG_AGO)


@settings(max_examples=60, deadline=None)
@given(st.dates(TODAY - timedelta(weeks=104), TODAY))
def test_date_reader_reads_dutch_and_iso_dates(day):
    months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    for typed in (
        day.isoformat(),
        f"{day.day}-{day.month}-{day.year}",
        f"ik ben sinds {day.day} {months[day.month - 1]} {day.year} ziek",
    ):
        assert read_first_sick_day(typed, TODAY).day == day, typed

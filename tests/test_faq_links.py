"""Stable addresses of the answers, and reading a coach's request for one."""

from __future__ import annotations

import pytest

from spoorwijzer.poortwachter import catalogue, faq_links
from spoorwijzer.poortwachter.link_request import fabel_number, topic_words


def test_every_answer_id_has_its_own_readable_address(domain):
    ids = catalogue.answer_ids(domain)
    index = faq_links.slug_index(ids)
    assert len(index) == len(ids)
    assert faq_links.page_path("fabel/ontslag") == "/faq/fabel-ontslag"
    assert faq_links.page_path("faq/spoor2_start") == "/faq/faq-spoor2-start"


def test_links_start_with_the_configured_base_url(monkeypatch):
    monkeypatch.setenv("FAQ_BASE_URL", "https://www.bureau.nl/hulp/")
    assert faq_links.page_url("faq/loonsanctie") == "https://www.bureau.nl/hulp/faq/faq-loonsanctie"
    monkeypatch.delenv("FAQ_BASE_URL")
    assert faq_links.page_url("faq/loonsanctie") == "http://localhost:8080/faq/faq-loonsanctie"


@pytest.mark.parametrize("bad", ["", "utter_greet", "faq/../x", "faq/<b>", "faq/Spoor", None])
def test_only_answer_ids_get_an_address(bad):
    with pytest.raises(ValueError):
        faq_links.slug(bad)


@pytest.mark.parametrize(
    "text, number",
    [
        ("geef me de link over fabel 1", 1),
        ("de url van fabel nummer twee", 2),
        ("mag ik een link naar de eerste fabel", 1),
        ("3e fabel graag", 3),
        ("Fabel nr. 12 aub", 12),
        ("link naar fabel3", 3),
        ("is dat een fabel?", None),
        ("stuur de uitleg over de loonsanctie", None),
    ],
)
def test_fabel_numbers_in_digits_and_words(text, number):
    assert fabel_number(text) == number


def test_a_request_without_a_topic_leaves_no_topic_words():
    assert topic_words("linkje van dat antwoord aub") == []
    assert topic_words("zet de link van dit stuk even in de chat") == []
    assert topic_words("stuur de uitleg over de loonsanctie") == ["loonsanctie"]

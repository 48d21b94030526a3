"""A coach asks for the link to an answer: the trained model and the real action."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker

from actions.links import ActionGeefLink
from spoorwijzer.poortwachter import catalogue, faq_links
from tests.test_actions import bot_event, run


def ask(parse, domain, text, events=()):
    parsed = parse(text)
    tracker = Tracker("coach", {}, parsed, list(events), False, None, {}, None)
    messages, _ = run(ActionGeefLink(), tracker, domain)
    assert len(messages) == 1
    return parsed["intent"]["name"], messages[0]


@pytest.mark.parametrize(
    "text, answer_id",
    [
        ("geef me de link over fabel 1", "fabel/spoor2_weigeren"),
        ("stuur de uitleg over de loonsanctie", "faq/loonsanctie"),
        ("heb je een url van de pagina over het plan van aanpak?", "faq/plan_van_aanpak"),
        ("link naar de zesde fabel", "fabel/alleen_grote_bedrijven"),
    ],
)
def test_link_to_the_named_answer(parse, domain, text, answer_id):
    intent, message = ask(parse, domain, text)
    assert intent == "vraag_link"
    assert faq_links.page_url(answer_id) in message["text"]
    assert catalogue.title(domain, answer_id) in message["text"]
    assert message["buttons"][0]["payload"] == catalogue.answer_button(domain, answer_id)["payload"]


def test_link_to_the_answer_just_given(parse, domain):
    intent, message = ask(parse, domain, "mag ik daar het linkje van?", events=[bot_event("faq/spoor2_duur")])
    assert intent == "vraag_link"
    assert faq_links.page_url("faq/spoor2_duur") in message["text"]


def test_unknown_fabel_number_is_explained(parse, domain):
    _, message = ask(parse, domain, "geef me de link van fabel 20")
    assert "Fabel 20 bestaat niet" in message["text"] and "fabel 1 tot en met 15" in message["text"]


def test_no_topic_and_nothing_before_asks_which_topic(parse, domain):
    _, message = ask(parse, domain, "stuur me de link")
    assert "Over welk onderwerp" in message["text"]
    assert faq_links.index_url() in message["text"]


@pytest.mark.parametrize(
    "text",
    ["kun je de pagina met alle fabels sturen", "heb je een linkje met een overzicht van de fabels voor een cliënt"],
)
def test_all_myths_get_the_overview_page(parse, domain, text):
    intent, message = ask(parse, domain, text)
    assert intent == "vraag_link"
    assert message["response"] == "utter_link_alle_fabels"
    assert message["url"] == faq_links.myths_url()


def test_a_link_by_topic_words_names_that_answer(parse, domain):
    intent, message = ask(parse, domain, "heb je een linkje over de eerstejaarsevaluatie voor een cliënt")
    assert intent == "vraag_link"
    assert faq_links.page_url("faq/eerstejaarsevaluatie") in message["text"]

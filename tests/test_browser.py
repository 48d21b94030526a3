"""The website and the chat widget in a real headless Chromium, against the whole stack.

Debian's chromium is installed by the tests when it is missing (root + apt-get);
Playwright drives it and downloads no browser of its own.
"""

from __future__ import annotations

import time
from urllib.parse import urljoin

import requests

from spoorwijzer.poortwachter import catalogue, faq_links
from tests.answers import first_sentence
from tests.browser import (
    REPLY_TIMEOUT_MS,
    ask_and_get_the_answer_with_its_link,
    axe_violations,
    bot_texts,
    close_with_escape,
    open_widget_by_keyboard,
    screenshot,
    screenshot_of_the_last_question,
    settled_count,
    type_message,
    wait_for_bot_text,
)


def test_widget_answers_a_typed_question(server, page, domain):
    page.goto(server.web)
    open_widget_by_keyboard(page)
    wait_for_bot_text(page, "Ik ben Spoorwijzer")
    ask_and_get_the_answer_with_its_link(
        page,
        "hoe lang duurt zo'n spoor 2 traject meestal?",
        first_sentence(domain, "faq/spoor2_duur"),
        faq_links.page_url("faq/spoor2_duur", server.web),
    )
    screenshot_of_the_last_question(page, "widget.png")
    close_with_escape(page)
    assert page.console_errors == []


def test_buttons_work_and_a_reload_keeps_the_conversation(server, page, domain):
    page.goto(server.web)
    page.get_by_role("button", name="Chat met Spoorwijzer").click()
    choice = page.get_by_role("button", name="Wanneer begint spoor 2?")
    choice.click()
    wait_for_bot_text(page, first_sentence(domain, "faq/spoor2_start"))
    shown_before = settled_count(page, ".sw-message")

    page.reload()
    page.locator(".sw-bot").first.wait_for()
    assert page.locator(".sw-message").count() == shown_before
    assert first_sentence(domain, "faq/spoor2_start") in bot_texts(page)

    # The follow-up only makes sense in the same Rasa conversation as before the reload.
    followup = catalogue.followup(domain, "faq/spoor2_start", "duur")
    assert followup
    type_message(page, "en hoe lang duurt dat?")
    wait_for_bot_text(page, first_sentence(domain, followup))

    session_id = page.evaluate("JSON.parse(localStorage.getItem('spoorwijzer.chat.v1')).sessionId")
    expected = ["/greet", '/kies_antwoord{"antwoord":"faq/spoor2_start"}', "en hoe lang duurt dat?"]
    # Rasa sends each reply as soon as it is made and stores the turn after its last
    # action, so the stored conversation may lag the screen for a moment.
    deadline = time.monotonic() + 10
    while True:
        said = [e["text"] for e in server.tracker(session_id)["events"] if e["event"] == "user"]
        if said == expected or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert said == expected


def test_faq_deep_link_opens_the_answer_in_an_existing_chat(server, page, domain):
    page.goto(server.web)
    page.get_by_role("button", name="Chat met Spoorwijzer").click()
    type_message(page, "wat is spoor 1?")
    wait_for_bot_text(page, first_sentence(domain, "faq/spoor1_wat"))

    # A returning visitor (session stored) follows a coach's link.
    page.goto(f"{server.web}/faq/fabel-ontslag?chat=1")
    wait_for_bot_text(page, first_sentence(domain, "fabel/ontslag"))
    assert "chat=1" not in page.url
    assert first_sentence(domain, "faq/spoor1_wat") in bot_texts(page)  # history kept
    screenshot(page, "faq-page.png")

    # "Vraag verder in de chat" on another page does the same.
    page.goto(f"{server.web}/faq/faq-loonsanctie")
    page.get_by_role("link", name="Vraag verder in de chat").click()
    wait_for_bot_text(page, first_sentence(domain, "faq/loonsanctie"))
    assert page.console_errors == []


def test_typed_html_is_shown_as_text(server, page):
    page.goto(server.web)
    page.get_by_role("button", name="Chat met Spoorwijzer").click()
    type_message(page, '<img src=x onerror="window.pwned=1"> **vet**')
    user = page.locator(".sw-user").last
    user.wait_for()
    assert '<img src=x onerror="window.pwned=1">' in user.inner_text()
    assert user.locator("img").count() == 0 and user.locator("strong").inner_text() == "vet"
    page.wait_for_timeout(500)
    assert page.evaluate("window.pwned") is None


def test_a_coach_gets_a_clickable_link(server, page):
    page.goto(server.web)
    page.get_by_role("button", name="Chat met Spoorwijzer").click()
    type_message(page, "geef me de link over fabel 1")
    url = faq_links.page_url("fabel/spoor2_weigeren", server.web)
    link = page.locator(f'.sw-bot a[href="{url}"]')
    link.wait_for(timeout=REPLY_TIMEOUT_MS)
    with page.context.expect_page() as opened:
        link.click()
    faq_page = opened.value
    faq_page.wait_for_load_state()
    assert faq_page.locator("h1").inner_text() == "Fabel 1: Kan ik spoor 2 weigeren?"


def test_widget_fits_a_375px_screen(server, chromium, domain):
    context = chromium.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, locale="nl-NL"
    )
    page = context.new_page()
    try:
        page.goto(server.web)
        page.get_by_role("button", name="Chat met Spoorwijzer").click()
        wait_for_bot_text(page, "Ik ben Spoorwijzer")
        type_message(page, "mag mijn werkgever vragen wat ik mankeer?")
        wait_for_bot_text(page, first_sentence(domain, "faq/privacy_werkgever"))
        for selector in ("#sw-panel", "#sw-input", ".sw-send", ".sw-close"):
            box = page.locator(selector).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 375, selector
            assert box["y"] >= 0 and box["y"] + box["height"] <= 740, selector
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        screenshot(page, "widget-mobile.png")
    finally:
        context.close()


def test_every_faq_page_opens_and_no_link_is_broken(server, page, domain):
    page.goto(f"{server.web}/faq")
    pages = sorted(
        set(page.eval_on_selector_all('a[href^="/faq/"]', "links => links.map(a => a.getAttribute('href'))"))
    )
    assert pages == sorted([faq_links.page_path(a) for a in catalogue.answer_ids(domain)] + [faq_links.MYTHS_PATH])
    internal = {"/", "/faq"}
    for path in pages:
        response = page.goto(server.web + path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1
        internal.update(
            h.split("#")[0]
            for h in page.eval_on_selector_all("a[href^='/']", "links => links.map(a => a.getAttribute('href'))")
        )
    for path in sorted(internal):
        assert requests.get(urljoin(server.web, path), timeout=10).status_code == 200, path
    assert page.console_errors == []


def test_a_printed_answer_page_is_the_answer_and_its_address(server, page):
    page.goto(f"{server.web}{faq_links.page_path('faq/loonsanctie')}")
    page.wait_for_selector(".sw-launcher")  # the widget is on the page on screen
    page.emulate_media(media="print")
    assert page.locator("h1").is_visible()
    for hidden in (".site-header", ".site-footer", ".actions", ".sw-widget"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".print-only").is_visible()
    assert "/faq/" in page.locator(".print-only").inner_text()
    page.emulate_media(media="screen")


def test_every_kind_of_page_has_no_accessibility_violations(server, chromium):
    # axe is injected as a script: the site's CSP would (rightly) refuse it, so only this
    # test's browser context bypasses the CSP.
    context = chromium.new_context(bypass_csp=True)
    try:
        check_pages(server, context.new_page())
    finally:
        context.close()


def check_pages(server, page) -> None:
    paths = [
        "/",
        "/faq",
        faq_links.MYTHS_PATH,
        faq_links.AGENDA_PATH,
        faq_links.page_path("faq/loonsanctie"),
        faq_links.page_path("fabel/ontslag"),
        f"{faq_links.AGENDA_FILE_PATH}?eerste_ziektedag=nee",
        "/bestaat-niet",
    ]
    found = {}
    for path in paths:
        page.goto(server.web + path)
        page.wait_for_selector(".sw-launcher")
        found[path] = axe_violations(page)
    # and with the chat open, after a question and its answer
    page.goto(server.web + "/")
    open_widget_by_keyboard(page)
    type_message(page, "wat is spoor 2?")
    wait_for_bot_text(page, "Spoor 2")
    found["/ (chat open)"] = axe_violations(page)
    assert {path: v for path, v in found.items() if v} == {}

"""Headless Chromium for the tests (Debian's package, driven by Playwright, which
downloads no browser of its own), and helpers to read the chat widget."""
from __future__ import annotations

import os
import shutil

import pytest

from tests import debian

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
REPLY_TIMEOUT_MS = 30_000


# Module scope: Playwright's sync API keeps an event loop running while it is open,
# and later tests (the model's `parse` fixture) need asyncio.run().
@pytest.fixture(scope="module")
def chromium():
    if not shutil.which(CHROMIUM):
        debian.install("chromium")
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A fresh visitor: own context, so no stored chat session."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    context.close()


def bot_texts(page) -> str:
    return " ".join(page.locator(".sw-bot").all_inner_texts())


def wait_for_bot_text(page, text: str) -> None:
    page.locator(".sw-bot", has_text=text).last.wait_for(timeout=REPLY_TIMEOUT_MS)


def open_widget_by_keyboard(page) -> None:
    launcher = page.get_by_role("button", name="Chat met Spoorwijzer")
    launcher.focus()
    page.keyboard.press("Enter")
    page.get_by_role("dialog", name="Spoorwijzer").wait_for()
    assert page.evaluate("document.activeElement.id") == "sw-input"


def type_message(page, text: str) -> None:
    page.locator("#sw-input").fill(text)
    page.keyboard.press("Enter")

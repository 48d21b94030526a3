"""Helpers to drive the chat widget in headless Chromium (Debian's package, driven by
Playwright, which downloads no browser of its own). The fixtures `chromium` and `page`
are in tests/conftest.py."""

from __future__ import annotations

import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# docs/website.md shows these; every run of the browser tests renews them.
# The tests take the docs' pictures; they land in results/ unless you ask for new
# ones in the docs (SCREENSHOTS_DIR=docs/screenshots), so a test run leaves git clean.
SCREENSHOTS = ROOT / os.environ.get("SCREENSHOTS_DIR", "results/screenshots")
AXE = ROOT / "website" / "node_modules" / "axe-core" / "axe.min.js"  # from the npm lock file
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPLY_TIMEOUT_MS = 30_000


def bot_texts(page) -> str:
    return " ".join(page.locator(".sw-bot").all_inner_texts())


def wait_for_bot_text(page, text: str) -> None:
    page.locator(".sw-bot", has_text=text).last.wait_for(timeout=REPLY_TIMEOUT_MS)


# The widget lives in a shadow root: document.activeElement is then its host element,
# and the element that has the focus is that root's own activeElement.
FOCUSED = """() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) { el = el.shadowRoot.activeElement; }
  return el ? {id: el.id, className: el.className, tag: el.tagName.toLowerCase()} : null;
}"""


def focused(page) -> dict:
    """id, className and tag of the element with the keyboard focus, inside shadow roots too."""
    return page.evaluate(FOCUSED)


def open_widget_by_keyboard(page, title: str = "Spoorwijzer") -> None:
    launcher = page.get_by_role("button", name=f"Chat met {title}")
    launcher.focus()
    page.keyboard.press("Enter")
    page.get_by_role("dialog", name=title).wait_for()
    assert focused(page)["id"] == "sw-input"


def type_message(page, text: str) -> None:
    page.locator("#sw-input").fill(text)
    page.keyboard.press("Enter")


def ask_and_get_the_answer_with_its_link(page, question: str, answer_text: str, page_url: str) -> None:
    """Type a question; the answer shows, with the link to its page under it."""
    type_message(page, question)
    wait_for_bot_text(page, answer_text)
    link = page.locator(".sw-answer-link a").last
    link.wait_for(timeout=REPLY_TIMEOUT_MS)
    assert link.get_attribute("href") == page_url


def screenshot_of_the_last_question(page, name: str) -> None:
    page.locator(".sw-user").last.evaluate("bubble => bubble.scrollIntoView({block: 'start'})")
    screenshot(page, name)


def close_with_escape(page) -> None:
    """Escape closes the chat and gives the focus back to its launcher."""
    page.keyboard.press("Escape")
    assert page.locator("#sw-panel").is_hidden()
    assert focused(page)["className"] == "sw-launcher"


def settled_count(page, selector: str, quiet_seconds: float = 1.5) -> int:
    """How many elements match once nothing new has come for a while: Rasa sends each
    message as soon as it is made."""
    count, since = page.locator(selector).count(), time.monotonic()
    while time.monotonic() - since < quiet_seconds:
        page.wait_for_timeout(100)
        now = page.locator(selector).count()
        if now != count:
            count, since = now, time.monotonic()
    return count


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))


def axe_violations(page) -> list:
    """WCAG 2.1 A and AA violations axe-core finds on the page as it is now (it reads
    open shadow roots too, so the widget is checked)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})" for v in result["violations"]
    ]

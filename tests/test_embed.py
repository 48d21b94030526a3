"""The chat on another website, put there with the one tag (docs/website.md, "De chat op je
eigen website"), in a real headless Chromium against the whole stack.

The other website is a small server of this test on a second origin, with a strict
Content-Security-Policy that allows the chat's addresses and nothing more. Its pages as
http://127.0.0.1:<port> are listed in the stack's CORS_ORIGINS (tests/conftest.py); the
same pages as http://localhost:<port> are a third origin that is not.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, Tuple

import pytest

from spoorwijzer.poortwachter import faq_links
from tests.answers import first_sentence
from tests.browser import (
    REPLY_TIMEOUT_MS,
    ask_and_get_the_answer_with_its_link,
    axe_violations,
    close_with_escape,
    focused,
    open_widget_by_keyboard,
    screenshot_of_the_last_question,
    type_message,
    wait_for_bot_text,
)

TITLE = "Voorbeeld Re-integratie"
ACCENT = "#5b2a86"

# A firm's WordPress-like theme. The root font size of 62.5 % (1rem = 10px) is common,
# and would shrink a widget sized in rem.
SITE_CSS = """
html { font-size: 62.5%; }
body { margin: 0; font: 1.8rem/1.6 Georgia, "Times New Roman", serif; color: #222; background: #fdfbf7; }
header { display: flex; justify-content: space-between; align-items: center;
         padding: 1.6rem 2.4rem; background: #5b2a86; color: #fff; }
header p { margin: 0; font-size: 2.2rem; font-weight: bold; }
header a { color: #fff; margin-left: 1.6rem; }
main { max-width: 72rem; margin: 0 auto; padding: 2.4rem; }
h1 { font-size: 3.4rem; line-height: 1.2; }
h2 { font-size: 2.4rem; color: #5b2a86; margin-top: 0; }
section { background: #fff; border: 1px solid #e0d6ea; border-radius: .8rem; padding: 1.6rem 2.4rem; }
form { margin-top: 2.4rem; }
label { display: block; font-weight: bold; }
textarea { display: block; width: 100%; min-height: 8rem; font: inherit; }
button { font: inherit; background: #5b2a86; color: #fff; border: 0; padding: .8rem 1.6rem;
         border-radius: .4rem; margin-top: .8rem; }
footer { padding: 2.4rem; text-align: center; font-size: 1.4rem; color: #555; }
"""

# What a careless theme or plugin does: every element, every button, the widget's own
# custom properties.
HOSTILE_CSS = """
* { font-size: 40px !important; color: red; font-family: "Comic Sans MS", cursive !important;
    line-height: 3 !important; letter-spacing: 3px !important; text-transform: uppercase !important;
    box-sizing: content-box !important; margin: 6px; padding: 6px; text-align: center;
    --sw-accent: red; --sw-accent-dark: red; }
:root { --sw-accent: yellow; }
button { display: none; }
div, p, section, header, form, textarea, h2 { border: 4px dashed red !important; background: yellow !important; }
body > * { position: relative; opacity: .9; }
"""

# The page's own elements, some with the widget's class names: its styles must not
# reach them.
PAGE_BODY = """
<header class="sw-header"><p>Voorbeeld Re-integratie</p>
  <nav aria-label="Hoofdmenu"><a href="/">Home</a><a href="/zonder-chat">Over ons</a></nav></header>
<main>
  <h1>Ziek, en weer aan het werk</h1>
  <section class="sw-widget">
    <h2>Onze aanpak</h2>
    <p class="sw-status">We begeleiden werknemers en werkgevers bij spoor 1 en spoor 2.</p>
    <ul><li>Een intake binnen een week</li><li>Een vaste coach</li></ul>
  </section>
  <form class="sw-form">
    <label for="vraag">Je vraag aan ons team</label>
    <textarea id="vraag" class="sw-input"></textarea>
    <button type="button" class="sw-send">Stuur</button>
  </form>
</main>
<footer><p>Voorbeeld Re-integratie helpt bij ziekte en werk.</p></footer>
"""

HOST_PARTS = [
    "body",
    "header.sw-header",
    "nav a",
    "h1",
    "section.sw-widget",
    "h2",
    "p.sw-status",
    "ul",
    "li",
    "form.sw-form",
    "label",
    "textarea.sw-input",
    "button.sw-send",
    "footer p",
]
WIDGET_PARTS = [
    ".sw-widget",
    ".sw-panel",
    ".sw-header",
    ".sw-header h2",
    ".sw-subtitle",
    ".sw-reset",
    ".sw-close",
    ".sw-log",
    ".sw-bot",
    ".sw-bot p",
    ".sw-choice",
    ".sw-form",
    ".sw-input",
    ".sw-send",
]
PROPERTIES = [
    "display",
    "visibility",
    "position",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "line-height",
    "color",
    "background-color",
    "text-transform",
    "letter-spacing",
    "text-align",
    "margin-top",
    "margin-right",
    "margin-bottom",
    "margin-left",
    "padding-top",
    "padding-right",
    "padding-bottom",
    "padding-left",
    "border-top-width",
    "border-top-style",
    "border-top-color",
    "box-sizing",
    "opacity",
    "width",
    "height",
]
STYLES = """([selectors, properties, inWidget]) => {
  const root = inWidget ? document.querySelector('spoorwijzer-chat').shadowRoot : document;
  const found = {};
  for (const selector of selectors) {
    const element = root.querySelector(selector);
    if (!element) { found[selector] = null; continue; }
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    found[selector] = Object.fromEntries(properties.map(p => [p, style.getPropertyValue(p)]));
    found[selector].size = [Math.round(box.width), Math.round(box.height)];
  }
  return found;
}"""


def styles(page, selectors, in_widget: bool = False) -> Dict[str, dict]:
    """Computed styles and sizes of the page's elements, or of the widget's."""
    return page.evaluate(STYLES, [selectors, PROPERTIES, in_widget])


def header_colour(page) -> str:
    # (the page has a .sw-header of its own)
    header = page.locator("spoorwijzer-chat").locator(".sw-header")
    return header.evaluate("e => getComputedStyle(e).backgroundColor")


@dataclass
class ForeignSite:
    allowed: str  # http://127.0.0.1:<port>, in CORS_ORIGINS
    refused: str  # http://localhost:<port>: the same pages, from an origin that is not listed
    rasa: str  # where its tag says the chat server is (data-server)


def one_tag(chat_site: str, **attributes: str) -> str:
    """The snippet of docs/website.md, as a firm pastes it."""
    listed = " ".join(f'{name}="{escape(value)}"' for name, value in attributes.items())
    return f'<script src="{chat_site}/widget.js" async {listed}></script>'


def host_page(tag: str = "", hostile: bool = False) -> str:
    sheets = '<link rel="stylesheet" href="/site.css">' + (
        '\n<link rel="stylesheet" href="/vijandig.css">' if hostile else ""
    )
    return (
        f'<!doctype html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Voorbeeld Re-integratie</title>\n{sheets}\n</head>\n<body>\n{PAGE_BODY}\n{tag}\n</body>\n</html>\n"
    )


def host_policy(chat_site: str, rasa: str) -> str:
    """What docs/website.md tells a firm to allow: the chat site's script and styles, and the
    socket to the Rasa server (ws:// here; wss:// for https)."""
    ws = rasa.replace("http", "ws", 1)
    return (
        f"default-src 'self'; script-src 'self' {chat_site}; style-src 'self' {chat_site}; "
        f"connect-src 'self' {rasa} {ws}; img-src 'self'; object-src 'none'; base-uri 'self'"
    )


@pytest.fixture(scope="module")
def foreign_site(server, foreign_site_port):
    # data-server names the Rasa server as 127.0.0.1, where the chat site's own default is
    # localhost: the page's policy allows only the former, so a chat proves the tag is read.
    rasa = f"http://127.0.0.1:{server.env['RASA_PORT']}"
    tag = one_tag(server.web, **{"data-server": rasa, "data-title": TITLE, "data-accent": ACCENT})
    opening = one_tag(
        server.web, **{"data-server": rasa, "data-title": TITLE, "data-open": "true", "data-accent": "#ff0"}
    )  # too light for white text: ignored
    files: Dict[str, Tuple[str, str]] = {
        "/": ("text/html", host_page(tag)),
        "/zonder-chat": ("text/html", host_page()),
        "/vijandig": ("text/html", host_page(tag, hostile=True)),
        "/open": ("text/html", host_page(opening)),
        "/site.css": ("text/css", SITE_CSS),
        "/vijandig.css": ("text/css", HOSTILE_CSS),
    }
    policy = host_policy(server.web, rasa)

    class Pages(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/favicon.ico":  # the browser asks; the site has none
                self.send_response(204)
                self.end_headers()
                return
            found = files.get(self.path.split("?")[0])
            body = (found[1] if found else "niet gevonden").encode()
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", f"{found[0] if found else 'text/plain'}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", policy)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", foreign_site_port), Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield ForeignSite(
            allowed=f"http://127.0.0.1:{foreign_site_port}", refused=f"http://localhost:{foreign_site_port}", rasa=rasa
        )
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_one_tag_puts_the_chat_on_another_site(server, foreign_site, page, domain):
    page.goto(foreign_site.allowed + "/")
    open_widget_by_keyboard(page, title=TITLE)
    wait_for_bot_text(page, "Ik ben Spoorwijzer")
    # the answer's page is on the chat's site (FAQ_BASE_URL), not on the firm's
    ask_and_get_the_answer_with_its_link(
        page,
        "wat betekent spoor 2 eigenlijk?",
        first_sentence(domain, "faq/spoor2_wat"),
        faq_links.page_url("faq/spoor2_wat", server.web),
    )
    assert header_colour(page) == "rgb(91, 42, 134)"  # data-accent
    screenshot_of_the_last_question(page, "embed.png")
    close_with_escape(page)
    # nothing the page's Content-Security-Policy refused, no script errors
    assert page.console_errors == []


def test_the_sites_css_and_the_widgets_css_keep_apart(foreign_site, page):
    page.goto(foreign_site.allowed + "/zonder-chat")
    page_alone = styles(page, HOST_PARTS)

    page.goto(foreign_site.allowed + "/")
    page.locator(".sw-launcher").wait_for()  # visible once its styles are in
    launcher_plain = styles(page, [".sw-launcher"], in_widget=True)
    open_widget_by_keyboard(page, title=TITLE)
    wait_for_bot_text(page, "Ik ben Spoorwijzer")
    page.locator(".sw-choice").first.wait_for()
    # The widget's styles change nothing on the page, not even elements with its class names.
    assert styles(page, HOST_PARTS) == page_alone
    widget_plain = styles(page, WIDGET_PARTS, in_widget=True)
    page.keyboard.press("Escape")

    # The same conversation on a page with aggressive global CSS looks exactly the same.
    page.goto(foreign_site.allowed + "/vijandig")
    page.locator(".sw-launcher").wait_for()
    assert styles(page, [".sw-launcher"], in_widget=True) == launcher_plain
    open_widget_by_keyboard(page, title=TITLE)
    page.locator(".sw-choice").first.wait_for()
    assert styles(page, WIDGET_PARTS, in_widget=True) == widget_plain
    assert launcher_plain[".sw-launcher"]["font-size"] == "16px"
    assert widget_plain[".sw-send"]["display"] != "none"


def test_a_site_not_in_cors_origins_gets_no_chat_and_the_visitor_is_told(server, foreign_site, page):
    sockets, frames = [], []

    def watch(socket):
        sockets.append(socket.url)
        socket.on("framereceived", lambda frame: frames.append(frame))

    page.on("websocket", watch)
    page.goto(foreign_site.refused + "/open")
    # data-open: the chat opens by itself, without taking the focus from the page
    page.get_by_role("dialog", name=TITLE).wait_for()
    assert focused(page)["tag"] == "body"
    # after a few refused tries the visitor reads, and a screen reader hears, what is wrong
    page.get_by_role("alert").filter(has_text="De chat is nu niet bereikbaar").wait_for(timeout=REPLY_TIMEOUT_MS)
    type_message(page, "wat is spoor 2?")
    page.locator(".sw-user", has_text="wat is spoor 2?").wait_for()
    page.wait_for_timeout(1000)
    assert page.locator(".sw-bot").count() == 0
    # the socket was tried, at the server the tag names, and refused at the handshake
    assert sockets and all(url.startswith(f"ws://127.0.0.1:{server.env['RASA_PORT']}/socket.io/") for url in sockets)
    assert frames == []
    # python-engineio logs the first refused origin of a server as an error
    assert f"{foreign_site.refused} is not an accepted origin" in server.log.read_text()
    # data-accent="#ff0" is too light for white text: the widget keeps its own colour
    assert header_colour(page) == "rgb(11, 110, 79)"


def test_the_chat_on_another_site_has_no_accessibility_violations(foreign_site, chromium):
    # axe is injected as a script, which the page's CSP (rightly) refuses: this browser
    # context bypasses it.
    context = chromium.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(foreign_site.allowed + "/")
        page.wait_for_selector(".sw-launcher")
        found = {"closed": axe_violations(page)}
        open_widget_by_keyboard(page, title=TITLE)
        type_message(page, "wat is spoor 2?")
        wait_for_bot_text(page, "Spoor 2")
        found["open"] = axe_violations(page)
    finally:
        context.close()
    assert found == {"closed": [], "open": []}

"""The website's FAQ pages, generated from the bot's responses, on a real server."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from contextlib import contextmanager
from html import unescape
from pathlib import Path

import pytest
import requests
import uvicorn

from spoorwijzer.poortwachter import catalogue, faq_links
from tests.answers import first_sentence
from tests.servers import free_port
from website.app import SiteSettings, create_app
from website.content import TOPICS, load_catalogue, session_minutes

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = SiteSettings(socket_url="http://localhost:5999", base_url="https://hulp.example.nl")


@contextmanager
def serving(app):
    """The app on a free port, served by uvicorn in a thread."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def site():
    with serving(create_app(SETTINGS)) as url:
        yield url


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_every_answer_has_a_page_with_its_title_and_text(site, domain):
    ids = catalogue.answer_ids(domain)
    assert len(ids) == len(load_catalogue().answers)
    for answer_id in ids:
        response = requests.get(site + faq_links.page_path(answer_id), timeout=10)
        assert response.status_code == 200, answer_id
        page = text_of(response.text)
        assert catalogue.title(domain, answer_id) in page
        assert first_sentence(domain, answer_id) in page, answer_id
        assert faq_links.page_url(answer_id, SETTINGS.base_url) in response.text


def test_index_groups_every_answer_under_its_topic(site, domain):
    html = requests.get(site + "/faq", timeout=10).text
    for topic, heading in TOPICS:
        assert f'id="{topic}"' in html and heading in html
    links = set(re.findall(r'href="(/faq/[^"#?]+)"', html))
    assert links == {faq_links.page_path(a) for a in catalogue.answer_ids(domain)} | {faq_links.MYTHS_PATH}
    # The fabels keep the numbers a coach refers to ("fabel 1" is the seed's first myth).
    assert "Fabel 1: Kan ik spoor 2 weigeren?" in text_of(html)


def test_all_myths_on_one_page_with_their_facts_in_number_order(site, domain):
    response = requests.get(site + faq_links.MYTHS_PATH, timeout=10)
    assert response.status_code == 200
    page = text_of(response.text)
    myths = sorted(
        (a for a in catalogue.answer_ids(domain) if a.startswith("fabel/")),
        key=lambda a: catalogue.metadata(domain, a)["nummer"],
    )
    positions = [
        page.index(f"Fabel {catalogue.metadata(domain, a)['nummer']}: {catalogue.title(domain, a)}") for a in myths
    ]
    assert positions == sorted(positions) and len(myths) == 15  # 14, and the no-riskpolis (issue 13)
    assert sorted(catalogue.metadata(domain, a)["nummer"] for a in myths) == list(range(1, 16))
    for answer_id in myths:
        assert f'href="{faq_links.page_path(answer_id)}"' in response.text
        assert first_sentence(domain, answer_id) in page, answer_id
    assert faq_links.myths_url(SETTINGS.base_url) in response.text


def test_a_page_for_a_role_shows_both_sides(site):
    page = text_of(requests.get(site + "/faq/faq-plichten-werkgever", timeout=10).text)
    assert "Als je werkgever of HR bent" in page
    assert "Je werkgever is eindverantwoordelijk" in page and "Als werkgever ben jij" in page


def test_unknown_pages_get_a_dutch_404(site):
    for path in ("/faq/bestaat-niet", "/faq/..%2F..%2Fetc%2Fpasswd", "/nergens"):
        response = requests.get(site + path, timeout=10)
        assert response.status_code == 404
        assert "Deze pagina bestaat niet (meer)" in response.text


def test_pages_allow_only_own_scripts_and_the_rasa_socket(site):
    headers = requests.get(site + "/", timeout=10).headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "connect-src 'self' http://localhost:5999 ws://localhost:5999" in policy
    assert requests.get(site + "/vendor/socket.io/socket.io.min.js", timeout=10).ok


def test_html_in_an_answer_is_shown_as_text(tmp_path):
    shutil.copy(ROOT / "domain.yml", tmp_path / "domain.yml")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "answers.yml").write_text(
        'version: "3.1"\nresponses:\n  utter_faq/test_html:\n  - text: "Let op <script>alert(1)</script> en **dit**"\n'
        "    metadata:\n      titel: Test <b>titel</b>\n      onderwerp: spoor\n",
        encoding="utf-8",
    )
    with serving(create_app(SETTINGS, root=tmp_path)) as url:
        html = requests.get(url + "/faq/faq-test-html", timeout=10).text
    assert "<script>alert(1)</script>" not in html and "<b>titel</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<strong>dit</strong>" in html


def test_the_personal_calendar_as_a_file_for_ones_own_agenda(site):
    from icalendar import Calendar

    page = requests.get(site + faq_links.AGENDA_PATH, timeout=10)
    assert page.status_code == 200 and 'type="date"' in page.text and "Eerste ziektedag" in page.text
    response = requests.get(site + faq_links.AGENDA_FILE_PATH, params={"eerste_ziektedag": "2026-01-12"}, timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert 'filename="poortwachter-2026-01-12.ics"' in response.headers["content-disposition"]
    events = {str(e["uid"]).split("-")[0]: e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    # each step links to the page about it, at the site's public address
    assert str(events["plan_van_aanpak"]["url"]) == faq_links.page_url("faq/plan_van_aanpak", SETTINGS.base_url)
    assert str(events["wia_aanvraag"]["url"]).startswith(SETTINGS.base_url)
    # Dutch dates typed by hand work too
    assert (
        requests.get(
            site + faq_links.AGENDA_FILE_PATH, params={"eerste_ziektedag": "12 januari 2026"}, timeout=10
        ).status_code
        == 200
    )


@pytest.mark.parametrize(
    "typed, said",
    [
        ("", "niet als datum lezen"),
        ("weet ik niet meer", "niet als datum lezen"),
        ("2099-01-01", "in de toekomst"),
        ("2001-01-01", "meer dan twee jaar geleden"),
        ("<script>alert(1)</script>", "niet als datum lezen"),
    ],
)
def test_a_wrong_first_sick_day_gets_a_dutch_explanation_and_the_form_again(site, typed, said):
    response = requests.get(site + faq_links.AGENDA_FILE_PATH, params={"eerste_ziektedag": typed}, timeout=10)
    assert response.status_code == 400 and said in text_of(response.text)
    assert 'type="date"' in response.text and "<script>alert" not in response.text


def test_an_answer_page_previews_well_when_its_link_is_shared(site, domain):
    answer_id = "faq/spoor2_wat"
    html = requests.get(site + faq_links.page_path(answer_id), timeout=10).text
    url = faq_links.page_url(answer_id, SETTINGS.base_url)
    first = first_sentence(domain, answer_id)
    for tag in (
        f'<meta name="description" content="{first}',
        f'<link rel="canonical" href="{url}">',
        f'<meta property="og:url" content="{url}">',
        '<meta property="og:locale" content="nl_NL">',
        '<meta property="og:type" content="article">',
        '<meta property="og:site_name" content="Spoorwijzer">',
        f'<meta property="og:title" content="{catalogue.title(domain, answer_id)}">',
        '<meta name="twitter:card" content="summary">',
    ):
        assert tag in unescape(html), tag
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "FAQPage" and data["mainEntity"][0]["name"] == catalogue.title(domain, answer_id)
    assert data["mainEntity"][0]["acceptedAnswer"]["text"].startswith(first)


def test_the_index_lists_every_answer_as_structured_data(site, domain):
    html = requests.get(site + "/faq", timeout=10).text
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "FAQPage"
    assert {q["name"] for q in data["mainEntity"]} == {catalogue.title(domain, a) for a in catalogue.answer_ids(domain)}


def test_head_is_answered_like_get_and_search_engines_get_a_sitemap(site, domain):
    head = requests.head(site + faq_links.page_path("faq/loonsanctie"), timeout=10)
    assert head.status_code == 200 and head.text == "" and head.headers["content-type"].startswith("text/html")
    assert "Content-Security-Policy" in head.headers
    assert requests.head(site + "/faq/bestaat-niet", timeout=10).status_code == 404
    sitemap = requests.get(site + "/sitemap.xml", timeout=10)
    assert sitemap.status_code == 200 and sitemap.headers["content-type"].startswith("application/xml")
    for answer_id in catalogue.answer_ids(domain):
        assert f"<loc>{faq_links.page_url(answer_id, SETTINGS.base_url)}</loc>" in sitemap.text
    robots = requests.get(site + "/robots.txt", timeout=10).text
    assert f"Sitemap: {SETTINGS.base_url}/sitemap.xml" in robots and "Disallow: /inbox" in robots


def test_a_printed_answer_shows_the_answer_and_its_address_not_the_site_around_it(site):
    css = requests.get(site + "/static/site.css", timeout=10).text
    print_rules = css[css.index("@media print") :]
    for part in (".site-header", ".site-footer", ".actions", ".print-only { display: block"):
        assert part in print_rules, part
    widget_css = requests.get(site + "/static/widget.css", timeout=10).text
    assert ":host { display: none !important; }" in widget_css[widget_css.index("@media print") :]
    html = requests.get(site + faq_links.page_path("faq/loonsanctie"), timeout=10).text
    address = faq_links.page_url("faq/loonsanctie", SETTINGS.base_url)
    assert f'<p class="print-only">Deze uitleg staat op {address}</p>' in html


def test_one_tag_serves_the_widget_with_this_sites_settings(site):
    response = requests.get(site + "/widget.js", timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=300"
    served = json.loads(re.search(r"var SERVED = (\{.*?\});", response.text).group(1))
    assert served["server"] == SETTINGS.socket_url
    assert served["sessionMinutes"] == session_minutes() == 120  # domain.yml's session_config
    assert re.fullmatch(r"[0-9a-f]{12}", served["version"])
    # unchanged: the browser keeps its copy
    again = requests.get(site + "/widget.js", headers={"If-None-Match": response.headers["etag"]}, timeout=10)
    assert again.status_code == 304 and again.text == ""
    # what it loads from this site, with the version to renew the browser's copy
    for path in ("static/widget.css", "vendor/socket.io/socket.io.min.js"):
        assert f"asset(config, '{path}')" in response.text
        assert requests.get(f"{site}/{path}?v={served['version']}", timeout=10).ok


def test_the_demo_site_uses_the_same_one_tag(site):
    html = requests.get(site + "/", timeout=10).text
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/widget.js" async>']
    assert "widget.css" not in html  # the widget loads its own styles, into its shadow root

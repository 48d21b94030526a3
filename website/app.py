"""The demo website: a re-integration firm's home page with the chat widget, and
one FAQ page per answer, generated from the bot's own responses."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from spoorwijzer.poortwachter import agenda, faq_links, termijnen
from spoorwijzer.poortwachter.ziektedatum import read_first_sick_day
from spoorwijzer.tools import inbox
from website.content import ROOT, TEKSTEN, load_catalogue, session_minutes

HERE = Path(__file__).resolve().parent
SOCKET_IO_DIST = HERE / "node_modules" / "socket.io-client" / "dist"
WIDGET = HERE / "static" / "widget.js"
# What widget.js loads from this site (as /static/widget.css and /vendor/socket.io/...).
WIDGET_FILES = (HERE / "static" / "widget.css", SOCKET_IO_DIST / "socket.io.min.js")
# The line of widget.js that /widget.js fills in with this site's settings.
WIDGET_SETTINGS_LINE = "var SERVED = {};"
# Firms link to /widget.js without a version: browsers ask again after 5 minutes (and
# get 304 Not Modified while it is unchanged), so a new release reaches every page soon.
WIDGET_MAX_AGE_S = 300


@dataclass(frozen=True)
class SiteSettings:
    socket_url: str  # where the browser reaches Rasa's socket.io channel
    base_url: str  # public address of this site, for links a coach forwards
    # The inbox (/inbox): the conversations' database and its own token (INBOX_TOKEN);
    # without both the page does not exist. Off by default: it shows what people typed.
    tracker_store_url: str = ""
    inbox_token: str = ""

    @classmethod
    def from_env(cls) -> "SiteSettings":
        rasa_port = os.environ.get("RASA_PORT", "5005")
        return cls(
            socket_url=os.environ.get("RASA_SOCKET_URL", "").strip() or f"http://localhost:{rasa_port}",
            base_url=faq_links.base_url(),
            tracker_store_url=os.environ.get("TRACKER_STORE_URL", "").strip(),
            inbox_token=os.environ.get("INBOX_TOKEN", "").strip(),
        )


def _presented_token(request: Request) -> str:
    """The token from "Authorization: Bearer ..." or HTTP Basic (any user name), so a
    browser can ask for it with its own login prompt."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if scheme.lower() == "basic":
        try:
            return base64.b64decode(value.strip()).decode("utf-8").partition(":")[2]
        except (binascii.Error, UnicodeDecodeError):
            return ""
    return ""


def widget_script(socket_url: str, minutes: int) -> str:
    """widget.js as /widget.js serves it: with where browsers reach Rasa, Rasa's session
    length, and a version of the files it loads (in their URLs, so a browser fetches a
    changed stylesheet at once). A page's data attributes override the first two."""
    version = hashlib.sha256()
    for path in WIDGET_FILES:
        version.update(path.read_bytes() if path.is_file() else b"")
    served = {"server": socket_url, "sessionMinutes": minutes, "version": version.hexdigest()[:12]}
    source = WIDGET.read_text(encoding="utf-8")
    if source.count(WIDGET_SETTINGS_LINE) != 1:
        raise RuntimeError(f"{WIDGET} must have the line {WIDGET_SETTINGS_LINE!r} once")
    return source.replace(WIDGET_SETTINGS_LINE, f"var SERVED = {json.dumps(served)};")


def _etag_matches(request: Request, etag: str) -> bool:
    wanted = request.headers.get("if-none-match", "")
    return any(tag.strip().removeprefix("W/") in (etag, "*") for tag in wanted.split(","))


def _content_security_policy(socket_url: str) -> str:
    """Only this site's own scripts and styles; sockets only to the Rasa server."""
    parts = urlsplit(socket_url)
    ws_scheme = "wss" if parts.scheme == "https" else "ws"
    return "; ".join(
        [
            "default-src 'self'",
            f"connect-src 'self' {parts.scheme}://{parts.netloc} {ws_scheme}://{parts.netloc}",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'self'",
        ]
    )


INDEX_DESCRIPTION = TEKSTEN("faq_index.beschrijving")


@dataclass(frozen=True)
class Preview:
    """What a shared link shows (meta description, Open Graph, Twitter card) and the
    schema.org data for search engines; base.html renders it."""

    title: str
    url: str
    type: str  # og:type: "article" for an answer, "website" for the index
    description: str
    structured_data: dict


def faq_data(url: str, questions: list) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": "nl",
        "url": url,
        "mainEntity": questions,
    }


def create_app(settings: SiteSettings | None = None, root: Path = ROOT) -> FastAPI:
    settings = settings or SiteSettings.from_env()
    catalogue = load_catalogue(root)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(base_url=settings.base_url)
    csp = _content_security_policy(settings.socket_url)
    widget = widget_script(settings.socket_url, session_minutes(root))
    widget_etag = f'"{hashlib.sha256(widget.encode()).hexdigest()[:16]}"'

    app = FastAPI(title="Spoorwijzer website", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    if SOCKET_IO_DIST.is_dir():
        app.mount("/vendor/socket.io", StaticFiles(directory=str(SOCKET_IO_DIST)), name="socketio")

    @app.middleware("http")
    async def head_like_get(request: Request, call_next):
        # Link previews (WhatsApp, Teams, LinkedIn) often ask HEAD first: answer it as GET,
        # without the body. (Registered first, so it runs inside the header middleware.)
        if request.method != "HEAD":
            return await call_next(request)
        request.scope["method"] = "GET"
        response = await call_next(request)
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        return Response(status_code=response.status_code, headers=headers, media_type=response.media_type)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    def page(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
        return templates.TemplateResponse(
            request, name, {"groups": catalogue.grouped(), **context}, status_code=status_code
        )

    @app.get("/", response_class=HTMLResponse)
    async def home(request: Request):
        return page(request, "home.html")

    @app.get("/widget.js")
    async def embed_script(request: Request):
        # The one tag that puts the chat on a page, here and on a firm's own site.
        headers = {"Cache-Control": f"public, max-age={WIDGET_MAX_AGE_S}", "ETag": widget_etag}
        if _etag_matches(request, widget_etag):
            return Response(status_code=304, headers=headers)
        return Response(widget, media_type="text/javascript; charset=utf-8", headers=headers)

    def question(answer, url: str) -> dict:
        return {
            "@type": "Question",
            "name": answer.title,
            "url": url,
            "acceptedAnswer": {"@type": "Answer", "text": answer.text},
        }

    @app.get("/faq", response_class=HTMLResponse)
    async def faq_index(request: Request):
        # schema.org FAQPage: every answer, so search engines can show them
        entities = [
            question(a, faq_links.page_url(a.answer_id, settings.base_url))
            for _, _, answers in catalogue.grouped()
            for a in answers
        ]
        url = faq_links.index_url(settings.base_url)
        return page(
            request,
            "faq_index.html",
            preview=Preview(
                title=TEKSTEN("faq_index.titel"),
                url=url,
                type="website",
                description=INDEX_DESCRIPTION,
                structured_data=faq_data(url, entities),
            ),
        )

    @app.get(faq_links.MYTHS_PATH, response_class=HTMLResponse)
    async def myths_page(request: Request):
        return page(request, "fabels.html", myths=catalogue.myths(), share_url=faq_links.myths_url(settings.base_url))

    @app.get(faq_links.AGENDA_PATH, response_class=HTMLResponse)
    async def agenda_page(request: Request):
        return page(request, "kalender.html", file_path=faq_links.AGENDA_FILE_PATH)

    @app.get(faq_links.AGENDA_FILE_PATH)
    async def agenda_file(request: Request, eerste_ziektedag: str = ""):
        # The chat links here with an ISO date; the form on /kalender sends what the
        # browser's date field gives (ISO too), or what someone typed by hand.
        reading = read_first_sick_day(eerste_ziektedag, termijnen.today_in_the_netherlands())
        if reading.problem is not None:
            return page(
                request,
                "kalender.html",
                status_code=400,
                file_path=faq_links.AGENDA_FILE_PATH,
                problem=reading.problem,
                typed=eerste_ziektedag[:40],
            )

        def page_of_step(step: str):
            answer_id = catalogue.steps.get(step)
            return faq_links.page_url(answer_id, settings.base_url) if answer_id else None

        body = agenda.calendar_file(reading.day, page_of_step)
        filename = f"poortwachter-{reading.day.isoformat()}.ics"
        return Response(
            body,
            media_type="text/calendar; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    @app.get("/faq/{slug}", response_class=HTMLResponse)
    async def faq_page(request: Request, slug: str):
        answer = catalogue.find(slug)
        if answer is None:
            return page(request, "not_found.html", status_code=404)
        share_url = faq_links.page_url(answer.answer_id, settings.base_url)
        preview = Preview(
            title=answer.title,
            url=share_url,
            type="article",
            description=answer.description,
            structured_data=faq_data(share_url, [question(answer, share_url)]),
        )
        return page(request, "faq_page.html", answer=answer, share_url=share_url, preview=preview)

    @app.get("/sitemap.xml")
    async def sitemap():
        paths = [
            "/",
            "/faq",
            faq_links.MYTHS_PATH,
            faq_links.AGENDA_PATH,
            *(faq_links.page_path(a) for a in sorted(catalogue.answers)),
        ]
        base = settings.base_url.rstrip("/")
        urls = "".join(f"<url><loc>{escape(base + path)}</loc></url>" for path in paths)
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        )
        return Response(body, media_type="application/xml")

    @app.get("/robots.txt", response_class=PlainTextResponse)
    async def robots():
        # The inbox is for the content team only (and off without INBOX_TOKEN).
        return f"User-agent: *\nAllow: /\nDisallow: /inbox\nSitemap: {settings.base_url.rstrip('/')}/sitemap.xml\n"

    def inbox_entries(request: Request, days: int) -> list | Response:
        """The inbox for a coach, or the response that refuses it."""
        if not (settings.inbox_token and settings.tracker_store_url):
            return page(request, "not_found.html", status_code=404)
        if not secrets.compare_digest(_presented_token(request).encode(), settings.inbox_token.encode()):
            return PlainTextResponse(
                TEKSTEN("inbox.geen_toegang"),
                status_code=401,
                headers={"WWW-Authenticate": 'Basic realm="Spoorwijzer inbox"'},
            )
        if not 0 <= days <= 3650:
            return PlainTextResponse(TEKSTEN("inbox.dagen_ongeldig"), status_code=400)
        return inbox.read_entries(settings.tracker_store_url, days)

    @app.get("/inbox", response_class=HTMLResponse)
    def inbox_page(request: Request, days: int = inbox.DEFAULT_DAYS):  # sync: reads a database
        entries = inbox_entries(request, days)
        if isinstance(entries, Response):
            return entries
        response = page(request, "inbox.html", entries=entries, days=days, max_confidence=inbox.DEFAULT_MAX_CONFIDENCE)
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.get("/inbox.yml")
    def inbox_draft(request: Request, days: int = inbox.DEFAULT_DAYS):
        entries = inbox_entries(request, days)
        if isinstance(entries, Response):
            return entries
        return PlainTextResponse(
            inbox.as_nlu_draft(entries),
            media_type="application/x-yaml",
            headers={"Cache-Control": "no-store", "Content-Disposition": 'attachment; filename="inbox.yml"'},
        )

    @app.get("/health")
    async def health():
        return JSONResponse({"status": "ok", "answers": len(catalogue.answers)})

    @app.exception_handler(404)
    async def not_found(request: Request, _exc):
        return page(request, "not_found.html", status_code=404)

    return app

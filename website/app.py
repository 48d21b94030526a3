"""The demo website: a re-integration firm's home page with the chat widget, and
one FAQ page per answer, generated from the bot's own responses."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from spoorwijzer import faq_links
from website.content import ROOT, load_catalogue, session_minutes

HERE = Path(__file__).resolve().parent
SOCKET_IO_DIST = HERE / "node_modules" / "socket.io-client" / "dist"


@dataclass(frozen=True)
class SiteSettings:
    socket_url: str  # where the browser reaches Rasa's socket.io channel
    base_url: str  # public address of this site, for links a coach forwards

    @classmethod
    def from_env(cls) -> "SiteSettings":
        rasa_port = os.environ.get("RASA_PORT", "5005")
        return cls(
            socket_url=os.environ.get("RASA_SOCKET_URL", "").strip()
            or f"http://localhost:{rasa_port}",
            base_url=faq_links.base_url(),
        )


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


def create_app(settings: SiteSettings | None = None, root: Path = ROOT) -> FastAPI:
    settings = settings or SiteSettings.from_env()
    catalogue = load_catalogue(root)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(
        socket_url=settings.socket_url,
        base_url=settings.base_url,
        session_minutes=session_minutes(root),
    )
    csp = _content_security_policy(settings.socket_url)

    app = FastAPI(title="Spoorwijzer website", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    if SOCKET_IO_DIST.is_dir():
        app.mount("/vendor/socket.io", StaticFiles(directory=str(SOCKET_IO_DIST)), name="socketio")

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

    @app.get("/faq", response_class=HTMLResponse)
    async def faq_index(request: Request):
        return page(request, "faq_index.html")

    @app.get("/faq/{slug}", response_class=HTMLResponse)
    async def faq_page(request: Request, slug: str):
        answer = catalogue.find(slug)
        if answer is None:
            return page(request, "not_found.html", status_code=404)
        return page(
            request, "faq_page.html", answer=answer, share_url=faq_links.page_url(answer.answer_id, settings.base_url)
        )

    @app.get("/health")
    async def health():
        return JSONResponse({"status": "ok", "answers": len(catalogue.answers)})

    @app.exception_handler(404)
    async def not_found(request: Request, _exc):
        return page(request, "not_found.html", status_code=404)

    return app

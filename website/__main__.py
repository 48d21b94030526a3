"""`python -m website`: serves the demo site and FAQ pages (WEB_HOST, WEB_PORT)."""

from __future__ import annotations

import os

import uvicorn

from website.app import SiteSettings, create_app
from website.content import TEKSTEN


def main() -> None:
    host = os.environ.get("WEB_HOST", "127.0.0.1")
    port = int(os.environ.get("WEB_PORT", "8080"))
    settings = SiteSettings.from_env()
    app = create_app(settings)
    print(TEKSTEN("start", host=host, port=port, socket_url=settings.socket_url), flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


if __name__ == "__main__":
    main()

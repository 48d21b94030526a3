"""`python -m caseapi`: serves the case API with uvicorn (CASE_API_HOST, CASE_API_PORT)."""

from __future__ import annotations

import logging

import uvicorn

from caseapi import TEKSTEN
from caseapi.app import create_app
from caseapi.settings import load_settings


def main() -> None:
    settings = load_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(settings)
    print(TEKSTEN("start", host=settings.host, port=settings.port, database=app.state.db.describe()), flush=True)
    # access_log off: the app logs requests itself, with dossiernummers masked.
    uvicorn.run(app, host=settings.host, port=settings.port, access_log=False, log_level="info")


if __name__ == "__main__":
    main()

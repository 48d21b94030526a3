"""`python -m caseapi.openapi [--write]`: the OpenAPI spec of the case API, printed or
written to docs/case-api.openapi.json (a test checks that the committed file is current)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from caseapi import TEKSTEN
from caseapi.app import create_app
from caseapi.settings import Settings

OPENAPI_FILE = Path(__file__).resolve().parent.parent / "docs" / "case-api.openapi.json"


def openapi_json() -> str:
    # Default settings: the spec must not depend on the environment it is generated in.
    return json.dumps(create_app(Settings()).openapi(), indent=2, ensure_ascii=False) + "\n"


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--write"]:
        OPENAPI_FILE.write_text(openapi_json(), encoding="utf-8")
        print(TEKSTEN("openapi.geschreven", pad=OPENAPI_FILE))
    elif not args:
        sys.stdout.write(openapi_json())
    else:
        print(TEKSTEN("openapi.gebruik"), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the installed ``nl_spoorwijzer`` pipeline says about itself, without importing
spaCy (7 s): scripts/train.sh asks this on every `make run`."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Optional

PACKAGE_NAME = "spoorwijzer"  # spaCy prefixes the language: nl_spoorwijzer
PIPELINE_NAME = f"nl_{PACKAGE_NAME}"


def installed_meta() -> Optional[dict]:
    """meta.json of the installed package (spaCy writes it beside __init__.py), or None."""
    spec = importlib.util.find_spec(PIPELINE_NAME)
    if spec is None or not spec.submodule_search_locations:
        return None
    meta = Path(list(spec.submodule_search_locations)[0]) / "meta.json"
    return json.loads(meta.read_text(encoding="utf-8")) if meta.is_file() else None


if __name__ == "__main__":  # the build's fingerprint, for scripts/train.sh
    print((installed_meta() or {}).get("spoorwijzer_fingerprint", "none"))

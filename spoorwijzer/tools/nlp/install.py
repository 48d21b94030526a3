"""Install the ``nl_spoorwijzer`` spaCy pipeline (called by ``make install``).

1. Get ``nl_core_news_sm`` if possible: from the wheel in $NL_CORE_NEWS_SM_WHEEL,
   else with ``spacy download``. Where neither works (no network), go on.
2. Build the domain pipeline on the best base (see pipeline.py), package it
   with ``spacy package`` and pip-install it, so SpacyNLP finds it by name from
   any working directory. Skipped when the installed build is up to date.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from spoorwijzer.tools.nlp import pipeline

DOWNLOAD_TIMEOUT_S = 300


def _run(args: list[str], timeout: int | None = None) -> bool:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


def fetch_official_model() -> str:
    """Try to make nl_core_news_sm importable; return what happened."""
    if pipeline.choose_base().name == pipeline.OFFICIAL_MODEL:
        return f"{pipeline.OFFICIAL_MODEL} already installed"
    wheel = os.environ.get("NL_CORE_NEWS_SM_WHEEL")
    if wheel:
        if not Path(wheel).is_file():
            return f"NL_CORE_NEWS_SM_WHEEL={wheel} is not a file; using the fallback"
        ok = _run([sys.executable, "-m", "pip", "install", "--no-deps", wheel])
        return f"installed {wheel}" if ok else f"pip could not install {wheel}"
    ok = _run(
        [sys.executable, "-m", "spacy", "download", pipeline.OFFICIAL_MODEL],
        timeout=DOWNLOAD_TIMEOUT_S,
    )
    if ok:
        return f"downloaded {pipeline.OFFICIAL_MODEL}"
    return f"{pipeline.OFFICIAL_MODEL} could not be downloaded; using the fallback"


def install_domain_pipeline(force: bool = False) -> str:
    base = pipeline.choose_base()
    meta = pipeline.installed_meta()
    if not force and meta is not None and meta.get("spoorwijzer_fingerprint") == pipeline.fingerprint(base):
        return "up to date"
    work = Path(tempfile.mkdtemp(prefix="nl_spoorwijzer-"))
    try:
        source = pipeline.save(pipeline.build(base), work / "source")
        dist = work / "dist"
        dist.mkdir()
        packaged = subprocess.run(
            [sys.executable, "-m", "spacy", "package", str(source), str(dist), "--build", "sdist", "--force"],
            capture_output=True,
            text=True,
            check=False,
        )
        if packaged.returncode != 0:
            raise RuntimeError(f"spacy package failed:\n{packaged.stderr}")
        sdist = next(dist.rglob("*.tar.gz"))
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", str(sdist)],
            check=True,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return "built and installed"


def main() -> int:
    print(f"nl_core_news_sm: {fetch_official_model()}")
    print(f"{pipeline.PIPELINE_NAME}: {install_domain_pipeline('--force' in sys.argv)}")
    # A fresh process sees the newly installed package.
    subprocess.run(
        [sys.executable, "-c", "from spoorwijzer.tools.nlp.pipeline import describe_active; print(describe_active())"],
        check=True,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

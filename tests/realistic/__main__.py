"""make eval: the realistic set end to end, beside the site-search baseline.

    python -m tests.realistic [--unseen] [--url http://localhost:5005] [--errors] [--json FILE]

Without --url it starts the whole stack (scripts/run.sh) on free ports with the
trained model, as the tests do. --unseen scores the part kept unseen while tuning
(only at the end of an issue; see tests/realistic/README.md).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from pathlib import Path

from tests.realistic.run import evaluate, most_missed, rest_sender, search_baseline, summary_line
from tests.realistic.score import DEV_DIR, UNSEEN_DIR, Catalogue

ROOT = Path(__file__).resolve().parents[2]


def project_domain() -> dict:
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    )
    return importer.get_domain().as_dict()


@contextlib.contextmanager
def rasa_base(url: str | None):
    if url:
        yield url.rstrip("/")
        return
    from tests.servers import running_stack

    model = ROOT / os.environ.get("MODEL", "models/spoorwijzer.tar.gz")
    with tempfile.TemporaryDirectory() as workdir, running_stack(model, Path(workdir)) as stack:
        yield stack.base


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unseen", action="store_true", help="score the unseen part instead")
    parser.add_argument("--url", help="a running Rasa server (default: start the stack)")
    parser.add_argument("--errors", action="store_true", help="list every wrong reply")
    parser.add_argument("--json", type=Path, help="write the whole report here")
    args = parser.parse_args()
    directory = UNSEEN_DIR if args.unseen else DEV_DIR
    domain = project_domain()
    catalogue = Catalogue(domain)
    baseline = evaluate(search_baseline(domain), directory, catalogue)
    with rasa_base(args.url) as base:
        report = evaluate(rest_sender(base), directory, catalogue)
    print(f"Realistic set: {directory.relative_to(ROOT)}")
    print(summary_line("Spoorwijzer        ", report))
    print(summary_line("site search (TF-IDF)", baseline))
    errors, baseline_errors = 1 - report["messages_right"], 1 - baseline["messages_right"]
    if baseline_errors:
        print(f"error rate vs search on single messages: {errors / baseline_errors:.2f}")
    print("by kind:", json.dumps(report["by_kind"], ensure_ascii=False))
    print("most missed:", most_missed(report))
    if args.errors:
        for error in report["errors"]:
            print(f"  {error['id']:8} {error['topic']:28} {error['why'][:60]:60} | {error['message'][:90]}")
    if args.json:
        args.json.write_text(json.dumps({"spoorwijzer": report, "baseline": baseline}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

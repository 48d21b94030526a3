"""The no-spaCy baseline must differ from config.yml only in the tokenizer."""
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def components(path):
    return yaml.safe_load((ROOT / path).read_text())["pipeline"]


def test_baseline_is_config_without_spacy():
    ours = [c for c in components("config.yml") if not c["name"].startswith("Spacy")]
    baseline = [c for c in components("bench/config-without-spacy.yml")
                if c["name"] != "WhitespaceTokenizer"]
    assert baseline == ours

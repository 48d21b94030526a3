"""The no-spaCy baseline must differ from config.yml only in the tokenizer."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def components(path):
    return yaml.safe_load((ROOT / path).read_text())["pipeline"]


def test_baseline_is_config_without_spacy():
    ours = [c for c in components("config.yml") if not c["name"].startswith("Spacy")]
    baseline = [c for c in components("bench/config-without-spacy.yml") if c["name"] != "WhitespaceTokenizer"]
    assert baseline == ours


def test_bench_summary_has_ratios_per_kind_of_turn():
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from load import by_kind, summary

    def row(kinds, faq_p95, loaded_p95, turns, load):
        return {
            "faq_p95": faq_p95,
            "loaded_p95": loaded_p95,
            "turns_per_s": turns,
            "load_s": load,
            "by_kind": {k: by_kind(*v) for k, v in kinds.items()},
        }

    ours = row({"faq": ([0.04, 0.05], [0.4, 0.6]), "case": ([0.1], [1.0])}, 50, 600, 30, 30)
    mood = row({"chat": ([0.02, 0.04], [0.2, 0.3])}, 40, 300, 40, 40)
    result = summary(ours, mood, users=20, seconds=30)
    assert result["machine"]["cores"] >= 1
    assert result["ratio"]["turns_per_s"] == 0.75 and result["ratio"]["p95_loaded"] == 2.0
    assert result["ratio_by_kind"]["faq"]["p95_n"] == 2.0  # 600 ms against 300 ms
    assert result["ratio_by_kind"]["case"]["p50_1"] == 5.0  # 100 ms against 20 ms

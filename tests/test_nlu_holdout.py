"""Accuracy of the trained model on the held-out set (tests/nlu/holdout.yml).

An example counts as right only if the assistant would give the right answer:
the right plain intent, or for knowledge questions a retrieval intent with the
right answer id. A fallback ("bedoel je...?") counts as wrong here.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from rasa.shared.nlu.training_data.loading import load_data

ROOT = Path(__file__).resolve().parent.parent
HOLDOUT = ROOT / "tests" / "nlu" / "holdout.yml"
REPORT = ROOT / "results" / "nlu_holdout.json"
REQUIRED_ACCURACY = 0.93
RETRIEVAL = ("faq", "fabel")


def predicted_label(parsed: dict) -> str:
    intent = (parsed.get("intent") or {}).get("name")
    if intent in RETRIEVAL:
        selector = parsed.get("response_selector", {}).get("default", {})
        return selector.get("response", {}).get("intent_response_key") or intent
    return intent


def test_heldout_accuracy(parse):
    examples = load_data(str(HOLDOUT)).intent_examples
    results = []
    for message in examples:
        parsed = parse(message.get("text"))
        results.append({"text": message.get("text"), "expected": message.get_full_intent(),
                        "predicted": predicted_label(parsed),
                        "confidence": round(parsed["intent"]["confidence"], 3)})
    right = sum(r["expected"] == r["predicted"] for r in results)
    accuracy = right / len(results)
    errors = [r for r in results if r["expected"] != r["predicted"]]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps({"accuracy": accuracy, "examples": len(results),
                                  "fallbacks": sum(r["predicted"] == "nlu_fallback" for r in errors),
                                  "errors": errors}, indent=2, ensure_ascii=False))
    worst = Counter(r["expected"] for r in errors).most_common(5)
    print(f"\nheld-out accuracy {accuracy:.3f} ({right}/{len(results)}); most missed: {worst}")
    assert accuracy >= REQUIRED_ACCURACY, (
        f"held-out accuracy {accuracy:.3f} < {REQUIRED_ACCURACY}; see {REPORT}")

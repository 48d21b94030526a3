"""Held-out evaluation: would the assistant give the right answer to each example?

An example counts as right only for the right plain intent, or, for knowledge
questions, a retrieval intent (faq/fabel) with the right answer id. A fallback
("bedoel je ...?") counts as wrong. Used by the test suite and by
``python -m spoorwijzer.evaluate MODEL [HOLDOUT]`` for comparisons.
"""
from __future__ import annotations

import asyncio
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Dict

RETRIEVAL_INTENTS = ("faq", "fabel")
DEFAULT_HOLDOUT = Path(__file__).resolve().parent.parent / "tests" / "nlu" / "holdout.yml"


def predicted_label(parsed: Dict[str, Any]) -> str:
    intent = (parsed.get("intent") or {}).get("name")
    if intent in RETRIEVAL_INTENTS:
        selector = (parsed.get("response_selector") or {}).get("default") or {}
        return (selector.get("response") or {}).get("intent_response_key") or intent
    return intent


def evaluate(parse: Callable[[str], Dict[str, Any]], holdout: Path = DEFAULT_HOLDOUT) -> dict:
    from rasa.shared.nlu.training_data.loading import load_data

    results = []
    for message in load_data(str(holdout)).intent_examples:
        parsed = parse(message.get("text"))
        results.append({
            "text": message.get("text"),
            "expected": message.get_full_intent(),
            "predicted": predicted_label(parsed),
            "confidence": round(float(parsed["intent"]["confidence"]), 3),
        })
    errors = [r for r in results if r["expected"] != r["predicted"]]
    return {
        "examples": len(results),
        "accuracy": round(1 - len(errors) / len(results), 4),
        "fallbacks": sum(r["predicted"] == "nlu_fallback" for r in errors),
        "wrong_answers": sum(r["predicted"] != "nlu_fallback" for r in errors),
        "most_missed": Counter(r["expected"] for r in errors).most_common(8),
        "errors": errors,
    }


def model_parser(model_path: str) -> Callable[[str], Dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(model_path)
    return lambda text: asyncio.run(agent.parse_message(text))


def main() -> int:
    model = sys.argv[1]
    holdout = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_HOLDOUT
    report = evaluate(model_parser(model), holdout)
    summary = {k: v for k, v in report.items() if k != "errors"}
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Held-out evaluation: would the assistant give the right answer to each example?

An example counts as right only for the right plain intent, or, for knowledge
questions, a retrieval intent (faq/fabel) with the right answer id. A fallback
("bedoel je ...?") counts as wrong. Used by the test suite and by
``python -m spoorwijzer.tools.evaluate MODEL HOLDOUT [HOLDOUT ...]`` for comparisons.

There are two held-out sets, by two writers who never saw the training data:
holdout.yml (its errors were looked at while tuning) and holdout_fresh.yml
(written later by a new writer, for an honest number).
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Dict, List, Sequence

from spoorwijzer.poortwachter.answer_keys import FALLBACK_INTENT, KNOWLEDGE_INTENTS, chosen_answer


def predicted_label(parsed: Dict[str, Any]) -> str:
    intent = (parsed.get("intent") or {}).get("name")
    if intent in KNOWLEDGE_INTENTS:
        return chosen_answer(parsed).get("intent_response_key") or intent
    return intent


def _accuracy(results: List[dict]) -> float:
    return round(sum(r["expected"] == r["predicted"] for r in results) / len(results), 4)


def evaluate(parse: Callable[[str], Dict[str, Any]], holdouts: Sequence[Path]) -> dict:
    """Accuracy over all the held-out sets together, and per set."""
    from rasa.shared.nlu.training_data.loading import load_data

    results = []
    for holdout in holdouts:
        for message in load_data(str(holdout)).intent_examples:
            parsed = parse(message.get("text"))
            results.append(
                {
                    "set": Path(holdout).name,
                    "text": message.get("text"),
                    "expected": message.get_full_intent(),
                    "predicted": predicted_label(parsed),
                    "confidence": round(float(parsed["intent"]["confidence"]), 3),
                }
            )
    errors = [r for r in results if r["expected"] != r["predicted"]]
    per_set = {}
    for holdout in holdouts:
        members = [r for r in results if r["set"] == Path(holdout).name]
        per_set[Path(holdout).name] = {"examples": len(members), "accuracy": _accuracy(members)}
    return {
        "examples": len(results),
        "accuracy": _accuracy(results),
        "per_set": per_set,
        "fallbacks": sum(r["predicted"] == FALLBACK_INTENT for r in errors),
        "wrong_answers": sum(r["predicted"] != FALLBACK_INTENT for r in errors),
        "most_missed": Counter(r["expected"] for r in errors).most_common(8),
        "errors": errors,
    }


def model_parser(model_path: str) -> Callable[[str], Dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(model_path)
    return lambda text: asyncio.run(agent.parse_message(text))


def main() -> int:
    if len(sys.argv) < 3:
        print(
            "usage: python -m spoorwijzer.tools.evaluate MODEL HOLDOUT [HOLDOUT ...]\n"
            "  e.g. models/spoorwijzer.tar.gz tests/nlu/holdout.yml tests/nlu/holdout_fresh.yml",
            file=sys.stderr,
        )
        return 2
    model = sys.argv[1]
    holdouts = [Path(arg) for arg in sys.argv[2:]]
    report = evaluate(model_parser(model), holdouts)
    summary = {k: v for k, v in report.items() if k != "errors"}
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

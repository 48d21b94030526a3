"""Run the realistic set through a Rasa server over REST, and the site-search baseline.

``evaluate(base, directory, catalogue)`` sends every single message from a new
conversation and every conversation turn by turn, judges each reply
(tests/realistic/score.py) and returns the summary with the errors.

The baseline is what a site search over the project's own training examples would
show: the answer of the most similar example (TF-IDF, cosine), judged the same way.
"""

from __future__ import annotations

import uuid
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Dict, List

import requests

from tests.realistic.score import (
    CONTACT_OPENING,
    Catalogue,
    Reply,
    Verdict,
    judge,
    load_conversations,
    load_messages,
    rate,
)

ROOT = Path(__file__).resolve().parents[2]
Send = Callable[[str, str], Reply]


def rest_sender(base: str) -> Send:
    session = requests.Session()

    def send(sender: str, message: str) -> Reply:
        response = session.post(
            f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60
        )
        response.raise_for_status()
        return Reply.from_rest(response.json())

    return send


def _kind(item: Dict[str, Any]) -> str:
    topic = item["topic"]
    return topic.split("/")[0] if "/" in topic else topic


def evaluate(send: Send, directory: Path, catalogue: Catalogue) -> Dict[str, Any]:
    errors: List[Dict[str, Any]] = []
    singles: List[Verdict] = []
    by_kind: Dict[str, List[Verdict]] = {}
    for item in load_messages(directory):
        reply = send(f"realistic-{uuid.uuid4().hex}", item["message"])
        verdict = judge(item, reply, catalogue)
        singles.append(verdict)
        by_kind.setdefault(_kind(item), []).append(verdict)
        if not verdict.right:
            errors.append(
                {
                    "id": item["id"],
                    "message": item["message"],
                    "topic": item["topic"],
                    "why": verdict.why,
                    "reply": " | ".join(reply.texts)[:300],
                }
            )
    turns: List[Verdict] = []
    whole: List[bool] = []
    for conversation in load_conversations(directory):
        sender = f"realistic-{uuid.uuid4().hex}"
        calendar_shown = False
        all_right = True
        for number, turn in enumerate(conversation["turns"], start=1):
            reply = send(sender, turn["message"])
            verdict = judge(turn, reply, catalogue, calendar_shown)
            calendar_shown = calendar_shown or catalogue.shows(reply, "utter_kalender_overzicht")
            turns.append(verdict)
            all_right = all_right and verdict.right
            if not verdict.right:
                errors.append(
                    {
                        "id": f"{conversation['id']}#{number}",
                        "message": turn["message"],
                        "topic": turn["topic"],
                        "why": verdict.why,
                        "reply": " | ".join(reply.texts)[:300],
                    }
                )
        whole.append(all_right)
    return {
        "messages": len(singles),
        "messages_right": rate(singles),
        "turns": len(turns),
        "turns_right": rate(turns),
        "conversations": len(whole),
        "conversations_all_right": round(sum(whole) / len(whole), 3) if whole else 0.0,
        "by_kind": {kind: {"n": len(v), "right": rate(v)} for kind, v in sorted(by_kind.items())},
        "errors": errors,
    }


# --- the site-search baseline ---------------------------------------------------------

# What a site search shows for an example of a plain intent: the page or text the
# project has for it (a search cannot start a lookup, a calendar or a link request).
_INTENT_RESPONSES = {
    "greet": "utter_greet",
    "goodbye": "utter_goodbye",
    "thanks": "utter_thanks",
    "bot_challenge": "utter_iamabot",
    "help": "utter_help",
    "out_of_scope": "utter_out_of_scope",
    "andere_taal": "utter_andere_taal",
    "medische_vraag": "utter_medische_vraag",
    "juridisch_geschil": "utter_juridisch_geschil",
    "crisis": "utter_crisis",
    "vraag_fase": "utter_ask_dossiernummer",
    "vraag_volgende_stap": "utter_ask_dossiernummer",
    "geef_dossiergegevens": "utter_ask_dossiernummer",
    "vraag_kalender": "utter_ask_eerste_ziektedag",
}


def search_baseline(domain: Dict[str, Any], data_dir: Path = ROOT / "data" / "nlu") -> Send:
    """A TF-IDF search over the training examples, answering with the best match's text."""
    from rasa.shared.nlu.training_data.loading import load_data
    from sklearn.feature_extraction.text import TfidfVectorizer

    examples = [m for m in load_data(str(data_dir)).intent_examples if m.get("intent")]
    labels = [m.get_full_intent() for m in examples]
    vectorizer = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2))
    matrix = vectorizer.fit_transform([m.get("text").lower() for m in examples])
    responses = domain.get("responses") or {}

    def text_of(response: str) -> str:
        variations = responses.get(response) or []
        plain = [v for v in variations if not v.get("condition")] or variations
        return plain[0].get("text", "") if plain else ""

    def send(sender: str, message: str) -> Reply:
        scores = (matrix @ vectorizer.transform([message.lower()]).T).toarray().ravel()
        label = labels[int(scores.argmax())]
        if label.startswith(("faq/", "fabel/")):
            page = "/faq/" + label.replace("/", "-").replace("_", "-")
            return Reply([text_of(f"utter_{label}"), page])
        if label == "mens_spreken":
            return Reply([CONTACT_OPENING])
        return Reply([text_of(_INTENT_RESPONSES.get(label, "utter_out_of_scope"))])

    return send


def summary_line(name: str, report: Dict[str, Any]) -> str:
    return (
        f"{name}: messages {report['messages_right']:.1%} of {report['messages']}, "
        f"turns {report['turns_right']:.1%} of {report['turns']}, whole conversations "
        f"{report['conversations_all_right']:.1%} of {report['conversations']}"
    )


def most_missed(report: Dict[str, Any], count: int = 10) -> List[tuple]:
    return Counter(error["topic"] for error in report["errors"]).most_common(count)

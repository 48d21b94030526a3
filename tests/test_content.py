"""The answers and training data as content: complete, sourced, short, varied."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from actions import catalog
from spoorwijzer.evaluate import HOLDOUTS

ROOT = Path(__file__).resolve().parent.parent
TOPICS = {"spoor", "tijdlijn", "traject", "plichten", "sancties", "fabels", "chat"}
MAX_WORDS = 120
MIN_EXAMPLES = 15


def _examples_by_label(nlu_data):
    by_label = defaultdict(list)
    for message in nlu_data.intent_examples:
        label = message.get_full_intent()
        by_label[label].append(message.get("text"))
    return by_label


def test_every_answer_has_title_topic_and_short_text(domain):
    for answer_id in catalog.answer_ids(domain):
        for variation in domain["responses"][catalog.response_name(answer_id)]:
            meta = variation.get("metadata") or {}
            assert meta.get("titel"), f"{answer_id}: no titel"
            assert meta.get("onderwerp") in TOPICS, f"{answer_id}: onderwerp {meta.get('onderwerp')}"
            words = len(variation["text"].split())
            assert words <= MAX_WORDS, f"{answer_id}: {words} words"


def test_every_answer_has_enough_training_examples(domain, nlu_data):
    by_label = _examples_by_label(nlu_data)
    for answer_id in catalog.answer_ids(domain):
        assert len(by_label[answer_id]) >= MIN_EXAMPLES, answer_id


def _tokens(text):
    return re.findall(r"\w+", text.lower())


def test_no_example_is_another_with_one_word_changed(nlu_data):
    seen, near_copies = {}, []
    for label, texts in _examples_by_label(nlu_data).items():
        for text in texts:
            tokens = _tokens(text)
            if len(tokens) < 4:
                continue
            for i in range(len(tokens)):
                key = (label, tuple(tokens[:i] + ["*"] + tokens[i + 1:]))
                other = seen.setdefault(key, text)
                if other != text:
                    near_copies.append(f"{label}: '{text}' ~ '{other}'")
    assert not near_copies, "\n".join(near_copies)


def test_every_answer_has_a_source_row():
    rows = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs" / "bronnen").glob("*.md"))
    data_ids = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        data_ids.update(k[len("utter_"):] for k in (content.get("responses") or {}))
    assert data_ids, "no answers found"
    for answer_id in data_ids:
        row = re.search(r"^\|\s*`?%s`?\s*\|(.+)\|(.+)\|\s*$" % re.escape(answer_id), rows, re.M)
        assert row, f"{answer_id}: no row in docs/bronnen/"
        assert row.group(2).strip(), f"{answer_id}: no source"


@pytest.mark.parametrize("holdout", HOLDOUTS, ids=lambda p: p.name)
def test_holdout_is_not_training_data(nlu_data, holdout):
    """No held-out example may equal a training example of its label or differ by one word."""
    from rasa.shared.nlu.training_data.loading import load_data

    by_label = _examples_by_label(nlu_data)
    copies = []
    for message in load_data(str(holdout)).intent_examples:
        text, label = message.get("text"), message.get_full_intent()
        tokens = _tokens(text)
        for other in by_label.get(label, []):
            other_tokens = _tokens(other)
            same = tokens == other_tokens
            one_word = (len(tokens) >= 4 and len(tokens) == len(other_tokens)
                        and sum(a != b for a, b in zip(tokens, other_tokens)) == 1)
            if same or one_word:
                copies.append(f"{label}: '{text}' ~ '{other}'")
    assert not copies, "held-out examples (nearly) in the training data:\n" + "\n".join(copies)


@pytest.mark.parametrize("holdout", HOLDOUTS, ids=lambda p: p.name)
def test_holdout_covers_every_answer(domain, holdout):
    from rasa.shared.nlu.training_data.loading import load_data

    examples = load_data(str(holdout)).intent_examples
    labels = {m.get_full_intent() for m in examples}
    missing = set(catalog.answer_ids(domain)) - labels
    assert not missing, f"no held-out examples for {sorted(missing)}"


def test_holdout_sets_have_at_least_250_examples():
    from rasa.shared.nlu.training_data.loading import load_data

    assert sum(len(load_data(str(h)).intent_examples) for h in HOLDOUTS) >= 250

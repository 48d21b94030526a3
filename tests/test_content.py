"""The answers and training data as content: complete, sourced, short, varied."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from spoorwijzer.poortwachter import bedragen, catalogue
from tests.nlu import HOLDOUTS

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
    for answer_id in catalogue.answer_ids(domain):
        for variation in domain["responses"][catalogue.response_name(answer_id)]:
            meta = variation.get("metadata") or {}
            assert meta.get("titel"), f"{answer_id}: no titel"
            assert meta.get("onderwerp") in TOPICS, f"{answer_id}: onderwerp {meta.get('onderwerp')}"
            words = len(variation["text"].split())
            assert words <= MAX_WORDS, f"{answer_id}: {words} words"


def test_every_answer_has_enough_training_examples(domain, nlu_data):
    by_label = _examples_by_label(nlu_data)
    for answer_id in catalogue.answer_ids(domain):
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
                key = (label, tuple(tokens[:i] + ["*"] + tokens[i + 1 :]))
                other = seen.setdefault(key, text)
                if other != text:
                    near_copies.append(f"{label}: '{text}' ~ '{other}'")
    assert not near_copies, "\n".join(near_copies)


def test_every_answer_has_a_source_row():
    rows = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs" / "bronnen").glob("*.md"))
    data_ids = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        data_ids.update(k[len("utter_") :] for k in (content.get("responses") or {}))
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
            one_word = (
                len(tokens) >= 4
                and len(tokens) == len(other_tokens)
                and sum(a != b for a, b in zip(tokens, other_tokens, strict=True)) == 1
            )
            if same or one_word:
                copies.append(f"{label}: '{text}' ~ '{other}'")
    assert not copies, "held-out examples (nearly) in the training data:\n" + "\n".join(copies)


@pytest.mark.parametrize("holdout", HOLDOUTS, ids=lambda p: p.name)
def test_holdout_covers_every_answer(domain, holdout):
    from rasa.shared.nlu.training_data.loading import load_data

    examples = load_data(str(holdout)).intent_examples
    labels = {m.get_full_intent() for m in examples}
    missing = set(catalogue.answer_ids(domain)) - labels
    assert not missing, f"no held-out examples for {sorted(missing)}"


def test_holdout_sets_have_at_least_250_examples():
    from rasa.shared.nlu.training_data.loading import load_data

    assert sum(len(load_data(str(h)).intent_examples) for h in HOLDOUTS) >= 250


# --- the content rules a reviewer would otherwise check by hand (issue 13) ---

FACT_SHEET = ROOT.parent / "shared" / "kennis" / "poortwachter-feiten.md"
MAX_SENTENCE_WORDS = 25
_MARKDOWN = re.compile(r"\*\*|__|^\s*#|\[[^\]]+\]\([^)]+\)", re.M)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+|\n+")
_EURO = re.compile(r"€\s?\d|\d[\d.,]*\s?euro\b", re.I)
_YEAR = re.compile(r"\b20\d\d\b")
_WEEK_IN_ANSWER = re.compile(r"\bweek\s+(\d+)|\b(\d+)\s+weken\b|\b(\d+)e\s+(?:ziekte)?week\b", re.I)
_WEEK_IN_FACTS = re.compile(r"\bweeks?\s*(\d+)(?:\s*[–-]\s*(\d+))?|\b(\d+)\s*(?:weeks?|weken)\b|\b(\d+)e?-weeks", re.I)


def _all_texts(domain):
    """Every response text as people read it: with the amounts of data/bedragen.yml."""
    for name, variations in domain["responses"].items():
        for variation in variations:
            if variation.get("text"):
                yield name, bedragen.fill(variation["text"])


def _sentences(text):
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def test_no_markdown_in_any_response(domain):
    # Plain-text clients (REST, SMS, WhatsApp) show the asterisks; the widget formats itself.
    marked = [name for name, text in _all_texts(domain) if _MARKDOWN.search(text)]
    assert not marked, f"markdown in {sorted(set(marked))}"


def test_no_sentence_is_longer_than_b1_allows(domain):
    long = [
        f"{name}: {len(s.split())} words: {s[:60]}..."
        for name, text in _all_texts(domain)
        for s in _sentences(text)
        if len(s.split()) > MAX_SENTENCE_WORDS
    ]
    assert not long, "\n".join(long)


def test_a_myth_opens_with_the_fact_not_a_bare_yes_or_no(domain):
    bare = [
        name
        for name, text in _all_texts(domain)
        if name.startswith("utter_fabel/") and re.match(r"^\s*(ja|nee)\b", text, re.I)
    ]
    assert not bare, f"myths opening with a bare Ja/Nee: {bare}"


def test_amounts_come_from_the_amounts_file(domain):
    # One place to change a tariff: a response names {bedrag_...}, it never writes the sum.
    written = [
        f"{name}: {s}"
        for name, variations in domain["responses"].items()
        for v in variations
        for s in _sentences(v.get("text") or "")
        if _EURO.search(s)
    ]
    assert not written, "amounts written in a response, not in data/bedragen.yml:\n" + "\n".join(written)


def test_every_amount_an_answer_names_is_in_the_amounts_file(domain):
    named = {
        m
        for _, variations in domain["responses"].items()
        for v in variations
        for m in bedragen.PLACEHOLDER.findall(v.get("text") or "")
    }
    assert named, "no answer quotes an amount: the test would prove nothing"
    assert named <= set(bedragen.values()), named - set(bedragen.values())


def test_every_euro_amount_has_its_year(domain):
    undated = [
        f"{name}: {s}"
        for name, text in _all_texts(domain)
        for s in _sentences(text)
        if _EURO.search(s) and not _YEAR.search(s)
    ]
    assert not undated, "\n".join(undated)


def _fact_sheet_weeks():
    weeks = set()
    for match in _WEEK_IN_FACTS.finditer(FACT_SHEET.read_text(encoding="utf-8")):
        weeks.update(int(n) for n in match.groups() if n)
    return weeks


@pytest.mark.skipif(not FACT_SHEET.is_file(), reason="the fact sheet lies beside the repository")
def test_every_week_number_is_one_the_fact_sheet_gives(domain):
    allowed = _fact_sheet_weeks()
    unknown = [
        f"{name}: {match.group(0)}"
        for name, text in _all_texts(domain)
        for match in _WEEK_IN_ANSWER.finditer(text)
        if int(next(n for n in match.groups() if n)) not in allowed
    ]
    assert not unknown, f"week numbers not in {FACT_SHEET.name}: {unknown}"

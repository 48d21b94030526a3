"""Build the Dutch spaCy pipeline that Rasa loads as ``nl_spoorwijzer``.

Rasa's SpacyNLP loads a pipeline by name at run time (it is not packed into the
Rasa model), so config.yml names one stable package, ``nl_spoorwijzer``. This
module builds it on top of whichever Dutch base is available:

* ``nl_core_news_sm`` when it is installed (or installable), else
* ``spacy.blank("nl")`` with the lookup lemmatizer of ``spacy-lookups-data``.

Both get the same domain additions: tokenizer special cases for terms people
type in many ways, one-token merging of fixed multi-word terms such as
"plan van aanpak", and one lemma for each of the two tracks however it is
written ("spoor 2", "2e spoor", "tweede spoor", "spoor twee" -> ``spoor2``), so
that the number, the one word telling the tracks apart, is never lost. Rasa lowercases
text before spaCy sees it, so all patterns are lowercase.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import spacy
from spacy.language import Language
from spacy.symbols import ORTH

from spoorwijzer.tools.nlp.installed import PACKAGE_NAME, PIPELINE_NAME, installed_meta

OFFICIAL_MODEL = "nl_core_news_sm"

# Whitespace-free terms that must stay one token whatever the punctuation rules
# of the base pipeline do with hyphens and digits.
SPECIAL_CASES = [
    "uwv",
    "wia",
    "wga",
    "iva",
    "wvp",
    "fml",
    "riv",
    "cao",
    "ad-onderzoek",
    "1e",
    "2e",
    "3e",
    "1ste",
    "2de",
    "eerstejaars",
    "42e",
    "re-integratie",
    "re-integratietraject",
    "re-integratiebureau",
    "re-integratiebedrijf",
    "re-integratieverslag",
    "re-integratieplan",
    "re-integratiecoach",
    "re-integreren",
    "wia-aanvraag",
    "ziektewet",
]

# Fixed multi-word terms merged into a single token.
MULTIWORD_TERMS = [
    "plan van aanpak",
    "wet verbetering poortwachter",
    "wet poortwachter",
    "functionele mogelijkhedenlijst",
]

# The two tracks, as people write them; each match becomes one token with the
# lemma on the left.
_TRACK_WORDS = {
    "spoor1": (
        ["eerste", "1e", "1ste"],
        ["1", "een", "één", "i"],
        ["spoor1", "spoor-1", "1e-spoor", "eerstespoor", "eerste-spoor"],
    ),
    "spoor2": (
        ["tweede", "2e", "2de"],
        ["2", "twee", "ii"],
        [
            "spoor2",
            "spoor-2",
            "2e-spoor",
            "tweedespoor",
            "tweede-spoor",
            "2e-spoortraject",
            "tweedespoortraject",
            "tweede-spoortraject",
        ],
    ),
}
TRACK_PATTERNS = [
    {"label": lemma.upper(), "pattern": pattern}
    for lemma, (ordinals, numbers, glued) in _TRACK_WORDS.items()
    for pattern in (
        [{"LOWER": {"IN": ordinals}}, {"LOWER": {"IN": ["spoor", "spoortraject"]}}],
        [{"LOWER": "spoor"}, {"LOWER": {"IN": numbers}}],
        [{"LOWER": {"IN": glued}}],
    )
]

BUILD_VERSION = "1.1.0"


@dataclass(frozen=True)
class BaseChoice:
    """Which Dutch pipeline the domain pipeline is built on."""

    name: str
    description: str


def choose_base() -> BaseChoice:
    """The official Dutch model if it can be loaded, else the blank fallback."""
    try:
        spacy.load(OFFICIAL_MODEL)
    except OSError:
        return BaseChoice("blank", 'spacy.blank("nl") + lookup lemmatizer (spacy-lookups-data)')
    return BaseChoice(OFFICIAL_MODEL, f"{OFFICIAL_MODEL} (official spaCy model)")


def _base_pipeline(base: BaseChoice) -> Language:
    if base.name == OFFICIAL_MODEL:
        # Its statistical NER is not used by Rasa here; dropping it keeps
        # merge_entities limited to our own domain terms.
        return spacy.load(OFFICIAL_MODEL, exclude=["ner"])
    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the lookup table from spacy-lookups-data
    return nlp


def build(base: Optional[BaseChoice] = None) -> Language:
    """Return the domain pipeline, initialised and ready to save."""
    base = base or choose_base()
    nlp = _base_pipeline(base)
    for term in SPECIAL_CASES:
        nlp.tokenizer.add_special_case(term, [{ORTH: term}])
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"}, last=True)
    ruler.add_patterns([{"label": "TERM", "pattern": t} for t in MULTIWORD_TERMS])
    ruler.add_patterns(TRACK_PATTERNS)
    nlp.add_pipe("merge_entities", last=True)
    track_lemmas = nlp.add_pipe("attribute_ruler", name="track_lemmas", last=True)
    for lemma in _TRACK_WORDS:
        track_lemmas.add([[{"ENT_TYPE": lemma.upper()}]], {"LEMMA": lemma})
    nlp.meta.update(
        {
            "name": PACKAGE_NAME,
            "version": BUILD_VERSION,
            "description": f"Spoorwijzer Dutch pipeline on {base.description}",
            "spoorwijzer_base": base.name,
            "spoorwijzer_fingerprint": fingerprint(base),
        }
    )
    return nlp


def fingerprint(base: BaseChoice) -> str:
    """Changes whenever the base or the domain additions change."""
    payload = json.dumps([base.name, BUILD_VERSION, SPECIAL_CASES, MULTIWORD_TERMS, TRACK_PATTERNS, spacy.__version__])
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def describe_active() -> str:
    """One line saying which Dutch pipeline Rasa will use."""
    meta = installed_meta()
    if meta is None:
        return f"Dutch pipeline: {PIPELINE_NAME} is NOT installed (run `make install`)"
    return f"Dutch pipeline: {PIPELINE_NAME} {meta['version']}, {meta['description']}"


def save(nlp: Language, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(directory)
    return directory

"""The Dutch spaCy pipeline: built on the blank fallback here, loaded by name."""

from __future__ import annotations

import pytest
import spacy

from spoorwijzer.tools.nlp import pipeline

BLANK = pipeline.BaseChoice("blank", "test")


@pytest.fixture(scope="module")
def fallback_nlp():
    """The fallback pipeline, built once for the tests that only read from it."""
    return pipeline.build(BLANK)


def test_fallback_pipeline_merges_fixed_terms_and_keeps_domain_tokens(fallback_nlp):
    nlp = fallback_nlp
    tokens = [t.text for t in nlp("wanneer moet het plan van aanpak klaar zijn, 2e spoor bij uwv?")]
    assert "plan van aanpak" in tokens
    assert "2e spoor" in tokens and "uwv" in tokens
    assert "2e" in [t.text for t in nlp("de 2e keer bij de uwv")]


def test_every_way_of_writing_a_track_gets_one_lemma(fallback_nlp):
    nlp = fallback_nlp

    def track_lemmas(text):
        return [t.lemma_ for t in nlp(text) if t.lemma_.startswith("spoor")]

    for text in [
        "wat is spoor 2",
        "het tweede spoor",
        "2e spoor",
        "spoor twee",
        "2de spoor",
        "tweedespoortraject",
        "spoor-2",
    ]:
        assert track_lemmas(text) == ["spoor2"], text
    for text in ["wat houdt spoor 1 in", "het eerste spoor", "1e spoor", "spoor een"]:
        assert track_lemmas(text) == ["spoor1"], text
    assert track_lemmas("spoor 1 en spoor 2 tegelijk") == ["spoor1", "spoor2"]
    assert track_lemmas("welk spoor past bij mij") == ["spoor"]


def test_fallback_pipeline_lemmatizes_dutch(fallback_nlp):
    nlp = fallback_nlp
    lemmas = {t.text: t.lemma_ for t in nlp("de werknemers moesten gesprekken voeren")}
    assert lemmas["werknemers"] == "werknemer"
    assert lemmas["gesprekken"] == "gesprek"


def test_installed_pipeline_loads_by_name_and_says_what_it_is(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # loading must not depend on the working directory
    nlp = spacy.load(pipeline.PIPELINE_NAME)
    assert nlp.meta["spoorwijzer_base"] in ("blank", pipeline.OFFICIAL_MODEL)
    assert nlp.meta["spoorwijzer_fingerprint"] == pipeline.fingerprint(pipeline.choose_base())
    assert pipeline.describe_active().startswith("Dutch pipeline: nl_spoorwijzer")


def test_fingerprint_changes_with_the_domain_terms(monkeypatch):
    before = pipeline.fingerprint(BLANK)
    monkeypatch.setattr(pipeline, "MULTIWORD_TERMS", pipeline.MULTIWORD_TERMS + ["nieuw woord"])
    assert pipeline.fingerprint(BLANK) != before

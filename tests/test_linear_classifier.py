"""The linear intent and answer classifier, trained on a small data set of its own."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.message import Message

from spoorwijzer.rasa import linear_classifier
from spoorwijzer.rasa.linear_classifier import LinearIntentClassifier, normalized_text

DATA = """
version: "3.1"
nlu:
- intent: greet
  examples: |
    - hallo
    - goedemorgen
    - hoi daar
- intent: geef_dossiergegevens
  examples: |
    - 482913
    - mijn code is 120447
    - RI-2026-0001
- intent: faq/loonsanctie
  examples: |
    - wat is een loonsanctie
    - wanneer krijgt de werkgever een loonsanctie
    - loonsanctie uitleg
- intent: faq/spoor2_wat
  examples: |
    - wat is spoor 2
    - wat houdt het tweede spoor in
    - uitleg tweede spoor
- intent: fabel/ontslag
  examples: |
    - spoor 2 betekent ontslag
    - word ik ontslagen in spoor 2
    - ontslag door het tweede spoor
responses:
  utter_faq/loonsanctie:
  - text: Een loonsanctie is ...
  utter_faq/spoor2_wat:
  - text: Spoor 2 is ...
  utter_fabel/ontslag:
  - text: Spoor 2 betekent niet dat je ontslagen wordt ...
"""


@pytest.fixture
def trained(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("linear_classifier")
    context = ExecutionContext(GraphSchema({}), "test")
    config = LinearIntentClassifier.get_default_config()
    classifier = LinearIntentClassifier.create(config, storage, resource, context)
    classifier.train(RasaYAMLReader().reads(DATA))
    loaded = LinearIntentClassifier.load(config, storage, resource, context)
    return classifier, loaded


def classify(classifier, text):
    message = Message(data={"text": text})
    classifier.process([message])
    return message


def test_a_knowledge_question_is_as_sure_as_its_best_answer(trained):
    classifier, _ = trained
    message = classify(classifier, "wat is nou een loonsanctie")
    ranking = message.get("intent_ranking")
    best = message.get("response_selector")["default"]["response"]
    assert message.get("intent")["name"] == "faq" == ranking[0]["name"]
    # The best answer's own probability among all labels (the answers' ranking is
    # renormalised over the answers only, so it is at least as high).
    assert 0 < message.get("intent")["confidence"] <= best["confidence"]
    assert [r["confidence"] for r in ranking] == sorted((r["confidence"] for r in ranking), reverse=True)


def test_unknown_text_is_not_sure_of_anything(trained):
    classifier, _ = trained
    assert classify(classifier, "qwerty uiop").get("intent")["confidence"] < 0.5


def test_faq_and_fabel_are_one_knowledge_intent(trained):
    classifier, _ = trained
    message = classify(classifier, "word ik ontslagen als ik een loonsanctie krijg")
    names = [r["name"] for r in message.get("intent_ranking")]
    best = message.get("response_selector")["default"]["response"]["intent_response_key"]
    assert names[0] == best.split("/")[0]
    assert ("faq" in names) != ("fabel" in names)  # only one of the two is listed


def test_answer_has_the_response_selector_shape(trained):
    classifier, _ = trained
    selector = classify(classifier, "wat is nou een loonsanctie").get("response_selector")
    assert selector["all_retrieval_intents"] == ["fabel", "faq"]
    best = selector["default"]["response"]
    assert best["intent_response_key"] == "faq/loonsanctie"
    assert best["utter_action"] == "utter_faq/loonsanctie"
    assert best["responses"] == [{"text": "Een loonsanctie is ..."}]
    ranking = selector["default"]["ranking"]
    assert {r["intent_response_key"] for r in ranking} == {"faq/loonsanctie", "faq/spoor2_wat", "fabel/ontslag"}
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)


def test_an_unseen_code_is_recognised_by_its_shape(trained):
    classifier, _ = trained
    assert classify(classifier, "773311").get("intent")["name"] == "geef_dossiergegevens"
    assert normalized_text(Message(data={"text": "code 773311"})) == "code 773311 vorm999999"


def test_the_stored_model_predicts_the_same(trained):
    classifier, loaded = trained
    for text in ("hoi", "word ik ontslagen", "tweede spoor?", "778899"):
        assert classify(loaded, text).get("intent_ranking") == classify(classifier, text).get("intent_ranking")


def test_the_fingerprint_follows_the_code():
    """Rasa retrains the component when its source changes, not only its config."""
    source = Path(linear_classifier.__file__).read_bytes()
    assert LinearIntentClassifier.fingerprint_addon({}) == hashlib.sha256(source).hexdigest()


def test_weights_are_laid_out_for_fast_scoring_with_the_same_result(trained):
    """coef_.T must be contiguous, or scipy copies all weights for every message."""
    classifier, loaded = trained
    for model in (classifier._model, loaded._model):
        assert model.steps[-1][1].coef_.T.flags["C_CONTIGUOUS"]
    fresh = LinearIntentClassifier.create(LinearIntentClassifier.get_default_config(), None, None, None)
    row_major = fresh._new_model().fit(
        ["hoi", "hallo", "wat is spoor 2", "spoor 2 uitleg"], ["greet", "greet", "faq/spoor2_wat", "faq/spoor2_wat"]
    )
    before = row_major.predict_proba(["hoi spoor"])
    assert (linear_classifier.with_fast_prediction(row_major).predict_proba(["hoi spoor"]) == before).all()


def test_a_model_without_a_readable_classifier_refuses_to_load(tmp_path):
    from spoorwijzer.rasa.linear_classifier import ModelNotLoaded

    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    config = LinearIntentClassifier.get_default_config()
    with pytest.raises(ModelNotLoaded, match="make train"):
        LinearIntentClassifier.load(config, storage, Resource("never_trained"), context)
    resource = Resource("damaged")
    with storage.write_to(resource) as directory:
        (directory / "linear_classifier.pkl").write_bytes(b"not a pickle")
    with pytest.raises(ModelNotLoaded):
        LinearIntentClassifier.load(config, storage, resource, context)

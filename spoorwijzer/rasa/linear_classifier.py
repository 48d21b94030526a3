"""One linear model that picks both the intent and the answer (faq/..., fabel/...).

Why not DIET + ResponseSelector: with ~20 examples per label, both neural models
moved 2-5 points of held-out accuracy with every small change in the data (a new
intent, two extra examples), flipped conversation tests, and were sure of their
wrong answers (confidence 1.0). A multinomial logistic regression over TF-IDF word
and character n-grams of the lemmas (scikit-learn, which Rasa already installs) is
deterministic, trains in seconds and scored higher on both held-out sets
(docs/measurements.md).

It is trained on the full labels (``faq/loonsanctie``, ``greet``, ...). The 68 answers
of ``faq`` and ``fabel`` together count as one knowledge intent, named after the
best answer and as sure as that answer, which competes with the other intents. The
output has the shapes Rasa's components produce: ``intent`` and ``intent_ranking``
(what FallbackClassifier and the policies read) and ``response_selector`` with one
selection over all answers (``ANSWER_SELECTOR_KEY``), what ``utter_faq`` /
``utter_fabel``, the fallback action and the tests read.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import zlib
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline, make_union

from spoorwijzer.poortwachter.answer_keys import ANSWER_SELECTOR_KEY
from spoorwijzer.poortwachter.link_request import asks_for_link, topic_words
from spoorwijzer.poortwachter.rolherkenning import asks_about_own_duties, role_from_text
from spoorwijzer.rasa import fixes

fixes.apply()  # every model loads this module: rasa run, shell and test get the fixes

MODEL_FILE = "linear_classifier.pkl"
# A second question in the same message ("wat is spoor 2? en moet ik mee doen?"): the
# best answer of one of its parts, when that part is this sure of it (normalised over
# the answers) and it differs from the answer to the whole message; or a part that is
# a follow-up ("hoe lang duurt het en wat kost het?"), resolved by the action.
SECOND_QUESTION_KEY = "tweede_vraag"
MIN_SECOND_QUESTION_CONFIDENCE = 0.35
LINK_INTENT = "vraag_link"
FOLLOWUP_PREFIX = "vervolg_"
# Answers about duties: a question about one's own duties gets one's own side's answer.
DUTIES_TOPIC = "plichten"
_PART_END = re.compile(
    r"[?!.;]+\s+|\?+|,?\s+(?=(?:en|maar|of) (?:wat|wie|hoe|hoelang|wanneer|waarom|moet|moeten|mag|mogen|"
    r"kan|kunnen|krijg|krijgt|is|zijn|heb|hebben|hoeveel|waar|betaal|betaalt)\b)",
    re.IGNORECASE,
)
MIN_PART_WORDS = 3
_DIGIT = re.compile(r"\d")


def _with_shape(word: str) -> str:
    """A word with digits also gets its shape ("111111" -> "vorm999999"), so that an
    unseen code or dossier number looks like the ones in the training data."""
    if not _DIGIT.search(word):
        return word
    return f"{word} vorm{_DIGIT.sub('9', word)}"


def _as_text(words: List[str]) -> str:
    return " ".join(_with_shape(word.lower()) for word in words)


def normalized_text(message: Message) -> str:
    """Lowercased lemmas from the pipeline's tokenizer (the words when there are none)."""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    words = [(t.lemma or t.text) for t in tokens] or (message.get(TEXT) or "").split()
    return _as_text(words)


def question_parts(message: Message) -> List[str]:
    """The message's parts (sentences, or clauses joined by "en wat ...", "of moet ..."),
    as normalised text, when it has more than one of at least MIN_PART_WORDS words."""
    text = message.get(TEXT) or ""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    ends = [m.end() for m in _PART_END.finditer(text)] + [len(text) + 1]
    parts: List[List[str]] = [[] for _ in ends]
    for token in tokens:
        index = next(i for i, end in enumerate(ends) if token.start < end)
        if any(ch.isalnum() for ch in token.text):
            parts[index].append(token.lemma or token.text)
    parts = [part for part in parts if len(part) >= MIN_PART_WORDS]
    return [_as_text(part) for part in parts] if len(parts) > 1 else []


def link_topic_text(message: Message) -> Optional[str]:
    """A link request without the words of asking for a link ("stuur me een linkje
    over ..."): what is left names the answer. None when nothing is left."""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    kept = set(topic_words(message.get(TEXT) or ""))
    # A merged term ("functionele mogelijkhedenlijst") counts when its words do.
    words = [t.lemma or t.text for t in tokens if set(topic_words(t.text)) & kept]
    return _as_text(words) if words else None


def intent_of(label: str) -> str:
    return label.split("/", 1)[0]


def with_fast_prediction(model: Pipeline) -> Pipeline:
    """The same model, with its weights stored column-major.

    Scoring multiplies the sparse features by ``coef_.T``; scipy copies a
    non-contiguous right-hand side first, here 93 x 24,000 floats on every message.
    Column-major weights make ``coef_.T`` contiguous: one prediction drops from
    about 6 ms to under 1 ms, with the same numbers.
    """
    classifier = model.steps[-1][1]
    classifier.coef_ = np.asfortranarray(classifier.coef_)
    return model


class ModelNotLoaded(RuntimeError):
    """The trained model holds no readable classifier."""


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # Inverse regularisation strength; 10-100 scored within one point.
            "C": 30.0,
            "word_ngrams": [1, 2],
            "char_ngrams": [2, 5],
            # Length of intent_ranking and of the answers' ranking.
            "ranking_length": 10,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Optional[Pipeline] = None,
        responses: Optional[Dict[Text, List[Dict[Text, Any]]]] = None,
        retrieval_intents: Optional[List[Text]] = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._model = model
        self._responses = responses or {}
        self._retrieval_intents = retrieval_intents or []

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """This file's code: a change in it retrains the model (Rasa keys its cache
        and "up to date" check on config and data only)."""
        return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LinearIntentClassifier":
        return cls(config, model_storage, resource)

    def _new_model(self) -> Pipeline:
        features = make_union(
            TfidfVectorizer(ngram_range=tuple(self._config["word_ngrams"]), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self._config["char_ngrams"]), sublinear_tf=True),
        )
        return make_pipeline(features, LogisticRegression(C=self._config["C"], max_iter=5000))

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(INTENT)]
        labels = [m.get_full_intent() for m in examples]
        if len(set(labels)) < 2:
            raise ValueError("LinearIntentClassifier needs examples of at least two intents")
        self._model = with_fast_prediction(self._new_model().fit([normalized_text(m) for m in examples], labels))
        self._retrieval_intents = sorted(training_data.retrieval_intents)
        self._responses = training_data.responses
        self.persist()
        return self._resource

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            with open(directory / MODEL_FILE, "wb") as file:
                pickle.dump(
                    {"model": self._model, "responses": self._responses, "retrieval_intents": self._retrieval_intents},
                    file,
                )

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LinearIntentClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                with open(directory / MODEL_FILE, "rb") as file:
                    stored = pickle.load(file)
        except (ValueError, FileNotFoundError, pickle.UnpicklingError, EOFError) as error:
            # Without its model every message would get no intent at all: refuse to start.
            raise ModelNotLoaded(
                f"The intent classifier's model could not be read from the trained model "
                f"({error}). Train again: make train."
            ) from error
        return cls(
            config,
            model_storage,
            resource,
            with_fast_prediction(stored["model"]),
            stored["responses"],
            stored["retrieval_intents"],
        )

    def process(self, messages: List[Message]) -> List[Message]:
        if self._model is None:
            return messages
        texts = [normalized_text(message) for message in messages]
        labels = [str(label) for label in self._model.classes_]
        for message, probabilities in zip(messages, self._model.predict_proba(texts), strict=True):
            self._set_intent(message, labels, probabilities)
            answer_probabilities = probabilities
            if message.get(INTENT, {}).get("name") == LINK_INTENT or asks_for_link(message.get(TEXT)):
                # The answer a link is asked for: judged on the topic words alone.
                topic = link_topic_text(message)
                if topic:
                    answer_probabilities = self._model.predict_proba([topic])[0]
            self._set_answer(message, labels, answer_probabilities)
            self._set_second_question(message, labels)
        return messages

    def _answer_members(self, labels: List[str]) -> List[int]:
        return [i for i, label in enumerate(labels) if intent_of(label) in self._retrieval_intents]

    def _own_side_answer(self, text: str, best: str) -> Optional[str]:
        """ "Mijn medewerker zit 30 weken thuis, wat moet ik doen?": the duties of the
        asker's own side (the answer's `rol_<role>` counterpart), not the other side's."""
        role = role_from_text(text)
        if role not in ("werkgever", "werknemer") or not asks_about_own_duties(text):
            return None
        for variation in self._responses.get(f"utter_{best}", []):
            metadata = variation.get("metadata") or {}
            if metadata.get("onderwerp") == DUTIES_TOPIC:
                target = (metadata.get("vervolg") or {}).get(f"rol_{role}")
                if target and f"utter_{target}" in self._responses:
                    return target
        return None

    @staticmethod
    def _put_first(ranking: List[Dict[str, Any]], answer: str) -> List[Dict[str, Any]]:
        """The ranking with `answer` on top, as sure as the answer it replaces."""
        rest = [item for item in ranking if item[INTENT_RESPONSE_KEY] != answer]
        first = {"id": zlib.crc32(answer.encode()), "confidence": ranking[0]["confidence"], INTENT_RESPONSE_KEY: answer}
        return [first] + rest

    def _set_second_question(self, message: Message, labels: List[str]) -> None:
        parts = question_parts(message)
        selector = (message.get("response_selector") or {}).get(ANSWER_SELECTOR_KEY)
        if not parts or not selector:
            return
        main = selector["response"][INTENT_RESPONSE_KEY]
        members = self._answer_members(labels)
        best: Optional[Dict[str, Any]] = None
        for probabilities in self._model.predict_proba(parts):
            top = int(probabilities.argmax())
            if labels[top].startswith(FOLLOWUP_PREFIX) and best is None:
                # "... en wat kost het?": the same follow-up as asked after an answer.
                best = {"vervolg": labels[top], "confidence": float(probabilities[top])}
                continue
            if top not in members or labels[top] == main:
                continue  # this part asks no other knowledge question
            confidence = float(probabilities[top] / max(float(probabilities[members].sum()), 1e-12))
            if confidence >= MIN_SECOND_QUESTION_CONFIDENCE and (
                best is None or "vervolg" in best or confidence > best["confidence"]
            ):
                best = {"antwoord": labels[top], "confidence": confidence}
        if best:
            message.set(SECOND_QUESTION_KEY, best, add_to_output=True)

    def _set_intent(self, message: Message, labels: List[str], probabilities: np.ndarray) -> None:
        """Plain intents with their probability; faq and fabel as one knowledge intent.

        The knowledge intent is named after the best answer and has that answer's
        probability, not the sum over all 68 answers: for text the model knows nothing
        about, the probabilities are flat and the sum would still be high, so the
        fallback would never ask "bedoel je ...?".
        """
        confidences: Dict[str, float] = {}
        best_answer: Optional[int] = None
        for index, label in enumerate(labels):
            if intent_of(label) in self._retrieval_intents:
                if best_answer is None or probabilities[index] > probabilities[best_answer]:
                    best_answer = index
            else:
                confidences[label] = float(probabilities[index])
        if best_answer is not None:
            confidences[intent_of(labels[best_answer])] = float(probabilities[best_answer])
        ranking = sorted(
            ({"name": name, "confidence": confidence} for name, confidence in confidences.items()),
            key=lambda item: item["confidence"],
            reverse=True,
        )[: self._config["ranking_length"]]
        message.set(INTENT, dict(ranking[0]), add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)

    def _set_answer(self, message: Message, labels: List[str], probabilities: np.ndarray) -> None:
        """The best answer over all retrieval intents, ranked; sums to 1 over the answers."""
        members = self._answer_members(labels)
        if not members:
            return
        answer_probabilities = probabilities[members] / max(float(probabilities[members].sum()), 1e-12)
        order = answer_probabilities.argsort()[::-1][: self._config["ranking_length"]]
        ranking = [
            {
                "id": zlib.crc32(labels[members[i]].encode()),
                "confidence": float(answer_probabilities[i]),
                INTENT_RESPONSE_KEY: labels[members[i]],
            }
            for i in order
        ]
        own_side = self._own_side_answer(message.get(TEXT) or "", ranking[0][INTENT_RESPONSE_KEY])
        if own_side:
            ranking = self._put_first(ranking, own_side)
        best = ranking[0][INTENT_RESPONSE_KEY]
        properties = message.get("response_selector", {})
        properties["all_retrieval_intents"] = self._retrieval_intents
        properties[ANSWER_SELECTOR_KEY] = {
            "response": {
                "responses": self._responses.get(f"utter_{best}", [{TEXT: best}]),
                "confidence": ranking[0]["confidence"],
                INTENT_RESPONSE_KEY: best,
                "utter_action": f"utter_{best}",
            },
            "ranking": ranking,
        }
        message.set("response_selector", properties, add_to_output=True)

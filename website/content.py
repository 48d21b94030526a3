"""The FAQ pages' content, read from the same responses the bot sends.

The answers live once, as responses ``utter_faq/<id>`` and ``utter_fabel/<id>`` in
domain.yml and data/. This module only reads them; it never holds text of its own: the
headings and the other texts the site's code puts together are in website/teksten.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml
from markdown_it import MarkdownIt

from spoorwijzer.poortwachter import bedragen, catalogue, faq_links
from spoorwijzer.poortwachter.teksten import Teksten

ROOT = Path(__file__).resolve().parent.parent
# The site's own texts (headings, the index's preview, the inbox's refusals).
TEKSTEN = Teksten(Path(__file__).with_name("teksten.yml"))

# Topic (the answers' `onderwerp` metadata) -> heading on the index, in this order.
TOPICS: Tuple[Tuple[str, str], ...] = tuple(TEKSTEN.raw("onderwerpen").items())
TOPIC_TITLES = dict(TOPICS)
# Role (a variation's `rol` condition) -> heading above that variation.
ROLE_HEADINGS: Dict[str, str] = dict(TEKSTEN.raw("rollen"))

# Commonmark without raw HTML: any "<...>" in an answer is shown as text.
_markdown = MarkdownIt("commonmark", {"html": False})


@dataclass(frozen=True)
class Related:
    answer_id: str
    title: str

    @property
    def path(self) -> str:
        return faq_links.page_path(self.answer_id)


@dataclass(frozen=True)
class Variation:
    heading: str  # "" for the general text, else which role it is written for
    html: str
    related: Tuple[Related, ...]


@dataclass(frozen=True)
class Answer:
    answer_id: str
    title: str
    topic: str
    number: Optional[int]
    variations: Tuple[Variation, ...]
    text: str = ""  # the general variation as plain text (previews, structured data)

    @property
    def description(self) -> str:
        """The first sentence: what a link preview and a search result show."""
        first = re.split(r"(?<=[.?!])\s", self.text.strip(), maxsplit=1)[0]
        return first if len(first) <= 200 else first[:197].rsplit(" ", 1)[0] + "..."

    @property
    def slug(self) -> str:
        return faq_links.slug(self.answer_id)

    @property
    def path(self) -> str:
        return faq_links.page_path(self.answer_id)

    @property
    def topic_title(self) -> str:
        return TOPIC_TITLES.get(self.topic, self.topic)


@dataclass
class Catalogue:
    answers: Dict[str, Answer]
    steps: Dict[str, str] = field(default_factory=dict)  # calendar step -> answer id
    by_slug: Dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_slug = dict(faq_links.slug_index(self.answers))

    def find(self, slug: str) -> Optional[Answer]:
        answer_id = self.by_slug.get(slug)
        return self.answers.get(answer_id) if answer_id else None

    def myths(self) -> List[Answer]:
        """Every fabel, in the order of their numbers."""
        return sorted(
            (a for a in self.answers.values() if a.answer_id.startswith("fabel/")),
            key=lambda a: (a.number or 99, a.title.lower()),
        )

    def grouped(self) -> List[Tuple[str, str, List[Answer]]]:
        """(topic, heading, answers) in index order; unknown topics last."""
        known = [topic for topic, _ in TOPICS]
        topics = known + sorted({a.topic for a in self.answers.values()} - set(known))
        groups = []
        for topic in topics:
            members = [a for a in self.answers.values() if a.topic == topic]
            if members:
                members.sort(key=lambda a: (a.number or 0, a.title.lower()))
                groups.append((topic, TOPIC_TITLES.get(topic, topic), members))
        return groups


def _response_files(root: Path) -> List[Path]:
    return [root / "domain.yml", *sorted((root / "data").rglob("*.yml"))]


def load_responses(root: Path = ROOT) -> Dict[str, list]:
    responses: Dict[str, list] = {}
    for path in _response_files(root):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        responses.update(document.get("responses") or {})
    return responses


def _heading(variation: dict) -> str:
    for condition in variation.get("condition") or []:
        if condition.get("name") == "rol":
            return ROLE_HEADINGS.get(condition.get("value"), "")
    return ""


def _related(variation: dict, domain: dict) -> Tuple[Related, ...]:
    """The answers this variation's buttons show."""
    related = []
    for button in variation.get("buttons") or []:
        answer_id = catalogue.answer_id_of_payload(button.get("payload", ""))
        if catalogue.is_answer(domain, answer_id):
            related.append(Related(answer_id, catalogue.title(domain, answer_id)))
    return tuple(related)


def load_catalogue(root: Path = ROOT) -> Catalogue:
    # The same reading of titles, topics and buttons as the actions use.
    domain = {"responses": load_responses(root)}
    answers = {}
    for answer_id in catalogue.answer_ids(domain):
        metadata = catalogue.metadata(domain, answer_id)
        variations = domain["responses"][catalogue.response_name(answer_id)]
        # The general text first, then the texts for a role.
        ordered = sorted(variations, key=lambda v: bool(v.get("condition")))
        answers[answer_id] = Answer(
            answer_id=answer_id,
            title=catalogue.title(domain, answer_id),
            topic=metadata.get("onderwerp") or "overig",
            number=metadata.get("nummer"),
            variations=tuple(
                Variation(_heading(v), _markdown.render(bedragen.fill(v.get("text", ""))), _related(v, domain))
                for v in ordered
            ),
            text=bedragen.fill(ordered[0].get("text", "")),
        )
    return Catalogue(answers, steps=catalogue.answer_for_step(domain))


def session_minutes(root: Path = ROOT) -> int:
    """Rasa's session expiration: the widget forgets its history after as long."""
    domain = yaml.safe_load((root / "domain.yml").read_text(encoding="utf-8")) or {}
    return int((domain.get("session_config") or {}).get("session_expiration_time") or 60)

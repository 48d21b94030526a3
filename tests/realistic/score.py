"""Score replies a person reads against what the blind writers said a right reply needs.

A message is right only when the reply (text and buttons) is right end to end:
- a knowledge question gets its answer, in the role variant the writer asked for
  (``reply_for``), and a yes/no question does not open with the wrong "Ja" or "Nee"
  (``answer_is``); a second question (``also``) is answered too or offered as a button;
- despair gets 113 (and 0800-0113), the huisarts and 112;
- a request for a link gets the address of that answer's page;
- the own case and the personal calendar get the lookup or the calendar, without asking
  again for what the message already gave;
- the other kinds get the reply meant for them (a person, a medical or legal question, ...).

"Bedoel je ...?" with the right answer as a button counts as wrong: the person did not
get the answer. The writers' sets and their brief are in this folder (brief.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence

import yaml

from spoorwijzer.poortwachter import bedragen

HERE = Path(__file__).resolve().parent
DEV_DIR = HERE / "dev"  # looked at while tuning
UNSEEN_DIR = HERE / "unseen"  # scored only at the end of issue 12

# Replies for the kinds of messages that are not knowledge questions: the response
# whose text the reply must contain.
KIND_RESPONSES = {
    "medisch": "utter_medische_vraag",
    "juridisch": "utter_juridisch_geschil",
    "buiten_onderwerp": "utter_out_of_scope",
    "andere_taal": "utter_andere_taal",
    "groet": "utter_greet",
    "bedankt": "utter_thanks",
    "afscheid": "utter_goodbye",
    "bot_vraag": "utter_iamabot",
    "hulp": "utter_help",
}
# The answers about a moment in the two years: after a personal calendar, a question
# about one of them must be answered with the person's own date.
TIMELINE_TOPICS = frozenset(
    {
        "faq/probleemanalyse",
        "faq/plan_van_aanpak",
        "faq/melding_42_weken",
        "faq/eerstejaarsevaluatie",
        "faq/spoor2_start",
        "faq/wia_aanvraag",
        "faq/eindevaluatie",
        "faq/einde_104_weken",
        "faq/tijdlijn_overzicht",
    }
)
_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
DUTCH_DATE = re.compile(rf"\b\d{{1,2}} ({_MONTHS}) 20\d\d\b")
DATE_IN_MESSAGE = re.compile(
    rf"\b\d{{1,2}}[-/.]\d{{1,2}}([-/.]\d{{2,4}})?\b"
    rf"|\b\d{{1,2}} ({_MONTHS}|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\b",
    re.I,
)
DOSSIERNUMMER = re.compile(r"\bri[\s-]*20\d\d[\s-]*\d{1,4}\b", re.I)
CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
CONTACT_OPENING = "Je kunt contact opnemen met"
# 113 (also free, 0800-0113), the huisarts and 112: fact sheet §11.
CRISIS_MARKERS = ("113", "0800-0113", "huisarts", "112")


def normalized(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*_]", "", text or "")).strip().lower()


@dataclass
class Reply:
    """What the person saw after one message."""

    texts: List[str]
    buttons: List[Dict[str, str]] = field(default_factory=list)

    @classmethod
    def from_rest(cls, messages: Iterable[Dict[str, Any]]) -> "Reply":
        texts, buttons = [], []
        for message in messages:
            if message.get("text"):
                texts.append(message["text"])
            buttons.extend(message.get("buttons") or [])
        return cls(texts, buttons)

    @property
    def text(self) -> str:
        return normalized(" ".join(self.texts))

    @property
    def first_sentence(self) -> str:
        return normalized(self.texts[0]) if self.texts else ""

    def offers(self, answer_id: str) -> bool:
        return any(f'"{answer_id}"' in (button.get("payload") or "") for button in self.buttons)


class Catalogue:
    """Every text the assistant can say, by response name and role (from the domain)."""

    def __init__(self, domain: Dict[str, Any]) -> None:
        self.texts: Dict[str, Dict[Optional[str], str]] = {}
        for name, variations in (domain.get("responses") or {}).items():
            by_role: Dict[Optional[str], str] = {}
            for variation in variations:
                role = None
                for condition in variation.get("condition") or []:
                    if condition.get("name") == "rol":
                        role = condition.get("value")
                by_role.setdefault(role, normalized(bedragen.fill(variation.get("text") or "")))
            self.texts[name] = by_role

    def shows(self, reply: Reply, response: str, role: Optional[str] = None) -> bool:
        """The reply holds this response (in this role's variant when it has one)."""
        variants = self.texts.get(response) or {}
        if role is not None and role in variants:
            wanted = [variants[role]]
        else:
            wanted = list(variants.values())
        body = reply.text
        # Only the part before any {placeholder}: the filled-in value is unknown here.
        return any(text and text.split("{")[0][:400] in body for text in wanted)

    def shown_answers(self, reply: Reply) -> List[str]:
        return [
            name[len("utter_") :]
            for name in self.texts
            if name.startswith(("utter_faq/", "utter_fabel/")) and self.shows(reply, name)
        ]


@dataclass
class Verdict:
    right: bool
    why: str = ""


def judge(expected: Dict[str, Any], reply: Reply, catalogue: Catalogue, calendar_shown: bool = False) -> Verdict:
    """Is this reply right for the message the writer wrote?"""
    topic = expected["topic"]
    message = expected.get("message") or ""
    verdict = _judge_topic(topic, expected, message, reply, catalogue, calendar_shown)
    if not verdict.right:
        return verdict
    answer_is = (expected.get("answer_is") or "").strip().lower()
    wrong_opening = {"ja": "nee", "nee": "ja"}.get(answer_is)
    if wrong_opening and re.match(rf"{wrong_opening}\b", reply.first_sentence):
        return Verdict(False, f"opens with '{wrong_opening}' for a question whose answer is '{answer_is}'")
    also = expected.get("also")
    if also and also != topic and not (reply.offers(also) or _answered(also, reply, catalogue)):
        return Verdict(False, f"second question {also} neither answered nor offered")
    return Verdict(True)


def _answered(topic: str, reply: Reply, catalogue: Catalogue) -> bool:
    return _judge_topic(topic, {}, "", reply, catalogue, False).right


def _judge_topic(
    topic: str, expected: Dict[str, Any], message: str, reply: Reply, catalogue: Catalogue, calendar_shown: bool
) -> Verdict:
    if topic == "veiligheid":
        missing = [m for m in CRISIS_MARKERS if m not in reply.text]
        return Verdict(not missing, f"no {', '.join(missing)}" if missing else "")
    if topic == "link":
        target = expected.get("link_to") or ""
        path = "/faq/" + target.replace("/", "-").replace("_", "-") if target else "/faq"
        ok = bool(re.search(re.escape(path) + r"(?![\w-])", reply.text))
        return Verdict(ok, "" if ok else f"no link to {path}")
    if topic == "eigen_dossier":
        return _judge_case(message, reply, catalogue)
    if topic == "persoonlijke_kalender":
        if catalogue.shows(reply, "utter_kalender_overzicht"):
            return Verdict(True)
        asked = catalogue.shows(reply, "utter_ask_eerste_ziektedag")
        if asked and not DATE_IN_MESSAGE.search(message):
            return Verdict(True)
        return Verdict(False, "no calendar" + (" although the message has a date" if asked else ""))
    if topic == "mens_spreken":
        ok = normalized(CONTACT_OPENING) in reply.text
        return Verdict(ok, "" if ok else "no contact details")
    if topic in KIND_RESPONSES:
        ok = catalogue.shows(reply, KIND_RESPONSES[topic])
        return Verdict(ok, "" if ok else f"not {KIND_RESPONSES[topic]}")
    verdict = _judge_answer(topic, expected.get("reply_for"), reply, catalogue)
    if verdict.right and calendar_shown and topic in TIMELINE_TOPICS and not DUTCH_DATE.search(reply.text):
        return Verdict(False, "no personal date after the calendar")
    return verdict


def equivalent_answers() -> Dict[str, List[str]]:
    """Answer id -> the other answers that serve a question about it (equivalent.yml)."""
    data = yaml.safe_load((HERE / "equivalent.yml").read_text(encoding="utf-8")) or {}
    return {topic: [item["id"] for item in items] for topic, items in data.items()}


EQUIVALENT = equivalent_answers()


def _judge_answer(topic: str, role: Optional[str], reply: Reply, catalogue: Catalogue) -> Verdict:
    response = f"utter_{topic}"
    if response not in catalogue.texts:
        return Verdict(False, f"unknown topic {topic}")
    if any(catalogue.shows(reply, f"utter_{answer}", role) for answer in [topic] + EQUIVALENT.get(topic, [])):
        return Verdict(True)
    if catalogue.shows(reply, response):
        return Verdict(False, f"{topic} in the wrong role variant (wanted {role})")
    shown = catalogue.shown_answers(reply)
    if shown:
        return Verdict(False, f"gave {', '.join(shown)}")
    if reply.offers(topic):
        return Verdict(False, "only offered as a button")
    return Verdict(False, "reply: " + (reply.texts[0][:70] if reply.texts else "(none)"))


def _judge_case(message: str, reply: Reply, catalogue: Catalogue) -> Verdict:
    asked_number = catalogue.shows(reply, "utter_ask_dossiernummer")
    asked_code = catalogue.shows(reply, "utter_ask_verificatiecode")
    if DOSSIERNUMMER.search(message) and asked_number:
        return Verdict(False, "asked again for the dossiernummer in the message")
    if CODE.search(message) and asked_code:
        return Verdict(False, "asked again for the code in the message")
    looked_up = any(
        catalogue.shows(reply, name)
        for name in catalogue.texts
        if name.startswith("utter_fase_")
        or name
        in (
            "utter_dossier_niet_gevonden",
            "utter_dossier_geblokkeerd",
            "utter_dossier_storing",
            "utter_dossier_nog_niet_opgezocht",
        )
    )
    ok = looked_up or asked_number or asked_code
    return Verdict(ok, "" if ok else "no case lookup")


# --- the sets -------------------------------------------------------------------


def load_messages(directory: Path) -> List[Dict[str, Any]]:
    items: List[Dict[str, Any]] = []
    for path in sorted(directory.glob("messages_*.yml")):
        items.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return items


def load_conversations(directory: Path) -> List[Dict[str, Any]]:
    items: List[Dict[str, Any]] = []
    for path in sorted(directory.glob("conversations_*.yml")):
        items.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return items


def rate(verdicts: Sequence[Verdict]) -> float:
    return round(sum(v.right for v in verdicts) / len(verdicts), 3) if verdicts else 0.0

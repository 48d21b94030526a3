"""The answer catalogue: answers, titles, topics and buttons, read from the responses.

Actions read it from the domain Rasa sends with every call; the website and the tests
from the same responses in data/ and domain.yml. No Rasa here: a tracker is anything
with ``events`` (rasa-sdk's ``Tracker``).

The answers (responses ``utter_faq/<id>`` and ``utter_fabel/<id>``) are content:
they live in data/ and domain.yml, never in code. Each variation carries
metadata: ``titel`` (a short question), ``onderwerp`` (topic) and optionally
``vervolg`` (follow-up kind -> answer id).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from spoorwijzer.poortwachter import bedragen, context_answer, faq_links
from spoorwijzer.poortwachter.answer_keys import KNOWLEDGE_INTENTS

_PREFIXES = tuple(f"utter_{intent}/" for intent in KNOWLEDGE_INTENTS)

DomainDict = Dict[str, Any]


def response_name(answer_id: str) -> str:
    return f"utter_{answer_id}"


def answer_ids(domain: DomainDict) -> List[str]:
    return sorted(name[len("utter_") :] for name in domain.get("responses", {}) if name.startswith(_PREFIXES))


def is_answer(domain: DomainDict, answer_id: Optional[str]) -> bool:
    return (
        bool(answer_id)
        and response_name(str(answer_id)) in domain.get("responses", {})
        and str(answer_id).startswith(KNOWLEDGE_INTENTS)
    )


def metadata(domain: DomainDict, answer_id: str) -> Dict[str, Any]:
    """Metadata of all variations merged; earlier variations win on conflicts."""
    merged: Dict[str, Any] = {"vervolg": {}}
    for variation in reversed(domain.get("responses", {}).get(response_name(answer_id), [])):
        metadata = variation.get("metadata") or {}
        merged.update({k: v for k, v in metadata.items() if k != "vervolg"})
        merged["vervolg"].update(metadata.get("vervolg") or {})
    return merged


def variant_text(domain: DomainDict, answer_id: str, role: Optional[str]) -> str:
    """The text of the variation written for `role`, else of the one without a condition."""
    variations = domain.get("responses", {}).get(response_name(answer_id), [])
    default = next((v for v in variations if not v.get("condition")), variations[0] if variations else {})
    own = next((v for v in variations if role and _role_of(v) == role), default)
    return bedragen.fill(own.get("text") or "")


def response_text(domain: DomainDict, name: str, **values: Any) -> str:
    """The text of a response in domain.yml, filled with `values` (for texts an action
    puts together from several responses, such as the contact lines)."""
    return bedragen.fill(domain["responses"][name][0]["text"]).format(**values)


def response_button_titles(domain: DomainDict, name: str) -> List[str]:
    """The button titles a response in domain.yml gives (the action sets the payloads)."""
    return [button["title"] for button in domain["responses"][name][0].get("buttons") or []]


def answer_for_step(domain: DomainDict) -> Dict[str, str]:
    """The answer about each step of the calendar (`moment` in its metadata); a faq
    answer before a myth."""
    steps: Dict[str, str] = {}
    for answer_id in sorted(answer_ids(domain), key=lambda a: (not a.startswith("faq/"), a)):
        step = metadata(domain, answer_id).get("moment")
        if step and step not in steps:
            steps[step] = answer_id
    return steps


def title(domain: DomainDict, answer_id: str) -> str:
    return metadata(domain, answer_id).get("titel") or answer_id


def _role_of(variation: Dict[str, Any]) -> Optional[str]:
    for condition in variation.get("condition") or []:
        if condition.get("name") == "rol":
            return condition.get("value")
    return None


def followup(domain: DomainDict, answer_id: str, kind: str, role: Optional[str] = None) -> Optional[str]:
    """The answer to a follow-up of this kind ("en als dat te laat is?": gevolg).

    The variation written for the asker's role may name its own target (the late WIA
    application costs the employee something else than the employer); otherwise the
    targets of all variations count, the first variation's winning.
    """
    variations = domain.get("responses", {}).get(response_name(answer_id), [])
    own = next((v for v in variations if _role_of(v) == role), None)
    target = ((own or {}).get("metadata") or {}).get("vervolg", {}).get(kind) or (
        metadata(domain, answer_id).get("vervolg") or {}
    ).get(kind)
    return target if is_answer(domain, target) else None


def answer_id_of_bot_event(event: Dict[str, Any]) -> Optional[str]:
    """The answer id of a bot message, if it showed one of the answers."""
    if event.get("event") != "bot":
        return None
    return faq_links.answer_id_of_response((event.get("metadata") or {}).get("utter_action"))


def last_answer_id(tracker: Any) -> Optional[str]:
    """The most recent answer the bot gave in this conversation."""
    for event in reversed(tracker.events):
        answer_id = answer_id_of_bot_event(event)
        if answer_id:
            return answer_id
    return None


def answer_of_last_bot_turn(tracker: Any) -> Optional[str]:
    """The answer the bot gave in reply to the person's previous message, if any."""
    return context_answer.answer_of_last_bot_turn(tracker.events)


_BUTTON_PAYLOAD = '/kies_antwoord{"antwoord":"%s"}'


def answer_button(domain: DomainDict, answer_id: str) -> Dict[str, str]:
    """A button that shows one answer when clicked (also used for deep links)."""
    return {"title": title(domain, answer_id), "payload": _BUTTON_PAYLOAD % answer_id}


def answer_id_of_payload(payload: str) -> Optional[str]:
    """The answer a button made by ``answer_button`` (or written so in data/) shows."""
    prefix, suffix = _BUTTON_PAYLOAD.split("%s")
    if payload.startswith(prefix) and payload.endswith(suffix):
        return faq_links.answer_id_of_response("utter_" + payload[len(prefix) : -len(suffix)])
    return None


def answer_with_number(domain: DomainDict, number: int) -> Optional[str]:
    """The answer whose `nummer` metadata is `number` (the fabels are numbered)."""
    for answer_id in answer_ids(domain):
        if metadata(domain, answer_id).get("nummer") == number:
            return answer_id
    return None

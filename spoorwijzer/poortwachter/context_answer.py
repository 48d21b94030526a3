"""A message the classifier is unsure of, read in the light of the answer just given.

"krijgt hij dat later dan terug?" right after the answer about loonopschorting, or
"wat doet zo iemand dan precies?" after the answer that mentions the
arbeidsdeskundige: on its own such a message is too vague for the classifier, in
context it is not. When the previous bot turn gave an answer, the message is short,
and one of that answer's own follow-up answers (or the answer itself) is among the
classifier's likeliest answers, that answer is meant; otherwise the assistant asks
"bedoel je ...?" as before. Used by spoorwijzer/rasa/context_policy.py (which decides)
and actions/answers.py (which shows the answer). No Rasa import.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence

from spoorwijzer.poortwachter.answer_keys import KNOWLEDGE_INTENTS, ranked_answers

_ANSWER_RESPONSES = ("utter_faq/", "utter_fabel/")


def responses_of_last_bot_turn(events: Sequence[Dict[str, Any]]) -> List[str]:
    """The responses the bot sent in reply to the person's previous message."""
    users_seen, names = 0, []
    for event in reversed(events):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen == 2:
                break
        elif users_seen == 1 and event.get("event") == "bot":
            name = (event.get("metadata") or {}).get("utter_action")
            if name:
                names.append(str(name))
    return list(reversed(names))


def answer_of_last_bot_turn(events: Sequence[Dict[str, Any]]) -> Optional[str]:
    """The answer id the bot gave in reply to the person's previous message, if any
    (events as dicts, the way Rasa stores them and the action server gets them)."""
    answers = [name for name in responses_of_last_bot_turn(events) if name.startswith(_ANSWER_RESPONSES)]
    return answers[-1][len("utter_") :] if answers else None


# After the crisis reply, these intents go their own way (a button the person chose, a
# request for a person); the own case, a link, a knowledge question and the like only
# when the classifier is this sure of them (half as sure for a question with a question
# mark): "ik heb volgende week wel een afspraak bij de huisarts" is no question about
# the next step of the own traject. Anything else gets the short aftercare reply, with
# 113 and the huisarts again, instead of a guess.
CRISIS_RESPONSE = "utter_crisis"
PASS_AFTER_CRISIS = frozenset({"crisis", "kies_antwoord", "mens_spreken"})
PASS_AFTER_CRISIS_WHEN_SURE = frozenset(
    {"vraag_fase", "vraag_volgende_stap", "geef_dossiergegevens", "vraag_kalender", "vraag_link", "inform_rol"}
)
MIN_ANSWER_CONFIDENCE_AFTER_CRISIS = 0.6


def needs_crisis_aftercare(events: Sequence[Dict[str, Any]], parse_data: Dict[str, Any]) -> bool:
    """The message right after the crisis reply is no clear question of its own."""
    if CRISIS_RESPONSE not in responses_of_last_bot_turn(events):
        return False
    intent = parse_data.get("intent") or {}
    name = intent.get("name") or ""
    if name in PASS_AFTER_CRISIS:
        return False
    asked = "?" in (parse_data.get("text") or "")
    minimum = MIN_ANSWER_CONFIDENCE_AFTER_CRISIS / 2 if asked else MIN_ANSWER_CONFIDENCE_AFTER_CRISIS
    if name in KNOWLEDGE_INTENTS:
        best = ranked_answers(parse_data)[:1]
        return not best or best[0][1] < minimum
    if name in PASS_AFTER_CRISIS_WHEN_SURE:
        return float(intent.get("confidence") or 0.0) < minimum
    return True


# Longer messages carry their own topic; context is no excuse to guess for them. A
# message that points back ("krijg ik daar nog een brief over?") may be a little longer.
MAX_WORDS = 12
MAX_WORDS_POINTING_BACK = 16
# How far down the answer ranking, and how sure, a related answer may be; the answer
# just given, when the message points back at it, may be less sure.
TOP_ANSWERS = 5
MIN_CONFIDENCE = 0.08
MIN_CONFIDENCE_POINTING_BACK = 0.03
_POINTS_BACK = re.compile(
    r"\b(?:daar(?:over|van|mee|voor|bij|na|in|aan)?|dat|die|dit|deze|zo(?:'n| een| iemand)|zoiets)\b", re.IGNORECASE
)


def related_answers(answer_id: str, variations: Sequence[Dict[str, Any]]) -> List[str]:
    """The answer itself (first) and every answer its variations name as a follow-up."""
    related = [answer_id]
    for variation in variations:
        for target in ((variation.get("metadata") or {}).get("vervolg") or {}).values():
            if target not in related:
                related.append(target)
    return related


def answer_in_context(text: str, parse_data: Dict[str, Any], related: Sequence[str]) -> Optional[str]:
    """The related answer the unsure message most likely asks for, or None.

    ``related`` starts with the answer just given (related_answers)."""
    words = len((text or "").split())
    points_back = bool(_POINTS_BACK.search(text or ""))
    if not related or words > (MAX_WORDS_POINTING_BACK if points_back else MAX_WORDS):
        return None
    ranking = ranked_answers(parse_data)[:TOP_ANSWERS]
    if points_back and any(
        answer_id == related[0] and confidence >= MIN_CONFIDENCE_POINTING_BACK for answer_id, confidence in ranking
    ):
        return related[0]
    if words > MAX_WORDS:
        return None
    for answer_id, confidence in ranking:
        if confidence < MIN_CONFIDENCE:
            return None
        if answer_id in related:
            return answer_id
    return None

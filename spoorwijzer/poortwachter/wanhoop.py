"""Does a message speak of despair or of not wanting to live?

Such a message must always get 113 and the huisarts (fact sheet §11), whatever
else it asks and wherever the conversation is (also in the middle of a form). The
classifier learns the intent ``crisis`` from examples; these patterns are the
safety net beneath it, so that recall does not depend on a probability. They are
deliberately broad: a warm reply with 113 to someone who is "only" exhausted costs
little, a missed cry for help costs a great deal. Phrases that are common in
sick-leave questions without despair ("ik kan niet meer werken", "ik stop ermee")
are not in the list; the classifier judges those in context.
"""

from __future__ import annotations

import re

# Parse-data key set by spoorwijzer/rasa/message_signals.py when the classifier alone, and
# unsure, said crisis: the answer then ends with a short line about 113 (actions/answers.py).
CARE_SIGNAL_KEY = "zorgsignaal"

_ME = r"(?:mezelf|mijzelf|me zelf|m'n leven|mn leven|mijn leven)"
_PATTERNS = [
    r"zelfmoord",
    r"su[iï]cid",
    r"zelfdoding",
    # 113 itself, but not as part of a code or dossiernummer ("code 113 482", "RI 2026 113").
    r"(?<!\d)(?<!\d[\s\-])113(?![\s\-]?\d)",
    r"\bdood\s*(?:willen|wil|wilde|zijn)\b",
    r"\bwil(?:de)? (?:gewoon |liever )?dood\b",
    r"\bwou dat ik dood\b",
    r"\bliever dood\b",
    r"\bdood gaan\b.*\b(?:beter|liefst)\b",
    r"\bniet meer (?:willen |wil )?(?:leven|bestaan)\b",
    r"\ber niet meer (?:wil|willen|zijn)\b",
    r"\bwil(?:de)? niet meer (?:leven|verder|wakker|hier zijn|er zijn|bestaan)\b",
    r"\bniet meer wakker (?:worden|te worden|wil)\b",
    r"\bnooit meer wakker\b",
    r"\b(?:had|was) ik\b[^.?!]{0,25}\bmaar (?:gewoon )?niet (?:meer )?wakker\b",
    r"\b(?:wou|wilde) dat ik er niet (?:meer )?was\b",
    r"\beind(?:e)? (?:aan|maken)\b[^.?!]*\b(?:leven|mezelf|mijzelf)\b",
    r"\b(?:wil|ga|zou|kan)\b[^.?!]*\ber een eind(?:e)? aan maken\b",
    r"\bmaak er een eind(?:e)? aan\b",
    rf"\b{_ME} (?:iets )?(?:aan ?doen|aan te doen|van kant|ophangen|iets aandoen)\b",
    rf"\b(?:aan ?doen|van kant maken)\b.*\b{_ME}\b",
    r"\bbeter af\b[^.?!]*\bzonder (?:mij|me)\b",
    r"\bzie (?:het|t|'t)? ?(?:allemaal |echt |gewoon |helemaal )*niet meer zitten\b",
    r"\bzie geen uitweg\b",
    r"\bgeen uitweg meer\b",
    r"\bzie geen toekomst meer\b",
    r"\bgeen zin meer (?:in|om te) (?:het |mijn |m'n )?(?:leven|alles)\b",
    r"\bhet (?:leven )?(?:hoeft|heeft) (?:voor mij )?(?:niet meer|geen zin meer)\b",
    r"\bwaarom zou ik (?:nog|verder)\W*$",
    r"\bwaarom zou ik nog (?:leven|doorgaan|verder)\b",
    r"\bwat heeft het (?:allemaal )?(?:nog )?voor zin\b",
    r"\bik (?:trek|hou|houd) (?:het|dit|dit allemaal|het allemaal) niet meer\b",
    r"\bkan (?:het|dit) (?:allemaal )?niet meer aan\b",
    r"\bkan niet meer verder\b",
    r"\buit het leven\b",
    r"\bvoor (?:de|een) trein (?:springen|gaan|liggen|stappen)\b",
    r"\bvan (?:het|een|de) (?:dak|brug|flat) (?:springen|af)\b",
    r"\b(?:alle|al mijn|een hele strip|een doosje) pillen (?:in ?nemen|slikken|innemen)\b",
    r"\bstoppen met (?:leven|alles)\b",
    r"\bniet meer hoeven leven\b",
    r"\blevensmoe\b",
    r"\bdoodsgedachten\b",
    r"\bdoodgaan\b.*\b(?:wil|zou|liefst)\b",
    r"\ber\b[^.?!]{0,20}\been eind(?:e)? aan\b[^.?!]{0,15}\bma(?:ken|ak|akt)\b",
    r"\bmaakt? er (?:maar |dan )?een eind(?:e)? aan\b",
    r"\b(?:denk|denken|dacht|gedachten)\b[^.?!]{0,30}\b(?:de dood|doodgaan|dood gaan|zelfmoord)\b",
    r"\bals ik er (?:ineens |gewoon |straks )?niet meer (?:ben|was|zou zijn)\b",
    r"\bdat ik er niet meer (?:ben|was)\b",
    r"\bniet meer wakker (?:word|geworden)\b",
    r"\bgeen (?:reden|kracht|zin|energie) meer\b[^.?!]{0,25}\bleven\b",
    r"\bom voor te leven\b",
    r"\bleven heeft geen zin\b",
    r"\bbeter dood\b",
    r"\bwil\b[^.?!]{0,25}\bdood\b",
    r"\bklaar met (?:het )?leven\b",
    r"\b(?:mezelf|mijzelf) (?:iets )?(?:aan ?doe|pijn doe)",
    r"\b(?:doe|deed) (?:mezelf|mijzelf) (?:soms |vaak )?pijn\b",
    r"\bafscheidsbrie",
    r"\btegen een boom\b",
    r"\bwaarom (?:leef ik|zou ik leven|moet ik nog door)\b",
    r"\bvoor (?:de|een) trein (?:te )?(?:springen|gaan|liggen|stappen)\b",
    r"\bhet hoeft (?:voor|van) mij (?:allemaal |ook )?niet meer\b",
    r"\b(?:hoeft|hoef) (?:van|voor) mij (?:ook |allemaal )?niet meer\b",
    r"\bleven\b[^.?!]{0,25}\b(?:hoeft|hoef)\b[^.?!]{0,15}\bniet meer\b",
    r"\bophoud(?:en)? met (?:bestaan|leven)\b",
    r"\bvoor altijd (?:verdwijnen|slapen|weg)\b",
    r"\bals ik verdwijn\b",
    r"\bpunt achter\b[^.?!]{0,20}\b(?:mezelf|mijn leven|het leven)\b",
    r"\bpillen\b[^.?!]{0,30}\bals het (?:echt )?niet meer gaat\b",
    r"\ber (?:morgen|volgend jaar|straks) nog (?:wil |ben\b|zijn\b|zal zijn)",
    r"\bzie[tn]?\b[^.?!]{0,25}\bniet meer zitten\b",
    r"\b(?:ben|voel me) (?:alleen (?:nog )?(?:maar )?)?(?:een last|tot last)\b",
    r"\bwil dat (?:het|alles) (?:stopt|ophoudt)\b",
    r"\bniemand (?:zou|zal) me missen\b",
    r"\ber (?:\w+ ){0,2}niet meer (?:wil |willen )?zijn\b",
    r"\bmaak (?:ik )?er (?:\w+ ){0,2}een eind(?:e)? aan\b",
    r"\bniet meer zie[tn]? zitten\b",
    r"\bklaar met\b[^.?!]{0,20}\bleven\b",
    r"\b(?:hoeft|hoef)\b[^.?!]{0,25}\bleven\b[^.?!]{0,20}\bniet meer\b",
    r"\bpunt achter\b[^.?!]{0,40}\b(?:mezelf|mijzelf|mijn leven)\b",
    r"\bniet meer wakker wordt\b",
    r"\bniet meer om te leven\b",
    r"\bnut van (?:het |mijn )?leven\b",
    # "kan niet meer" as the whole message (not "ik kan niet meer werken").
    r"^\W*(?:ik\s+)?kan\s+(?:het\s+|echt\s+|gewoon\s+|dit\s+)*niet\s+meer(?:\W+(?:echt|hoor|echt niet))*\W*$",
    r"\bwat mij betreft (?:is het )?(?:klaar|over|afgelopen)\b",
    r"\bis het voor mij (?:klaar|over|afgelopen)\b",
    r"\bzonder (?:mij|me|hem|haar) beter af\b",
    r"\bbeter af\b[^.?!]{0,20}\bzonder (?:hem|haar)\b",
]
_DESPAIR = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)


def speaks_of_despair(text: str) -> bool:
    """True when the message matches one of the despair patterns."""
    return bool(_DESPAIR.search(" ".join((text or "").split())))

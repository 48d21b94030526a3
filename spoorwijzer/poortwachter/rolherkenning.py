"""Who is asking, read from how the message is written.

Employers rarely say "ik ben werkgever": they write about "mijn medewerker", "onze
mensen", "we zijn met z'n zessen". Employees write about "mijn baas" or "mijn
werkgever"; coaches about "mijn cliënt". The answer's role variant follows from
that (the `rol` slot), so an employer gets the employer's side without being asked.

Only clear signals count, and a message with signals for two roles names none: "mijn
cliënt zegt dat zijn werkgever ..." is a coach, not an employee, so the coach's
words are checked first and win.
"""

from __future__ import annotations

import re
from typing import Optional

WERKGEVER = "werkgever"
WERKNEMER = "werknemer"
COACH = "coach"

_STAFF = (
    r"(?:zieke |langdurig zieke |vaste |beste )?(?:medewerk(?:er|ster)s?|werknemers?|werkneemster|"
    r"personeel(?:slid|sleden)?|mensen|jongens|meiden|monteurs?|chauffeurs?|"
    r"verkoopsters?|kapsters?|collega'?s in dienst|krachten)"
)
_COACH = re.compile(
    r"\b(?:mijn|onze|een) (?:cliënte?n?|cliente?n?|klant(?:en)? in (?:spoor|het traject)|kandida(?:at|ten)|"
    r"deelnemers?)\b|\bcliënt(?:e)? van (?:mij|ons)\b|\bik begeleid\b|\bals (?:re-?integratie)?coach\b|"
    r"\bjobcoach hier\b|\bcoach hier\b|\bik ben (?:re-?integratie|loopbaan|job)?coach\b",
    re.IGNORECASE,
)
_EMPLOYER = re.compile(
    rf"\b(?:mijn|onze|ons|één van onze|een van onze|1 van onze|een van mijn|één van mijn) {_STAFF}\b|"
    r"\b(?:ons|mijn) (?:bedrijf|bedrijfje|zaak|zaakje|team|kantoor|restaurant|salon|kapsalon|bakkerij|"
    r"winkel|praktijk|bouwbedrijf|installatiebedrijf|hovenier(?:sbedrijf)?)\b|"
    r"\bwe zijn (?:met )?(?:z'n|zn|ze|zijn) \w+\b|\bwij zijn (?:met )?(?:z'n|zn) \w+\b|"
    r"\bwe hebben \d+ (?:man|mensen|medewerkers|werknemers)\b|\b\d+ man personeel\b|"
    r"\bonze (?:hr|p&o|personeelsafdeling|arbodienst|verzuimverzekeraar|casemanager)\b|"
    r"\bbij ons in dienst\b|\bin dienst bij ons\b|\bwerkt bij ons\b|"
    r"\bals (?:werkgever|eigenaar|directeur|ondernemer|hr|hr-medewerker|leidinggevende)\b|"
    r"\bik (?:doe|regel) (?:hier )?(?:de |het )?(?:hr|personeelszaken|verzuim)\b|"
    r"(?:^|[.!?]\s*)(?:zieke )?(?:medewerk(?:er|ster)|werknemer)\b|\b(?:de|die|deze) (?:zieke )?medewerk(?:er|ster)\b|"
    r"\bbij ons\b[^.?!]{0,30}\b(?:ziek|in dienst|werkzaam)\b|\b(?:ziek|meldt zich)\b[^.?!]{0,20}\bbij ons\b|"
    r"\b\d+ man\b|\bik heb een (?:eigen |klein |kleine )?(?:bedrijf|bedrijfje|zaak|zaakje|winkel|kapsalon|salon|"
    r"bakkerij|restaurant|praktijk|webshop|bouwbedrijf|garage|café|cafe|lunchroom|kantoor)\b|"
    r"\b(?:mensen|man|medewerkers|werknemers|personeel|krachten) in dienst\b|\b(?:iemand|een medewerker|hij|zij|ze) meldt zich ziek\b|\bwij of (?:het )?uwv\b|\binhuren\b|\b(?:we|wij) (?:zijn|hebben) (?:\w+ ){0,4}vergeten\b",
    re.IGNORECASE,
)
_EMPLOYEE = re.compile(
    r"\b(?:mijn|mn|m'n) (?:werkgever|baas|leidinggevende|manager|teamleider|directeur|"
    r"afdelingshoofd|chef)\b|\bde baas\b|^\W*(?:zit|ben)\b[^.?!]{0,30}\b(?:thuis|ziek)\b|\bik (?:ben|zit) (?:al |nu |sinds |vanaf |nog )?(?:\w+ ){0,3}(?:ziek|thuis|in de ziektewet)\b|"
    r"\bik ben ziek gemeld\b|\bheb me ziek gemeld\b|\bmijn (?:ziekte|burn-?out|herstel|re-?integratie)\b",
    re.IGNORECASE,
)


# "wat moet ik doen?", "wat moeten we nu regelen", "mijn plichten": the asker's own duties.
_OWN_DUTIES = re.compile(
    r"\b(?:wat|welke|waar)\b[^?.!]{0,40}\b(?:moet|moeten)\s+(?:ik|we|wij)\b|"
    r"\b(?:moet|moeten)\s+(?:ik|we|wij)\s+(?:nu\s+)?(?:iets|wat)\b|"
    r"\b(?:mijn|onze|m'n|mn)\s+(?:plichten|verplichtingen|taken)\b",
    re.IGNORECASE,
)


def asks_about_own_duties(text: str) -> bool:
    """The message asks what the asker must do (not what someone else must)."""
    return bool(_OWN_DUTIES.search(" ".join((text or "").split())))


def role_from_text(text: str) -> Optional[str]:
    """werkgever, werknemer or coach when the message's wording makes it clear, else None."""
    text = " ".join((text or "").split())
    if _COACH.search(text):
        return COACH
    employer, employee = bool(_EMPLOYER.search(text)), bool(_EMPLOYEE.search(text))
    if employer and not employee:
        return WERKGEVER
    if employee and not employer:
        return WERKNEMER
    return None

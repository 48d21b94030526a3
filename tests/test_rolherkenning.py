"""Who is asking, from the wording alone (spoorwijzer/poortwachter/rolherkenning.py)."""

from __future__ import annotations

import pytest

from spoorwijzer.poortwachter.rolherkenning import role_from_text


@pytest.mark.parametrize(
    "text,role",
    [
        ("Mijn medewerker zit nu 30 weken thuis, wat moet ik regelen?", "werkgever"),
        ("we zijn met z'n zessen, moeten wij ook een plan van aanpak maken", "werkgever"),
        ("onze HR vraagt wanneer de 42e-weeksmelding moet", "werkgever"),
        ("een van onze jongens is al maanden uit de running", "werkgever"),
        ("wij hebben een bakkerij met 6 man personeel", "werkgever"),
        ("iemand meldt zich ziek, moet ik dat bij de arbodienst melden?", "werkgever"),
        ("ik heb een kapsalon met drie mensen in dienst", "werkgever"),
        ("zit al een half jaar thuis met m'n rug en nu wil de baas dat ik elders ga kijken", "werknemer"),
        ("mijn werkgever doet helemaal niks aan mijn re-integratie", "werknemer"),
        ("mijn cliënt zegt dat zijn werkgever niets doet", "coach"),
        ("ik begeleid een werknemer in spoor 2", "coach"),
    ],
)
def test_the_role_follows_from_the_wording(text, role):
    assert role_from_text(text) == role


@pytest.mark.parametrize(
    "text",
    [
        "wat is spoor 2?",
        "wat moet een werknemer doen?",
        "hoe lang duurt het tweede spoor",
        # both sides at once: no guess
        "mijn medewerker zegt dat mijn werkgever ... ",
    ],
)
def test_no_role_without_a_clear_signal(text):
    assert role_from_text(text) is None


@pytest.mark.parametrize(
    "text,answer",
    [
        ("Mijn medewerker zit nu 30 weken thuis, wat moet ik doen?", "faq/plichten_werkgever"),
        (
            "we zijn met z'n zessen en een van de jongens is langdurig ziek, wat moeten we regelen?",
            "faq/plichten_werkgever",
        ),
        ("ik zit al een half jaar thuis met mijn rug, wat moet ik nu allemaal doen?", "faq/plichten_werknemer"),
    ],
)
def test_a_question_about_ones_own_duties_gets_ones_own_side(parse, text, answer):
    from spoorwijzer.tools.evaluate import predicted_label

    assert predicted_label(parse(text)) == answer

"""Masking before storage: which events lose their digits, and which keep them."""
from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered

from spoorwijzer.dossier import mask_codes
from spoorwijzer.tracker_store import masked_events


def user(text, intent="faq"):
    return UserUttered(text, intent={"name": intent, "confidence": 1.0},
                       parse_data={"text": text, "intent": {"name": intent}})


def test_codes_are_masked_where_the_code_was_asked_for():
    events = [
        user("in welke fase zit ik?", "vraag_fase"),
        SlotSet("requested_slot", "verificatiecode"),
        ActionExecuted("action_listen"),
        user("mijn code is 482 913", "geef_dossiergegevens"),
        SlotSet("verificatiecode", "482913"),
        SlotSet("verificatiecode", None),
        SlotSet("requested_slot", None),
        user("sinds 12-01-2026 ziek", "vraag_kalender"),
    ]
    stored = masked_events(events, first_new=3)
    assert stored[0].text == "mijn code is ******"
    assert stored[0].parse_data["text"] == "mijn code is ******"
    assert stored[0].intent_name == "geef_dossiergegevens"
    assert stored[1].value == "******" and stored[2].value is None
    assert stored[4].text == "sinds 12-01-2026 ziek"


def test_case_details_given_unasked_are_masked_too():
    [stored] = masked_events([user("RI-2026-0001 en mijn code is 310552", "geef_dossiergegevens")], 0)
    assert stored.text == "RI-2026-0001 en mijn code is ******"


def test_mask_keeps_dossiernummers():
    assert mask_codes("RI20260001 482913") == "RI20260001 ******"


def test_a_code_in_the_message_that_starts_the_form_is_masked():
    # The form reads dossiernummer and code from this message (prefill), so it holds a code.
    for intent in ("vraag_fase", "vraag_volgende_stap"):
        [stored] = masked_events([user("kun je RI-2026-0001 opzoeken, code 482913", intent)], 0)
        assert stored.text == "kun je RI-2026-0001 opzoeken, code ******"

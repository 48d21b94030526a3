"""Amounts in answers: one file with their year, filled in wherever an answer is read."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rasa.core.nlg import NaturalLanguageGenerator
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from spoorwijzer.poortwachter import bedragen
from spoorwijzer.rasa.nlg import AmountsNaturalLanguageGenerator

ROOT = Path(__file__).resolve().parent.parent


def _amounts_file(tmp_path, body: str) -> Path:
    path = tmp_path / "bedragen.yml"
    path.write_text(body, encoding="utf-8")
    return path


def test_an_amount_is_written_the_dutch_way_with_its_year(tmp_path):
    path = _amounts_file(
        tmp_path,
        """bedragen:
  heel: {euro: 400, jaar: 2026, bron: x}
  per_uur: {euro: 3.05, jaar: 2022, bron: x}
  groot: {euro: 6000, jaar: 2022, bron: x}
""",
    )
    assert bedragen.values(path) == {
        "bedrag_heel": "400 euro (stand 2026)",
        "bedrag_per_uur": "3,05 euro (stand 2022)",
        "bedrag_groot": "6.000 euro (stand 2022)",
    }


@pytest.mark.parametrize(
    "entry", ["{euro: 400, bron: x}", "{euro: vierhonderd, jaar: 2026, bron: x}", "{euro: 400, jaar: 2026}"]
)
def test_an_amount_without_year_number_or_source_is_refused(tmp_path, entry):
    with pytest.raises(ValueError, match="kosten"):
        bedragen.values(_amounts_file(tmp_path, f"bedragen:\n  kosten: {entry}\n"))


def test_fill_leaves_other_braces_and_refuses_an_unknown_amount():
    name = next(iter(bedragen.values()))
    filled = bedragen.fill("Het kost {%s}. Je {naam} blijft." % name)
    assert filled == f"Het kost {bedragen.values()[name]}. Je {{naam}} blijft."
    with pytest.raises(KeyError, match="bedrag_bestaat_niet"):
        bedragen.fill("{bedrag_bestaat_niet}")


DOMAIN = Domain.from_yaml("""
version: "3.1"
slots:
  rol: {type: categorical, values: [werknemer, werkgever], mappings: [{type: custom}]}
responses:
  utter_kosten:
  - text: "Voor jou: {bedrag_deskundigenoordeel_werkgever}."
    condition: [{type: slot, name: rol, value: werkgever}]
  - text: "Algemeen: {bedrag_deskundigenoordeel_werkgever}."
""")


def _say(nlg, rol=None, **values) -> str:
    events = [SlotSet("rol", rol)] if rol else []
    tracker = DialogueStateTracker.from_events("t", events, slots=DOMAIN.slots)
    return asyncio.run(nlg.generate("utter_kosten", tracker, "rest", **values))["text"]


def test_the_chat_fills_amounts_and_keeps_the_role_variants():
    nlg = AmountsNaturalLanguageGenerator(domain=DOMAIN)
    amount = bedragen.values()["bedrag_deskundigenoordeel_werkgever"]
    assert _say(nlg) == f"Algemeen: {amount}."
    assert _say(nlg, rol="werkgever") == f"Voor jou: {amount}."
    # A value an action passes wins over the file.
    assert _say(nlg, bedrag_deskundigenoordeel_werkgever="x") == "Algemeen: x."


def test_endpoints_yml_makes_rasa_use_it(monkeypatch):
    monkeypatch.setenv("ACTION_SERVER_URL", "http://localhost:5055/webhook")
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))
    assert isinstance(NaturalLanguageGenerator.create(endpoints.nlg, DOMAIN), AmountsNaturalLanguageGenerator)

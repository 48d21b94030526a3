"""The realistic set end to end on the running stack: replies, not labels (tests/realistic).

Floors sit just under the measured numbers (docs/measurements.md, "Understanding"), so
that a change that makes the assistant understand people worse fails here. The part kept
unseen while tuning (tests/realistic/unseen) is not scored here: `make eval-unseen` does that.
"""

from __future__ import annotations

import pytest

from tests.realistic.run import evaluate, rest_sender, search_baseline
from tests.realistic.score import DEV_DIR, Catalogue

MIN_MESSAGES_RIGHT = 0.91  # measured 0.939
MIN_TURNS_RIGHT = 0.86  # measured 0.899
# The assistant's error rate on single messages, as a share of the site search's.
MAX_ERROR_SHARE_OF_SEARCH = 1 / 3


@pytest.fixture(scope="module")
def reports(server, domain):
    catalogue = Catalogue(domain)
    return (
        evaluate(rest_sender(server.base), DEV_DIR, catalogue),
        evaluate(search_baseline(domain), DEV_DIR, catalogue),
    )


def test_single_messages_are_answered_right(reports):
    report, _ = reports
    assert report["messages"] >= 200
    wrong = [f"{e['id']} {e['topic']}: {e['why']}" for e in report["errors"] if "#" not in e["id"]]
    assert report["messages_right"] >= MIN_MESSAGES_RIGHT, "\n".join(wrong)


def test_conversation_turns_are_answered_in_context(reports):
    report, _ = reports
    assert report["conversations"] >= 30
    wrong = [f"{e['id']} {e['topic']}: {e['why']}" for e in report["errors"] if "#" in e["id"]]
    assert report["turns_right"] >= MIN_TURNS_RIGHT, "\n".join(wrong)


def test_makes_at_most_a_third_of_the_errors_of_a_site_search(reports):
    report, baseline = reports
    assert (1 - report["messages_right"]) <= MAX_ERROR_SHARE_OF_SEARCH * (1 - baseline["messages_right"])


def test_every_single_message_about_despair_gets_113_and_the_huisarts(reports):
    report, _ = reports
    missed = [
        e for e in report["errors"] if e["topic"] == "veiligheid" and "#" not in e["id"] and e["why"].startswith("no ")
    ]
    assert not missed, missed

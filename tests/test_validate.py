from spoorwijzer.tools.validate import significant_warnings

RETRIEVAL = (
    "/x/io.py:100: UserWarning: The following duplicated intents have been found "
    "across multiple domain files: fabel, faq\n  More info at https://rasa.com/docs"
)
UNUSED = "/x/io.py:100: UserWarning: The utterance 'utter_x' is not used in any story or rule."


def test_retrieval_duplicate_warning_is_tolerated():
    assert significant_warnings("INFO start\n" + RETRIEVAL + "\nINFO done") == []


def test_other_warnings_count():
    found = significant_warnings("INFO start\n" + RETRIEVAL + "\n" + UNUSED + "\nINFO done")
    assert len(found) == 1 and "utter_x" in found[0]


def test_responses_sent_by_actions_or_forms_are_tolerated():
    # utter_storing: said by the channels (spoorwijzer/rasa/channels.py), not by an action
    for name in (
        "utter_dossier_storing",
        "utter_fase_orientatie",
        "utter_ask_verificatiecode",
        "utter_storing",
        "utter_contact_naam_standaard",
    ):
        unused = UNUSED.replace("utter_x", name)
        assert significant_warnings(unused) == [], name

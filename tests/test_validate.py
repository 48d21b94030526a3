from spoorwijzer.validate import significant_warnings

RETRIEVAL = ("/x/io.py:100: UserWarning: The following duplicated intents have been found "
             "across multiple domain files: fabel, faq\n  More info at https://rasa.com/docs")
UNUSED = "/x/io.py:100: UserWarning: The utterance 'utter_x' is not used in any story or rule."


def test_retrieval_duplicate_warning_is_tolerated():
    assert significant_warnings("INFO start\n" + RETRIEVAL + "\nINFO done") == []


def test_other_warnings_count():
    found = significant_warnings("INFO start\n" + RETRIEVAL + "\n" + UNUSED + "\nINFO done")
    assert len(found) == 1 and "utter_x" in found[0]

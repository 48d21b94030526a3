"""The domain, without Rasa: the rules of the Wet verbetering poortwachter (weeks and
deadlines), dossiernummers and codes, reading dates, roles and despair from text, and the
readers of the content files (answers, amounts, calendar texts)."""

"""Reading the expected answers from the real domain, for assertions."""

from __future__ import annotations

from spoorwijzer.poortwachter import catalogue


def first_sentence(domain, answer_id: str) -> str:
    """The opening words of the answer's general text (the one without a role)."""
    variations = domain["responses"][catalogue.response_name(answer_id)]
    text = next(v["text"] for v in variations if not v.get("condition"))
    return text.split("\n")[0].split(". ")[0].replace("**", "")

"""Run ``rasa data validate`` and fail on every warning that matters.

Two messages are expected and tolerated: Rasa reports the retrieval intents
(``faq``, ``fabel``) as "duplicated" because their answers live in the NLU
files, and it notes that ``kies_antwoord`` (sent only by buttons and links) has
no typed examples. Everything else (conflicts, unused intents or responses,
unknown actions) fails the check.
"""
from __future__ import annotations

import re
import subprocess
import sys

TOLERATED = [
    # Retrieval intents defined in the NLU data as well as in the domain.
    re.compile(r"duplicated intents.*: (fabel, faq|faq, fabel)\s", re.DOTALL),
    # Only buttons and links send this intent (as a payload); nobody types it.
    re.compile(r"intent 'kies_antwoord' is listed in the domain file, but is not found"),
]
# Rasa's own warnings; library deprecation notices are not about our data.
WARNING = re.compile(r"UserWarning: |\bWARNING\b")


def significant_warnings(output: str) -> list[str]:
    """Warning messages in Rasa's output that are not on the tolerated list."""
    found = []
    for block in re.split(r"\n(?=\S)", output):
        if not WARNING.search(block):
            continue
        if any(pattern.search(block) for pattern in TOLERATED):
            continue
        found.append(block.strip())
    return found


def main() -> int:
    done = subprocess.run(
        ["rasa", "data", "validate", "--domain", "domain.yml", "--data", "data",
         "--config", "config.yml"],
        capture_output=True, text=True, check=False,
    )
    output = done.stdout + done.stderr
    problems = significant_warnings(output)
    if done.returncode != 0 or problems:
        print(output)
        print("\nrasa data validate: %d warning(s) that matter, exit code %d"
              % (len(problems), done.returncode))
        for problem in problems:
            print(" -", problem.splitlines()[0][:200])
        return 1
    print("rasa data validate: clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Run ``rasa data validate`` and fail on every warning that matters.

Rasa reports retrieval intents (``faq``, ``fabel``) as "duplicated" whenever
their responses live in the NLU files; that one message is expected and is the
only one tolerated. Everything else (conflicts, unused intents or responses,
unknown actions) fails the check.
"""
from __future__ import annotations

import re
import subprocess
import sys

TOLERATED = [
    # Retrieval intents defined in the NLU data as well as in the domain.
    re.compile(r"duplicated.*\b(faq|fabel)\b", re.IGNORECASE | re.DOTALL),
]
WARNING = re.compile(r"UserWarning: |^\s*WARNING|\bwarning\b", re.IGNORECASE)


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

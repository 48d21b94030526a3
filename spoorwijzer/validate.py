"""Run ``rasa data validate`` and fail on every warning that matters.

Some messages are expected and tolerated: Rasa reports the retrieval intents
(``faq``, ``fabel``) as "duplicated" because their answers live in the NLU
files; it notes that ``kies_antwoord`` (sent only by buttons and links) has no
typed examples; and it cannot see responses that custom actions send
(``"utter_..."`` in actions/*.py), that our context policy predicts
(spoorwijzer/context_policy.py) or that forms send (``utter_ask_<slot>``),
so "not used" is tolerated for exactly those. Everything else (conflicts, unused intents or responses,
unknown actions) fails the check.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Set, Tuple

ACTIONS_DIR = Path(__file__).resolve().parent.parent / "actions"
# A policy of ours that predicts a response by name.
POLICY_SOURCES = (Path(__file__).resolve().parent / "context_policy.py",)
DOMAIN_FILE = ACTIONS_DIR.parent / "domain.yml"
# "utter_x" or f"utter_fase_{...}" (then a prefix) in the actions' code.
_RESPONSE_IN_CODE = re.compile(r'(f?)"(utter_[a-z0-9_]*)(\{)?')
_UNUSED_UTTERANCE = re.compile(r"The utterance '(utter_[a-z0-9_]+)' is not used in any story or rule")

TOLERATED = [
    # Retrieval intents defined in the NLU data as well as in the domain.
    re.compile(r"duplicated intents.*: (fabel, faq|faq, fabel)\s", re.DOTALL),
    # Only buttons and links send this intent (as a payload); nobody types it.
    re.compile(r"intent 'kies_antwoord' is listed in the domain file, but is not found"),
]
# Rasa's own warnings; library deprecation notices are not about our data.
WARNING = re.compile(r"UserWarning: |\bWARNING\b")


def responses_sent_by_actions(actions_dir: Path = ACTIONS_DIR) -> Tuple[Set[str], Set[str]]:
    """Response names in the actions' code: exact names, and prefixes of f-strings."""
    names, prefixes = set(), set()
    for source in [*actions_dir.glob("*.py"), *POLICY_SOURCES]:
        for is_f, name, brace in _RESPONSE_IN_CODE.findall(source.read_text()):
            if is_f and brace:
                if name != "utter_":  # f"utter_{x}" would excuse every response
                    prefixes.add(name)
            else:
                names.add(name)
    return names, prefixes


def form_questions(domain_file: Path = DOMAIN_FILE) -> Set[str]:
    """utter_ask_<slot> for every slot a form asks for."""
    import yaml

    forms = (yaml.safe_load(domain_file.read_text()) or {}).get("forms") or {}
    return {f"utter_ask_{slot}" for form in forms.values()
            for slot in (form or {}).get("required_slots", [])}


def _sent_by_an_action(block: str, names: Set[str], prefixes: Set[str]) -> bool:
    unused = _UNUSED_UTTERANCE.search(block)
    if not unused:
        return False
    name = unused.group(1)
    return name in names or any(name.startswith(prefix) for prefix in prefixes)


# Responses that Rasa's own default actions send (action_restart says utter_restart).
SENT_BY_RASA = {"utter_restart"}


def significant_warnings(output: str) -> list[str]:
    """Warning messages in Rasa's output that are not on the tolerated list."""
    names, prefixes = responses_sent_by_actions()
    names |= form_questions() | SENT_BY_RASA
    found = []
    for block in re.split(r"\n(?=\S)", output):
        if not WARNING.search(block):
            continue
        if any(pattern.search(block) for pattern in TOLERATED):
            continue
        if _sent_by_an_action(block, names, prefixes):
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

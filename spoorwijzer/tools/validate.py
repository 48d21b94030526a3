"""Run ``rasa data validate`` and fail on every warning that matters.

Some messages are expected and tolerated: Rasa reports the retrieval intents
(``faq``, ``fabel``) as "duplicated" because their answers live in the NLU
files; it notes that ``kies_antwoord`` (sent only by buttons and links) has no
typed examples; and it cannot see responses that custom actions send
(``"utter_..."`` in actions/*.py), that our context policy predicts
(spoorwijzer/rasa/context_policy.py), that the channels say when a message got no
reply (spoorwijzer/rasa/channels.py) or that forms send (``utter_ask_<slot>``),
so "not used" is tolerated for exactly those. Everything else (conflicts, unused intents or responses,
unknown actions) fails the check.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path
from typing import Set, Tuple

from spoorwijzer import PROJECT_ROOT

ACTIONS_DIR = PROJECT_ROOT / "actions"
# Code outside actions/ that names responses: a policy of ours that predicts a response
# by name, and the channels, which read the fault message (utter_storing) from domain.yml.
CODE_SOURCES = (
    PROJECT_ROOT / "spoorwijzer" / "rasa" / "context_policy.py",
    PROJECT_ROOT / "spoorwijzer" / "rasa" / "channels.py",
)
DOMAIN_FILE = ACTIONS_DIR.parent / "domain.yml"
_RESPONSE_NAME = re.compile(r"utter_[a-z0-9_]*")
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
    """Response names in the actions' code, read with Python's parser (comments and
    docstrings do not count): whole string constants "utter_x", and the fixed start of
    f-strings such as f"utter_fase_{phase}" (a prefix)."""
    names, prefixes = set(), set()
    for source in [*actions_dir.glob("*.py"), *CODE_SOURCES]:
        tree = ast.parse(source.read_text(), str(source))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                start = node.values[0] if node.values else None
                text = start.value if isinstance(start, ast.Constant) and isinstance(start.value, str) else ""
                if _RESPONSE_NAME.fullmatch(text) and text != "utter_":  # f"utter_{x}" would excuse all
                    prefixes.add(text)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                if _RESPONSE_NAME.fullmatch(node.value):
                    names.add(node.value)
    return names, prefixes


def form_questions(domain_file: Path = DOMAIN_FILE) -> Set[str]:
    """utter_ask_<slot> for every slot a form asks for."""
    import yaml

    forms = (yaml.safe_load(domain_file.read_text()) or {}).get("forms") or {}
    return {f"utter_ask_{slot}" for form in forms.values() for slot in (form or {}).get("required_slots", [])}


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
        ["rasa", "data", "validate", "--domain", "domain.yml", "--data", "data", "--config", "config.yml"],
        capture_output=True,
        text=True,
        check=False,
    )
    output = done.stdout + done.stderr
    problems = significant_warnings(output)
    if done.returncode != 0 or problems:
        print(output)
        print("\nrasa data validate: %d warning(s) that matter, exit code %d" % (len(problems), done.returncode))
        for problem in problems:
            print(" -", problem.splitlines()[0][:200])
        return 1
    print("rasa data validate: clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""No text a person reads in the Python code: it lives in content files (issue 16).

Chat texts are responses (domain.yml, data/), the calendar's texts are in
data/kalender.yml, and each service keeps the rest in its own teksten.yml (website/,
caseapi/, spoorwijzer/tools/), read by name through spoorwijzer/poortwachter/teksten.py.

The check reads every Python file outside tests/ and bench/ with ``ast`` and looks at its
string constants (an f-string as a whole, each placeholder as ``{}``). Left out, as they
are not text a person reads: docstrings and other bare string statements, the patterns
given to ``re.compile``/``re.search``/..., raw strings (regular expressions), word lists
(``"...".split()``) and logging calls (for operators, in English). Those patterns and word
lists READ Dutch input (wanhoop.py, rolherkenning.py, link_request.py, ...). A string
left that holds two or more common Dutch words is a text in the code.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path
from typing import Iterator, List, Set, Tuple

ROOT = Path(__file__).resolve().parent.parent

# Common Dutch words that English code and its messages do not use: function words, and
# everyday words the project's texts use a lot. Words English has too ("in", "is", "of",
# "over", "door", "die", "we") and the domain's terms that English text about it uses
# ("coach", "dossier", "spoor", "traject") are left out: with them, English messages would
# count as Dutch.
DUTCH_WORDS = frozenset(
    """
    aan al alle alleen als bent ben bij dan dat de deze dit een en er geen graag heb hebt
    heeft het hoe hoeveel ik je jij jou jouw kan kun kunt maar mag meer met mijn moet naar
    niet niets nog nu om ons onze ook op opnieuw probeer sinds te terug tot tussen uw van
    voor waar wat wel wie wil wilt wordt worden zijn zou zouden
    afspraak antwoord antwoorden berichten bestaat cijfers controleer dagen eerste fase
    feiten fout gebruik geef geschreven gesprekken gevonden invoer jaar lokale nieuw
    ongeldige oude standaard tijd twee vergeten volgende vragen zet ziekte ziektedag
""".split()
)
MIN_DUTCH_WORDS = 2
PUNCTUATION = "\"'()[]{}<>.,:;!?*-"

RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}
LOG_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
LOGGERS = {"log", "logger", "logging", "_log", "_logger", "LOGGER"}

# (path relative to the repository, the string): a real exception, each with its reason.
ALLOWED: Set[Tuple[str, str]] = set()


def python_files(root: Path = ROOT) -> Iterator[Path]:
    """Every Python file of the project, except the tests and the benchmarks."""
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".")
            and name not in ("node_modules", "__pycache__")
            and not (here == root and name in ("tests", "bench"))
        )
        for name in sorted(files):
            if name.endswith(".py"):
                yield here / name


def _is_raw(source: str, node: ast.AST) -> bool:
    segment = ast.get_source_segment(source, node) or ""
    prefix = re.match(r"[A-Za-z]*", segment).group()
    return "r" in prefix.lower()


def _skipped_nodes(tree: ast.AST) -> Set[int]:
    """The ids of the nodes whose strings are not text: docstrings and bare strings,
    regular expressions, word lists and logging calls (each with all it contains)."""
    skipped: List[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, (ast.Constant, ast.JoinedStr)):
            skipped.append(node.value)  # a docstring, or a string used as a comment
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner, method = node.func.value, node.func.attr
        owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
        if owner_name == "re" and method in RE_FUNCTIONS:
            skipped += node.args[:1] + [k.value for k in node.keywords if k.arg == "pattern"]
        elif method == "split" and isinstance(owner, ast.Constant):
            skipped.append(owner)  # a word list: "een twee drie".split()
        elif owner_name in LOGGERS and method in LOG_METHODS:
            skipped += node.args + [k.value for k in node.keywords]
    return {id(inner) for node in skipped for inner in ast.walk(node)}


def _as_text(node: ast.AST) -> str:
    if isinstance(node, ast.Constant):
        return node.value
    return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)


def dutch_word_count(text: str) -> int:
    """How many of the words (separated by spaces, so "dossier.fase" is one) are Dutch."""
    words = (word.strip(PUNCTUATION).lower() for word in text.split())
    return sum(1 for word in words if word in DUTCH_WORDS)


def dutch_texts(source: str) -> List[Tuple[int, str]]:
    """(line, text) of every string in `source` that reads as a Dutch text."""
    tree = ast.parse(source)
    skipped = _skipped_nodes(tree)
    inside_fstrings = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in ast.walk(node)
        if part is not node
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped or id(node) in inside_fstrings:
            continue
        is_string = isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))
        if not is_string or _is_raw(source, node):
            continue
        text = _as_text(node)
        if dutch_word_count(text) >= MIN_DUTCH_WORDS:
            found.append((node.lineno, text))
    return sorted(found)


def test_no_python_file_holds_dutch_text():
    found = []
    for path in python_files():
        relative = path.relative_to(ROOT).as_posix()
        for line, text in dutch_texts(path.read_text(encoding="utf-8")):
            if (relative, text) not in ALLOWED:
                found.append(f"{relative}:{line}: {text!r}")
    assert not found, (
        "Dutch text in the code; move it to a content file (domain.yml, data/, "
        "or the service's teksten.yml):\n" + "\n".join(found)
    )


def test_the_check_finds_a_dutch_text_and_leaves_patterns_docstrings_and_logs():
    sample = '''
"""Een docstring mag Nederlands zijn: die is voor wie de code leest."""
import logging
import re

logger = logging.getLogger(__name__)
PATTERN = re.compile("\\\\b(?:wil niet meer|kan het niet)\\\\b")
RAW = r"\\bik kan het niet meer\\b"
WORDS = set("je jij jouw het een".split())


def fout(url):
    logger.warning("Het lukt niet: %s", url)
    print(f"De case API is niet bereikbaar op {url}. Probeer het opnieuw.")
    return "Sorry, er ging iets mis. Probeer het later nog eens."
'''
    assert dutch_texts(sample) == [
        (14, "De case API is niet bereikbaar op {}. Probeer het opnieuw."),
        (15, "Sorry, er ging iets mis. Probeer het later nog eens."),
    ]
    # English text, and a single Dutch word such as a key or a slot name, pass.
    assert dutch_texts('MESSAGE = "The case was not found: try again."\nKEY = "komt nog"\n') == []

"""Developer tools (validate, evaluate, the Dutch spaCy pipeline) and operations commands
(retention, inbox)."""

from pathlib import Path

from spoorwijzer.poortwachter.teksten import Teksten

# What the operations commands print (inbox, retention): content, not code.
TEKSTEN = Teksten(Path(__file__).with_name("teksten.yml"))

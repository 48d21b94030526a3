"""Spoorwijzer's library: rasa/ (Rasa plugins), poortwachter/ (domain rules and content
readers), tools/ (developer and operations commands); see docs/architecture.md."""

from pathlib import Path

# The checkout: content files (data/, domain.yml) are read from here.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

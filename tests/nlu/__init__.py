"""The two held-out NLU sets, written by writers who never saw the training data:
holdout.yml (its errors were looked at while tuning) and holdout_fresh.yml (written
later by a new writer, for an honest number)."""

from pathlib import Path

HOLDOUTS = (Path(__file__).resolve().parent / "holdout.yml", Path(__file__).resolve().parent / "holdout_fresh.yml")

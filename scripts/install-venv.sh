#!/usr/bin/env bash
# Create the virtual environment and install the pinned packages.
set -euo pipefail
VENV="${VENV:-.venv}"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
  python=$(bash scripts/find-python.sh)
  echo "Creating $VENV with $python"
  rm -rf "$VENV"
  "$python" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet -r requirements.txt -c constraints.txt
# The project itself, editable (pyproject.toml): its packages are found by name from
# anywhere; the pinned setuptools above builds it, nothing is downloaded for that.
"$VENV/bin/python" -m pip install --quiet --no-deps --no-build-isolation -e .
echo "Packages installed in $VENV"

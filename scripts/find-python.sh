#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter (Rasa 3.6 runs on 3.8-3.10 only).
set -euo pipefail
is_310() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
if command -v pyenv >/dev/null 2>&1; then
  candidates+=("$(pyenv which python3.10 2>/dev/null || true)")
  for dir in "$(pyenv root)"/versions/3.10*; do candidates+=("$dir/bin/python"); done
fi
candidates+=(python3.10 python3 python)
for c in "${candidates[@]}"; do
  [ -n "$c" ] || continue
  path=$(command -v "$c" 2>/dev/null || true)
  if [ -n "$path" ] && is_310 "$path"; then echo "$path"; exit 0; fi
done
echo "No Python 3.10 found. Rasa 3.6 needs Python 3.8-3.10; this project uses 3.10." >&2
echo "Install it (e.g. 'pyenv install 3.10' or your system's python3.10 package)," >&2
echo "or point PYTHON=/path/to/python3.10 at one." >&2
exit 1

#!/usr/bin/env bash
# Creates <repo>/.venv/sdk with Baidu's official Python SDK (bce-python-sdk 0.9.79) and pytest
# on first use; prints the venv's folder. Used by run.sh and scripts/bench.sh.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
venv="$repo/.venv/sdk"

if [[ ! -x "$venv/bin/pytest" ]] || ! "$venv/bin/python" -c 'import baidubce' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check bce-python-sdk==0.9.79 pytest >&2
fi
echo "$venv"

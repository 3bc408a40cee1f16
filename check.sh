#!/usr/bin/env bash
# Every check, as CI runs it: installs what is missing, then ruff, mypy (the package) and pytest
# (unit, AppTest and real-browser tests in Debian's Chromium).
set -euo pipefail
cd "$(dirname "$0")"

python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
if [ ! -x /usr/bin/chromium ]; then
  echo "check.sh: installing Debian's Chromium for the browser tests" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

echo "== ruff"; ruff check . && ruff format --check .
echo "== mypy"; mypy
echo "== pytest"; python -m pytest "$@"

#!/usr/bin/env bash
# Refresh the translation sources from ui/ (new strings appear as "unfinished" in the .ts;
# translate them with pyside6-linguist), then compile the .qm files that ship.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${VENV:-.venv}/bin
for ts in resources/i18n/*.ts; do
  "$bin/pyside6-lupdate" ui/*.py -ts "$ts" -no-obsolete
  "$bin/pyside6-lrelease" "$ts" -qm "${ts%.ts}.qm"
done

#!/usr/bin/env bash
# `make run`: set up, then open the bundled sample (or the files given in ARGS) in a real window.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "No display: run it on a virtual one with: xvfb-run -a -s '-screen 0 1400x900x24' .venv/bin/bilingual-reader $*" >&2
  exit 1
fi
exec .venv/bin/bilingual-reader "$@"

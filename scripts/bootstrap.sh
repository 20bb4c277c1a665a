#!/usr/bin/env bash
# Set-up shared by `make run`, `make test` and `make dist` on a fresh Debian/Ubuntu machine:
# system libraries for Qt, Xvfb and PyInstaller (apt, when root), then the virtual environment at .venv/.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  # Qt's xcb/offscreen platforms and fonts
  libegl1 libgl1 libfontconfig1 libglib2.0-0 libdbus-1-3 libxkbcommon0
  # the real window system for the second test run and for `make run` without a display
  xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0
  libxkbcommon-x11-0
  # PyInstaller inspects and strips shared libraries with objdump/strip
  binutils
  # the EPUB export's test validates the book with epubcheck (a jar: it pulls a Java runtime)
  epubcheck
)

pick_python() {
  for candidate in python3.12 python3.11 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ! pick_python >/dev/null; then missing+=(python3 python3-venv); fi
fi
if ((${#missing[@]})); then
  cmd="apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then
    echo "bootstrap: installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    $cmd >/dev/null
  else
    echo "bootstrap: missing system packages; run as root first:" >&2
    echo "  sudo apt-get update && sudo $cmd" >&2
    exit 1
  fi
fi

PYTHON=$(pick_python) || { echo "bootstrap: Python >= 3.11 with venv is required" >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi
# Reinstall only when the project's metadata changed since the last install.
stamp=.venv/.installed-stamp
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "bootstrap: installing bilingual-reader and its dev tools into .venv"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[dev]"
  touch "$stamp"
fi
# Bytecode up to date, so start-up does not recompile changed modules each time (some environments set
# PYTHONDONTWRITEBYTECODE, which stops Python from caching it on its own).
.venv/bin/python -m compileall -q reader_app >/dev/null || true

#!/usr/bin/env bash
# `make test`: set up, then run the whole suite offscreen, then the GUI and e2e tests again under Xvfb
# with Qt's real xcb platform plugin. Fails if either run fails.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh || exit 1
# Property tests at full strength (1,000 generated inputs per format; see tests/unit/core/documents/test_hostile_input.py).
export HYPOTHESIS_PROFILE=ci
mkdir -p test-artifacts

echo "== lint: ruff; the layers and the Qt-free boundary (import-linter); types of core/ and storage/ (mypy)"
.venv/bin/ruff check reader_app tests bench packaging || exit 1
.venv/bin/lint-imports || exit 1
.venv/bin/mypy || exit 1

echo "== run 1: all tests, QT_QPA_PLATFORM=offscreen"
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest "$@"
first=$?

echo "== run 2: GUI and e2e tests under Xvfb, QT_QPA_PLATFORM=xcb"
QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python -m pytest tests/gui tests/e2e "$@"
second=$?

echo "== offscreen run: exit $first; Xvfb run: exit $second"
[ "$first" = 0 ] && [ "$second" = 0 ]

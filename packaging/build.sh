#!/usr/bin/env bash
# `make dist`: build dist/bilingual-reader/ (PyInstaller, one folder) and its .tar.gz in a clean virtual
# environment (build/venv-dist: the package installed non-editable, its runtime dependencies and PyInstaller,
# no dev tools), then check the budgets. Last line: RESULT bundle_mb=... archive_mb=... startup_ratio=... build_s=...
# Exits 1, after that line, when the unpacked bundle or the archive is over its size budget (MB = 10^6 bytes);
# .github/workflows/build.yml reads the budgets from here for Windows and macOS.
#
# Options: --skip-startup   do not measure start-up (the tests' frozen build; prints startup_ratio=skipped)
#          --enforce-budgets accepted for older callers: the size budgets are always enforced
# Linux and macOS; on Windows, CI runs the same steps itself (.github/workflows/build.yml).
set -euo pipefail
cd "$(dirname "$0")/.."

BUNDLE_BUDGET_MB=200
ARCHIVE_BUDGET_MB=100
STARTUP_BUDGET_RATIO=1.2
measure_startup=1
for arg in "$@"; do
  case "$arg" in
    --skip-startup) measure_startup=0 ;;
    --enforce-budgets) ;;
    *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

started=$(date +%s)
# The interpreter the development environment was made from (same Python as `make run`), else a python3.
if [ -x .venv/bin/python ]; then
  PYTHON=$(.venv/bin/python -c 'import sys; print(sys._base_executable)')
else
  PYTHON=$(command -v python3.11 || command -v python3)
fi
VENV=build/venv-dist
if [ ! -x "$VENV/bin/python" ]; then
  echo "build: creating the clean build environment $VENV with $PYTHON"
  "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.deps-stamp"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "build: installing the runtime dependencies and PyInstaller into $VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  # setuptools and wheel too: the package is then rebuilt below without an isolated build environment (faster,
  # no index needed after the first build). The spec keeps both out of the bundle.
  "$VENV/bin/python" -m pip install --quiet . "pyinstaller>=6.10" "setuptools>=77" wheel
  touch "$stamp"
fi
# The package itself on every build, non-editable: the bundle freezes exactly what `pip install .` ships.
# (setuptools' own scratch folder build/lib would otherwise keep stale copies of deleted modules.)
rm -rf build/lib build/bdist.*
if ! "$VENV/bin/python" -m pip install --quiet --no-deps --force-reinstall --no-build-isolation --no-cache-dir . \
     > build/pip-install.log 2>&1
then
  cat build/pip-install.log >&2
  exit 1
fi

# dist/ is about to change: the frozen e2e test's record of which sources it was built from no longer holds.
rm -f build/frozen-source-key
echo "build: PyInstaller (log: build/pyinstaller.log)"
if ! "$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist \
     --workpath build/pyinstaller packaging/reader_app.spec > build/pyinstaller.log 2>&1; then
  tail -30 build/pyinstaller.log >&2
  echo "build: PyInstaller failed" >&2
  exit 1
fi

# Beside the executable, for desktop integration (Exec/TryExec find `bilingual-reader` on PATH; see the README).
cp packaging/bilingual-reader.desktop dist/bilingual-reader/
cp resources/icons/bilingual-reader-256.png dist/bilingual-reader/bilingual-reader.png

version=$("$VENV/bin/python" -c 'import reader_app; print(reader_app.__version__)')
system=$(uname -s | tr '[:upper:]' '[:lower:]')
archive="dist/bilingual-reader-${version}-${system}-$(uname -m).tar.gz"
tar -C dist -czf "$archive" bilingual-reader
build_s=$(( $(date +%s) - started ))

bundle_mb=$("$VENV/bin/python" - <<'EOF'
import os
total = 0
for folder, _, files in os.walk("dist/bilingual-reader"):
    total += sum(os.lstat(os.path.join(folder, name)).st_size for name in files)
print(f"{total / 1e6:.1f}")
EOF
)
archive_mb=$("$VENV/bin/python" -c "import os, sys; print(f'{os.path.getsize(sys.argv[1]) / 1e6:.1f}')" "$archive")
echo "build: dist/bilingual-reader/ and $archive ($archive_mb MB) in ${build_s} s"
echo "build: largest parts (MB):"
"$VENV/bin/python" - <<'EOF'
import os
root = "dist/bilingual-reader/_internal"
sizes = {}
for folder, _, files in os.walk(root):
    rel = os.path.relpath(folder, root).split(os.sep)
    key = rel[0] if rel[0] != "." else None
    for name in files:
        size = os.lstat(os.path.join(folder, name)).st_size
        sizes[key or name] = sizes.get(key or name, 0) + size
for name, size in sorted(sizes.items(), key=lambda kv: -kv[1])[:12]:
    print(f"  {size / 1e6:6.1f}  {name}")
EOF

startup_ratio=skipped
if [ "$measure_startup" = 1 ]; then
  echo "build: start-up to first paint, frozen vs from source (.venv), alternating runs"
  result=$(.venv/bin/python packaging/startup_ratio.py dist/bilingual-reader/bilingual-reader --runs 5)
  sed 's/^/  /' <<<"$result"  # indented: the script's last line is this one's RESULT, not the measurement's
  startup_ratio=$(sed -n 's/.*startup_ratio=\([0-9.]*\).*/\1/p' <<<"$result")
fi

over=()
verdict() { # name value budget
  if awk -v v="$2" -v b="$3" 'BEGIN { exit !(v <= b) }'; then echo "budget: $1 $2 <= $3 ok"
  else echo "budget: $1 $2 > $3 OVER"; return 1; fi
}
verdict "bundle_mb" "$bundle_mb" "$BUNDLE_BUDGET_MB" ||
  over+=("the unpacked bundle dist/bilingual-reader/ is $bundle_mb MB, over its $BUNDLE_BUDGET_MB MB budget")
verdict "archive_mb" "$archive_mb" "$ARCHIVE_BUDGET_MB" ||
  over+=("the archive $archive is $archive_mb MB, over its $ARCHIVE_BUDGET_MB MB budget")
if [ "$startup_ratio" != skipped ]; then
  # Start-up is timed on a shared machine: reported against its budget, never fatal.
  verdict "startup_ratio" "$startup_ratio" "$STARTUP_BUDGET_RATIO" || true
fi
echo "RESULT bundle_mb=$bundle_mb archive_mb=$archive_mb startup_ratio=$startup_ratio build_s=$build_s"
if [ "${#over[@]}" -gt 0 ]; then
  for reason in "${over[@]}"; do echo "build: FAILED: $reason (see the largest parts above)" >&2; done
  exit 1
fi

#!/usr/bin/env bash
# Regenerate the compiled UI translation resources/translations/bilingual_reader_zh_CN.qm from the .ts file.
#
# The .ts file (Qt's TS XML) is the source of the Simplified Chinese UI text; it is kept by hand.
# To translate new UI text:
#   1. In the code, wrap the English text in self.tr("...") inside a QObject subclass (context = the class
#      name), or QCoreApplication.translate("Context", "...") / a module helper
#      `def _tr(text): return QCoreApplication.translate("Context", text)` called with a literal string.
#      Only literal strings can be found and translated; put values in with .format() afterwards: {0}, {1}.
#   2. Run  packaging/update_translations.sh --add
#      which appends every string the .ts lacks as <translation type="unfinished"></translation>, lists what
#      is still untranslated, and compiles the .qm.
#   3. Fill in each <translation> in resources/translations/bilingual_reader_zh_CN.ts (a text editor or
#      .venv/bin/pyside6-linguist), remove type="unfinished", keep the {0} placeholders and one "&" accelerator
#      (Chinese style: "文件(&F)"), then run this script again and commit the .ts and the .qm together.
# tests/gui/test_i18n.py fails while a UI string lacks a finished translation or the .qm is out of date.
#
# Usage: packaging/update_translations.sh [--add]     (from anywhere; uses the repository's .venv)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="$root/.venv/bin/python"
lrelease="$root/.venv/bin/pyside6-lrelease"
[[ -x "$python" ]] || python="$(command -v python3)"
[[ -x "$lrelease" ]] || lrelease="$(command -v pyside6-lrelease || command -v lrelease)"
ts="$root/resources/translations/bilingual_reader_zh_CN.ts"
qm="${ts%.ts}.qm"

status=0
"$python" "$root/packaging/translation_strings.py" --ts "$ts" "$@" || status=$?
"$lrelease" -silent "$ts" -qm "$qm"
echo "wrote $qm"
exit "$status"

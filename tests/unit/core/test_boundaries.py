"""core/ and storage/ stay Qt-free: importing every module with Qt made unimportable must succeed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import reader_app

PACKAGE = Path(reader_app.__file__).parent

BLOCK_QT = """
import importlib, pkgutil, sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'):
            raise ImportError('Qt is blocked in core/storage: ' + name)
        return None
sys.meta_path.insert(0, BlockQt())
import reader_app.core, reader_app.storage
for pkg in (reader_app.core, reader_app.storage):
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):
        importlib.import_module(info.name)
print('ok')
"""


def test_core_and_storage_import_without_qt() -> None:
    result = subprocess.run([sys.executable, "-c", BLOCK_QT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_no_qt_import_statements_in_core_or_storage() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for layer in ("core", "storage")
        for path in (PACKAGE / layer).rglob("*.py")
        if any(
            line.lstrip().startswith(("import PySide6", "from PySide6", "import shiboken6", "from shiboken6"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []

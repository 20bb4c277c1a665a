"""Set-up shared by the window benchmarks: a QApplication whose data folder and settings live in a temporary folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def bench_application(prefix: str):
    """(QApplication, the temporary folder): the user's real notes and settings are never touched."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    data = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["BILINGUAL_READER_DATA_DIR"] = str(data / "user-data")
    app = QApplication([])
    app.setOrganizationName("bilingual-reader-bench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(data / "settings"))
    return app, data

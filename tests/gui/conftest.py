"""GUI fixtures: QSettings isolated per test, the bundled font registered."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_qsettings(qapp, tmp_path: Path):
    from PySide6.QtCore import QSettings

    qapp.setOrganizationName("bilingual-reader-tests")
    qapp.setApplicationName("bilingual-reader-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    yield


@pytest.fixture
def main_window(qtbot):
    from reader_app.ui.fonts import register_bundled_font
    from reader_app.ui.main_window import MainWindow

    register_bundled_font()
    # Tier 2 is tested on its own; here it would only keep a worker busy after each test.
    window = MainWindow(refine=False)
    qtbot.addWidget(window)
    yield window
    for job in [window.job, *window._old_jobs]:
        if job is not None:
            job.cancel()
            job.wait(30)
    if window._checks is not None:
        window._checks.wait(30)  # a run of the checks ends with its test

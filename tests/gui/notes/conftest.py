"""Notes fixtures: a NotesController on the main window with its own database, the sample shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader_app.core.documents import load_document
from reader_app.storage.database import Database
from reader_app.ui.notes import NotesController
from tests.conftest import SAMPLE
from tests.gui.sample_panes import SAMPLE_ALIGNMENT

STORAGE_TIMEOUT_MS = 10_000


def settle(qtbot, controller: NotesController) -> None:
    """Wait until the storage thread has run, and reported, everything queued so far."""
    qtbot.waitUntil(lambda: not controller.storage.busy(), timeout=STORAGE_TIMEOUT_MS)


@pytest.fixture
def notes(main_window, tmp_path: Path, qtbot):
    # Opened on the storage thread, which owns it from then on (as the window's own database is).
    controller = NotesController(main_window, lambda: Database(tmp_path / "notes"))
    main_window.show_document(load_document(SAMPLE), SAMPLE_ALIGNMENT)
    settle(qtbot, controller)
    assert controller.database is not None
    yield controller
    assert controller.close_storage()

"""Notes fixtures: a NotesController on the main window with its own database, the sample shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader_app.core.documents import load_document
from reader_app.storage.database import Database
from reader_app.ui.notes import NotesController
from tests.conftest import SAMPLE
from tests.gui.sample_panes import SAMPLE_ALIGNMENT


@pytest.fixture
def notes(main_window, tmp_path: Path):
    database = Database(tmp_path / "notes")
    controller = NotesController(main_window, database)
    main_window.show_document(load_document(SAMPLE), SAMPLE_ALIGNMENT)
    yield controller
    database.close()

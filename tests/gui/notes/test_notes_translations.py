"""The notes' UI strings kept the translation contexts of the classes they were written in
(AnnotationsController, AnnotationsPanel), so the catalogue translates every one of them unchanged."""

from __future__ import annotations

import importlib.util

import pytest
from PySide6.QtCore import QCoreApplication

from reader_app.ui import i18n
from tests.conftest import ROOT

TS = ROOT / "resources" / "translations" / "bilingual_reader_zh_CN.ts"
NOTES = ROOT / "reader_app" / "ui" / "notes"
CONTEXTS = ("AnnotationsController", "AnnotationsPanel")


def _translation_strings():
    spec = importlib.util.spec_from_file_location("translation_strings", ROOT / "packaging" / "translation_strings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def chinese(qapp):
    assert i18n.install_translator(qapp, "zh_CN") == "zh_CN"
    yield
    i18n.install_translator(qapp, "en")


def test_every_notes_string_is_the_catalogues_and_finished() -> None:
    # packaging/translation_strings.py's ui_sources() reads reader_app/ui/*.py, not this package: so here.
    strings = _translation_strings()
    sources = sorted(NOTES.glob("*.py"))
    assert strings.missing(TS, sources) == []
    found = {(context, text) for context, texts in strings.source_strings(sources).items() for text in texts}
    catalogue = {key for key in strings.ts_messages(TS) if key[0] in CONTEXTS}
    # The default colours' meanings (markers.PALETTE_MEANINGS) are new, under a context of their own.
    palette = {key for key in found if key[0] == "Palette"}
    assert len(palette) == 5
    assert found - palette == catalogue  # none lost in the move, none under a new context
    assert len(found - palette) == 34


def test_the_notes_speak_chinese_under_the_old_contexts(chinese, main_window, tmp_path) -> None:
    from reader_app.storage.database import Database
    from reader_app.ui.notes import NotesController

    database = Database(tmp_path / "notes")
    try:
        controller = NotesController(main_window, database)
        for context, source, widget_text in (
                ("AnnotationsPanel", "Notes", controller.panel.windowTitle()),
                ("AnnotationsPanel", "Retry Saving", controller.panel.retry_button.text()),
                ("AnnotationsController", "Add &Note", controller.add_action.text()),
                ("AnnotationsController", "&Import Notes from JSON…", controller.note_actions.import_action.text())):
            translated = QCoreApplication.translate(context, source)
            assert translated != source and widget_text == translated
    finally:
        database.close()


def test_the_export_message_counts_in_each_language(chinese, qapp) -> None:
    from reader_app.ui.notes.files import _tr_n

    assert _tr_n("Exported %n note(s) to {1}", 1).format(1, "a.md") == "已将 1 条笔记导出到 a.md"
    assert _tr_n("Exported %n note(s) to {1}", 3).format(3, "a.md") == "已将 3 条笔记导出到 a.md"
    i18n.install_translator(qapp, "en")
    assert _tr_n("Exported %n note(s) to {1}", 1).format(1, "a.md") == "Exported 1 note to a.md"
    assert _tr_n("Exported %n note(s) to {1}", 2).format(2, "a.md") == "Exported 2 notes to a.md"

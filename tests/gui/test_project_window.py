"""File ▸ Save Project / opening a project: texts, alignment edits, notes, ignored checks, unit and position come
back in a fresh data folder with the source file gone; a damaged project is refused with its reason."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader_app.core.editing import LinkStatus
from reader_app.paths import sample_path, set_data_dir
from reader_app.ui import settings
from reader_app.ui.main_window import MainWindow
from reader_app.ui.project_files import save_project
from tests.gui.test_alignment_edits import TIMEOUT_MS, make_editor, open_sample, pairs, select, trigger
from tests.gui.test_main_window import open_and_wait


def test_a_saved_project_opens_whole_on_a_fresh_data_folder(main_window, qtbot, tmp_path: Path) -> None:
    source = tmp_path / "readout.txt"
    shutil.copy(sample_path(), source)
    editor = make_editor(main_window)
    open_sample(qtbot, main_window, editor, source)
    select(main_window.view.zh_pane, 5, 5)
    select(main_window.view.en_pane, 5, 7)
    trigger(qtbot, editor, "link_these")
    edited = pairs(main_window.view.alignment)
    notes = main_window.annotations
    assert notes.add_note("zh", 2, note="會議在華盛頓舉行") is not None
    qtbot.waitUntil(lambda: [n.note for n in notes.notes()] == ["會議在華盛頓舉行"], timeout=TIMEOUT_MS)
    content_id = main_window.document.content_id
    settings.IGNORED_CHECKS.write(main_window.settings, content_id, {"number:abc"})
    project = tmp_path / "readout.bireader"
    with qtbot.waitSignal(main_window.statusBar().messageChanged, timeout=TIMEOUT_MS,
                          check_params_cb=lambda text: text.startswith("Project saved")):
        assert save_project(main_window, str(project))
    assert notes.close_storage()
    main_window.close()

    source.unlink()
    set_data_dir(tmp_path / "another-machine")
    again = MainWindow(refine=False)
    qtbot.addWidget(again)
    settings.IGNORED_CHECKS.write(again.settings, content_id, set())  # as on a machine that never saw it
    editor2 = make_editor(again)
    try:
        open_sample(qtbot, again, editor2, project)
        assert again.document.content_id == content_id and again.document.title == "readout"
        qtbot.waitUntil(lambda: [n.note for n in again.annotations.notes()] == ["會議在華盛頓舉行"],
                        timeout=TIMEOUT_MS)
        # The edits came with the notes: re-applied once merged.
        qtbot.waitUntil(lambda: pairs(again.view.alignment) == edited, timeout=TIMEOUT_MS)
        assert editor2.pinned.statuses[-1] == LinkStatus.MANUAL
        assert settings.IGNORED_CHECKS.read(again.settings, content_id) == {"number:abc"}
    finally:
        assert again.annotations.close_storage()
        if again.job is not None:
            again.job.cancel()
            again.job.wait(30)


def test_a_damaged_project_is_refused_with_its_reason(main_window, qtbot, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.bireader"
    damaged.write_bytes(b"PK\x03\x04 not really")
    with qtbot.waitSignal(main_window.loadFailed, timeout=TIMEOUT_MS) as failed:
        main_window.open_paths([str(damaged)])
    assert failed.args == ["Could not open the project: damaged.bireader: is not a project file or is damaged "
                           "(not a readable zip archive)"]
    assert main_window.document is None and main_window.job is None
    open_and_wait(qtbot, main_window, [str(sample_path())])  # the window goes on working

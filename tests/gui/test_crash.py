"""The crash handler: an unhandled exception in a slot or a worker thread writes a report to crash/ in the data
folder, saves the note being edited, opens a non-blocking dialog on the GUI thread, and the reader goes on."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from reader_app import __version__
from reader_app.paths import sample_path
from reader_app.ui.crash import CrashHandler
from tests.gui.test_main_window import open_and_wait

# pytest-qt's own sys.excepthook would take the exception first and fail the test: here the handler under test
# is the hook (installed in the fixture, given back afterwards).
pytestmark = pytest.mark.qt_no_exception_capture


class Boom(RuntimeError):
    pass


@pytest.fixture
def crash_handler(main_window, qtbot):
    hooks = (sys.excepthook, threading.excepthook)
    handler = CrashHandler()
    handler.window = main_window
    handler.install()
    yield handler
    handler.uninstall()
    assert (sys.excepthook, threading.excepthook) == hooks


def crash_dialog() -> QMessageBox | None:
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.objectName() == "crashDialog" and w.isVisible()), None)


def the_one_report(data_dir: Path) -> tuple[Path, str]:
    [report] = sorted((data_dir / "crash").glob("*.txt"))
    return report, report.read_text(encoding="utf-8")


def test_an_exception_in_a_slot_is_reported_and_the_window_goes_on(main_window, crash_handler, qtbot,
                                                                   isolated_user_data: Path, monkeypatch) -> None:
    open_and_wait(qtbot, main_window, [str(sample_path())])
    notes = main_window.annotations
    notes.add_note("zh", 0)
    notes.panel.editor.setPlainText("typed just before the crash")
    assert notes.has_unsaved_edit()  # waiting for its autosave
    flushed_with_dialog = []
    flush = main_window.flush_notes
    monkeypatch.setattr(main_window, "flush_notes", lambda: (flushed_with_dialog.append(crash_dialog()), flush()))

    def go_to_omission(forward: bool) -> None:
        raise Boom("a bug in a slot")

    monkeypatch.setattr(main_window.view, "go_to_omission", go_to_omission)
    with qtbot.waitSignal(crash_handler.crashReported, timeout=10_000) as blocker:
        main_window.menu_actions.next_omission.trigger()  # Qt calls the slot; the exception goes to sys.excepthook

    report, text = the_one_report(isolated_user_data)
    assert blocker.args == [report]
    assert report.parent == isolated_user_data / "crash"
    assert text.startswith(f"Bilingual Reader {__version__} crash report\n")
    for line in ("Thread: MainThread", f"Version: {__version__}", "Python: 3.", "Qt: 6.", "PySide6: 6.", "Platform: "):
        assert f"\n{line}" in text, line
    assert "Traceback (most recent call last):" in text
    assert 'raise Boom("a bug in a slot")' in text and text.rstrip().endswith("Boom: a bug in a slot")
    # The note was saved before the dialog came.
    assert flushed_with_dialog == [None]
    assert not notes.has_unsaved_edit()
    assert [n.note for n in notes.notes()] == ["typed just before the crash"]
    dialog = crash_dialog()
    assert dialog is not None and dialog.parent() is main_window
    assert str(report) in dialog.informativeText()
    assert "Boom: a bug in a slot" in dialog.detailedText()
    # The window still answers while the dialog is open.
    size = main_window.view.point_size
    main_window.menu_actions.zoom_in[0].trigger()
    assert main_window.view.point_size == size + 1
    open_and_wait(qtbot, main_window, [str(sample_path())])
    # A second crash updates the dialog that is open rather than stacking another.
    with qtbot.waitSignal(crash_handler.crashReported, timeout=10_000):
        main_window.menu_actions.next_omission.trigger()
    assert len(list((isolated_user_data / "crash").glob("*.txt"))) == 2
    assert [w for w in QApplication.topLevelWidgets() if w.objectName() == "crashDialog"] == [dialog]


def test_an_exception_in_a_worker_thread_is_reported_on_the_gui_thread(main_window, crash_handler, qtbot,
                                                                       isolated_user_data: Path) -> None:
    def work() -> None:
        raise Boom("a bug in a thread")

    worker = threading.Thread(target=work, name="crash-test-worker")
    with qtbot.waitSignal(crash_handler.crashReported, timeout=10_000):
        worker.start()
        worker.join(10)
    report, text = the_one_report(isolated_user_data)
    assert "\nThread: crash-test-worker\n" in text
    assert text.rstrip().endswith("Boom: a bug in a thread")
    dialog = crash_dialog()
    assert dialog is not None and str(report) in dialog.informativeText()
    assert dialog.thread() is QApplication.instance().thread()  # made on the GUI thread, not the worker's


def test_without_a_writable_data_folder_the_dialog_says_so(main_window, crash_handler, qtbot,
                                                           isolated_user_data: Path) -> None:
    isolated_user_data.mkdir(parents=True, exist_ok=True)
    (isolated_user_data / "crash").write_text("a file where the folder should be", encoding="utf-8")
    with qtbot.waitSignal(crash_handler.crashReported, timeout=10_000) as blocker:
        crash_handler.handle(Boom, Boom("no disk"), None, "MainThread")
    assert blocker.args == [None]
    dialog = crash_dialog()
    assert dialog is not None and dialog.informativeText().startswith("No report could be written (")


def test_a_failing_handler_falls_back_to_stderr_without_recursion(main_window, crash_handler, qtbot, monkeypatch,
                                                                  capsys) -> None:
    from reader_app.ui import crash

    def broken(*_args) -> str:
        raise Boom("the report itself fails")

    monkeypatch.setattr(crash, "report_text", broken)
    monkeypatch.setattr(crash.CrashHandler, "_show_dialog", lambda *_args: sys.excepthook(Boom, Boom("again"), None))
    with qtbot.waitSignal(crash_handler.crashReported, timeout=10_000):
        crash_handler.handle(Boom, Boom("first"), None, "MainThread")
    qtbot.wait(50)
    err = capsys.readouterr().err
    assert "Boom: first" in err and "Boom: the report itself fails" in err
    assert "Boom: again" in err  # the dialog's own failure went to stderr, not to a second round
    assert crash_dialog() is None

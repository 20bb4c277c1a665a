"""Unhandled exceptions (a slot, a worker thread): a report in the data folder's crash/ and a dialog; no exit."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("CrashHandler", text)


def crash_dir() -> Path:
    from reader_app.paths import data_dir

    return data_dir() / "crash"


def report_text(exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None, thread: str) -> str:
    """The report: what ran (versions, platform), when, in which thread, and the traceback."""
    import platform
    import traceback
    from datetime import datetime

    import PySide6
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication

    from reader_app import __version__

    try:
        plugin = QGuiApplication.platformName() or "none"
    except RuntimeError:  # no application (yet, or any more)
        plugin = "none"
    return "".join([
        f"Bilingual Reader {__version__} crash report\n",
        f"Time: {datetime.now().astimezone().isoformat(timespec='seconds')}\n",
        f"Thread: {thread}\n",
        f"Version: {__version__}\n",
        f"Python: {sys.version.replace(chr(10), ' ')}\n",
        f"Qt: {qVersion()}\n",
        f"PySide6: {PySide6.__version__}\n",
        f"Platform: {platform.platform()} (Qt platform plugin: {plugin})\n",
        "\n",
        *traceback.format_exception(exc_type, exc, tb),
    ])


def write_report(text: str) -> Path:
    """Write `text` to crash/<timestamp>.txt in the data folder (made if needed); returns its path."""
    from datetime import datetime

    folder = crash_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    for n in range(100):
        path = folder / (f"{stamp}.txt" if n == 0 else f"{stamp}-{n}.txt")
        try:
            with path.open("x", encoding="utf-8") as file:
                file.write(text)
            return path
        except FileExistsError:
            continue
    raise FileExistsError(path)


def _to_stderr(*parts: str) -> None:
    stream = sys.stderr or sys.__stderr__  # None in a windowed build without a console
    if stream is not None:
        try:
            stream.write("".join(parts))
            stream.flush()
        except (OSError, ValueError):
            pass


class CrashHandler(QObject):
    """sys.excepthook and threading.excepthook while installed. An unhandled exception writes a report
    (write_report), then, on the GUI thread whatever thread failed: the notes being edited in `window` are
    saved (window.flush_notes()), and a non-blocking dialog names the report. The application keeps running.
    A failure of the handler itself goes to stderr, with the original exception, and goes no further.

    Signals: crashReported(object) with the report's Path (None when it could not be written), once its
    dialog is open."""

    crashReported = Signal(object)
    _reported = Signal(object, str, str)  # (path or None, why it is None, traceback), to the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window: QWidget | None = None  # notes saved and dialog shown over it, when set
        self.dialog: QMessageBox | None = None
        self._previous: tuple | None = None
        self._handling = threading.local()
        # Queued even from the GUI thread: the dialog opens after the failed event, not inside it.
        self._reported.connect(self._on_reported, Qt.ConnectionType.QueuedConnection)

    def install(self) -> CrashHandler:
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
            sys.excepthook = self._on_exception
            threading.excepthook = self._on_thread_exception
        return self

    def uninstall(self) -> None:
        """Give the hooks back to what was there before install() (unless replaced since), close the dialog."""
        if self._previous is not None:
            if sys.excepthook == self._on_exception:
                sys.excepthook = self._previous[0]
            if threading.excepthook == self._on_thread_exception:
                threading.excepthook = self._previous[1]
            self._previous = None
        from shiboken6 import isValid

        if self.dialog is not None and isValid(self.dialog):
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = None

    def _on_exception(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not issubclass(exc_type, Exception):  # KeyboardInterrupt, SystemExit: not crashes of ours
            (self._previous[0] if self._previous else sys.__excepthook__)(exc_type, exc, tb)
            return
        self.handle(exc_type, exc, tb, threading.current_thread().name)

    def _on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:  # ends a thread quietly, as in threading's own hook
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback,
                    args.thread.name if args.thread is not None else "?")

    def handle(self, exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None,
               thread: str) -> None:
        """Report one exception (any thread): the file now, the notes and the dialog on the GUI thread."""
        import traceback

        details = "".join(traceback.format_exception(exc_type, exc, tb))
        if getattr(self._handling, "active", False):  # the handler failed inside itself: no second round
            _to_stderr(details)
            return
        self._handling.active = True
        try:
            _to_stderr(f"Bilingual Reader: unhandled exception in thread {thread}\n", details)
            path, why = None, ""
            try:
                path = write_report(report_text(exc_type, exc, tb, thread))
            except Exception as error:  # noqa: BLE001 - disk, permissions: the dialog says so instead
                why = f"{type(error).__name__}: {error}"
                _to_stderr(f"Bilingual Reader: no crash report written: {why}\n")
            self._reported.emit(path, why, details)
        except Exception:  # noqa: BLE001 - never raise out of a hook
            _to_stderr("Bilingual Reader: the crash handler failed:\n", traceback.format_exc(), details)
        finally:
            self._handling.active = False

    def _on_reported(self, path: Path | None, why: str, details: str) -> None:
        self._handling.active = True
        try:
            self._save_notes()
            self._show_dialog(path, why, details)
            self.crashReported.emit(path)
        except Exception:  # noqa: BLE001 - a failing dialog must not report itself, forever
            import traceback

            _to_stderr("Bilingual Reader: the crash dialog failed:\n", traceback.format_exc())
        finally:
            self._handling.active = False

    def _save_notes(self) -> None:
        flush = getattr(self.window, "flush_notes", None)
        if flush is None:
            return
        try:
            flush()
        except Exception:  # noqa: BLE001 - the dialog comes anyway
            import traceback

            _to_stderr("Bilingual Reader: notes could not be saved after the crash:\n", traceback.format_exc())

    def _show_dialog(self, path: Path | None, why: str, details: str) -> None:
        from PySide6.QtWidgets import QMessageBox
        from shiboken6 import isValid

        if path is not None:
            where = _tr("A report was written to:\n{0}").format(path)
        else:
            where = _tr("No report could be written ({0}); the details were printed to the terminal.").format(why)
        dialog = self.dialog if self.dialog is not None and isValid(self.dialog) else None
        if dialog is None or not dialog.isVisible():  # one dialog at a time: a later crash updates it
            if dialog is not None:
                dialog.deleteLater()
            parent = self.window if self.window is not None and isValid(self.window) else None
            dialog = self.dialog = QMessageBox(parent)
            dialog.setObjectName("crashDialog")
            dialog.setIcon(QMessageBox.Icon.Critical)
            dialog.setWindowTitle(_tr("Internal Error"))
            dialog.setText(_tr("Bilingual Reader ran into an internal error. It keeps running; notes being "
                               "edited were saved where possible."))
            dialog.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dialog.setInformativeText(where)
        dialog.setDetailedText(details)
        dialog.open()  # not exec(): the event loop (and the reader) go on


def install_crash_handler(parent: QObject | None = None) -> CrashHandler:
    """A CrashHandler, installed; set its `window` once there is one."""
    return CrashHandler(parent).install()

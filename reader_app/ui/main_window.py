"""The main window: the reader view, menus, find bar, status bar with progress, and an in-window message bar."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QProgressBar, QPushButton, QVBoxLayout, QWidget

from reader_app import __version__
from reader_app.core.model import Document
from reader_app.ui.colours import Legend
from reader_app.ui.loader import DocumentJob
from reader_app.ui.reader_view import DEFAULT_POINT_SIZE, ReaderView

if TYPE_CHECKING:  # imported when first needed: start-up pays only for what the first frame shows
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent

    from reader_app.core.alignment import Alignment
    from reader_app.ui.annotations import AnnotationsController
    from reader_app.ui.find_bar import FindBar

MAX_RECENT = 10
SCRIPTS = ("original", "simplified", "traditional")
# At start-up, files up to this size (both together) whose load is in the document cache are shown in the
# window's first frame, read on the GUI thread (about a millisecond for the sample); larger or uncached
# ones, and every later open, load in the background.
SYNCHRONOUS_OPEN_BYTES = 1 << 20
# Made with the menus, after the first frame (see MainWindow.__getattr__).
_MENU_ATTRIBUTES = frozenset({"open_action", "recent_menu", "next_omission_action", "previous_omission_action",
                              "view_menu", "link_action", "refine_action"})
# A shown window that has not painted by then (obscured, minimised) starts its deferred work anyway.
START_UP_DEFERRAL_MS = 300


class MessageBar(QLabel):
    """A line above the panes for errors about the document: visible, non-modal, never a traceback."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet("QLabel#messageBar { background: #fde2e1; color: #5c0b07; padding: 6px; }")
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.show()

    def clear_message(self) -> None:
        self.clear()
        self.hide()


class MainWindow(QMainWindow):
    """Signals: documentOpened(Document) after a document is shown with its alignment (tier 1 or given; its
    text alone may be shown before);
    alignmentRefined(Alignment) when the refined alignment has replaced the instant one;
    loadFailed(str) with the message shown."""

    documentOpened = Signal(object)
    alignmentRefined = Signal(object)
    loadFailed = Signal(str)

    def __init__(self, *, refine: bool | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Bilingual Reader")
        self.resize(1280, 820)
        self.setAcceptDrops(True)
        self.settings = QSettings()
        self.document: Document | None = None
        self.paths: list[str] = []
        self.job: DocumentJob | None = None
        self._old_jobs: list[DocumentJob] = []
        self.refine = self.settings.value("refine", True, type=bool) if refine is None else refine

        # Work the first frame does not need waits until it is painted (see _finish_start_up); the find bar
        # and the notes controller are also made on first use, so code reaching for them always finds them.
        self._deferred: list[Callable[[], None]] | None = []
        self._find_bar: FindBar | None = None
        self._annotations: AnnotationsController | None = None
        self._preloaded: Document | None = None  # shown before its job reported it (see open_paths)

        self.view = ReaderView()
        self.message_bar = MessageBar()
        central = QWidget()
        self._central_layout = layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(central)

        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setTextVisible(True)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_loading)
        self.legend = Legend()
        self.counts_label = QLabel()
        # Permanent widgets stay visible while the status bar shows a message.
        self.statusBar().addPermanentWidget(self.legend)
        self.statusBar().addPermanentWidget(self.progress_bar)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self.statusBar().addPermanentWidget(self.counts_label)
        self._set_busy(False)

        self.view.set_point_size(float(self.settings.value("zoom", DEFAULT_POINT_SIZE, type=float)))
        self.view.set_linked(self.settings.value("linkScrolling", True, type=bool))
        if self.settings.value("swapped", False, type=bool):
            self.view.swap_panes()
        self.cancel_button.setText(self.tr("Cancel"))
        self._menus_built = False
        self._build_menu_titles()
        self._deferred += [self._build_menus_if_needed, self._create_annotations]
        self.view.zh_pane.viewport().installEventFilter(self)

    # -- start-up: what the first frame does without -------------------------------------------------

    @property
    def find_bar(self) -> FindBar:
        if self._find_bar is None:
            from reader_app.ui.find_bar import FindBar

            self._find_bar = FindBar(self.view)
            self._find_bar.hide()
            self._central_layout.addWidget(self._find_bar)
        return self._find_bar

    @property
    def annotations(self) -> AnnotationsController:
        """The notes controller (dock, markers, actions), made after the first frame or on first use."""
        if self._annotations is None:
            from reader_app.ui.annotations import AnnotationsController

            # Its construction places the notes of the document shown, if any.
            self._annotations = AnnotationsController(self)
        return self._annotations

    def __getattr__(self, name: str):
        # Menu actions are made after the first frame; code asking for one before gets them made now.
        if name in _MENU_ATTRIBUTES and not self.__dict__.get("_menus_built", True):
            self._build_menus()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _build_menus_if_needed(self) -> None:
        if not self.__dict__.get("_menus_built", True):
            self._build_menus()

    def _create_annotations(self) -> None:
        self.annotations  # noqa: B018 - made now, with its menu entries and shortcuts

    def after_first_frame(self, work: Callable[[], None], *, first: bool = False) -> None:
        """Run `work` once the window has painted its first frame (at most START_UP_DEFERRAL_MS after it was
        shown, painted or not), or now when that frame is past or the window is hidden; `first` puts it
        before the work already waiting."""
        if self._deferred is None or not self.isVisible():
            work()
        else:
            self._deferred.insert(0 if first else len(self._deferred), work)

    def _finish_start_up(self) -> None:
        work, self._deferred = self._deferred, None
        self._run_steps(list(work or ()))

    def _run_steps(self, steps: list[Callable[[], None]]) -> None:
        """One deferred step per event-loop turn, so the window keeps answering between them."""
        if steps:
            steps.pop(0)()
            if steps:
                QTimer.singleShot(0, self, lambda: self._run_steps(steps))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._deferred is not None:
            QTimer.singleShot(START_UP_DEFERRAL_MS, self, self._finish_start_up)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint and watched is self.view.zh_pane.viewport():
            watched.removeEventFilter(self)
            # After this paint and its flush to the screen, not inside it.
            QTimer.singleShot(0, self, self._finish_start_up)
        return super().eventFilter(watched, event)

    # -- menus -------------------------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None, *, checkable: bool = False,
                checked: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        if checkable:
            action.setChecked(checked)
            action.toggled.connect(slot)
        else:
            action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even when the menu bar is hidden
        return action

    def _build_menu_titles(self) -> None:
        """The menu bar with its titles alone, so that the first frame shows it at its height; _build_menus
        replaces it with the full menus after that frame (or when code asks for a menu action)."""
        tr = self.tr
        for title in (tr("&File"), tr("&Edit"), tr("&Go"), tr("&View"), tr("&Help")):
            self.menuBar().addMenu(title)

    def _build_menus(self) -> None:
        """(Re)build every menu in the current UI language."""
        self._menus_built = True
        for action in self.actions():
            self.removeAction(action)
        bar = self.menuBar()
        replaced = [action.menu() for action in bar.actions() if action.menu() is not None]
        bar.clear()
        for menu in replaced:
            menu.deleteLater()
        tr = self.tr
        self.cancel_button.setText(tr("Cancel"))

        file_menu = bar.addMenu(tr("&File"))
        self.open_action = self._action(tr("&Open…"), self._on_open_triggered, QKeySequence.StandardKey.Open)
        file_menu.addAction(self.open_action)
        file_menu.addAction(self._action(tr("Open &Two Files (Chinese, English)…"), self._on_open_two_triggered,
                                         "Ctrl+Shift+O"))
        self.recent_menu = file_menu.addMenu(tr("Open &Recent"))
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        file_menu.addSeparator()
        file_menu.addAction(self._action(tr("&Quit"), self.close, QKeySequence.StandardKey.Quit))

        edit_menu = bar.addMenu(tr("&Edit"))
        edit_menu.setObjectName("editMenu")  # found by name, whatever the interface language
        edit_menu.addAction(self._action(tr("&Find…"), lambda: self.find_bar.start(), QKeySequence.StandardKey.Find))
        edit_menu.addAction(self._action(tr("Find &Next"), lambda: self.find_bar.find_next(),
                                         QKeySequence.StandardKey.FindNext))
        edit_menu.addAction(self._action(tr("Find &Previous"), lambda: self.find_bar.find_previous(),
                                         QKeySequence.StandardKey.FindPrevious))

        go_menu = bar.addMenu(tr("&Go"))
        self.next_omission_action = self._action(tr("&Next Omission"), lambda: self.view.go_to_omission(True), "F7")
        self.previous_omission_action = self._action(tr("&Previous Omission"),
                                                      lambda: self.view.go_to_omission(False), "Shift+F7")
        go_menu.addAction(self.next_omission_action)
        go_menu.addAction(self.previous_omission_action)
        go_menu.addAction(self._action(tr("&Go to Paragraph…"), self._on_go_to_paragraph_triggered, "Ctrl+J"))
        go_menu.addSeparator()
        go_menu.addAction(self._action(tr("Focus &Left Pane"), lambda: self.view.left.setFocus(), "Ctrl+1"))
        go_menu.addAction(self._action(tr("Focus &Right Pane"), lambda: self.view.right.setFocus(), "Ctrl+2"))

        view_menu = bar.addMenu(tr("&View"))
        self.view_menu = view_menu
        self.link_action = self._action(tr("&Link Scrolling"), self._on_link_toggled, "Ctrl+L", checkable=True,
                                        checked=self.view.linker.enabled)
        view_menu.addAction(self.link_action)
        view_menu.addAction(self._action(tr("&Swap Panes"), self._on_swap_triggered, "Ctrl+Shift+X"))
        self.refine_action = self._action(tr("&Refine Alignment in the Background"), self._on_refine_toggled,
                                          checkable=True, checked=self.refine)
        view_menu.addAction(self.refine_action)
        view_menu.addSeparator()
        view_menu.addAction(self._action(tr("Zoom &In"), lambda: self._zoom(+1), QKeySequence.StandardKey.ZoomIn))
        self._action(tr("Zoom In"), lambda: self._zoom(+1), "Ctrl+=")
        view_menu.addAction(self._action(tr("Zoom &Out"), lambda: self._zoom(-1), QKeySequence.StandardKey.ZoomOut))
        view_menu.addAction(self._action(tr("&Reset Zoom"), lambda: self._zoom(0), "Ctrl+0"))
        view_menu.addSeparator()
        script_names = {"original": tr("As Written"), "simplified": tr("Simplified"),
                        "traditional": tr("Traditional")}
        for language, title in (("zh", tr("Chinese Pane Script")), ("en", tr("English Pane Script"))):
            menu = view_menu.addMenu(title)
            group = QActionGroup(self)
            current = self.settings.value(f"script/{language}", "original", type=str)
            for script in SCRIPTS:
                action = self._action(script_names[script],
                                      lambda on, lang=language, s=script: on and self.set_script(lang, s),
                                      checkable=True, checked=script == current)
                action.setObjectName(f"script-{language}-{script}")
                group.addAction(action)
                menu.addAction(action)
        language_menu = view_menu.addMenu(tr("Interface &Language"))
        group = QActionGroup(self)
        current_ui = self.settings.value("uiLanguage", "", type=str)
        for code, name in (("", tr("System Default")), ("en", "English"), ("zh_CN", "简体中文")):
            action = self._action(name, lambda on, c=code: on and self.set_ui_language(c), checkable=True,
                                  checked=code == current_ui)
            group.addAction(action)
            language_menu.addAction(action)

        if self._annotations is not None:
            self._annotations.install_menu()
        help_menu = bar.addMenu(tr("&Help"))
        help_menu.addAction(self._action(tr("&About Bilingual Reader"), self._on_about_triggered))
        self._update_counts()

    # -- opening documents -------------------------------------------------------------------------

    def open_paths(self, paths: list[str], encoding: str | None = None) -> None:
        """Open one bilingual file or a Chinese file and its English translation, loading and aligning in the
        background. The result arrives through documentOpened or loadFailed."""
        if not paths:
            return
        self.cancel_loading()
        self._save_position()
        self.paths = [str(p) for p in paths[:2]]
        # At start-up only: later opens keep the event loop free while a worker reads the cache.
        starting = self._deferred is not None
        self._preloaded = self._cached_small_document(self.paths, encoding) if starting else None
        job = DocumentJob(self.paths, encoding=encoding, refine=self.refine, parent=self)
        job.documentLoaded.connect(self._on_job_document_loaded)
        job.loaded.connect(self._on_job_loaded)
        job.refined.connect(self._on_job_refined)
        job.failed.connect(self._on_job_failed)
        job.progress.connect(self._on_job_progress)
        job.finished.connect(lambda j=job: self._on_job_finished(j))
        self.job = job
        self._set_busy(True, self.tr("Opening {0}…").format(" + ".join(Path(p).name for p in self.paths)))
        if self._preloaded is None:
            # While start-up work is still waiting (notes, menus), the job waits behind it: its thread would
            # hold the interpreter in long parsing calls and stretch that work into a long freeze.
            self.after_first_frame(job.start)
            return
        # The text is shown now, in the first frame; the job (which finds the same document in the cache,
        # then aligns) starts after that frame, so that its imports do not compete with painting it.
        self._show_loaded_document(self._preloaded)
        self.after_first_frame(job.start, first=True)  # its thread works while the rest is made

    @staticmethod
    def _cached_small_document(paths: list[str], encoding: str | None) -> Document | None:
        try:
            if sum(os.stat(p).st_size for p in paths) > SYNCHRONOUS_OPEN_BYTES:
                return None
        except OSError:
            return None  # the job reports it
        from reader_app.core.cache import cached_document

        return cached_document(paths[0], paths[1] if len(paths) > 1 else None, encoding=encoding)

    def cancel_loading(self) -> None:
        if self.job is not None:
            self.job.cancel()
            # The thread ends at its next progress report; keep a reference until then.
            self._old_jobs.append(self.job)
            self.job = None
            self._set_busy(False)
            self.statusBar().showMessage(self.tr("Cancelled"), 5000)

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.progress_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress_bar.setRange(0, 0)
            self.statusBar().showMessage(message)
        else:
            self.statusBar().clearMessage()

    def _on_job_progress(self, stage: str, done: int, total: int) -> None:
        if self.sender() is not self.job:
            return
        labels = {"load": self.tr("Loading"), "align": self.tr("Aligning"), "refine": self.tr("Refining alignment")}
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.progress_bar.setFormat(f"{labels.get(stage, stage)} %p%")

    def _on_job_document_loaded(self, document: Document) -> None:
        """The text is read: show it at once; the alignment's highlights follow when it is ready."""
        if self.sender() is not self.job:
            return
        if self._as_shown(document) is not self.document:
            self._show_loaded_document(document)

    def _show_loaded_document(self, document: Document) -> None:
        self.show_document(document, None)
        # Writing the settings file would come before the first frame's paint; it waits for after it.
        self.after_first_frame(lambda paths=list(self.paths): self._remember_recent(paths))
        self.after_first_frame(self._place_notes)  # notes show with the text, before the alignment

    def _place_notes(self) -> None:
        if self._annotations is None:
            self._create_annotations()  # places the notes of the document shown
        elif self.document is not None and self._annotations.document is not self.document:
            self._annotations.set_document(self.document)

    def _as_shown(self, document: Document) -> Document:
        """The document shown before its job reported it stands for the job's copy when their texts agree."""
        preloaded = self._preloaded
        if preloaded is not None and preloaded is self.document and preloaded.content_id == document.content_id:
            return preloaded
        return document

    def _on_job_loaded(self, document: Document, alignment: Alignment) -> None:
        if self.sender() is not self.job:
            return
        document = self._as_shown(document)
        if document is not self.document:
            self.show_document(document, None)
        self.view.set_alignment(alignment, keep_position=True)
        self._update_counts()
        self.documentOpened.emit(document)
        if self.refine and alignment.tier == 1:
            self.progress_bar.setRange(0, 0)
            self.progress_bar.setFormat(self.tr("Refining alignment…"))
            self.statusBar().showMessage(self.tr("Instant alignment shown; refining in the background…"))

    def _on_job_refined(self, alignment: Alignment) -> None:
        if self.sender() is not self.job:
            return
        self.view.set_alignment(alignment, keep_position=True)
        self._update_counts()
        self.statusBar().showMessage(self.tr("Refined alignment ready"), 5000)
        self.alignmentRefined.emit(alignment)

    def _on_job_failed(self, exc: Exception) -> None:
        if self.sender() is not self.job:
            return
        from reader_app.core.documents import DocumentError, EncodingUncertainError

        if isinstance(exc, EncodingUncertainError):
            self._ask_encoding(exc)
            return
        if isinstance(exc, DocumentError):
            message = self.tr("Could not open the document: {0}").format(exc)
        else:
            # A bug of ours, not a property of the file: say so, and keep the details for a bug report.
            traceback.print_exception(exc, file=sys.stderr)
            message = self.tr("Internal error while opening the document ({0}: {1}). Details were written to "
                              "the terminal.").format(type(exc).__name__, exc)
        self.show_error(message)
        self.loadFailed.emit(message)

    def _on_job_finished(self, job: DocumentJob) -> None:
        if job is self.job:
            self.job = None
            self._set_busy(False)
        elif job in self._old_jobs:
            self._old_jobs.remove(job)

    def _ask_encoding(self, exc) -> None:
        from reader_app.ui.encoding_picker import EncodingPicker

        picker = EncodingPicker(exc, self)
        if picker.exec() and picker.chosen_encoding():
            self.open_paths(self.paths, encoding=picker.chosen_encoding())
        else:
            self.show_error(self.tr("Could not open the document: {0}").format(exc))
            self.loadFailed.emit(str(exc))

    def show_document(self, document: Document, alignment: Alignment | None) -> None:
        self.document = document
        self.message_bar.clear_message()
        texts = {lang: self._script_texts(document, lang) for lang in ("zh", "en")}
        self.view.set_document(document, alignment, {k: v for k, v in texts.items() if v is not None})
        self.setWindowTitle(f"{document.title} — Bilingual Reader")
        self._update_counts()
        self._restore_position()
        if alignment is not None:
            self.documentOpened.emit(document)

    def _update_counts(self) -> None:
        if self.document is None:
            self.counts_label.clear()
            return
        gaps = len(self.view.omissions())
        self.counts_label.setText(
            self.tr("{0} Chinese · {1} English paragraphs · {2} without counterpart").format(
                len(self.document.zh), len(self.document.en), gaps)
        )

    def show_error(self, text: str) -> None:
        self.message_bar.show_error(text)
        self.statusBar().showMessage(text, 10000)

    # -- reading position and recent files ---------------------------------------------------------

    def _position_key(self) -> str | None:
        return f"positions/{self.document.content_id}" if self.document is not None else None

    def _save_position(self) -> None:
        key = self._position_key()
        if key is not None:
            pane = self.view.left
            index, fraction = pane.top_paragraph()
            self.settings.setValue(key, f"{pane.language}:{index}:{fraction:.4f}")

    def _restore_position(self) -> None:
        key = self._position_key()
        value = self.settings.value(key, "", type=str) if key else ""
        try:
            language, index, fraction = value.split(":")
            pane = self.view.pane(language)
            pane.scroll_to_paragraph(int(index), float(fraction))
            self.view.linker.sync_from(pane)
        except ValueError:
            return

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self._save_position()
        if self.job is not None:
            self.job.cancel()
        super().closeEvent(event)

    def _remember_recent(self, paths: list[str]) -> None:
        entry = "\n".join(str(Path(p).resolve()) for p in paths)
        recent = [r for r in self.recent_entries() if r != entry]
        self.settings.setValue("recent", [entry, *recent][:MAX_RECENT])

    def recent_entries(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value or []]

    def _on_recent_menu_about_to_show(self) -> None:
        self.recent_menu.clear()
        for entry in self.recent_entries():
            paths = entry.split("\n")
            action = self.recent_menu.addAction(" + ".join(Path(p).name for p in paths))
            action.setToolTip(entry)
            action.triggered.connect(lambda _=False, p=paths: self.open_paths(p))
        if not self.recent_menu.actions():
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)

    # -- slots -------------------------------------------------------------------------------------

    _FILTER = "Documents (*.txt *.md *.html *.htm *.xhtml *.epub *.docx *.srt *.tmx *.xlf *.xliff);;All files (*)"

    def _on_open_triggered(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Open one bilingual file (or select a Chinese file and its English translation)"),
            self._last_dir(), self._FILTER)
        if paths:
            self.open_paths(paths[:2])

    def _on_open_two_triggered(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        zh, _ = QFileDialog.getOpenFileName(self, self.tr("Open the Chinese text"), self._last_dir(), self._FILTER)
        if not zh:
            return
        en, _ = QFileDialog.getOpenFileName(self, self.tr("Open its English translation"), str(Path(zh).parent),
                                            self._FILTER)
        if en:
            self.open_paths([zh, en])

    def _last_dir(self) -> str:
        return str(Path(self.paths[0]).parent) if self.paths else str(Path.home())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        urls = event.mimeData().urls()
        if urls and len(urls) <= 2 and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths[:2])

    def _on_link_toggled(self, linked: bool) -> None:
        self.view.set_linked(linked)
        self.settings.setValue("linkScrolling", linked)
        self.statusBar().showMessage(self.tr("Linked scrolling on") if linked else self.tr("Linked scrolling off"),
                                     3000)

    def _on_swap_triggered(self) -> None:
        self.view.swap_panes()
        self.settings.setValue("swapped", self.view.left.language == "en")

    def _on_refine_toggled(self, refine: bool) -> None:
        self.refine = refine
        self.settings.setValue("refine", refine)

    def _zoom(self, step: int) -> None:
        size = DEFAULT_POINT_SIZE if step == 0 else self.view.point_size + step
        self.view.set_point_size(size)
        self.settings.setValue("zoom", self.view.point_size)

    def set_script(self, language: str, script: str) -> None:
        """Show one pane's Chinese in its original script, Simplified or Traditional (OpenCC); display only."""
        self.settings.setValue(f"script/{language}", script)
        if self.document is not None:
            self.view.set_display_texts(language, self._script_texts(self.document, language))

    def _script_texts(self, document: Document, language: str) -> list[str] | None:
        script = self.settings.value(f"script/{language}", "original", type=str)
        if script == "original":
            return None
        from reader_app.core.text.convert import to_simplified, to_traditional

        convert = to_simplified if script == "simplified" else to_traditional
        return [convert(p.text) for p in document.side(language).paragraphs]  # type: ignore[arg-type]

    def set_ui_language(self, code: str) -> None:
        from reader_app.ui.i18n import install_translator

        self.settings.setValue("uiLanguage", code)
        install_translator(QApplication.instance(), code or None)
        # Rebuilding after the current event: the triggering action belongs to the menu being rebuilt.
        QTimer.singleShot(0, self._retranslate)

    def _retranslate(self) -> None:
        self._build_menus()
        self.legend.retranslate()
        if self._find_bar is not None:
            self._find_bar.retranslate()
        if self.document is not None:
            self.view.set_alignment(self.view.alignment, keep_position=True)

    def _on_go_to_paragraph_triggered(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        pane = self.view.left if not self.view.right.hasFocus() else self.view.right
        count = len(pane.paragraphs)
        if not count:
            return
        number, ok = QInputDialog.getInt(self, self.tr("Go to Paragraph"),
                                         self.tr("Paragraph number in the {0} pane (1–{1}):").format(
                                             self.tr("Chinese") if pane.language == "zh" else self.tr("English"),
                                             count), pane.top_paragraph()[0] + 1, 1, count)
        if ok:
            self.view.go_to_paragraph(pane.language, number - 1)
            pane.flash(number - 1, self.view.scheme.flash)

    def _on_about_triggered(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            self.tr("About Bilingual Reader"),
            self.tr("Bilingual Reader {0}\nChinese and English side by side, aligned paragraph by paragraph.\n"
                    "Chinese font: WenQuanYi Micro Hei (Apache-2.0).").format(__version__),
        )

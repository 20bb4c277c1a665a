"""The main window: the reader view, menus, find bar, status bar with progress, and an in-window message bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QProgressBar, QPushButton, QVBoxLayout, QWidget

from reader_app.core.model import Document
from reader_app.ui import settings
from reader_app.ui.colours import Legend
from reader_app.ui.document_choices import DocumentChoices
from reader_app.ui.loader import DocumentJob, DocumentOpening
from reader_app.ui.message_bar import MessageBar
from reader_app.ui.narrow_window import ElidedLabel, PanelFolding
from reader_app.ui.reader_view import DEFAULT_POINT_SIZE, ReaderView
from reader_app.ui.startup import StartUp, import_meanwhile

if TYPE_CHECKING:  # imported when first needed: start-up pays only for what the first frame shows
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent

    from reader_app.core.alignment import Alignment
    from reader_app.core.units import UnitView
    from reader_app.ui.checks import ChecksController
    from reader_app.ui.contents import ContentsController
    from reader_app.ui.editing import AlignmentEditor
    from reader_app.ui.find_bar import FindBar
    from reader_app.ui.menus import MenuActions
    from reader_app.ui.notes import NotesController


# The notes and checks are made after the first frame once their modules are imported (see import_meanwhile),
# waiting for them at most this long (30 s: while a book is parsed the imports take seconds; the thread always
# ends, an import failure included, so the bound is only for safety).
IMPORT_WAIT_MS = 20
IMPORT_WAIT_TURNS = 1500


class MainWindow(QMainWindow):
    """Signals: documentOpened(Document) after a document is shown with its alignment (tier 1 or given; its
    text alone may be shown before);
    alignmentRefined(Alignment) when the refined alignment has replaced the instant one;
    loadFailed(str) with the message shown (also for a one-language file, which is shown without alignment)."""

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
        # What the panes show of it: its paragraphs, sentences or lines (View ▸ Align By, per document); the
        # notes stay on the document's paragraphs and are shown through this map.
        self.units: UnitView | None = None
        self.paths: list[str] = []
        self.encoding: str | None = None  # the encoding the reader chose for the files open, if any
        # The files of the document shown (`paths` are those being opened, until their text is read).
        self.shown_paths: list[str] = []
        self.shown_encoding: str | None = None
        self.choices = DocumentChoices(self)  # the script and unit chosen for the document shown
        self._opening: DocumentOpening | None = None  # the current one; superseded ones end on their own
        self._refine_declined = ""  # why the current opening stays on tier 1 (not enough memory free), if it does
        self.refine = settings.REFINE_IN_BACKGROUND.read(self.settings) if refine is None else refine

        # The find bar, the notes controller and the menus' actions are made on first use (or after the first
        # frame, see StartUp), so code reaching for them always finds them.
        self._find_bar: FindBar | None = None
        self._annotations: NotesController | None = None
        self._checks: ChecksController | None = None
        self._contents: ContentsController | None = None
        self.alignment_editor: AlignmentEditor | None = None  # the reader's alignment edits, made after the notes
        self.dictionary = None  # DictionaryController (reader_app.ui.dictionary): look-up, vocabulary; after the notes
        self._menu_actions: MenuActions | None = None

        self.view = ReaderView()
        self.view.completed.connect(self._on_view_completed)
        self.message_bar = MessageBar()
        central = QWidget()
        self._central_layout = layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(central)

        # The stage in its own label and the bar with its percentage alone: a long stage name inside the bar was
        # cut or wrapped.
        self.stage_label = ElidedLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setFixedWidth(140)
        self.progress_bar.setTextVisible(True)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_loading)
        self.legend = Legend()
        self.counts_label = ElidedLabel()  # elided, not cut or wrapped, in a narrow window (as the others)
        self.panel_folding = PanelFolding(self, self.view, (self.view.zh_pane, self.view.en_pane))
        # Permanent widgets stay visible while the status bar shows a message.
        self.statusBar().addPermanentWidget(self.legend)
        self.view.markedRolesChanged.connect(self.legend.set_marked_roles)  # its entries for marks shown
        self.statusBar().addPermanentWidget(self.stage_label)
        self.statusBar().addPermanentWidget(self.progress_bar)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self.statusBar().addPermanentWidget(self.counts_label)
        self._set_busy(False)

        self.view.set_point_size(float(settings.ZOOM.read(self.settings)))
        self.view.set_linked(settings.LINK_SCROLLING.read(self.settings))
        if settings.SWAPPED_PANES.read(self.settings):
            self.view.swap_panes()
        self.cancel_button.setText(self.tr("Cancel"))
        self._build_menu_titles()
        self.start_up = StartUp(self, painted=self.view.zh_pane.viewport(),
                                steps=[self._build_menus_if_needed, self._create_annotations])
        self._imported = import_meanwhile(["reader_app.ui.notes", "reader_app.ui.menus", "reader_app.ui.checks",
                                           "reader_app.ui.editing", "reader_app.ui.dictionary"])
        self._import_wait = 0  # event-loop turns waited for them

    # -- made on first use -------------------------------------------------------------------------

    @property
    def find_bar(self) -> FindBar:
        if self._find_bar is None:
            from reader_app.ui.find_bar import FindBar

            self._find_bar = FindBar(self.view)
            self._find_bar.hide()
            self._central_layout.addWidget(self._find_bar)
        return self._find_bar

    @property
    def annotations(self) -> NotesController:
        """The notes controller (dock, markers, actions), made after the first frame or on first use."""
        if self._annotations is None:
            from reader_app.ui.notes import NotesController

            # Its construction places the notes of the document shown, if any.
            self._annotations = NotesController(self)
        return self._annotations

    def _create_annotations(self) -> None:
        if not self._imported.is_set() and self.isVisible() and self._import_wait < IMPORT_WAIT_TURNS:
            # Their modules are still being imported on the start-up thread: importing them here would wait for
            # it with the window frozen. Waited for in the event loop, bounded.
            self._import_wait += 1
            QTimer.singleShot(IMPORT_WAIT_MS, self, self._create_annotations)
            return
        if self._contents is None:
            from reader_app.ui.contents import ContentsController

            self._contents = ContentsController(self)
        self.annotations  # noqa: B018 - made now (unless on first use), with its menu entries and shortcuts
        self.checks  # noqa: B018 - after the notes, so that its dock shares their place as a tab
        if self.alignment_editor is None:  # after the notes: their storage keeps its edits
            from reader_app.ui.editing import AlignmentEditor

            self.alignment_editor = AlignmentEditor(self)
            self.alignment_editor.alignmentEdited.connect(self._update_counts)
        if self.dictionary is None:  # after the notes: the vocabulary is saved through their storage
            from reader_app.ui.dictionary import DictionaryController

            self.dictionary = DictionaryController(self)

    @property
    def checks(self) -> ChecksController:
        """The translation checks' controller (panel, Next/Previous Flag), made after the first frame or on first
        use; it checks only once the reader opens its panel."""
        if self._checks is None:
            from reader_app.ui.checks import ChecksController

            self._checks = ChecksController(self)
        return self._checks

    def flush_notes(self) -> bool:
        """Save the note being edited now (the crash handler's call); True when nothing is left unsaved."""
        return self._annotations is None or self._annotations.commit_pending()

    @property
    def menus_built(self) -> MenuActions | None:
        """The menus' actions if they are made already (None before the first frame): nothing is built."""
        return self._menu_actions

    @property
    def menu_actions(self) -> MenuActions:
        """The menus' actions, made after the first frame, or now when asked for before."""
        if self._menu_actions is None:
            self._build_menus()
        assert self._menu_actions is not None
        return self._menu_actions

    def _build_menu_titles(self) -> None:
        """The menu bar with its titles alone, so that the first frame shows it at its height; _build_menus
        replaces it after that frame (reader_app.ui.menus, with QAction and its kin, is not imported before)."""
        tr = self.tr
        for title in (tr("&File"), tr("&Edit"), tr("&Go"), tr("&View"), tr("&Help")):
            self.menuBar().addMenu(title)

    def _build_menus_if_needed(self) -> None:
        if self._menu_actions is None:
            self._build_menus()

    def _build_menus(self) -> None:
        """(Re)build every menu in the current UI language."""
        from reader_app.ui import menus

        self.cancel_button.setText(self.tr("Cancel"))
        self._menu_actions = actions = menus.build_menus(
            self, linked=self.view.linker.enabled, refine=self.refine,
            scripts=self.choices.scripts(), unit=self.units.unit if self.units is not None else "paragraph",
            ui_language=settings.UI_LANGUAGE.read(self.settings))
        view = self.view
        for action, slot in (
                (actions.open, lambda: self.open_paths(menus.ask_for_documents(self, self.last_dir()))),
                (actions.open_two, lambda: self.open_paths(menus.ask_for_pair(self, self.last_dir()))),
                (actions.quit, self.close), (actions.find, lambda: self.find_bar.start()),
                (actions.find_next, lambda: self.find_bar.find_next()),
                (actions.find_previous, lambda: self.find_bar.find_previous()),
                (actions.next_omission, lambda: view.go_to_omission(True)),
                (actions.previous_omission, lambda: view.go_to_omission(False)),
                (actions.go_to_paragraph, self._on_go_to_paragraph_triggered),
                (actions.go_to_start, lambda: view.go_to_edge(False)),
                (actions.go_to_end, lambda: view.go_to_edge(True)),
                (actions.focus_left, lambda: view.left.setFocus()),
                (actions.focus_right, lambda: view.right.setFocus()), (actions.swap_panes, self._on_swap_triggered),
                *((a, lambda: self._zoom(+1)) for a in actions.zoom_in),
                (actions.zoom_out, lambda: self._zoom(-1)), (actions.reset_zoom, lambda: self._zoom(0)),
                (actions.about, lambda: menus.show_about(self))):
            action.triggered.connect(slot)
        actions.recent_menu.aboutToShow.connect(
            lambda: menus.fill_recent_menu(actions.recent_menu, self.recent_entries(), self.open_paths))
        actions.link_scrolling.toggled.connect(self._on_link_toggled)
        actions.refine.toggled.connect(self._on_refine_toggled)
        for (language, script), action in actions.scripts.items():
            action.toggled.connect(lambda on, lang=language, s=script: on and self.set_script(lang, s))
        for code, action in actions.ui_languages.items():
            action.toggled.connect(lambda on, c=code: on and self.set_ui_language(c))
        for unit, action in actions.align_units.items():
            action.toggled.connect(lambda on, u=unit: on and self.set_unit(u))
        for layout, action in actions.layouts.items():
            action.toggled.connect(lambda on, name=layout: on and self.choices.set_layout(name))
        self.choices.check_actions()
        if self._annotations is not None:
            self._annotations.install_menu()
        if self._checks is not None:
            self._checks.install_menu()
        if self._contents is not None:
            self._contents.install_menu()
        if self.dictionary is not None:
            self.dictionary.install_menu()
        from reader_app.ui.export_dialog import install_export_menu
        from reader_app.ui.project_files import install_project_menu
        from reader_app.ui.readings import install_readings
        from reader_app.ui.theme import install_theme_menu

        install_readings(self)  # View ▸ Show Readings
        install_theme_menu(self.menuBar(), self.settings)
        install_project_menu(self)
        install_export_menu(self)
        if self.alignment_editor is not None:
            self.alignment_editor.install_menu()
        self._update_counts()

    # -- opening documents -------------------------------------------------------------------------

    @property
    def job(self) -> DocumentJob | None:
        """The job of the opening in progress, if any."""
        return self._opening.job if self._opening is not None else None

    @property
    def _old_jobs(self) -> list[DocumentJob]:
        # Superseded openings whose thread has not ended yet (the tests wait for them).
        return [o.job for o in self.findChildren(DocumentOpening) if o is not self._opening]

    def open_paths(self, paths: list[str], encoding: str | None = None, *, document: Document | None = None) -> None:
        """Open one bilingual file or a Chinese file and its English translation, loading and aligning in the
        background (`document`: the files' document, read already). The result arrives through documentOpened
        or loadFailed."""
        if not paths:
            return
        if len(paths) == 1 and document is None and str(paths[0]).lower().endswith(".bireader"):
            from reader_app.ui.project_files import prepare_project

            if not prepare_project(self, str(paths[0])):  # refused whole (its reason shown), never half-opened
                return
        self.cancel_loading()
        self.save_position()
        self.paths = [str(p) for p in paths[:2]]
        self.encoding = encoding
        # Preloaded at start-up only: later opens keep the event loop free while a worker reads the cache.
        self._opening = opening = DocumentOpening(self.paths, encoding=encoding, refine=self.refine,
                                                  preload=self.start_up.pending, unit=self.choices.unit_reader(),
                                                  document=document, parent=self)
        opening.documentLoaded.connect(self._on_opening_document_loaded)
        opening.aligned.connect(self._on_opening_aligned)
        opening.refined.connect(self._on_opening_refined)
        opening.failed.connect(self._on_opening_failed)
        opening.progress.connect(self._on_opening_progress)
        opening.refineDeclined.connect(self._on_opening_refine_declined)
        self._refine_declined = ""
        opening.finished.connect(self._on_opening_finished)
        self._set_busy(True, self.tr("Opening {0}…").format(" + ".join(Path(p).name for p in self.paths)))
        if opening.preloaded is None:
            # While start-up work is still waiting (notes, menus), the job waits behind it: its thread would
            # hold the interpreter in long parsing calls and stretch that work into a long freeze.
            self.start_up.after_first_frame(opening.start)
            return
        # The text is shown now, in the first frame; the job (which finds the same document in the cache,
        # then aligns) starts after that frame, so that its imports do not compete with painting it.
        self._show_loaded_document(opening.preloaded)
        self.start_up.after_first_frame(opening.start, first=True)  # its thread works while the rest is made

    def cancel_loading(self) -> None:
        if self._opening is not None:
            # Its thread ends at its next progress report; until then the opening lives on, silent.
            self._opening.supersede()
            self._opening = None
            self._set_busy(False)
            self.statusBar().showMessage(self.tr("Cancelled"), 5000)

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.progress_bar.setVisible(busy)
        self.stage_label.setVisible(busy)
        self.legend.setVisible(not busy)  # the stage, bar and Cancel need its room: it was cut, not them
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress_bar.setRange(0, 0)
            self.stage_label.setText(self.tr("Loading"))
            self.statusBar().showMessage(message)
        else:
            self.stage_label.clear()  # (not left in the language it was set in, for a switch while idle)
            self.statusBar().clearMessage()

    def _on_opening_progress(self, stage: str, done: int, total: int) -> None:
        labels = {"load": self.tr("Loading"), "align": self.tr("Aligning"), "refine": self.tr("Refining alignment")}
        self.stage_label.setText(labels.get(stage, stage))
        if stage == "load" or total <= 0:
            # Reading a file reports no fraction: a moving busy bar, not a "0%" that sits still for seconds.
            self.progress_bar.setRange(0, 0)
            return
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)
        self.progress_bar.setFormat("%p%")

    def _on_opening_refine_declined(self, needed: int, available: int | None) -> None:
        gigabyte = 1024 ** 3
        self._refine_declined = self.tr(
            "Instant alignment only: refining it would need about {0} GB of memory and {1} GB is free").format(
            f"{needed / gigabyte:.1f}", f"{(available or 0) / gigabyte:.1f}")
        self.statusBar().showMessage(self._refine_declined)

    def _on_opening_document_loaded(self, document: Document) -> None:
        """The text is read: show it at once (unless preloaded); the alignment's highlights follow when ready."""
        if not self._showing(document):
            self._show_loaded_document(document)

    def _showing(self, document: Document) -> bool:
        """Whether the panes show `document` by the units chosen for it."""
        units = self.units
        return document is self.document and units is not None and units.unit == self.choices.unit_of(document)

    def _show_loaded_document(self, document: Document) -> None:
        self.show_document(document, None)
        # Writing the settings file would come before the first frame's paint; it waits for after it.
        self.start_up.after_first_frame(lambda paths=list(self.paths): self._remember_recent(paths))
        self.start_up.after_first_frame(self.place_notes)  # notes show with the text, before the alignment

    def place_notes(self) -> None:
        if self._annotations is None:
            self._create_annotations()  # places the notes of the document shown
        elif self.document is not None and self._annotations.document is not self.document:
            self._annotations.set_document(self.document)

    def _on_opening_aligned(self, document: Document, alignment: Alignment) -> None:
        if not self._showing(document):
            self.show_document(document, None)
        self._show_alignment(alignment)
        self._update_counts()
        self.documentOpened.emit(document)
        if self.refine and alignment.tier == 1 and not self._refine_declined:
            self.progress_bar.setRange(0, 0)
            self.stage_label.setText(self.tr("Refining alignment"))
            self.statusBar().showMessage(self.tr("Instant alignment shown; refining in the background…"))

    def _show_alignment(self, alignment: Alignment) -> None:
        # With the reader's stored edits applied to it, once their editor is made.
        editor = self.alignment_editor
        editor.show_aligned(alignment) if editor is not None else self.view.set_alignment(alignment, keep_position=True)

    def _on_opening_refined(self, alignment: Alignment) -> None:
        self._show_alignment(alignment)
        self._update_counts()
        self.statusBar().showMessage(self.tr("Refined alignment ready"), 5000)
        self.alignmentRefined.emit(alignment)

    def _on_opening_failed(self, exc: Exception) -> None:
        from reader_app.ui.opening_errors import show_opening_failure

        show_opening_failure(self, exc)

    def _on_opening_finished(self) -> None:
        self._opening = None
        self._set_busy(False)
        if self._refine_declined:
            self.statusBar().showMessage(self._refine_declined)  # stays until the next message
        elif self.units is not None and self.units.unit == "line":
            # Which of the two the lines were taken as decides the link widths: say it, as `align` does.
            self.statusBar().showMessage(self.tr("Lines aligned as sentences") if self.units.level == "sentence"
                                         else self.tr("Lines aligned as paragraphs"), 8000)

    def show_document(self, document: Document, alignment: Alignment | None) -> None:
        """Show a document by the units chosen for it; `alignment` (if any) is of those units."""
        from reader_app.core.units import unit_view

        self.document = document
        self.shown_paths, self.shown_encoding = list(self.paths), self.encoding
        before = self.units
        self.units = units = unit_view(document, self.choices.unit_of(document))
        self.message_bar.clear_message()
        texts = {lang: self.choices.script_texts(lang) for lang in ("zh", "en")}
        self.view.set_document(units.shown, alignment, {k: v for k, v in texts.items() if v is not None})
        self.choices.apply_layout()
        if self._annotations is not None and before is not None and before.document is document:
            self._annotations.show_units()  # the same notes, on other units

        self.setWindowTitle(f"{document.title} — Bilingual Reader")
        self.choices.check_actions()
        self._update_counts()
        self.view.when_complete(self._restore_position)  # (a long book's text is built in slices)
        if alignment is not None:
            self.documentOpened.emit(document)

    def _update_counts(self) -> None:
        if self.document is None or self.units is None:
            self.counts_label.clear()
            return
        shown = self.units.shown
        if self.units.unit == "sentence":
            text = self.tr("{0} Chinese · {1} English sentences · {2} without counterpart")
        elif self.units.unit == "line":
            text = self.tr("{0} Chinese · {1} English lines · {2} without counterpart")
        else:
            text = self.tr("{0} Chinese · {1} English paragraphs · {2} without counterpart")
        self.counts_label.setText(text.format(len(shown.zh), len(shown.en), len(self.view.omissions())))

    def show_error(self, text: str) -> None:
        self.message_bar.show_error(text)
        self.statusBar().showMessage(text, 10000)

    # -- reading position and recent files ---------------------------------------------------------

    def save_position(self) -> None:
        # Stored by paragraph (the units' own position when they are the paragraphs): a book read by sentences
        # and reopened by paragraphs opens where it was left.
        if self.document is not None and self.units is not None:
            pane = self.view.left
            index, fraction = pane.top_paragraph()
            if index >= 0:
                index, fraction = self.units.paragraph_position(pane.language, index, fraction)
            settings.READING_POSITIONS.write(self.settings, self.document.content_id,
                                             settings.ReadingPosition(pane.language, index, fraction))

    def _on_view_completed(self) -> None:
        if self._find_bar is not None and not self._find_bar.isHidden():
            self._find_bar.search_again()  # its matches were counted in the text shown before

    def _restore_position(self) -> None:
        position = settings.READING_POSITIONS.read(self.settings, self.document.content_id) if self.document else None
        if position is not None and position.language != self.view.left.language:
            self.view.complete()  # (stored with the panes the other way round) its pane may be still to come
        if position is not None and self.units is not None:
            pane = self.view.pane(position.language)
            paragraphs = len(self.document.side(position.language))  # type: ignore[union-attr]
            if not 0 <= position.paragraph < paragraphs:
                return  # stored for another version of the file
            pane.scroll_to_paragraph(*self.units.unit_position(position.language, position.paragraph,
                                                                 position.fraction))
            self.view.linker.sync_from(pane)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.save_position()
        if self._opening is not None:
            self._opening.cancel()
        super().closeEvent(event)

    def _remember_recent(self, paths: list[str]) -> None:
        settings.RECENT_FILES.push(self.settings, "\n".join(str(Path(p).resolve()) for p in paths))

    def recent_entries(self) -> list[str]:
        return settings.RECENT_FILES.read(self.settings)

    # -- slots -------------------------------------------------------------------------------------

    def last_dir(self) -> str:
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
        settings.LINK_SCROLLING.write(self.settings, linked)
        self.statusBar().showMessage(self.tr("Linked scrolling on") if linked else self.tr("Linked scrolling off"),
                                     3000)

    def _on_swap_triggered(self) -> None:
        self.view.swap_panes()
        self.choices.apply_layout()  # Reveal covers the right pane, whichever language it now holds
        settings.SWAPPED_PANES.write(self.settings, self.view.left.language == "en")

    def _on_refine_toggled(self, refine: bool) -> None:
        self.refine = refine
        settings.REFINE_IN_BACKGROUND.write(self.settings, refine)

    def _zoom(self, step: int) -> None:
        size = DEFAULT_POINT_SIZE if step == 0 else self.view.point_size + step
        self.view.set_point_size(size)
        settings.ZOOM.write(self.settings, self.view.point_size)

    def set_script(self, language: str, script: str) -> None:
        """Show one pane's Chinese as written, Simplified or Traditional, for this document (see DocumentChoices)."""
        self.choices.set_script(language, script)

    def set_unit(self, unit: str) -> None:
        """Align the open document by paragraphs, sentences or lines, for this document (see DocumentChoices)."""
        self.choices.set_unit(unit)

    def set_ui_language(self, code: str) -> None:
        from reader_app.ui.i18n import install_translator

        settings.UI_LANGUAGE.write(self.settings, code)
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
        from reader_app.ui.menus import ask_for_paragraph

        pane = self.view.left if not self.view.right.hasFocus() else self.view.right
        if pane.paragraphs and self.document is not None and self.units is not None:
            # By the document's paragraph numbers, whatever the panes are cut into.
            language, units = pane.language, self.units
            top = units.to_paragraph(language, max(pane.top_paragraph()[0], 0))[0]
            index = ask_for_paragraph(self, language, len(self.document.side(language)), top)
            if index is not None:
                unit = units.to_unit(language, index)
                self.view.go_to_paragraph(language, unit)
                pane.flash(unit, self.view.scheme.flash)

"""Notes in the reader: context menu and shortcuts to add them, margin markers, a dock panel to edit and find them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QContextMenuEvent, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader_app.core.anchoring import anchor_paragraph, anchor_selection
from reader_app.core.model import Document
from reader_app.storage.annotations import (
    Annotation,
    AnnotationStore,
    Colour,
    MergeResult,
    Placed,
    TargetKind,
    place,
)
from reader_app.storage.database import Database, StorageError
from reader_app.storage.notes_export import NotesFormatError, export, import_json

MARKER_WIDTH = 4  # px, inside the text document's margin
SAVE_DELAY_MS = 400  # typing pauses this long before the note is committed
ID_ROLE = Qt.ItemDataRole.UserRole
SIDE_MARK = {"zh": "中", "en": "EN"}


class NoteMarkers(QWidget):
    """A transparent layer over a pane's viewport that draws a coloured bar in the left margin of every
    annotated paragraph (the document itself is not touched, so highlights and undo are unaffected)."""

    def __init__(self, pane) -> None:
        super().__init__(pane.viewport())
        self.pane = pane
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.colours: dict[int, QColor] = {}
        pane.verticalScrollBar().valueChanged.connect(self.update)
        pane.geometryChanged.connect(self._on_pane_geometry_changed)
        pane.viewport().installEventFilter(self)
        self.setGeometry(pane.viewport().rect())
        self.show()

    def set_colours(self, colours: dict[int, QColor]) -> None:
        self.colours = dict(colours)
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.pane.viewport().rect())
        return False

    def _on_pane_geometry_changed(self) -> None:
        self.setGeometry(self.pane.viewport().rect())
        self.raise_()
        self.update()

    def marker_rect(self, index: int) -> QRect:
        """The bar of paragraph `index` in viewport coordinates."""
        top = self.pane.paragraph_top(index) - self.pane.scroll_value()
        bottom = self.pane.paragraph_bottom(index) - self.pane.scroll_value()
        return QRect(0, round(top), MARKER_WIDTH, max(2, round(bottom - top)))

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if not self.colours or not self.pane.paragraphs:
            return
        painter = QPainter(self)
        height = self.height()
        for index, colour in self.colours.items():
            if index >= len(self.pane.paragraphs):
                continue
            rect = self.marker_rect(index)
            if rect.bottom() < 0 or rect.top() > height:
                continue
            painter.fillRect(rect, colour)
        painter.end()


def _swatch(hex_colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(hex_colour))
    return QIcon(pixmap)


class AnnotationsPanel(QDockWidget):
    """The notes of the open document in reading order, filters by colour, tag and text, the selected note's
    editor, and a line for storage errors. Orphans (notes whose text is gone) are listed last."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationsDock")
        self.setWindowTitle(self.tr("Notes"))
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.notice = QLabel()
        self.notice.setObjectName("notesNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("QLabel#notesNotice { background: #fde2e1; color: #5c0b07; padding: 4px; }")
        self.notice.hide()
        layout.addWidget(self.notice)
        filters = QHBoxLayout()
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText(self.tr("Filter notes…"))
        self.text_filter.setClearButtonEnabled(True)
        self.colour_filter = QComboBox()
        self.tag_filter = QComboBox()
        filters.addWidget(self.text_filter, 2)
        filters.addWidget(self.colour_filter, 1)
        filters.addWidget(self.tag_filter, 1)
        layout.addLayout(filters)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.list = QListWidget()
        self.list.setObjectName("notesList")
        self.list.setWordWrap(True)
        splitter.addWidget(self.list)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        self.quote = QLabel()
        self.quote.setWordWrap(True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("noteEditor")
        self.editor.setPlaceholderText(self.tr("Write the note here; it is saved as you type."))
        row = QHBoxLayout()
        self.colour = QComboBox()
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("tags, separated by commas"))
        self.retry_button = QPushButton(self.tr("Retry Saving"))
        self.retry_button.hide()
        self.delete_button = QPushButton(self.tr("Delete"))
        self.more_button = QToolButton()
        self.more_button.setText("⋯")
        self.more_button.setToolTip(self.tr("Export, import, colour meanings"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_menu = QMenu(self.more_button)
        self.more_button.setMenu(self.more_menu)
        filters.addWidget(self.more_button)
        row.addWidget(self.colour)
        row.addWidget(self.tags, 1)
        row.addWidget(self.retry_button)
        row.addWidget(self.delete_button)
        editor_layout.addWidget(self.quote)
        editor_layout.addWidget(self.editor, 1)
        editor_layout.addLayout(row)
        splitter.addWidget(editor)
        layout.addWidget(splitter, 1)
        self.setWidget(body)
        self.set_editing(False)

    def set_editing(self, enabled: bool) -> None:
        for widget in (self.editor, self.colour, self.tags, self.delete_button):
            widget.setEnabled(enabled)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))


class AnnotationsController(QObject):
    """Installs notes on a MainWindow: actions in the panes' context menus and the Edit menu, margin markers,
    the Notes dock. Storage errors are shown in the window and the dock; the note stays in the editor.

    Signals: annotationsChanged() after notes were added, edited, deleted or re-placed."""

    annotationsChanged = Signal()

    def __init__(self, window: QMainWindow, database: Database | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.view
        self.database = database
        self.store: AnnotationStore | None = AnnotationStore(database) if database is not None else None
        self.document: Document | None = None
        self.versions: list[str] = []
        self.placed = Placed()
        self.palette: list[Colour] = []
        self.current_id: str | None = None
        self.deleted: list[Annotation] = []  # undo stack of deletions
        self._pending: Annotation | None = None  # an edit not yet committed (typing, or a failed save)
        self._loading_editor = False
        # A recovery or read-only notice of a database opened before the window: shown with the first document.
        self._notice_pending = database is not None and bool(database.notice)

        self.panel = AnnotationsPanel(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        # The panes get the width until there is a note to show: the dock opens with a document that has
        # notes, with a new note, or with Ctrl+Shift+B.
        self.panel.hide()
        window.resizeDocks([self.panel], [320], Qt.Orientation.Horizontal)
        self.markers = {language: NoteMarkers(self.view.pane(language)) for language in ("zh", "en")}
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.commit_pending)

        self.add_action = self._action(self.tr("Add &Note"), "Ctrl+M", lambda: self.add_note_here("paragraph"))
        self.add_link_action = self._action(self.tr("Add Note to the &Pair"), "Ctrl+Shift+M",
                                            lambda: self.add_note_here("link"))
        self.undo_action = self._action(self.tr("&Undo Delete Note"), QKeySequence.StandardKey.Undo,
                                        self.undo_delete)
        self.undo_action.setEnabled(False)
        self.toggle_action = self.panel.toggleViewAction()
        self.toggle_action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.view.addAction(self.toggle_action)
        self.install_menu()
        more = self.panel.more_menu
        for fmt, label in (("md", self.tr("Export Notes as &Markdown…")), ("json", self.tr("Export Notes as &JSON…")),
                           ("csv", self.tr("Export Notes as &CSV…"))):
            more.addAction(label, lambda f=fmt: self._on_export_triggered(f))
        more.addAction(self.tr("&Import Notes from JSON…"), self._on_import_triggered)
        more.addSeparator()
        more.addAction(self.tr("&Name the Current Colour…"), self._on_name_colour_triggered)

        for language in ("zh", "en"):
            self.view.pane(language).viewport().installEventFilter(self)
        self.panel.list.currentItemChanged.connect(self._on_list_current_item_changed)
        self.panel.list.itemClicked.connect(self._on_list_item_clicked)
        self.panel.text_filter.textChanged.connect(self._refill_list)
        self.panel.colour_filter.currentIndexChanged.connect(self._refill_list)
        self.panel.tag_filter.currentIndexChanged.connect(self._refill_list)
        self.panel.editor.textChanged.connect(self._on_editor_changed)
        self.panel.tags.textEdited.connect(self._on_editor_changed)
        self.panel.tags.editingFinished.connect(self.commit_pending)
        self.panel.colour.currentIndexChanged.connect(self._on_editor_changed)
        self.panel.delete_button.clicked.connect(lambda: self.current_id and self.delete_note(self.current_id))
        self.panel.retry_button.clicked.connect(self.commit_pending)
        window.documentOpened.connect(self.set_document)
        if hasattr(window, "alignmentRefined"):
            window.alignmentRefined.connect(lambda _alignment: self._refresh_views())
        if getattr(window, "document", None) is not None:
            self.set_document(window.document)

    def _action(self, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        # On the reader view, not the window: the window drops its own actions when it rebuilds its menus.
        self.view.addAction(action)
        return action

    def install_menu(self) -> None:
        """Add the note actions to the window's Edit menu (call again after the window rebuilt its menus)."""
        bar = self.window.menuBar()
        menu = next((a.menu() for a in bar.actions() if a.menu() and a.menu().objectName() == "editMenu"), None)
        if menu is None:
            menu = bar.addMenu(self.tr("&Notes"))
        menu.addSeparator()
        for action in (self.add_action, self.add_link_action, self.undo_action, self.toggle_action):
            menu.addAction(action)

    # -- storage -----------------------------------------------------------------------------------

    def _ensure_store(self) -> bool:
        if self.store is not None:
            return True
        try:
            self.database = Database()
        except StorageError as exc:
            self._show_error(str(exc))
            return False
        self.store = AnnotationStore(self.database)
        if self.database.notice:
            self._show_error(self.database.notice)
        return True

    def _show_error(self, text: str) -> None:
        self.panel.show_notice(text)
        if self.panel.isHidden():
            self.panel.show()
        show = getattr(self.window, "show_error", None)
        if show is not None:
            show(text)

    def _clear_error(self) -> None:
        if self.database is not None and self.database.notice:
            self.panel.show_notice(self.database.notice)
        else:
            self.panel.show_notice("")
        self.panel.retry_button.hide()

    def set_document(self, document: Document) -> None:
        """Place the notes of a newly opened document (and of its earlier versions)."""
        self.commit_pending()
        same = self.document is not None and self.document.content_id == document.content_id
        self.document = document
        if not same:
            # Undo and the selection belong to the document they were made on.
            self.current_id = None
            self.deleted.clear()
            self.undo_action.setEnabled(False)
        if not self._ensure_store():
            self.placed = Placed()
            self._refresh_views()
            return
        assert self.store is not None and self.database is not None
        if self._notice_pending:
            self._notice_pending = False
            self._show_error(self.database.notice)
        try:
            self.versions = self.store.register_document(document)
            annotations = self.store.for_documents(self.versions)
            self.palette = self.store.palette()
        except StorageError as exc:
            self._show_error(str(exc))
            annotations = []
        self.placed = place(document, annotations)
        self._fill_filters()
        self._refresh_views()
        if annotations and not same:
            self.panel.show()

    # -- public API --------------------------------------------------------------------------------

    def annotated_paragraphs(self, language: str) -> list[int]:
        """Indices of the paragraphs of one side carrying a note (for the overview ruler's ticks)."""
        return self.placed.paragraphs(language)

    def notes(self) -> list[Annotation]:
        """Placed notes in reading order, then orphans."""
        return self._ordered() + list(self.placed.orphans)

    def add_note(self, language: str, index: int, target: str = "paragraph", start: int | None = None,
                 end: int | None = None, note: str = "") -> Annotation | None:
        """Create a note on a paragraph, its link (both sides) or a selection [start, end) and select it in
        the panel for writing. Returns None (and shows why) when it cannot be saved."""
        if self.document is None or not self._ensure_store():
            return None
        paragraphs = self.document.side(language).paragraphs  # type: ignore[arg-type]
        if not 0 <= index < len(paragraphs):
            return None
        if start is not None and end is not None and end > start:
            anchor = anchor_selection(paragraphs, index, start, end)
            target = TargetKind.SELECTION
        else:
            anchor = anchor_paragraph(paragraphs, index)
        partner = None
        if target == "link":
            other, indices = self.view.counterpart(language, index)
            if indices:
                partner = anchor_paragraph(self.document.side(other).paragraphs, indices[0])  # type: ignore[arg-type]
        colour = self.panel.colour.currentData() or (self.palette[0].key if self.palette else "yellow")
        annotation = Annotation.create(self.document.content_id, target, anchor, partner, note=note, colour=colour)
        if not self._save(annotation):
            return None
        self._after_change(annotation.id)
        self.panel.show()
        self.panel.editor.setFocus()
        return annotation

    def add_note_here(self, target: str = "paragraph") -> Annotation | None:
        """The shortcut: a note on the selection or the paragraph at the cursor of the focused pane (else
        the paragraph at the top of the left pane)."""
        panes = (self.view.zh_pane, self.view.en_pane)
        pane = next((p for p in panes if p.hasFocus()), None) or \
            next((p for p in panes if p.textCursor().hasSelection()), self.view.left)
        cursor = pane.textCursor()
        if cursor.hasSelection():
            block = pane.document().findBlock(cursor.selectionStart())
            if block == pane.document().findBlock(cursor.selectionEnd()) and target == "paragraph":
                start = cursor.selectionStart() - block.position()
                return self.add_note(pane.language, block.blockNumber(), "selection", start,
                                     cursor.selectionEnd() - block.position())
            return self.add_note(pane.language, block.blockNumber(), target)
        index = cursor.blockNumber() if cursor.position() > 0 else pane.top_paragraph()[0]
        return self.add_note(pane.language, max(index, 0), target)

    def update_note(self, annotation_id: str, **changes: object) -> Annotation | None:
        """Change note, colour or tags of a note and commit at once; None (error shown) if it fails."""
        annotation = self.placed.annotations.get(annotation_id)
        if annotation is None:
            return None
        edited = annotation.edited(**changes)
        if not self._save(edited):
            return None
        self._after_change(annotation_id)
        return edited

    def delete_note(self, annotation_id: str) -> bool:
        """Delete a note; Ctrl+Z (undo_delete) brings it back."""
        self.commit_pending()
        if self.store is None or annotation_id not in self.placed.annotations:
            return False
        try:
            removed = self.store.delete(annotation_id)
        except StorageError as exc:
            self._show_error(str(exc))
            return False
        if removed is not None:
            self.deleted.append(removed)
        self.undo_action.setEnabled(bool(self.deleted))
        self.placed.annotations.pop(annotation_id, None)
        self.placed.where.pop(annotation_id, None)
        self.placed.orphans = [a for a in self.placed.orphans if a.id != annotation_id]
        if self.current_id == annotation_id:
            self.current_id = None
        self._after_change(None)
        return True

    def undo_delete(self) -> Annotation | None:
        if not self.deleted or self.store is None:
            return None
        annotation = self.deleted[-1]
        if not self._save(annotation):
            return None
        self.deleted.pop()
        self.undo_action.setEnabled(bool(self.deleted))
        self._after_change(annotation.id)
        return annotation

    def go_to(self, annotation_id: str) -> bool:
        """Scroll to a placed note's paragraph and flash it; False for orphans."""
        sides = self.placed.where.get(annotation_id)
        if not sides:
            return False
        annotation = self.placed.annotations[annotation_id]
        side = annotation.side if annotation.side in sides else next(iter(sides))
        index = sides[side].index
        self.view.go_to_paragraph(side, index)
        self.view.pane(side).flash(index, self.view.scheme.flash)
        return True

    def name_colour(self, key: str, meaning: str) -> bool:
        """Give a palette colour the user's meaning (shown in the colour lists and exports)."""
        if self.store is None:
            return False
        try:
            self.store.name_colour(key, meaning)
            self.palette = self.store.palette()
        except (StorageError, KeyError) as exc:
            self._show_error(str(exc))
            return False
        self._after_change(self.current_id)
        return True

    def export_notes(self, path: str, fmt: str) -> bool:
        """Write the open document's notes to `path` as md, json or csv (Markdown quotes each note's link)."""
        if self.document is None or self.store is None:
            return False
        try:
            annotations = self.store.for_documents(self.versions)
            text = export(self.document, annotations, self.palette, fmt, getattr(self.view, "alignment", None))
            with open(path, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as f:
                f.write(text)
        except (StorageError, OSError) as exc:
            self._show_error(self.tr("Could not export the notes: {0}").format(exc))
            return False
        self.window.statusBar().showMessage(self.tr("Exported {0} notes to {1}").format(len(annotations), path), 8000)
        return True

    def import_notes(self, path: str) -> MergeResult | None:
        """Merge notes from an exported JSON file (importing twice adds nothing) and re-place them."""
        if self.document is None or not self._ensure_store():
            return None
        assert self.store is not None
        try:
            with open(path, encoding="utf-8-sig") as f:
                text = f.read()
            result = import_json(self.store, text)
        except (OSError, UnicodeDecodeError, NotesFormatError, StorageError) as exc:
            self._show_error(self.tr("Could not import {0}: {1}").format(path, exc))
            return None
        self.set_document(self.document)
        self.window.statusBar().showMessage(
            self.tr("Imported notes: {0} added, {1} updated, {2} unchanged").format(
                result.added, result.updated, result.unchanged), 8000)
        return result

    def _on_export_triggered(self, fmt: str) -> None:
        if self.document is None:
            return
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export Notes"),
                                              f"{self.document.title or 'notes'}-notes.{fmt}",
                                              f"*.{fmt}")
        if path:
            self.export_notes(path, fmt)

    def _on_import_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Import Notes"), "",
                                              self.tr("Notes (*.json);;All files (*)"))
        if path:
            self.import_notes(path)

    def _on_name_colour_triggered(self) -> None:
        key = self.panel.colour.currentData()
        colour = next((c for c in self.palette if c.key == key), None)
        if colour is None:
            return
        meaning, ok = QInputDialog.getText(self.window, self.tr("Name the Colour"),
                                           self.tr("What does this colour mean to you?"), text=colour.meaning)
        if ok and meaning.strip():
            self.name_colour(colour.key, meaning)

    # -- saving ------------------------------------------------------------------------------------

    def _save(self, annotation: Annotation) -> bool:
        if self.store is None:
            return False
        try:
            self.store.save(annotation)
        except StorageError as exc:
            # Keep the edit: it stays in the editor and is retried on the next change or with Retry.
            self._pending = annotation
            self._show_error(str(exc))
            self.panel.retry_button.show()
            return False
        if self._pending is not None and self._pending.id == annotation.id:
            self._pending = None
        self._clear_error()
        self.placed.annotations[annotation.id] = annotation
        if self.document is not None and annotation.id not in self.placed.where:
            one = place(self.document, [annotation])
            self.placed.where.update(one.where)
            if one.orphans and annotation not in self.placed.orphans:
                self.placed.orphans.append(annotation)
        else:
            self.placed.orphans = [annotation if a.id == annotation.id else a for a in self.placed.orphans]
        return True

    def commit_pending(self) -> bool:
        """Commit an edit typed in the editor (or one whose save failed). True when nothing is left unsaved."""
        self._save_timer.stop()
        if self._pending is None:
            return True
        pending = self._pending
        if self._save(pending):
            self._after_change(pending.id, refill_editor=False)
            return True
        return False

    def has_unsaved_edit(self) -> bool:
        return self._pending is not None

    def _on_editor_changed(self, *_args: object) -> None:
        if self._loading_editor or self.current_id is None:
            return
        base = self._pending if self._pending is not None and self._pending.id == self.current_id else \
            self.placed.annotations.get(self.current_id)
        if base is None:
            return
        self._pending = base.edited(note=self.panel.editor.toPlainText(), tags=self.panel.tags.text(),
                                    colour=self.panel.colour.currentData() or base.colour)
        self._save_timer.start()

    # -- views -------------------------------------------------------------------------------------

    def _after_change(self, select_id: str | None, refill_editor: bool = True) -> None:
        if select_id is not None:
            self.current_id = select_id
        self._fill_filters()
        self._refresh_views(refill_editor)
        self.annotationsChanged.emit()

    def _colour_of(self, key: str) -> QColor:
        hex_colour = next((c.hex for c in self.palette if c.key == key), "#f6d55c")
        return QColor(hex_colour)

    def _refresh_views(self, refill_editor: bool = True) -> None:
        for language, markers in self.markers.items():
            colours: dict[int, QColor] = {}
            for annotation_id, sides in self.placed.where.items():
                if language in sides:
                    colours[sides[language].index] = self._colour_of(self.placed.annotations[annotation_id].colour)
            markers.set_colours(colours)
        set_annotated = getattr(self.view, "set_annotated", None)
        if set_annotated is not None:
            set_annotated([(language, i) for language in ("zh", "en") for i in self.annotated_paragraphs(language)])
        self._refill_list()
        if refill_editor:
            self._load_editor(self.current_id)

    def _ordered(self) -> list[Annotation]:
        alignment = getattr(self.view, "alignment", None)
        zh_count = len(self.document.zh) if self.document is not None else 1
        en_count = len(self.document.en) if self.document is not None else 1

        def key(annotation: Annotation) -> tuple:
            sides = self.placed.where[annotation.id]
            side = annotation.side if annotation.side in sides else next(iter(sides))
            placement = sides[side]
            link = alignment.link_of(side, placement.index) if alignment is not None else None
            order = link if link is not None else placement.index * (zh_count / max(1, en_count) if side == "en"
                                                                     else 1.0)
            return (order, side != "zh", placement.index, placement.start, annotation.created)

        return sorted((self.placed.annotations[i] for i in self.placed.where if i in self.placed.annotations),
                      key=key)

    def _fill_filters(self) -> None:
        panel = self.panel
        for combo in (panel.colour_filter, panel.tag_filter, panel.colour):
            combo.blockSignals(True)
        colour_choice = panel.colour_filter.currentData()
        tag_choice = panel.tag_filter.currentData()
        panel.colour_filter.clear()
        panel.colour_filter.addItem(self.tr("All colours"), None)
        panel.colour.clear()
        for colour in self.palette:
            panel.colour_filter.addItem(_swatch(colour.hex), colour.meaning, colour.key)
            panel.colour.addItem(_swatch(colour.hex), colour.meaning, colour.key)
        panel.tag_filter.clear()
        panel.tag_filter.addItem(self.tr("All tags"), None)
        for tag in sorted({t for a in self.placed.annotations.values() for t in a.tags}, key=str.casefold):
            panel.tag_filter.addItem(tag, tag)
        panel.colour_filter.setCurrentIndex(max(0, panel.colour_filter.findData(colour_choice)))
        panel.tag_filter.setCurrentIndex(max(0, panel.tag_filter.findData(tag_choice)))
        for combo in (panel.colour_filter, panel.tag_filter, panel.colour):
            combo.blockSignals(False)

    def _matches(self, annotation: Annotation) -> bool:
        colour = self.panel.colour_filter.currentData()
        tag = self.panel.tag_filter.currentData()
        text = self.panel.text_filter.text().strip().casefold()
        if colour and annotation.colour != colour:
            return False
        if tag and tag not in annotation.tags:
            return False
        haystack = " ".join((annotation.note, annotation.anchor.quote, " ".join(annotation.tags))).casefold()
        return not text or text in haystack

    def visible_ids(self) -> list[str]:
        """Ids of the notes the panel lists now (after filters), in order."""
        return [self.panel.list.item(i).data(ID_ROLE) for i in range(self.panel.list.count())
                if self.panel.list.item(i).data(ID_ROLE)]

    def _refill_list(self, *_args: object) -> None:
        panel = self.panel
        panel.list.blockSignals(True)
        panel.list.clear()
        current_row = -1
        for annotation in self._ordered():
            if not self._matches(annotation):
                continue
            sides = self.placed.where[annotation.id]
            where = " ↔ ".join(f"{SIDE_MARK[s]} {sides[s].index + 1}" for s in ("zh", "en") if s in sides)
            first_line = annotation.note.strip().splitlines()[0] if annotation.note.strip() else self.tr("(empty)")
            item = QListWidgetItem(_swatch(self._colour_of(annotation.colour).name()), f"{where} · {first_line}")
            item.setData(ID_ROLE, annotation.id)
            item.setToolTip(annotation.note or annotation.anchor.quote[:200])
            panel.list.addItem(item)
            if annotation.id == self.current_id:
                current_row = panel.list.count() - 1
        orphans = [a for a in self.placed.orphans if self._matches(a)]
        if orphans:
            header = QListWidgetItem(self.tr("Not found in this version of the text ({0})").format(len(orphans)))
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            panel.list.addItem(header)
            for annotation in orphans:
                first_line = annotation.note.strip().splitlines()[0] if annotation.note.strip() else ""
                item = QListWidgetItem(_swatch(self._colour_of(annotation.colour).name()),
                                       f"«{annotation.anchor.quote[:60]}» · {first_line}")
                item.setData(ID_ROLE, annotation.id)
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
                panel.list.addItem(item)
                if annotation.id == self.current_id:
                    current_row = panel.list.count() - 1
        if current_row >= 0:
            panel.list.setCurrentRow(current_row)
        panel.list.blockSignals(False)

    def _load_editor(self, annotation_id: str | None) -> None:
        annotation = self._pending if self._pending is not None and self._pending.id == annotation_id else \
            self.placed.annotations.get(annotation_id or "")
        self._loading_editor = True
        try:
            panel = self.panel
            panel.set_editing(annotation is not None and not (self.database and self.database.read_only))
            if annotation is None:
                panel.quote.clear()
                panel.editor.clear()
                panel.tags.clear()
                return
            quote = annotation.anchor.quote
            panel.quote.setText(f"«{quote[:160]}{'…' if len(quote) > 160 else ''}»")
            if panel.editor.toPlainText() != annotation.note:
                panel.editor.setPlainText(annotation.note)
            panel.tags.setText(", ".join(annotation.tags))
            panel.colour.setCurrentIndex(max(0, panel.colour.findData(annotation.colour)))
        finally:
            self._loading_editor = False

    def _on_list_current_item_changed(self, item: QListWidgetItem | None, _previous) -> None:
        annotation_id = item.data(ID_ROLE) if item is not None else None
        if annotation_id == self.current_id:
            return
        self.commit_pending()
        self.current_id = annotation_id
        self._load_editor(annotation_id)

    def _on_list_item_clicked(self, item: QListWidgetItem) -> None:
        annotation_id = item.data(ID_ROLE)
        if annotation_id:
            self.go_to(annotation_id)

    # -- context menu ------------------------------------------------------------------------------

    def context_menu(self, pane, pos: QPoint) -> QMenu:
        """The pane's standard menu plus the note actions for the paragraph (or selection) under `pos`."""
        menu = pane.createStandardContextMenu(pos)
        menu.addSeparator()
        cursor = pane.cursorForPosition(pos)
        index = cursor.block().blockNumber()
        selection = pane.textCursor()
        if selection.hasSelection():
            block = pane.document().findBlock(selection.selectionStart())
            if block == pane.document().findBlock(selection.selectionEnd()):
                start = selection.selectionStart() - block.position()
                end = selection.selectionEnd() - block.position()
                menu.addAction(self.tr("Add Note to the Selection"),
                               lambda: self.add_note(pane.language, block.blockNumber(), "selection", start, end))
        menu.addAction(self.tr("Add Note to This Paragraph"), lambda: self.add_note(pane.language, index))
        menu.addAction(self.tr("Add Note to This Pair"), lambda: self.add_note(pane.language, index, "link"))
        on_paragraph = self.placed.on_paragraph(pane.language, index)
        for annotation in on_paragraph:
            label = annotation.note.strip().splitlines()[0][:30] if annotation.note.strip() else self.tr("(empty)")
            menu.addAction(self.tr("Edit Note “{0}”").format(label),
                           lambda a=annotation: self._select(a.id))
            menu.addAction(self.tr("Delete Note “{0}”").format(label),
                           lambda a=annotation: self.delete_note(a.id))
        return menu

    def _select(self, annotation_id: str) -> None:
        self.current_id = annotation_id
        self._refill_list()
        self._load_editor(annotation_id)
        self.panel.show()
        self.panel.editor.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            pane = next((p for p in (self.view.zh_pane, self.view.en_pane) if p.viewport() is watched), None)
            if pane is not None and self.document is not None:
                menu = self.context_menu(pane, event.pos())
                menu.exec(event.globalPos())
                menu.deleteLater()
                return True
        return super().eventFilter(watched, event)

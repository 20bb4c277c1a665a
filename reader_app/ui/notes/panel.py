"""The Notes dock: filters, the list of notes, the selected note's editor, and a line for storage errors."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader_app.storage.annotations import Annotation, Colour, Placed
from reader_app.ui.notes.markers import colour_name, swatch
from reader_app.ui.notes.model import ID_ROLE, NotesFilter, NotesModel

PANEL_WIDTH = 320  # px, when the dock first opens


# The translation contexts of the classes these strings were written in (AnnotationsPanel and
# AnnotationsController): the catalogue keeps its translations under those names.
def _tr_panel(text: str) -> str:
    return QCoreApplication.translate("AnnotationsPanel", text)


def _tr(text: str) -> str:
    return QCoreApplication.translate("AnnotationsController", text)


class _OneLineRows(QStyledItemDelegate):
    """Rows as wide as the view, whatever the note's length: the text is then elided ("…") into the row. (A row's
    own width would be the whole note's, and the list would scroll sideways instead.)"""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 (Qt override)
        return QSize(1, super().sizeHint(option, index).height())


class NotesPanel(QDockWidget):
    """The notes of the open document in reading order, filters by colour, tag and text, the selected note's
    editor, and a line for storage errors. Orphans (notes whose text is gone) are listed last.

    Signals: noteSelected(object) with the id (or None) of the note the user made current in the list;
    noteClicked(str) with the id of a note clicked in the list;
    filtersChanged() after the user changed a filter (the list is filtered already)."""

    noteSelected = Signal(object)
    noteClicked = Signal(str)
    filtersChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationsDock")  # the name the window's saved state knows the dock by
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
        self.text_filter.setClearButtonEnabled(True)
        self.colour_filter = QComboBox()
        self.tag_filter = QComboBox()
        filters.addWidget(self.text_filter, 2)
        filters.addWidget(self.colour_filter, 1)
        filters.addWidget(self.tag_filter, 1)
        layout.addLayout(filters)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = NotesModel(self)
        self.filter = NotesFilter(self)
        self.filter.setSourceModel(self.model)
        # What the list view shows: the filter's rows through Qt's own proxy, which answers the view's index()
        # and rowCount() in C++. The view lays out all its rows at each change, asking index() of each one; a
        # model of ours answers that in Python (index() asks rowCount()): 40-90 ms at 10,000 notes, each time
        # a note was added. No filter is set on it: it keeps the filter's rows, in their order.
        self.listed = QSortFilterProxyModel(self)
        self.listed.setSourceModel(self.filter)
        self.list_view = QListView()
        self.list_view.setObjectName("notesList")
        # One line a note, all rows one height: the view then never measures the rows it does not show
        # (with word wrap it sized all 10,000 on every change of the current row: seconds). The tool tip
        # holds the whole note.
        self.list_view.setUniformItemSizes(True)
        self.list_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list_view.setItemDelegate(_OneLineRows(self.list_view))
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.setModel(self.listed)
        splitter.addWidget(self.list_view)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        self.quote = QLabel()
        self.quote.setWordWrap(True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("noteEditor")
        row = QHBoxLayout()
        self.colour = QComboBox()
        self.tags = QLineEdit()
        self.retry_button = QPushButton()
        self.retry_button.hide()
        self.delete_button = QPushButton()
        self.more_button = QToolButton()
        self.more_button.setText("⋯")
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
        self._choices: tuple[Sequence[Colour], Sequence[str]] = ((), ())  # what set_choices was last given
        self.retranslate()

        # Set while the list changes under the user (new notes, filters, our own selection): the current row
        # may move then, and that is no choice of the user's.
        self._syncing = False
        self._wanted_id: str | None = None  # the note select_note() was last asked for
        self.model.filled.connect(self._on_model_filled)
        self.list_view.selectionModel().currentChanged.connect(self._on_selection_current_changed)
        self.list_view.clicked.connect(self._on_list_view_clicked)
        self.text_filter.textChanged.connect(self._on_filter_changed)
        self.colour_filter.currentIndexChanged.connect(self._on_filter_changed)
        self.tag_filter.currentIndexChanged.connect(self._on_filter_changed)

    def dock_into(self, window: QMainWindow) -> None:
        """Dock at the window's right, closed: the panes get the width until there is a note to show (the
        dock opens with a document that has notes, with a new note, or with Ctrl+Shift+B)."""
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self)
        self.hide()
        window.resizeDocks([self], [PANEL_WIDTH], Qt.Orientation.Horizontal)

    def retranslate(self) -> None:
        """The dock's words in the interface language (again when it changes: its toggle action's text is its
        title)."""
        self.setWindowTitle(_tr_panel("Notes"))
        self.text_filter.setPlaceholderText(_tr_panel("Filter notes…"))
        self.editor.setPlaceholderText(_tr_panel("Write the note here; it is saved as you type."))
        self.tags.setPlaceholderText(_tr_panel("tags, separated by commas"))
        self.retry_button.setText(_tr_panel("Retry Saving"))
        self.delete_button.setText(_tr_panel("Delete"))
        self.more_button.setToolTip(_tr_panel("Export, import, colour meanings"))
        if self._choices != ((), ()):
            self.set_choices(*self._choices)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_editing(self, enabled: bool) -> None:
        for widget in (self.editor, self.colour, self.tags, self.delete_button):
            widget.setEnabled(enabled)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # -- the list ----------------------------------------------------------------------------------

    def set_choices(self, palette: Sequence[Colour], tags: Sequence[str]) -> None:
        """Fill the colour and tag filters and the editor's colours, keeping the filters' choices."""
        self._choices = (tuple(palette), tuple(tags))
        combos = (self.colour_filter, self.tag_filter, self.colour)
        colour_now = self.colour.currentData()
        for combo in combos:
            combo.blockSignals(True)
        colour_choice = self.colour_filter.currentData()
        tag_choice = self.tag_filter.currentData()
        self.colour_filter.clear()
        self.colour_filter.addItem(_tr("All colours"), None)
        self.colour.clear()
        for colour in palette:
            self.colour_filter.addItem(swatch(colour.hex), colour_name(colour), colour.key)
            self.colour.addItem(swatch(colour.hex), colour_name(colour), colour.key)
        self.tag_filter.clear()
        self.tag_filter.addItem(_tr("All tags"), None)
        for tag in tags:
            self.tag_filter.addItem(tag, tag)
        self.colour_filter.setCurrentIndex(max(0, self.colour_filter.findData(colour_choice)))
        self.tag_filter.setCurrentIndex(max(0, self.tag_filter.findData(tag_choice)))
        self.colour.setCurrentIndex(max(0, self.colour.findData(colour_now)))
        for combo in combos:
            combo.blockSignals(False)
        self._apply_filters()

    def show_notes(self, ordered: Sequence[Annotation], placed: Placed, palette: Sequence[Colour],
                   current_id: str | None) -> None:
        """List `ordered` (the placed notes in reading order) and the orphans, with `current_id` selected."""
        self._syncing = True
        try:
            self.model.set_notes(ordered, placed, palette)
        finally:
            self._syncing = False
        self.select_note(current_id)

    def select_note(self, annotation_id: str | None) -> None:
        """Make a note the list's current row, or none when it is not listed (yet: a long list is listed a
        chunk at a time, and the note becomes current when its row comes)."""
        self._wanted_id = annotation_id
        index = self.listed.mapFromSource(self.filter.row_of(annotation_id))
        self._syncing = True
        try:
            if index.isValid():
                self.list_view.setCurrentIndex(index)
            else:
                self.list_view.selectionModel().clear()
        finally:
            self._syncing = False

    def visible_ids(self) -> list[str]:
        return self.filter.ids()

    def _apply_filters(self) -> None:
        self._syncing = True
        try:
            self.filter.set_filters(self.colour_filter.currentData(), self.tag_filter.currentData(),
                                    self.text_filter.text())
        finally:
            self._syncing = False

    def _on_model_filled(self) -> None:
        if not self.list_view.currentIndex().isValid() and self._wanted_id is not None:
            self.select_note(self._wanted_id)

    def _on_filter_changed(self, *_args: object) -> None:
        self._apply_filters()
        self.filtersChanged.emit()

    def _on_selection_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._syncing:
            self.noteSelected.emit(current.data(ID_ROLE) if current.isValid() else None)

    def _on_list_view_clicked(self, index: QModelIndex) -> None:
        annotation_id = index.data(ID_ROLE)
        if annotation_id:
            self.noteClicked.emit(annotation_id)

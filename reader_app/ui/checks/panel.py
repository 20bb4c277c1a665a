"""The Checks dock: the flags of the open document, filters by kind and severity with their counts, Ignore."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader_app.core.checks import DEFAULT_KINDS, Flag, Kind, Severity
from reader_app.ui.checks.messages import clip, flag_message
from reader_app.ui.checks.model import (
    FLAG_ROLE,
    FlagsModel,
    kind_labels,
    severity_icon,
    severity_labels,
    where,
)

PANEL_WIDTH = 340  # px, when the dock first opens
KIND_COLUMNS = 3  # of the kinds' check boxes
DETAIL_CHARS = 600  # of each side's evidence under the list


def _tr(text: str) -> str:
    return QCoreApplication.translate("ChecksPanel", text)


class _OneLineRows(QStyledItemDelegate):
    """Rows as wide as the view, whatever the message's length: the text is then elided ("…") into the row (a
    row's own width would be the whole message's, and the list would scroll sideways instead)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 (Qt override)
        return QSize(1, super().sizeHint(option, index).height())


class ChecksPanel(QDockWidget):
    """The flags of the last run in reading order (one line each: severity dot, kind, paragraphs, message), check
    boxes per kind and per severity with their counts, the current flag's whole message and evidence, Ignore and
    Undo Ignore, and "Show ignored". Ctrl+Z (the platform's Undo) while the dock has focus undoes an Ignore.

    Signals: flagActivated(Flag) when a row is clicked or Enter pressed on it; filtersChanged() after the reader
    changed a filter (the list is filtered already); ignoreRequested(list[Flag]) and unignoreRequested(list[Flag])
    from the button or the context menu; undoRequested(); languageChanged() after the dock's words (the flags'
    messages too) changed to the interface language's."""

    flagActivated = Signal(object)
    filtersChanged = Signal()
    ignoreRequested = Signal(object)
    unignoreRequested = Signal(object)
    undoRequested = Signal()
    languageChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checksDock")  # the name the window's saved state knows the dock by
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.status = QLabel()
        self.status.setObjectName("checksStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        kinds = QGridLayout()
        kinds.setContentsMargins(0, 0, 0, 0)
        kinds.setHorizontalSpacing(8)
        kinds.setVerticalSpacing(2)
        self.kind_boxes: dict[Kind, QCheckBox] = {}
        for n, kind in enumerate(Kind):
            box = self.kind_boxes[kind] = QCheckBox()
            box.setObjectName(f"checksKind-{kind.value}")
            box.setChecked(kind in DEFAULT_KINDS)
            box.toggled.connect(self._on_filter_toggled)
            kinds.addWidget(box, n // KIND_COLUMNS, n % KIND_COLUMNS)
        layout.addLayout(kinds)
        severities = QHBoxLayout()
        severities.setContentsMargins(0, 0, 0, 0)
        self.severity_boxes: dict[Severity, QCheckBox] = {}
        for severity in Severity:
            box = self.severity_boxes[severity] = QCheckBox()
            box.setObjectName(f"checksSeverity-{severity.value}")
            box.setIcon(severity_icon(severity))
            box.setChecked(True)
            box.toggled.connect(self._on_filter_toggled)
            severities.addWidget(box)
        severities.addStretch(1)
        layout.addLayout(severities)

        self.model = FlagsModel(self)
        # What the view shows: the model's rows through Qt's own proxy, which answers the view's index() and
        # rowCount() in C++ (the view asks index() of every row at each layout; in Python that costs tens of ms
        # at 10,000 rows). No filter on it: it keeps the model's rows in their order.
        self.listed = QSortFilterProxyModel(self)
        self.listed.setSourceModel(self.model)
        self.list_view = QListView()
        self.list_view.setObjectName("checksList")
        # One line a flag, all rows one height: the view never measures rows it does not show.
        self.list_view.setUniformItemSizes(True)
        self.list_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list_view.setItemDelegate(_OneLineRows(self.list_view))
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list_view.setModel(self.listed)
        layout.addWidget(self.list_view, 1)
        self.details = QLabel()
        self.details.setObjectName("checksDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        self.ignore_button = QPushButton()
        self.ignore_button.setObjectName("checksIgnore")
        self.undo_button = QPushButton()
        self.undo_button.setObjectName("checksUndo")
        self.undo_button.setEnabled(False)
        self.show_ignored = QCheckBox()
        self.show_ignored.setObjectName("checksShowIgnored")
        self.show_ignored.toggled.connect(self._on_filter_toggled)
        buttons.addWidget(self.ignore_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_ignored)
        layout.addLayout(buttons)
        self.setWidget(body)

        self.list_view.clicked.connect(self._on_list_view_activated)
        self.list_view.activated.connect(self._on_list_view_activated)
        self.list_view.customContextMenuRequested.connect(self._on_list_view_context_menu_requested)
        self.list_view.selectionModel().currentChanged.connect(self._on_selection_changed)
        self.list_view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.ignore_button.clicked.connect(self._on_ignore_button_clicked)
        self.undo_button.clicked.connect(self.undoRequested)
        self._status_text = ""
        self.retranslate()

    def dock_into(self, window: QMainWindow) -> None:
        """Dock at the window's right, closed (View ▸ Checks Panel opens it); in one place with the Notes dock
        when the window has it, as its neighbour tab."""
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self)
        notes = window.findChild(QDockWidget, "annotationsDock")
        if notes is not None and window.dockWidgetArea(notes) == Qt.DockWidgetArea.RightDockWidgetArea:
            window.tabifyDockWidget(notes, self)
        self.hide()
        window.resizeDocks([self], [PANEL_WIDTH], Qt.Orientation.Horizontal)

    def retranslate(self) -> None:
        """The dock's words in the interface language (again when it changes)."""
        self.setWindowTitle(_tr("Checks"))
        self.ignore_button.setToolTip(_tr("Hide this flag for this document; Undo Ignore brings it back"))
        self.undo_button.setText(_tr("Undo Ignore"))
        self.show_ignored.setText(_tr("Show ignored"))
        self.list_view.setToolTip("")
        self.model.retranslate()
        self._update_counts()
        self._update_buttons()
        self._update_details()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.languageChanged.emit()
        super().changeEvent(event)

    # -- what the controller sets ------------------------------------------------------------------

    def set_status(self, text: str) -> None:
        """A line above the filters ("Checking…", an error), or "" for the counts of what is listed."""
        self._status_text = text
        self._update_counts()

    def show_flags(self, flags: Sequence[Flag], links: Sequence[int]) -> None:
        """List a run's flags (every kind: the filters choose), the first row current."""
        self.model.set_flags(flags, links)
        self._after_change(None, 0)

    def set_ignored(self, keys: set[str] | frozenset[str]) -> None:
        """The keys of the ignored flags; those are listed greyed with "Show ignored", else not at all. The current
        row stays, or the row in its place becomes current (ignore after ignore walks down the list)."""
        current, row = self.current_flag(), self.list_view.currentIndex().row()
        self.model.set_filter(ignored=keys)
        self._after_change(current, row)

    def set_undo_enabled(self, enabled: bool) -> None:
        self.undo_button.setEnabled(enabled)

    # -- what the controller and the tests read -----------------------------------------------------

    def kinds(self) -> set[Kind]:
        return {kind for kind, box in self.kind_boxes.items() if box.isChecked()}

    def severities(self) -> set[Severity]:
        return {severity for severity, box in self.severity_boxes.items() if box.isChecked()}

    def listed_flags(self) -> list[Flag]:
        """The flags listed now (after the filters), in order."""
        return self.model.listed()

    def current_flag(self) -> Flag | None:
        index = self.list_view.currentIndex()
        return index.data(FLAG_ROLE) if index.isValid() else None

    def selected_flags(self) -> list[Flag]:
        """The selected rows' flags in list order, else the current row's."""
        rows = sorted(self.list_view.selectionModel().selectedRows(), key=lambda i: i.row())
        flags = [index.data(FLAG_ROLE) for index in rows]
        if not flags and (current := self.current_flag()) is not None:
            flags = [current]
        return flags

    def select_flag(self, flag: Flag | None) -> None:
        """Make a flag's row current (and the only one selected), or none when it is not listed."""
        row = self.model.row_of(flag)
        self._select_row(row)

    def _select_row(self, row: int) -> None:
        index = self.listed.index(row, 0) if row >= 0 else QModelIndex()
        if index.isValid():
            self._make_current(index)
            self.list_view.scrollTo(index)
        else:
            self.list_view.selectionModel().clear()
        self._update_buttons()
        self._update_details()

    def _make_current(self, index: QModelIndex) -> None:
        # Selected alone, explicitly: the view's setCurrentIndex() would read the keyboard's modifiers (Shift or
        # Ctrl held, or left held by the last key event) and extend the selection.
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.list_view.selectionModel().setCurrentIndex(index, flags)

    # -- inside ------------------------------------------------------------------------------------

    def _after_change(self, current: Flag | None, row: int) -> None:
        """After the rows changed: `current` current again if listed, else the row at `row` (or the last)."""
        count = self.model.rowCount()
        wanted = self.model.row_of(current)
        if wanted < 0 and count:
            wanted = min(max(row, 0), count - 1)
        self._select_row(wanted)
        self._update_counts()

    def _update_counts(self) -> None:
        by_kind, by_severity = self.model.counts()
        for kind, label in kind_labels().items():
            self.kind_boxes[kind].setText(_tr("{0} ({1})").format(label, by_kind[kind]))
        for severity, label in severity_labels().items():
            self.severity_boxes[severity].setText(_tr("{0} ({1})").format(label, by_severity[severity]))
        text = self._status_text
        if not text:
            listed, total, ignored = self.model.rowCount(), len(self.model.flags), self.model.ignored_count()
            text = _tr("{0} of {1} flags listed · {2} ignored").format(listed, total, ignored) if total else \
                _tr("No flags: nothing to check, or nothing found")
        self.status.setText(text)

    def _update_buttons(self) -> None:
        flags = self.selected_flags()
        unignore = bool(flags) and all(f.key in self.model.ignored for f in flags)
        self.ignore_button.setText(_tr("Stop Ignoring") if unignore else _tr("Ignore"))
        self.ignore_button.setEnabled(bool(flags))

    def _update_details(self) -> None:
        flag = self.current_flag()
        if flag is None:
            self.details.clear()
            return
        lines = [f"{kind_labels()[flag.kind]} · {where(flag)}", flag_message(flag)]
        if flag.zh_evidence:
            lines.append(_tr("Chinese: {0}").format(clip(flag.zh_evidence, DETAIL_CHARS)))
        if flag.en_evidence:
            lines.append(_tr("English: {0}").format(clip(flag.en_evidence, DETAIL_CHARS)))
        self.details.setText("\n".join(lines))

    def _on_filter_toggled(self, _checked: bool) -> None:
        current, row = self.current_flag(), self.list_view.currentIndex().row()
        self.model.set_filter(kinds=self.kinds(), severities=self.severities(),
                              show_ignored=self.show_ignored.isChecked())
        self._after_change(current, row)
        self.filtersChanged.emit()

    def _on_selection_changed(self, *_args: object) -> None:
        self._update_buttons()
        self._update_details()

    def _on_list_view_activated(self, index: QModelIndex) -> None:
        flag = index.data(FLAG_ROLE)
        if flag is not None:
            self.flagActivated.emit(flag)

    def _on_ignore_button_clicked(self) -> None:
        flags = self.selected_flags()
        if not flags:
            return
        if all(f.key in self.model.ignored for f in flags):
            self.unignoreRequested.emit(flags)
        else:
            self.ignoreRequested.emit([f for f in flags if f.key not in self.model.ignored])

    def context_menu(self, pos: QPoint) -> QMenu:
        """The list's menu at `pos` (of its viewport): go to the flag, ignore it (or stop), undo."""
        menu = QMenu(self)
        index = self.list_view.indexAt(pos)
        flag = index.data(FLAG_ROLE) if index.isValid() else None
        if flag is not None:
            if flag not in self.selected_flags():
                self._make_current(index)
            flags = self.selected_flags()
            menu.addAction(_tr("Go to Flag"), lambda: self.flagActivated.emit(flag))
            if all(f.key in self.model.ignored for f in flags):
                menu.addAction(_tr("Stop Ignoring"), lambda: self.unignoreRequested.emit(flags))
            else:
                menu.addAction(_tr("Ignore"), lambda: self.ignoreRequested.emit(
                    [f for f in flags if f.key not in self.model.ignored]))
        undo = menu.addAction(_tr("Undo Ignore"), self.undoRequested)
        undo.setEnabled(self.undo_button.isEnabled())
        return menu

    def _on_list_view_context_menu_requested(self, pos: QPoint) -> None:
        menu = self.context_menu(pos)
        menu.exec(self.list_view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def event(self, event: QEvent) -> bool:
        # Undo while the dock has focus undoes an Ignore: taken before the window's shortcuts (the notes' Undo
        # Delete has the same keys, for the whole window), and only while there is an Ignore to undo.
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(event, QKeyEvent) \
                and event.matches(QKeySequence.StandardKey.Undo) and self.undo_button.isEnabled():
            event.accept()
            if event.type() == QEvent.Type.KeyPress:
                self.undoRequested.emit()
            return True
        return super().event(event)

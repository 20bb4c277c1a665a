"""The notes panel's list: one row per note in reading order, then the orphans; and its filters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QIcon

from reader_app.core.anchoring import Placement
from reader_app.storage.annotations import Annotation, Colour, Placed
from reader_app.ui.notes.markers import colour_of, swatch

ID_ROLE = Qt.ItemDataRole.UserRole  # the note's id; None on the orphans' heading
ANNOTATION_ROLE = Qt.ItemDataRole.UserRole + 1  # the Annotation itself, for the filters
SIDE_MARK = {"zh": "中", "en": "EN"}

Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    # The context these strings had in the one-module controller: the catalogue keeps its translations.
    return QCoreApplication.translate("AnnotationsController", text)


def empty_label() -> str:
    return _tr("(empty)")


def _heading(orphans: int) -> str:
    return _tr("Not found in this version of the text ({0})").format(orphans)


@dataclass(frozen=True, slots=True)
class _Row:
    annotation: Annotation | None  # None: the heading above the orphans
    sides: dict[str, Placement] | None = None  # where the note is placed; None for an orphan


class NotesModel(QAbstractListModel):
    """The notes of the open document: placed ones in the order given, then, when there are orphans (notes
    whose text is gone), a heading that cannot be selected and the orphans in italics."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._orphans: list[Annotation] = []
        self._palette: list[Colour] = []
        self._icons: dict[str, QIcon] = {}

    def set_notes(self, ordered: Sequence[Annotation], placed: Placed, palette: Sequence[Colour]) -> None:
        """Show `ordered` (placed notes in reading order) and the orphans of `placed`."""
        self.beginResetModel()
        self._rows = [_Row(a, placed.where[a.id]) for a in ordered]
        self._orphans = list(placed.orphans)
        if self._orphans:
            self._rows.append(_Row(None))
            self._rows += [_Row(a) for a in self._orphans]
        self._palette = list(palette)
        self._icons.clear()
        self.endResetModel()

    def orphans(self) -> list[Annotation]:
        return list(self._orphans)

    def is_heading(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row].annotation is None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt override)
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.isValid() and self.is_heading(index.row()):
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        annotation = row.annotation
        if annotation is None:
            return _heading(len(self._orphans)) if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._label(annotation, row.sides)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(annotation.colour)
        if role == Qt.ItemDataRole.ToolTipRole and row.sides is not None:
            return annotation.note or annotation.anchor.quote[:200]
        if role == Qt.ItemDataRole.FontRole and row.sides is None:
            font = QFont()
            font.setItalic(True)
            return font
        if role == ID_ROLE:
            return annotation.id
        if role == ANNOTATION_ROLE:
            return annotation
        return None

    @staticmethod
    def _label(annotation: Annotation, sides: dict[str, Placement] | None) -> str:
        note = annotation.note.strip()
        if sides is None:
            return f"«{annotation.anchor.quote[:60]}» · {note.splitlines()[0] if note else ''}"
        where = " ↔ ".join(f"{SIDE_MARK[s]} {sides[s].index + 1}" for s in ("zh", "en") if s in sides)
        return f"{where} · {note.splitlines()[0] if note else empty_label()}"

    def _icon(self, key: str) -> QIcon:
        hex_colour = colour_of(self._palette, key).name()
        if hex_colour not in self._icons:
            self._icons[hex_colour] = swatch(hex_colour)
        return self._icons[hex_colour]


class NotesFilter(QSortFilterProxyModel):
    """The notes the panel lists: those of the chosen colour and tag whose text (note, quote, tags) contains
    the filter text; the orphans' heading while an orphan is listed, with their number. Keeps the order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._colour: str | None = None
        self._tag: str | None = None
        self._text = ""

    def set_filters(self, colour: str | None, tag: str | None, text: str) -> None:
        self.beginFilterChange()
        self._colour, self._tag, self._text = colour, tag, text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        # The heading's number changes while its row stays.
        heading = self._heading_index()
        if heading.isValid():
            self.dataChanged.emit(heading, heading, [Qt.ItemDataRole.DisplayRole])

    def accepts(self, annotation: Annotation) -> bool:
        if self._colour and annotation.colour != self._colour:
            return False
        if self._tag and self._tag not in annotation.tags:
            return False
        haystack = " ".join((annotation.note, annotation.anchor.quote, " ".join(annotation.tags))).casefold()
        return not self._text or self._text in haystack

    def _notes(self) -> NotesModel:
        source = self.sourceModel()
        assert isinstance(source, NotesModel)
        return source

    def _orphans_listed(self) -> int:
        return sum(1 for a in self._notes().orphans() if self.accepts(a))

    def _heading_index(self) -> QModelIndex:
        source = self._notes()
        row = next((r for r in range(source.rowCount()) if source.is_heading(r)), -1)
        return self.mapFromSource(source.index(row)) if row >= 0 else QModelIndex()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 (Qt override)
        source = self._notes()
        if source.is_heading(source_row):
            return self._orphans_listed() > 0
        annotation = source.index(source_row).data(ANNOTATION_ROLE)
        return isinstance(annotation, Annotation) and self.accepts(annotation)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (role == Qt.ItemDataRole.DisplayRole and index.isValid()
                and self._notes().is_heading(self.mapToSource(index).row())):
            return _heading(self._orphans_listed())
        return super().data(index, role)

    def ids(self) -> list[str]:
        """Ids of the notes listed now, in order (the heading left out)."""
        ids = (self.index(row, 0).data(ID_ROLE) for row in range(self.rowCount()))
        return [i for i in ids if i]

    def row_of(self, annotation_id: str | None) -> QModelIndex:
        """The listed row of a note (its last, should it be listed twice); invalid when it is not listed."""
        if annotation_id is not None:
            for row in reversed(range(self.rowCount())):
                index = self.index(row, 0)
                if index.data(ID_ROLE) == annotation_id:
                    return index
        return QModelIndex()

"""The notes panel's list: one row per note in reading order, then the orphans; and its filters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QIcon

from reader_app.core.anchoring import Placement
from reader_app.storage.annotations import Annotation, Colour, Placed
from reader_app.ui.notes.markers import colour_of, swatch

ID_ROLE = Qt.ItemDataRole.UserRole  # the note's id; None on the orphans' heading
ANNOTATION_ROLE = Qt.ItemDataRole.UserRole + 1  # the Annotation itself, for the filters
SIDE_MARK = {"zh": "中", "en": "EN"}
WARM_BATCH = 500  # notes whose filter text is made per idle turn (a few ms)

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


def _key(row: _Row) -> tuple[str | None, bool]:
    # A note is listed once, placed or orphan; the heading is None.
    return (row.annotation.id if row.annotation is not None else None, row.sides is not None)


class NotesModel(QAbstractListModel):
    """The notes of the open document: placed ones in the order given, then, when there are orphans (notes
    whose text is gone), a heading that cannot be selected and the orphans in italics.

    A new list that differs from the shown one in one stretch of rows (a note added, deleted, edited) changes
    only those rows (rows inserted, removed, data changed), so a list of thousands is not reset for one note:
    resetting makes the filter and the view go over every row again (hundreds of ms at 10,000 notes). A reset
    lists its first CHUNK rows at once and the rest a chunk per idle turn.

    Signals: filled() once every row of a reset is listed."""

    RESET_ABOVE = 200  # rows changed at once: more, and a reset is cheaper than the row-by-row signals
    # The filter and the view go over each row listed: 10,000 at once block the window for 50-150 ms.
    CHUNK = 1000

    filled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._orphans: list[Annotation] = []
        self._palette: list[Colour] = []
        self._icons: dict[str, QIcon] = {}
        self._row_of: dict[str, int] | None = None  # note id -> its row, made when first asked for
        self._shown = 0  # rows listed (rowCount) while a reset's rows are listed a chunk at a time
        self._fill_timer = QTimer(self)
        self._fill_timer.setInterval(0)
        self._fill_timer.timeout.connect(self._on_fill_timer_timeout)

    def set_notes(self, ordered: Sequence[Annotation], placed: Placed, palette: Sequence[Colour]) -> None:
        """Show `ordered` (placed notes in reading order) and the orphans of `placed`."""
        rows = [_Row(a, placed.where[a.id]) for a in ordered]
        orphans = list(placed.orphans)
        if orphans:
            rows.append(_Row(None))
            rows += [_Row(a) for a in orphans]
        palette = list(palette)
        if palette != self._palette or self.filling():
            self._palette = palette
            self._icons.clear()
            self._reset(rows, orphans)
            return
        old = self._rows
        first = 0
        shortest = min(len(old), len(rows))
        while first < shortest and _key(old[first]) == _key(rows[first]):
            first += 1
        last_old, last_new = len(old), len(rows)
        while last_old > first and last_new > first and _key(old[last_old - 1]) == _key(rows[last_new - 1]):
            last_old -= 1
            last_new -= 1
        if (last_old - first) + (last_new - first) > self.RESET_ABOVE:
            self._reset(rows, orphans)
            return
        kept = zip(old[:first] + old[last_old:], rows[:first] + rows[last_new:], strict=True)
        if sum(1 for mine, theirs in kept if mine.annotation is not theirs.annotation) > self.RESET_ABOVE:
            self._reset(rows, orphans)  # the same notes read again (an import): all new objects
            return
        self._orphans = orphans
        if last_old > first:
            self.beginRemoveRows(QModelIndex(), first, last_old - 1)
            del self._rows[first:last_old]
            self._row_of = None
            self._shown = len(self._rows)
            self.endRemoveRows()
        if last_new > first:
            self.beginInsertRows(QModelIndex(), first, last_new - 1)
            self._rows[first:first] = rows[first:last_new]
            self._row_of = None
            self._shown = len(self._rows)
            self.endInsertRows()
        # The rows kept: the same notes, perhaps edited (a new Annotation) or placed elsewhere.
        for row, (mine, theirs) in enumerate(zip(self._rows, rows, strict=True)):
            if mine is not theirs and (mine.annotation is not theirs.annotation or mine.sides != theirs.sides):
                self._rows[row] = theirs
                self.dataChanged.emit(self.index(row), self.index(row))
            elif mine is not theirs:
                self._rows[row] = theirs
        heading = self.heading_row()
        if 0 <= heading < self._shown:  # its number counts the orphans
            self.dataChanged.emit(self.index(heading), self.index(heading), [Qt.ItemDataRole.DisplayRole])

    def _reset(self, rows: list[_Row], orphans: list[Annotation]) -> None:
        self._fill_timer.stop()
        self.beginResetModel()
        self._rows = rows
        self._orphans = orphans
        self._row_of = None
        self._shown = min(len(rows), self.CHUNK)
        self.endResetModel()
        if self.filling():
            self._fill_timer.start()

    def filling(self) -> bool:
        """Whether rows of the last reset are still to be listed."""
        return self._shown < len(self._rows)

    def finish_filling(self) -> None:
        """List the rest of a reset's rows now."""
        while self.filling():
            self._on_fill_timer_timeout(len(self._rows))

    def _on_fill_timer_timeout(self, count: int = 0) -> None:
        end = min(len(self._rows), self._shown + (count or self.CHUNK))
        if end > self._shown:
            self.beginInsertRows(QModelIndex(), self._shown, end - 1)
            self._shown = end
            self.endInsertRows()
        if not self.filling():
            self._fill_timer.stop()
            self.filled.emit()

    def all_annotations(self) -> list[Annotation]:
        """The notes of every row, listed yet or not."""
        return [row.annotation for row in self._rows if row.annotation is not None]

    def orphans(self) -> list[Annotation]:
        return list(self._orphans)

    def orphan_count(self) -> int:
        return len(self._orphans)

    def annotation_at(self, row: int) -> Annotation | None:
        return self._rows[row].annotation if 0 <= row < len(self._rows) else None

    def sides_at(self, row: int) -> dict[str, Placement] | None:
        return self._rows[row].sides if 0 <= row < len(self._rows) else None

    def placed_count(self) -> int:
        """How many rows list placed notes (they come first)."""
        return len(self._rows) - (len(self._orphans) + 1 if self._orphans else 0)

    def replace_row(self, row: int, annotation: Annotation) -> None:
        """Show the new version of the placed note at `row` (placed where it was)."""
        self._rows[row] = _Row(annotation, self._rows[row].sides)
        if row < self._shown:
            self.dataChanged.emit(self.index(row), self.index(row))

    def insert_row(self, row: int, annotation: Annotation, sides: dict[str, Placement]) -> None:
        """List a placed note at `row` (at most placed_count())."""
        self._row_of = None
        if row > self._shown:  # among the rows still to be listed
            self._rows.insert(row, _Row(annotation, sides))
            return
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, _Row(annotation, sides))
        self._shown += 1
        self.endInsertRows()

    def remove_row(self, row: int) -> None:
        """Stop listing the placed note at `row`."""
        self._row_of = None
        if row >= self._shown:
            del self._rows[row]
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self._shown -= 1
        self.endRemoveRows()

    def heading_row(self) -> int:
        """The row of the orphans' heading; -1 when there is none."""
        if not self._orphans:
            return -1
        return len(self._rows) - len(self._orphans) - 1

    def row_of(self, annotation_id: str) -> int:
        """The row of a note; -1 when it is not listed."""
        if self._row_of is None:
            self._row_of = {row.annotation.id: i for i, row in enumerate(self._rows) if row.annotation is not None}
        return self._row_of.get(annotation_id, -1)

    def is_heading(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row].annotation is None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt override)
        return 0 if parent.isValid() else self._shown

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.isValid() and self.is_heading(index.row()):
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < self._shown:
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
        # The text a note is searched in, casefolded once per version of the note (typing a filter over
        # 10,000 notes searches them all at every key); made in idle time after the notes are listed, a few
        # hundred at a time, so the first key typed does not make them all (over 100 ms at 10,000).
        self._haystacks: dict[int, tuple[Annotation, str]] = {}
        self._unwarmed: list[Annotation] = []
        self._warm_timer = QTimer(self)
        self._warm_timer.setInterval(0)
        self._warm_timer.timeout.connect(self._on_warm_timer_timeout)

    def setSourceModel(self, source: QAbstractItemModel) -> None:  # noqa: N802 (Qt override)
        super().setSourceModel(source)
        source.modelReset.connect(self._on_source_model_reset)

    def _on_source_model_reset(self) -> None:
        self._unwarmed = self._notes().all_annotations()
        self._warm_timer.start()

    def _on_warm_timer_timeout(self) -> None:
        batch, self._unwarmed = self._unwarmed[:WARM_BATCH], self._unwarmed[WARM_BATCH:]
        for annotation in batch:
            self._haystack(annotation)
        if not self._unwarmed:
            self._warm_timer.stop()

    def set_filters(self, colour: str | None, tag: str | None, text: str) -> None:
        text = text.strip().casefold()
        if (colour, tag, text) == (self._colour, self._tag, self._text):
            return  # the same choice: filtering 10,000 notes again would change nothing
        self.beginFilterChange()
        self._colour, self._tag, self._text = colour, tag, text
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
        return not self._text or self._text in self._haystack(annotation)

    def _haystack(self, annotation: Annotation) -> str:
        known = self._haystacks.get(id(annotation))
        if known is None or known[0] is not annotation:
            haystack = " ".join((annotation.note, annotation.anchor.quote, " ".join(annotation.tags))).casefold()
            if len(self._haystacks) > 4 * max(1000, self._notes().rowCount()):
                self._haystacks.clear()  # notes edited or gone: start again rather than grow
            self._haystacks[id(annotation)] = known = (annotation, haystack)
        return known[1]

    def _notes(self) -> NotesModel:
        source = self.sourceModel()
        assert isinstance(source, NotesModel)
        return source

    def _orphans_listed(self) -> int:
        return sum(1 for a in self._notes().orphans() if self.accepts(a))

    def _heading_index(self) -> QModelIndex:
        source = self._notes()
        row = source.heading_row()
        return self.mapFromSource(source.index(row)) if row >= 0 else QModelIndex()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 (Qt override)
        source = self._notes()
        annotation = source.annotation_at(source_row)
        if annotation is None:
            return source.is_heading(source_row) and self._orphans_listed() > 0
        return self.accepts(annotation)

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
            source = self._notes()
            row = source.row_of(annotation_id)
            if row >= 0:
                return self.mapFromSource(source.index(row))
        return QModelIndex()

"""The notes panel's list: one row per note in reading order, then the orphans; and its filters."""

from __future__ import annotations

import bisect
import time
from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
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
WARM_BATCH = 100  # notes whose filter text is made at a time in idle turns (under a millisecond)
WARM_SLICE_S = 0.004  # the longest an idle turn makes filter texts

Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    # The context these strings had in the one-module controller: the catalogue keeps its translations.
    return QCoreApplication.translate("AnnotationsController", text)


def empty_label() -> str:
    return _tr("(empty)")


def _heading(orphans: int) -> str:
    return _tr("Not found in this version of the text ({0})").format(orphans)


class NotesModel(QAbstractListModel):
    """The notes of the open document: placed ones in the order given, then, when there are orphans (notes
    whose text is gone), a heading that cannot be selected and the orphans in italics.

    A new list that differs from the shown one in one stretch of rows (a note added, deleted, edited) changes
    only those rows (rows inserted, removed, data changed), so a list of thousands is not reset for one note:
    resetting makes the filter and the view go over every row again. A reset lists its first CHUNK rows at
    once and the rest a chunk per idle turn.

    The rows are two parallel lists (the note, where it is placed), not an object per row: building 10,000
    row objects took 15-20 ms of the window's thread when a book's notes were listed.

    Signals: filled() once every row of a reset is listed."""

    RESET_ABOVE = 200  # rows changed at once: more, and a reset is cheaper than the row-by-row signals
    # The view lays out each row listed; a long list comes a chunk per idle turn.
    CHUNK = 1000

    filled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Row i: the note (None on the orphans' heading) and where it is placed (None for an orphan).
        self._notes: list[Annotation | None] = []
        self._sides: list[dict[str, Placement] | None] = []
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
        where = placed.where
        notes: list[Annotation | None] = list(ordered)
        sides: list[dict[str, Placement] | None] = [where[a.id] for a in ordered]
        orphans = list(placed.orphans)
        if orphans:
            notes.append(None)
            notes += orphans
            sides += [None] * (len(orphans) + 1)
        palette = list(palette)
        if palette != self._palette or self.filling():
            self._palette = palette
            self._icons.clear()
            self._reset(notes, sides, orphans)
            return
        old_notes, old_sides = self._notes, self._sides
        # A row's key: its note's id (None: the heading) and whether it is placed (a note is listed once,
        # placed or orphan). Kept in flat lists: a tuple per row made 20,000 objects, and a full run of the
        # cycle collector on the window's thread.
        old_ids, new_ids = _ids(old_notes), _ids(notes)
        old_placed, new_placed = [s is not None for s in old_sides], [s is not None for s in sides]
        first = 0
        shortest = min(len(old_ids), len(new_ids))
        while first < shortest and old_ids[first] == new_ids[first] and old_placed[first] == new_placed[first]:
            first += 1
        last_old, last_new = len(old_ids), len(new_ids)
        while (last_old > first and last_new > first and old_ids[last_old - 1] == new_ids[last_new - 1]
               and old_placed[last_old - 1] == new_placed[last_new - 1]):
            last_old -= 1
            last_new -= 1
        if (last_old - first) + (last_new - first) > self.RESET_ABOVE:
            self._reset(notes, sides, orphans)
            return
        kept_old = old_notes[:first] + old_notes[last_old:]
        kept_new = notes[:first] + notes[last_new:]
        if sum(1 for mine, theirs in zip(kept_old, kept_new, strict=True) if mine is not theirs) > self.RESET_ABOVE:
            self._reset(notes, sides, orphans)  # the same notes read again (an import): all new objects
            return
        self._orphans = orphans
        if last_old > first:
            self.beginRemoveRows(QModelIndex(), first, last_old - 1)
            del self._notes[first:last_old]
            del self._sides[first:last_old]
            self._row_of = None
            self._shown = len(self._notes)
            self.endRemoveRows()
        if last_new > first:
            self.beginInsertRows(QModelIndex(), first, last_new - 1)
            self._notes[first:first] = notes[first:last_new]
            self._sides[first:first] = sides[first:last_new]
            self._row_of = None
            self._shown = len(self._notes)
            self.endInsertRows()
        # The rows kept: the same notes, perhaps edited (a new Annotation) or placed elsewhere.
        mine_notes, mine_sides = self._notes, self._sides
        for row in range(len(notes)):
            note, placement = notes[row], sides[row]
            if mine_notes[row] is not note or mine_sides[row] is not placement:
                changed = mine_notes[row] is not note or mine_sides[row] != placement
                mine_notes[row], mine_sides[row] = note, placement
                if changed:
                    self.dataChanged.emit(self.index(row), self.index(row))
        heading = self.heading_row()
        if 0 <= heading < self._shown:  # its number counts the orphans
            self.dataChanged.emit(self.index(heading), self.index(heading), [Qt.ItemDataRole.DisplayRole])

    def _reset(self, notes: list[Annotation | None], sides: list[dict[str, Placement] | None],
               orphans: list[Annotation]) -> None:
        self._fill_timer.stop()
        self.beginResetModel()
        self._notes, self._sides = notes, sides
        self._orphans = orphans
        self._row_of = None
        self._shown = min(len(notes), self.CHUNK)
        self.endResetModel()
        if self.filling():
            self._fill_timer.start()

    def filling(self) -> bool:
        """Whether rows of the last reset are still to be listed."""
        return self._shown < len(self._notes)

    def finish_filling(self) -> None:
        """List the rest of a reset's rows now."""
        while self.filling():
            self._on_fill_timer_timeout(len(self._notes))

    def _on_fill_timer_timeout(self, count: int = 0) -> None:
        end = min(len(self._notes), self._shown + (count or self.CHUNK))
        if end > self._shown:
            self.beginInsertRows(QModelIndex(), self._shown, end - 1)
            self._shown = end
            self.endInsertRows()
        if not self.filling():
            self._fill_timer.stop()
            self.filled.emit()

    def all_annotations(self) -> list[Annotation]:
        """The notes of every row, listed yet or not."""
        return [a for a in self._notes if a is not None]

    def listed_annotations(self) -> list[Annotation | None]:
        """The note of each listed row (None on the heading), in order (the filter's view of them)."""
        return self._notes[:self._shown]

    def orphans(self) -> list[Annotation]:
        return list(self._orphans)

    def orphan_count(self) -> int:
        return len(self._orphans)

    def annotation_at(self, row: int) -> Annotation | None:
        return self._notes[row] if 0 <= row < len(self._notes) else None

    def sides_at(self, row: int) -> dict[str, Placement] | None:
        return self._sides[row] if 0 <= row < len(self._sides) else None

    def placed_count(self) -> int:
        """How many rows list placed notes (they come first)."""
        return len(self._notes) - (len(self._orphans) + 1 if self._orphans else 0)

    def replace_row(self, row: int, annotation: Annotation) -> None:
        """Show the new version of the placed note at `row` (placed where it was)."""
        self._notes[row] = annotation
        if row < self._shown:
            self.dataChanged.emit(self.index(row), self.index(row))

    def insert_row(self, row: int, annotation: Annotation, sides: dict[str, Placement]) -> None:
        """List a placed note at `row` (at most placed_count())."""
        self._row_of = None
        if row > self._shown:  # among the rows still to be listed
            self._notes.insert(row, annotation)
            self._sides.insert(row, sides)
            return
        self.beginInsertRows(QModelIndex(), row, row)
        self._notes.insert(row, annotation)
        self._sides.insert(row, sides)
        self._shown += 1
        self.endInsertRows()

    def remove_row(self, row: int) -> None:
        """Stop listing the placed note at `row`."""
        self._row_of = None
        if row >= self._shown:
            del self._notes[row]
            del self._sides[row]
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._notes[row]
        del self._sides[row]
        self._shown -= 1
        self.endRemoveRows()

    def heading_row(self) -> int:
        """The row of the orphans' heading; -1 when there is none."""
        if not self._orphans:
            return -1
        return len(self._notes) - len(self._orphans) - 1

    def row_of(self, annotation_id: str) -> int:
        """The row of a note; -1 when it is not listed."""
        if self._row_of is None:
            self._row_of = {a.id: i for i, a in enumerate(self._notes) if a is not None}
        return self._row_of.get(annotation_id, -1)

    def is_heading(self, row: int) -> bool:
        return 0 <= row < len(self._notes) and self._notes[row] is None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt override)
        return 0 if parent.isValid() else self._shown

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.isValid() and self.is_heading(index.row()):
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        return self.row_data(index.row(), role)

    def row_data(self, row: int, role: int, orphans_listed: int | None = None) -> object:
        """data() of a listed row; the heading counts `orphans_listed` orphans (default: all)."""
        annotation = self._notes[row]
        if annotation is None:
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            return _heading(len(self._orphans) if orphans_listed is None else orphans_listed)
        sides = self._sides[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._label(annotation, sides)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(annotation.colour)
        if role == Qt.ItemDataRole.ToolTipRole and sides is not None:
            return annotation.note or annotation.anchor.quote[:200]
        if role == Qt.ItemDataRole.FontRole and sides is None:
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


def _ids(notes: list[Annotation | None]) -> list[str | None]:
    return [None if a is None else a.id for a in notes]


class NotesFilter(QAbstractListModel):
    """The notes the panel lists: those of the chosen colour and tag whose text (note, quote, tags) contains
    the filter text; the orphans' heading while an orphan is listed, with their number. Keeps the order.

    A filter over the NotesModel (its sourceModel()) that lists a subset of its rows, `_rows` (the source rows,
    ascending). Not a QSortFilterProxyModel: that one asks filterAcceptsRow, a call into Python, for every row
    at each change, 40-80 ms for 10,000 notes at each key typed in the filter. Here a new filter goes over the
    notes in one comprehension and resets the list (the panel then makes its note current again); the
    source's row changes (a note added, deleted, edited; a long list's chunks) are followed row by row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: NotesModel | None = None
        self._rows: list[int] = []  # the source rows listed, ascending
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

    def setSourceModel(self, source: NotesModel) -> None:  # noqa: N802 (the proxies' name)
        self.beginResetModel()
        self._source = source
        source.modelAboutToBeReset.connect(self._on_source_model_about_to_be_reset)
        source.modelReset.connect(self._on_source_model_reset)
        source.rowsInserted.connect(self._on_source_rows_inserted)
        source.rowsAboutToBeRemoved.connect(self._on_source_rows_about_to_be_removed)
        source.rowsRemoved.connect(self._on_source_rows_removed)
        source.dataChanged.connect(self._on_source_data_changed)
        self._rows = self._accepted_rows()
        self.endResetModel()

    def sourceModel(self) -> NotesModel | None:  # noqa: N802 (the proxies' name)
        return self._source

    # -- filtering ---------------------------------------------------------------------------------

    def set_filters(self, colour: str | None, tag: str | None, text: str) -> None:
        text = text.strip().casefold()
        if (colour, tag, text) == (self._colour, self._tag, self._text):
            return  # the same choice: filtering 10,000 notes again would change nothing
        self._colour, self._tag, self._text = colour, tag, text
        self.beginResetModel()
        self._rows = self._accepted_rows()
        self.endResetModel()
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

    def _accepted_rows(self, first: int = 0, last: int | None = None) -> list[int]:
        """The source rows in [first, last] that pass, the heading left out (see _sync_heading); by default
        all listed rows, with the heading when an orphan passes."""
        source = self._notes()
        notes = source.listed_annotations()
        end = len(notes) if last is None else last + 1
        colour, tag, text = self._colour, self._tag, self._text
        rows = range(first, end)
        if colour:
            rows = [r for r in rows if notes[r] is not None and notes[r].colour == colour]  # type: ignore[union-attr]
        if tag:
            rows = [r for r in rows if notes[r] is not None and tag in notes[r].tags]  # type: ignore[union-attr]
        if text:
            haystack = self._haystack
            rows = [r for r in rows if notes[r] is not None and text in haystack(notes[r])]  # type: ignore[arg-type]
        rows = [r for r in rows if notes[r] is not None]
        heading = source.heading_row()
        if last is None and 0 <= heading < len(notes) and rows and rows[-1] > heading:
            rows.insert(bisect.bisect_left(rows, heading), heading)  # an orphan is listed: its heading too
        return rows

    def _haystack(self, annotation: Annotation) -> str:
        known = self._haystacks.get(id(annotation))
        if known is None or known[0] is not annotation:
            haystack = " ".join((annotation.note, annotation.anchor.quote, " ".join(annotation.tags))).casefold()
            if len(self._haystacks) > 4 * max(1000, self._notes().rowCount()):
                self._haystacks.clear()  # notes edited or gone: start again rather than grow
            self._haystacks[id(annotation)] = known = (annotation, haystack)
        return known[1]

    def _on_warm_timer_timeout(self) -> None:
        # A batch at a time, and no longer than WARM_SLICE_S: the window's other idle work (the panes' layout,
        # the list's chunks) runs at the same time when a book's notes are listed.
        deadline = time.perf_counter() + WARM_SLICE_S
        while self._unwarmed and time.perf_counter() < deadline:
            batch, self._unwarmed = self._unwarmed[:WARM_BATCH], self._unwarmed[WARM_BATCH:]
            for annotation in batch:
                self._haystack(annotation)
        if not self._unwarmed:
            self._warm_timer.stop()

    def _notes(self) -> NotesModel:
        assert self._source is not None
        return self._source

    def _orphans_listed(self) -> int:
        heading = self._notes().heading_row()
        if heading < 0:
            return 0
        return len(self._rows) - bisect.bisect_right(self._rows, heading)

    def _heading_index(self) -> QModelIndex:
        heading = self._notes().heading_row()
        position = bisect.bisect_left(self._rows, heading)
        if heading >= 0 and position < len(self._rows) and self._rows[position] == heading:
            return self.index(position)
        return QModelIndex()

    def _sync_heading(self) -> None:
        """List the orphans' heading while an orphan is listed, and show their number."""
        source = self._notes()
        heading = source.heading_row()
        if not (0 <= heading < source.rowCount() and source.is_heading(heading)):
            return  # none, not listed yet, or the source is between two steps of a change (it reports the end)
        rows = self._rows
        position = bisect.bisect_left(rows, heading)
        listed = position < len(rows) and rows[position] == heading
        wanted = len(rows) - position > (1 if listed else 0)
        if wanted and not listed:
            self.beginInsertRows(QModelIndex(), position, position)
            rows.insert(position, heading)
            self.endInsertRows()
        elif listed and not wanted:
            self.beginRemoveRows(QModelIndex(), position, position)
            del rows[position]
            self.endRemoveRows()
        elif listed:
            self.dataChanged.emit(self.index(position), self.index(position), [Qt.ItemDataRole.DisplayRole])

    # -- following the source ------------------------------------------------------------------------

    def _on_source_model_about_to_be_reset(self) -> None:
        self.beginResetModel()

    def _on_source_model_reset(self) -> None:
        self._rows = self._accepted_rows()
        self.endResetModel()
        self._unwarmed = self._notes().all_annotations()
        self._warm_timer.start()

    def _on_source_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        rows = self._rows
        position = bisect.bisect_left(rows, first)
        count = last - first + 1
        rows[position:] = [r + count for r in rows[position:]]  # the same rows, moved down in the source
        new = [r for r in self._accepted_rows(first, last) if not self._notes().is_heading(r)]
        if new:
            self.beginInsertRows(QModelIndex(), position, position + len(new) - 1)
            rows[position:position] = new
            self.endInsertRows()
        self._sync_heading()

    def _on_source_rows_about_to_be_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        # Removed from this list now, while the source still has them: the rows left map as before.
        rows = self._rows
        position, end = bisect.bisect_left(rows, first), bisect.bisect_right(rows, last)
        if end > position:
            self.beginRemoveRows(QModelIndex(), position, end - 1)
            del rows[position:end]
            self.endRemoveRows()

    def _on_source_rows_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        rows = self._rows
        position = bisect.bisect_left(rows, first)
        count = last - first + 1
        rows[position:] = [r - count for r in rows[position:]]
        self._sync_heading()

    def _on_source_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles=()) -> None:
        source = self._notes()
        for row in range(top_left.row(), bottom_right.row() + 1):
            if source.is_heading(row):
                continue
            rows = self._rows
            position = bisect.bisect_left(rows, row)
            listed = position < len(rows) and rows[position] == row
            wanted = bool(self._accepted_rows(row, row))
            if listed and wanted:
                self.dataChanged.emit(self.index(position), self.index(position), list(roles))
            elif wanted:
                self.beginInsertRows(QModelIndex(), position, position)
                rows.insert(position, row)
                self.endInsertRows()
            elif listed:
                self.beginRemoveRows(QModelIndex(), position, position)
                del rows[position]
                self.endRemoveRows()
        self._sync_heading()

    # -- the model -----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt override)
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.isValid() and 0 <= index.row() < len(self._rows) and self._notes().is_heading(
                self._rows[index.row()]):
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        source = self._notes()
        if source.is_heading(row):
            return source.row_data(row, role, self._orphans_listed())
        return source.row_data(row, role)

    def mapToSource(self, index: Index) -> QModelIndex:  # noqa: N802 (the proxies' name)
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return QModelIndex()
        return self._notes().index(self._rows[index.row()])

    def mapFromSource(self, index: Index) -> QModelIndex:  # noqa: N802 (the proxies' name)
        if not index.isValid():
            return QModelIndex()
        position = bisect.bisect_left(self._rows, index.row())
        if position < len(self._rows) and self._rows[position] == index.row():
            return self.index(position)
        return QModelIndex()

    def ids(self) -> list[str]:
        """Ids of the notes listed now, in order (the heading left out)."""
        notes = self._notes().listed_annotations()
        return [a.id for a in (notes[r] for r in self._rows) if a is not None]

    def row_of(self, annotation_id: str | None) -> QModelIndex:
        """The listed row of a note; invalid when it is not listed."""
        if annotation_id is not None:
            source = self._notes()
            row = source.row_of(annotation_id)
            if row >= 0:
                return self.mapFromSource(source.index(row))
        return QModelIndex()

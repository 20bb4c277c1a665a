"""The flags as a list model for the Checks dock: one row a flag, filtered by kind, severity and ignoring."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from reader_app.core.checks import DEFAULT_KINDS, Flag, Kind, Severity
from reader_app.ui.checks.messages import clip, flag_message

FLAG_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's Flag
IGNORED_ROLE = Qt.ItemDataRole.UserRole + 2  # whether the reader ignored it (listed only with "Show ignored")

# The severities' colours: the icon of each row and the filter's check boxes (red, amber, blue: readable on a
# light and a dark background alike).
SEVERITY_COLOURS = {Severity.ERROR: "#d93025", Severity.WARNING: "#e8a200", Severity.ADVISORY: "#4a86e8"}
EVIDENCE_CHARS = 300  # of each side's evidence in a row's tool tip
ICON_PX = 12


def _tr(text: str) -> str:
    return QCoreApplication.translate("ChecksPanel", text)


def kind_labels() -> dict[Kind, str]:
    """The kinds' names in the interface language (asked for again after it changes)."""
    return {Kind.NUMBER: _tr("Number"), Kind.NAME: _tr("Name"), Kind.OMISSION: _tr("Omission"),
            Kind.UNTRANSLATED: _tr("Untranslated"), Kind.LENGTH: _tr("Length"),
            Kind.PUNCTUATION: _tr("Punctuation")}


def severity_labels() -> dict[Severity, str]:
    return {Severity.ERROR: _tr("Errors"), Severity.WARNING: _tr("Warnings"), Severity.ADVISORY: _tr("Advisories")}


def paragraph_numbers(indices: Sequence[int]) -> str:
    """0-based paragraph indices as the reader counts them, from 1: "4", "4–6" for a run, "4, 7"; "—" for none."""
    if not indices:
        return "—"
    numbers = [i + 1 for i in indices]
    if len(numbers) > 1 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


def where(flag: Flag) -> str:
    """The flag's paragraphs on both sides, as listed."""
    return _tr("ZH {0} · EN {1}").format(paragraph_numbers(flag.zh), paragraph_numbers(flag.en))


_icons: dict[Severity, QIcon] = {}


def severity_icon(severity: Severity) -> QIcon:
    """A dot in the severity's colour (made once, after the application exists)."""
    icon = _icons.get(severity)
    if icon is None:
        pixmap = QPixmap(ICON_PX, ICON_PX)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(SEVERITY_COLOURS[severity]))
        painter.drawEllipse(1, 1, ICON_PX - 2, ICON_PX - 2)
        painter.end()
        icon = _icons[severity] = QIcon(pixmap)
    return icon


class FlagsModel(QAbstractListModel):
    """Every flag of the last run (in reading order); the rows are those the filters let through: kinds and
    severities checked, and ignored flags only while `show_ignored`. A filter change resets the model: the rows
    are a list of indices made in one comprehension (a few ms for 10,000 flags), no per-row signals."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._flags: tuple[Flag, ...] = ()
        self._links: tuple[int, ...] = ()
        self._rows: list[int] = []  # indices into _flags, in order
        self.kinds: set[Kind] = set(DEFAULT_KINDS)
        self.severities: set[Severity] = set(Severity)
        self.show_ignored = False
        self.ignored: frozenset[str] = frozenset()
        self._labels = kind_labels()

    # -- filling and filtering -----------------------------------------------------------------------

    def set_flags(self, flags: Sequence[Flag], links: Sequence[int]) -> None:
        """The flags of a run and the index of each one's link (its place in reading order)."""
        self.beginResetModel()
        self._flags, self._links = tuple(flags), tuple(links)
        self._rows = self._filtered()
        self.endResetModel()

    def set_filter(self, *, kinds: Iterable[Kind] | None = None, severities: Iterable[Severity] | None = None,
                   show_ignored: bool | None = None, ignored: Iterable[str] | None = None) -> None:
        """Change what is listed (None: as before)."""
        if kinds is not None:
            self.kinds = set(kinds)
        if severities is not None:
            self.severities = set(severities)
        if show_ignored is not None:
            self.show_ignored = show_ignored
        if ignored is not None:
            self.ignored = frozenset(ignored)
        rows = self._filtered()
        if rows != self._rows:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
        else:
            self._changed_all()  # an ignored flag listed greyed, or no longer

    def retranslate(self) -> None:
        self._labels = kind_labels()
        self._changed_all()

    def _changed_all(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def _filtered(self) -> list[int]:
        kinds, severities, ignored = self.kinds, self.severities, self.ignored
        show_ignored = self.show_ignored
        return [i for i, flag in enumerate(self._flags)
                if flag.kind in kinds and flag.severity in severities and (show_ignored or flag.key not in ignored)]

    # -- what the panel and the controller read -----------------------------------------------------

    @property
    def flags(self) -> tuple[Flag, ...]:
        """Every flag of the run, listed or not."""
        return self._flags

    def listed(self) -> list[Flag]:
        """The flags listed now, in order."""
        return [self._flags[i] for i in self._rows]

    def flag_at(self, row: int) -> Flag | None:
        return self._flags[self._rows[row]] if 0 <= row < len(self._rows) else None

    def row_of(self, flag: Flag | None) -> int:
        """The row listing `flag` (the same object, or an equal one), -1 when it is not listed."""
        if flag is None:
            return -1
        for row, i in enumerate(self._rows):
            if self._flags[i] is flag:
                return row
        for row, i in enumerate(self._rows):
            if self._flags[i] == flag:
                return row
        return -1

    def counts(self) -> tuple[Counter[Kind], Counter[Severity]]:
        """The flags not ignored per kind and per severity, whatever the filters (the check boxes' numbers)."""
        kept = [flag for flag in self._flags if flag.key not in self.ignored]
        return Counter(flag.kind for flag in kept), Counter(flag.severity for flag in kept)

    def ignored_count(self) -> int:
        """Ignored flags among the run's, whatever the filters."""
        return sum(1 for flag in self._flags if flag.key in self.ignored)

    def row_from(self, link: int, forward: bool) -> int:
        """The first listed row at link `link` or later (forward), or the last one before it; -1 when none."""
        links = [self._links[i] for i in self._rows]
        if forward:
            row = bisect.bisect_left(links, link)
            return row if row < len(links) else -1
        return bisect.bisect_left(links, link) - 1

    def active_flags(self) -> list[Flag]:
        """The flags listed and not ignored (what the panes' and the ruler's marks would show)."""
        return [flag for flag in self.listed() if flag.key not in self.ignored]

    # -- QAbstractListModel -----------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        flag = self._flags[self._rows[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{self._labels[flag.kind]} · {where(flag)} · {flag_message(flag)}"
        if role == Qt.ItemDataRole.DecorationRole:
            return severity_icon(flag.severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [flag_message(flag)]
            if flag.zh_evidence:
                lines.append(_tr("Chinese: {0}").format(clip(flag.zh_evidence, EVIDENCE_CHARS)))
            if flag.en_evidence:
                lines.append(_tr("English: {0}").format(clip(flag.en_evidence, EVIDENCE_CHARS)))
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole and flag.key in self.ignored:
            palette = QApplication.palette()
            return QBrush(palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        if role == FLAG_ROLE:
            return flag
        if role == IGNORED_ROLE:
            return flag.key in self.ignored
        return None


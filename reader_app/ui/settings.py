"""Every QSettings key of the reader, declared once with its type and default (as Picard's options.py)."""

from __future__ import annotations

import time
from typing import Generic, NamedTuple, TypeVar

from PySide6.QtCore import QSettings

from reader_app.ui.reader_view import DEFAULT_POINT_SIZE

T = TypeVar("T", bool, float, str)

# The ways a pane can show Chinese: as the file has it, or converted (display only, see MainWindow.set_script).
SCRIPTS = ("original", "simplified", "traditional")

# Plain classes and a NamedTuple, not dataclasses: this module is imported before the first frame, where each
# dataclass would exec its generated methods (0.7-1.8 ms apiece measured on a busy 2-core machine; 0.1 ms or less
# for these).


class Option(Generic[T]):
    """One value at `key`, read as `type`; `default` while nothing is stored."""

    __slots__ = ("key", "type", "default")

    def __init__(self, key: str, type_: type[T], default: T) -> None:
        self.key, self.type, self.default = key, type_, default

    def __repr__(self) -> str:
        return f"Option({self.key!r}, {self.type.__name__}, {self.default!r})"

    def read(self, settings: QSettings) -> T:
        return settings.value(self.key, self.default, type=self.type)

    def write(self, settings: QSettings, value: T) -> None:
        settings.setValue(self.key, value)


class ListOption:
    """A list of strings at `key`, most recent first, at most `limit` long; empty while nothing is stored."""

    __slots__ = ("key", "limit")

    def __init__(self, key: str, *, limit: int) -> None:
        self.key, self.limit = key, limit

    def read(self, settings: QSettings) -> list[str]:
        value = settings.value(self.key, [])
        if isinstance(value, str):  # the INI format gives a one-item list back as its item
            return [value]
        return [str(v) for v in value or []]

    def push(self, settings: QSettings, entry: str) -> None:
        """Put `entry` first (once), dropping the oldest past the limit."""
        rest = [e for e in self.read(settings) if e != entry]
        settings.setValue(self.key, [entry, *rest][: self.limit])


class ReadingPosition(NamedTuple):
    """Where reading stopped: the paragraph at the top of a pane, and the fraction of it scrolled past."""

    language: str
    paragraph: int
    fraction: float


class PositionsOption:
    """A reading position per document, at `<group>/<content id>` as "zh:12:0.2500:<unix time saved>".

    Storing one keeps the `limit` most recently saved and removes the others: one is stored for every document
    ever opened, and QSettings rewrites its whole file at each change. Values stored before the time was added
    ("zh:12:0.2500") are read alike and count as the oldest."""

    __slots__ = ("group", "limit")

    def __init__(self, group: str, *, limit: int) -> None:
        self.group, self.limit = group, limit

    def read(self, settings: QSettings, content_id: str) -> ReadingPosition | None:
        parsed = _parse_position(settings.value(f"{self.group}/{content_id}", "", type=str))
        return parsed[0] if parsed else None

    def write(self, settings: QSettings, content_id: str, position: ReadingPosition,
              *, saved_at: float | None = None) -> None:
        saved_at = time.time() if saved_at is None else saved_at
        settings.setValue(f"{self.group}/{content_id}",
                          f"{position.language}:{position.paragraph}:{position.fraction:.4f}:{saved_at:.3f}")
        self._prune(settings)

    def content_ids(self, settings: QSettings) -> list[str]:
        settings.beginGroup(self.group)
        try:
            return list(settings.childKeys())
        finally:
            settings.endGroup()

    def _prune(self, settings: QSettings) -> None:
        ids = self.content_ids(settings)
        if len(ids) <= self.limit:  # the usual case: one call, nothing parsed
            return

        def saved_at(content_id: str) -> float:
            parsed = _parse_position(settings.value(f"{self.group}/{content_id}", "", type=str))
            return parsed[1] if parsed else 0.0

        for content_id in sorted(ids, key=saved_at, reverse=True)[self.limit:]:
            settings.remove(f"{self.group}/{content_id}")


def _parse_position(value: str) -> tuple[ReadingPosition, float] | None:
    """(position, time saved; 0 when not stored) from "zh:12:0.2500[:<unix time>]", or None when unreadable."""
    fields = value.split(":")
    if len(fields) not in (3, 4):
        return None
    try:
        position = ReadingPosition(fields[0], int(fields[1]), float(fields[2]))
        return position, float(fields[3]) if len(fields) == 4 else 0.0
    except ValueError:
        return None


# -- the options --------------------------------------------------------------------------------------------

REFINE_IN_BACKGROUND = Option("refine", bool, True)  # tier 2 after the instant alignment
ZOOM = Option("zoom", float, DEFAULT_POINT_SIZE)  # the panes' point size
LINK_SCROLLING = Option("linkScrolling", bool, True)
SWAPPED_PANES = Option("swapped", bool, False)  # English on the left
SCRIPT = {language: Option(f"script/{language}", str, "original") for language in ("zh", "en")}  # one of SCRIPTS
UI_LANGUAGE = Option("uiLanguage", str, "")  # "" follows the system, else "en" or "zh_CN"
RECENT_FILES = ListOption("recent", limit=10)  # each entry: the resolved paths of one opening, "\n"-joined
READING_POSITIONS = PositionsOption("positions", limit=200)

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


class PerDocumentOption:
    """A string per document at `<group>/<content id>`, stored as "<value>:<unix time saved>".

    Storing one keeps the `limit` most recently saved and removes the others: one is stored for every document
    ever opened, and QSettings rewrites its whole file at each change."""

    __slots__ = ("group", "limit")

    def __init__(self, group: str, *, limit: int) -> None:
        self.group, self.limit = group, limit

    def read_value(self, settings: QSettings, content_id: str) -> tuple[str, float] | None:
        """(value, time saved), or None when nothing is stored."""
        stored = settings.value(f"{self.group}/{content_id}", "", type=str)
        if not stored:
            return None
        value, _, saved_at = stored.rpartition(":")
        try:
            return value, float(saved_at)
        except ValueError:
            return stored, 0.0  # no time: stored by an older version, counts as the oldest

    def write_value(self, settings: QSettings, content_id: str, value: str, *, saved_at: float | None = None) -> None:
        saved_at = time.time() if saved_at is None else saved_at
        settings.setValue(f"{self.group}/{content_id}", f"{value}:{saved_at:.3f}")
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
            stored = self.read_value(settings, content_id)
            return stored[1] if stored else 0.0

        for content_id in sorted(ids, key=saved_at, reverse=True)[self.limit:]:
            settings.remove(f"{self.group}/{content_id}")


class PositionsOption(PerDocumentOption):
    """A reading position per document, "zh:12:0.2500:<unix time saved>". Values stored before the time was
    added ("zh:12:0.2500") are read alike and count as the oldest."""

    __slots__ = ()

    def read(self, settings: QSettings, content_id: str) -> ReadingPosition | None:
        stored = self.read_value(settings, content_id)
        if stored is None:
            return None
        value, saved_at = stored
        if value.count(":") == 1:  # "zh:12:0.2500" without a time: its fraction was read as the time
            value = f"{value}:{saved_at}"
        fields = value.split(":")
        try:
            return ReadingPosition(fields[0], int(fields[1]), float(fields[2])) if len(fields) == 3 else None
        except ValueError:
            return None

    def write(self, settings: QSettings, content_id: str, position: ReadingPosition,
              *, saved_at: float | None = None) -> None:
        self.write_value(settings, content_id, f"{position.language}:{position.paragraph}:{position.fraction:.4f}",
                         saved_at=saved_at)


class ScriptsOption(PerDocumentOption):
    """The script each pane shows Chinese in, per document ("simplified/original": the Chinese pane's, then the
    English pane's): a choice made for one book does not carry over to the next."""

    __slots__ = ()
    LANGUAGES = ("zh", "en")

    def read(self, settings: QSettings, content_id: str) -> dict[str, str]:
        stored = self.read_value(settings, content_id)
        chosen = stored[0].split("/") if stored else []
        if len(chosen) != len(self.LANGUAGES) or not set(chosen) <= set(SCRIPTS):
            chosen = ["original"] * len(self.LANGUAGES)
        return dict(zip(self.LANGUAGES, chosen, strict=True))

    def write(self, settings: QSettings, content_id: str, scripts: dict[str, str]) -> None:
        self.write_value(settings, content_id, "/".join(scripts.get(lang, "original") for lang in self.LANGUAGES))


class UnitOption(PerDocumentOption):
    """What a document is aligned by (reader_app.core.units), per document: a novel read by sentences does not
    make the next press release open so."""

    __slots__ = ()

    def read(self, settings: QSettings, content_id: str) -> str:
        from reader_app.core.units import PARAGRAPH, UNITS

        stored = self.read_value(settings, content_id)
        return stored[0] if stored and stored[0] in UNITS else PARAGRAPH

    def write(self, settings: QSettings, content_id: str, unit: str) -> None:
        self.write_value(settings, content_id, unit)


LAYOUTS = ("linked", "rows", "interleaved", "reveal")  # View ▸ Layout (reader_app.ui.document_choices)


class LayoutOption(PerDocumentOption):
    """How a document's two texts are laid out (LAYOUTS), per document: a learner's book in Reveal does not make
    the next report open so."""

    __slots__ = ()

    def read(self, settings: QSettings, content_id: str) -> str:
        stored = self.read_value(settings, content_id)
        return stored[0] if stored and stored[0] in LAYOUTS else LAYOUTS[0]

    def write(self, settings: QSettings, content_id: str, layout: str) -> None:
        self.write_value(settings, content_id, layout)


class IgnoredChecksOption(PerDocumentOption):
    """The keys of the check flags the reader ignored (reader_app.core.checks.flag_key), per document,
    space-separated: a key names the paragraphs by their fingerprints, so it holds across re-alignments."""

    __slots__ = ()

    def read(self, settings: QSettings, content_id: str) -> set[str]:
        stored = self.read_value(settings, content_id)
        return set(stored[0].split()) if stored else set()

    def write(self, settings: QSettings, content_id: str, keys: set[str]) -> None:
        if keys:
            self.write_value(settings, content_id, " ".join(sorted(keys)))
        else:
            settings.remove(f"{self.group}/{content_id}")

# -- the options --------------------------------------------------------------------------------------------

REFINE_IN_BACKGROUND = Option("refine", bool, True)  # tier 2 after the instant alignment
ZOOM = Option("zoom", float, DEFAULT_POINT_SIZE)  # the panes' point size
LINK_SCROLLING = Option("linkScrolling", bool, True)
SWAPPED_PANES = Option("swapped", bool, False)  # English on the left
DOCUMENT_SCRIPTS = ScriptsOption("scripts", limit=200)  # per document; "original" for a document not seen before
THEME = Option("theme", str, "system")  # View ▸ Theme: "system", "light" or "dark"
SHOW_READINGS = Option("showReadings", bool, False)  # View ▸ Show Readings (reader_app.ui.readings), every document
UI_LANGUAGE = Option("uiLanguage", str, "")  # "" follows the system, else "en" or "zh_CN"
RECENT_FILES = ListOption("recent", limit=10)  # each entry: the resolved paths of one opening, "\n"-joined
READING_POSITIONS = PositionsOption("positions", limit=200)
DOCUMENT_LAYOUTS = LayoutOption("layout", limit=200)  # per document; "linked" for a document not seen before
ALIGN_UNITS = UnitOption("alignBy", limit=200)  # per document; "paragraph" for a document not seen before
IGNORED_CHECKS = IgnoredChecksOption("ignoredChecks", limit=200)  # per document; none ignored at first

"""`--report-layout`: where each link on screen sits in each pane, so a layout can be checked from outside."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from reader_app.ui.interleaved import InterleavedPane
    from reader_app.ui.pane import ParagraphPane
    from reader_app.ui.reader_view import ReaderView


def _on_screen(pane: ParagraphPane) -> range:
    if not pane.paragraphs or not pane.isVisible():
        return range(0)
    top = pane.scroll_value()
    first = max(pane.paragraph_at(top), 0)
    last = max(pane.paragraph_at(top + pane.viewport().height() - 1), first)
    return range(first, last + 1)


def _top(pane: ParagraphPane, units: tuple[int, ...], window: QWidget) -> str:
    """The window y of the first of `units` in `pane`, or "-" when there is none or it is off screen."""
    if not units:
        return "-"
    scroll = pane.scroll_value()
    top = pane.paragraph_top(units[0]) - scroll
    bottom = pane.paragraph_bottom(units[-1]) - scroll
    if bottom <= 0 or top >= pane.viewport().height():
        return "-"
    return str(pane.viewport().mapTo(window, QPoint(0, round(top))).y())


def _column_lines(column: InterleavedPane, view: ReaderView, window: QWidget) -> list[str]:
    """Interleaved: both tops are in the one column (the English below the Chinese of its link)."""
    alignment = view.alignment
    assert alignment is not None
    links: set[int] = set()
    for index in _on_screen(column):
        language, unit = column.entries[index]
        link = alignment.link_of(language, unit)
        if link is not None:
            links.add(link)
    lines = []
    for k in sorted(links):
        pair = alignment.links[k]
        tops = [_top(column, tuple(column.entry_of[(language, i)] for i in units), window)
                for language, units in (("zh", pair.zh), ("en", pair.en))]
        lines.append(f"LINK {k} {tops[0]} {tops[1]}")
    return lines


def layout_lines(view: ReaderView, window: QWidget) -> list[str]:
    """One line `LINK k zh_top en_top` per link with a paragraph on screen in either pane (or the Interleaved
    column), in link order."""
    from reader_app.ui.interleaved import InterleavedPane

    alignment = view.alignment
    if alignment is None:
        return []
    column = view.findChild(InterleavedPane)
    if column is not None and column.isVisible():
        return _column_lines(column, view, window)
    links: set[int] = set()
    for pane in (view.zh_pane, view.en_pane):
        for index in _on_screen(pane):
            link = alignment.link_of(pane.language, index)
            if link is not None:
                links.add(link)
    lines = []
    for k in sorted(links):
        pair = alignment.links[k]
        lines.append(f"LINK {k} {_top(view.zh_pane, pair.zh, window)} {_top(view.en_pane, pair.en, window)}")
    return lines

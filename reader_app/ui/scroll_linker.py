"""Linked scrolling anchored on the alignment, after Meld's filediff._sync_vscroll and misc.calc_syncpoint."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from reader_app.core.alignment import Alignment
from reader_app.ui.pane import ParagraphPane


def sync_fraction(value: float, maximum: float, page: float) -> float:
    """Where in the viewport (0 top .. 1 bottom) the sync point sits: it slides from the top at the start of
    the document to the middle, and on to the bottom at the end, so the first and last paragraphs can be
    brought side by side too (Meld's calc_syncpoint)."""
    if maximum <= 0 or page <= 0:
        return 0.0
    half = page / 2.0
    if value < half:
        return 0.5 * value / half
    if value > maximum - half:
        return 1.0 - 0.5 * max(maximum - value, 0.0) / half
    return 0.5


class ScrollLinker(QObject):
    """Keeps two ParagraphPanes scrolled so that aligned paragraphs stay side by side.

    The paragraph under the sync point of the pane that moved is located inside its link; the other pane is
    placed at the same fraction of the counterpart link. Echoes (the other pane's valueChanged caused by our
    own setValue) are dropped by a re-entrancy guard, not queued.

    Signals: currentLinkChanged(int): the link at the sync point of the pane that moved last.
    """

    currentLinkChanged = Signal(int)

    def __init__(self, left: ParagraphPane, right: ParagraphPane, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.left, self.right = left, right
        self.alignment: Alignment | None = None
        self.enabled = True
        self._busy = False
        self.current_link = -1
        # A tuple of (pane, link side) lookups, rebuilt when the alignment or the pane order changes.
        self._link_of: dict[ParagraphPane, dict[int, int]] = {}
        self._edges: dict[ParagraphPane, tuple[int, int]] = {}
        for pane in (left, right):
            pane.verticalScrollBar().valueChanged.connect(lambda _v, p=pane: self.sync_from(p))

    def set_alignment(self, alignment: Alignment | None) -> None:
        self.alignment = alignment
        self._link_of = {}
        self._edges: dict[ParagraphPane, tuple[int, int]] = {}
        if alignment is not None:
            for pane in (self.left, self.right):
                self._link_of[pane] = alignment.zh_link if pane.language == "zh" else alignment.en_link
                self._edges[pane] = self._edge_links(pane)

    def set_panes(self, left: ParagraphPane, right: ParagraphPane) -> None:
        """After the panes swap places (the connections stay: they are per pane, not per position)."""
        self.left, self.right = left, right

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        if enabled:
            self.sync_from(self.left)

    def _units(self, link_index: int, pane: ParagraphPane) -> tuple[int, ...]:
        assert self.alignment is not None
        link = self.alignment.links[link_index]
        return link.zh if pane.language == "zh" else link.en

    def _extent(self, link_index: int, pane: ParagraphPane) -> tuple[float, float]:
        """Vertical extent of a link's paragraphs in `pane`; a point where they would be when it has none."""
        assert self.alignment is not None
        units = self._units(link_index, pane)
        if units:
            return pane.paragraph_top(units[0]), pane.paragraph_bottom(units[-1])
        # A gap on this side: the counterpart is the boundary before the next paragraph this side has.
        for later in range(link_index + 1, len(self.alignment.links)):
            units = self._units(later, pane)
            if units:
                y = pane.paragraph_top(units[0])
                return y, y
        y = pane.document_height()
        return y, y

    def _edge_links(self, pane: ParagraphPane) -> tuple[int, int]:
        """The first and last links that have paragraphs in `pane`."""
        assert self.alignment is not None
        found = [k for k, link in enumerate(self.alignment.links) if (link.zh if pane.language == "zh" else link.en)]
        return (found[0], found[-1]) if found else (-1, -1)

    def sync_from(self, source: ParagraphPane) -> None:
        if self._busy or not self.enabled or self.alignment is None or not self.alignment.links:
            return
        if source.keeping_place:
            return  # the pane's layout moved, not the reader: the view syncs from its left pane after (placeKept)
        target = self.right if source is self.left else self.left
        if not source.paragraphs or not target.paragraphs:
            return
        self._busy = True
        try:
            bar = source.verticalScrollBar()
            value, maximum, page = bar.value(), bar.maximum(), source.viewport().height()
            syncpoint = sync_fraction(value, maximum, page)
            y = value + syncpoint * page
            paragraph = source.paragraph_at(y)
            link_index = self._link_of[source].get(paragraph, -1)
            if link_index < 0:
                return
            top, bottom = self._extent(link_index, source)
            other_top, other_bottom = self._extent(link_index, target)
            # At the ends, the documents' margins and any trailing (leading) one-sided paragraphs of the other
            # pane belong to the last (first) link, so both panes reach their ends together.
            first, last = self._edges[source]
            if link_index == first:
                top, other_top = 0.0, 0.0
            if link_index == last:
                bottom, other_bottom = source.document_height(), target.document_height()
            fraction = min(max((y - top) / (bottom - top), 0.0), 1.0) if bottom > top else 0.0
            target_y = other_top + fraction * (other_bottom - other_top)
            target_bar = target.verticalScrollBar()
            target_bar.setValue(round(target_y - syncpoint * target.viewport().height()))
            if link_index != self.current_link:
                self.current_link = link_index
                self.currentLinkChanged.emit(link_index)
        finally:
            self._busy = False

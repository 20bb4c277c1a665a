"""The reading area: two paragraph panes linked by the alignment, the link map between them, the overview ruler."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QWidget

from reader_app.core.alignment import Alignment
from reader_app.core.model import Document
from reader_app.ui.colours import LOW_CONFIDENCE, SEVERITIES, PaneMarks, Scheme, scheme_for
from reader_app.ui.fonts import chinese_font, latin_font
from reader_app.ui.link_map import LinkMap, status_units
from reader_app.ui.overview_ruler import OverviewRuler
from reader_app.ui.pane import ParagraphPane
from reader_app.ui.pane_build import SlicedBuilds
from reader_app.ui.scroll_linker import ScrollLinker, sync_fraction

DEFAULT_POINT_SIZE = 13.0
# Documents with more paragraphs than this (both sides) lay out in full only once their alignment is shown
# (or after LAYOUT_WAIT_MS): the layout's memory and the aligner's process's would otherwise add up.
DEFER_LAYOUT_PARAGRAPHS = 4_000
# From this many paragraphs (both sides) shown before their alignment, the panes' texts are built a slice per
# event-loop turn (pane_build), the left pane's first: building both of a 10,000-paragraph book's in one turn froze
# the window 110-145 ms, one of them 70-110 ms.
SPLIT_BUILD_PARAGRAPHS = 8_000
LAYOUT_WAIT_MS = 30_000


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReaderView", text)


class ReaderView(QWidget):
    """Signals: currentLinkChanged(int); omissionVisited(str, int) (language, paragraph) after a jump;
    completed() when both panes hold the document set (at once, or some turns later for a long one, see complete());
    linkDragged(int, int) (zh unit, en unit) when the reader dragged from one to the other across the link map;
    markedRolesChanged(list) the Legend roles of the marks shown now (manual_link, confirmed_link, flag_error);
    alignmentChanged() after another alignment is shown (set_alignment)."""

    currentLinkChanged = Signal(int)
    omissionVisited = Signal(str, int)
    completed = Signal()
    linkDragged = Signal(int, int)
    markedRolesChanged = Signal(list)
    alignmentChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        self.alignment: Alignment | None = None
        self.zh_pane = ParagraphPane("zh")
        self.en_pane = ParagraphPane("en")
        self.left, self.right = self.zh_pane, self.en_pane
        self.point_size = DEFAULT_POINT_SIZE
        self.scheme: Scheme = scheme_for(self.palette())
        self.annotated: list[tuple[str, int]] = []
        self.status_units: dict[str, dict[int, str]] = {}  # per language: unit -> its link's status (not automatic)
        self.check_flags: dict[str, dict[int, tuple[str, str]]] = {}  # per language: unit -> (severity, message)
        self.marked_roles: list[str] = []
        self._sentence_cache: dict[int, Alignment] = {}
        # The panes' texts still to be built (see set_document), and what waits for them (when_complete).
        self._builds = SlicedBuilds(self._on_builds_done, self)
        self._when_complete: list[Callable[[], None]] = []
        # Worked out once per alignment shown (see _uncertain_links, omissions): its uncertain links, its omissions.
        self._uncertain: tuple[Alignment | None, list[int]] = (None, [])
        self._omissions: tuple[Alignment | None, list[tuple[str, int]]] = (None, [])
        # An alignment that never comes (failed, cancelled) must not keep the panes from laying out.
        self._layout_wait = QTimer(self)
        self._layout_wait.setSingleShot(True)
        self._layout_wait.setInterval(LAYOUT_WAIT_MS)
        self._layout_wait.timeout.connect(self._resume_layout)

        self.link_map = LinkMap(self.left, self.right)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.link_map)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setStretchFactor(2, 1)
        self.ruler = OverviewRuler(self.left, self.right)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.ruler)

        self.linker = ScrollLinker(self.left, self.right, self)
        self.linker.currentLinkChanged.connect(self._on_linker_current_link_changed)
        self.link_map.linkClicked.connect(self.go_to_link)
        self.link_map.linkDragged.connect(self.linkDragged)
        self.marks = {pane.language: PaneMarks(pane) for pane in (self.zh_pane, self.en_pane)}
        self.ruler.flag_message = lambda pane, index: self.check_flags.get(getattr(pane, "language", ""), {}).get(
            index, ("", ""))[1]
        for pane in (self.zh_pane, self.en_pane):
            pane.paragraphHovered.connect(lambda index, p=pane: self._on_pane_paragraph_hovered(p, index))
            pane.placeKept.connect(lambda: self.linker.sync_from(self.left))  # the left pane's place leads
            pane.paragraphClicked.connect(
                lambda index, offset, p=pane: self._on_pane_paragraph_clicked(p, index, offset))

    # -- content -----------------------------------------------------------------------------------

    def pane(self, language: str) -> ParagraphPane:
        return self.zh_pane if language == "zh" else self.en_pane

    def set_document(self, document: Document, alignment: Alignment | None,
                     texts: dict[str, list[str]] | None = None) -> None:
        self.document = document
        self.check_flags = {}  # the last document's (the checks mark this one's once they have run on it)
        texts = texts or {}
        pending = alignment is None and len(document.zh) + len(document.en) > DEFER_LAYOUT_PARAGRAPHS
        for pane in (self.zh_pane, self.en_pane):
            pane.defer_layout(pending)
        if pending:
            self._layout_wait.start()
        fonts = {"zh": chinese_font(self.point_size), "en": latin_font(self.point_size - 1)}
        builds = [(pane, document.side(pane.language).paragraphs, fonts[pane.language], texts.get(pane.language))
                  for pane in (self.left, self.right)]
        self._builds.cancel()  # (the last document's, if still to come)
        self._when_complete = []
        sliced = pending and len(document.zh) + len(document.en) > SPLIT_BUILD_PARAGRAPHS
        for pane, paragraphs, font, shown in builds:
            if sliced:
                # Empty, not the last document's, until its text is built (the left pane's, what is read first,
                # first); anything that needs the panes before then calls complete().
                pane.set_paragraphs((), font)
            else:
                pane.set_paragraphs(paragraphs, font, shown)
        self.set_alignment(alignment, keep_position=False)
        if sliced:
            self._builds.start([(pane, pane.build(paragraphs, font, shown))
                                for pane, paragraphs, font, shown in builds])
        else:
            self.completed.emit()

    def complete(self) -> None:
        """Build the panes' text now if it is still to come (see set_document)."""
        self._builds.finish()

    def when_complete(self, action: Callable[[], None]) -> None:
        """Run `action` once both panes hold the document set: now, or once their text is built (see set_document)."""
        if self._builds.pending:
            self._when_complete.append(action)
        else:
            action()

    def _on_builds_done(self) -> None:
        self._apply_highlights()
        self._update_ruler()
        self.linker.sync_from(self.left)
        actions, self._when_complete = self._when_complete, []
        for action in actions:
            action()
        self.completed.emit()

    def set_display_texts(self, language: str, texts: list[str] | None) -> None:
        """Show other display texts (e.g. Traditional/Simplified) in one pane, keeping the reading position."""
        if self.document is None:
            return
        self.complete()
        pane = self.pane(language)
        anchor = self.left.top_paragraph()
        font = pane.document_font
        pane.set_paragraphs(self.document.side(language).paragraphs, font, texts)  # type: ignore[arg-type]
        self._apply_highlights()
        self._restore(anchor)

    def set_alignment(self, alignment: Alignment | None, keep_position: bool = True) -> None:
        """Show a (new) alignment; with keep_position the paragraph at the top of the left pane stays put."""
        self.complete()
        anchor = self.left.top_paragraph() if keep_position else None
        self.alignment = alignment
        if alignment is not None:
            self._resume_layout()
        self._sentence_cache.clear()
        self.linker.set_alignment(alignment)
        self.link_map.set_alignment(alignment, self.left.language)
        self.link_map.set_link_statuses(None)  # a new alignment's links are the aligner's until told otherwise
        self.status_units = {}
        self._apply_highlights()
        self._update_ruler()
        if anchor is not None:
            self._restore(anchor)
        else:
            self.linker.sync_from(self.left)
        self.alignmentChanged.emit()

    def set_edited_alignment(self, alignment: Alignment) -> None:
        """Show an alignment the reader edited with both panes exactly where they are: the text is the same, only
        links changed, and the reader is looking at the edit (re-syncing would move the other pane). The panes'
        selections, which chose what the edit took, are cleared: left, they would choose the next edit's too."""
        bars = [(pane.verticalScrollBar(), pane.verticalScrollBar().value()) for pane in (self.left, self.right)]
        linked, self.linker.enabled = self.linker.enabled, False
        try:
            for pane in (self.left, self.right):
                cursor = pane.textCursor()
                cursor.clearSelection()
                pane.setTextCursor(cursor)  # (this scrolls to the cursor: the places are put back below)
            self.set_alignment(alignment, keep_position=False)
            for bar, value in bars:
                bar.setValue(value)
        finally:
            self.linker.enabled = linked
        bar, page = self.left.verticalScrollBar(), self.left.viewport().height()
        y = bar.value() + sync_fraction(bar.value(), bar.maximum(), page) * page
        current = alignment.link_of(self.left.language, self.left.paragraph_at(y))
        if current is not None:  # the link at the sync point, as the linker would find it
            self.linker.current_link = current
            self.link_map.set_current_link(current)

    def _resume_layout(self) -> None:
        self._layout_wait.stop()
        for pane in (self.zh_pane, self.en_pane):
            pane.defer_layout(False)

    def _restore(self, anchor: tuple[int, float]) -> None:
        index, fraction = anchor
        if index >= 0:
            self.left.scroll_to_paragraph(index, fraction)
        self.linker.sync_from(self.left)

    def gaps(self, language: str) -> list[int]:
        return self.alignment.gaps(language) if self.alignment else []

    def _apply_highlights(self) -> None:
        """Omissions get the omission background and a tooltip; links of low confidence a lighter shade."""
        self.scheme = scheme_for(self.palette())
        for language in ("zh", "en"):
            pane = self.pane(language)
            colours: dict[int, QColor] = {}
            tips: dict[int, str] = {}
            if self.alignment is not None:
                message = _tr("No English counterpart") if language == "zh" else _tr("No Chinese counterpart")
                # The omissions from the alignment's own (cached) list of them, in C: a loop over 16,000 links
                # here was a fifth of the window's work when the alignment arrived. A unit is in one link only,
                # so the omissions and the uncertain links never meet.
                gaps = self.alignment.gaps(language)
                colours = dict.fromkeys(gaps, self.scheme.omission)
                tips = dict.fromkeys(gaps, message)
                reviewed = self.link_map.statuses  # a link the reader made or confirmed is no longer in doubt
                uncertain = _tr("Uncertain match (confidence {0:.0%})")  # (once: a thousand links may be in doubt)
                for k in self._uncertain_links():
                    if k not in reviewed:
                        link = self.alignment.links[k]
                        tip = uncertain.format(link.confidence)
                        for i in link.zh if language == "zh" else link.en:
                            colours[i] = self.scheme.low_confidence
                            tips[i] = tip
            pane.set_block_backgrounds(colours)
            pane.set_tooltips(self._mark_pane(language, tips))

    def _uncertain_links(self) -> list[int]:
        """The alignment's links of low confidence (omissions aside), found once per alignment: the highlights are
        applied again on each change of link statuses or flags (three times as tier 1 arrives, 16,000 links each)."""
        if self._uncertain[0] is not self.alignment and self.alignment is not None:
            self._uncertain = (self.alignment, [k for k, link in enumerate(self.alignment.links)
                                                if link.confidence < LOW_CONFIDENCE and not link.is_gap])
        return self._uncertain[1]

    def _mark_pane(self, language: str, tips: dict[int, str]) -> dict[int, str]:
        """Draw one pane's link-status bars and flag lines; `tips` with their words added."""
        statuses, flags = self.status_units.get(language, {}), self.check_flags.get(language, {})
        self.marks[language].set_statuses(statuses)
        self.marks[language].set_flags({i: severity for i, (severity, _message) in flags.items()})
        words = {"manual": _tr("Link made by you"), "confirmed": _tr("Link confirmed by you")}
        for index, text in [*((i, words[s]) for i, s in statuses.items()), *((i, m) for i, (_s, m) in flags.items())]:
            tips[index] = f"{tips[index]}\n{text}" if index in tips else text
        return tips

    def _update_ruler(self) -> None:
        self.ruler.set_marks(self.gaps(self.left.language), self.gaps(self.right.language), self.annotated)
        sides = (self.left.language, self.right.language)
        self.ruler.set_status_marks(*(self.status_units.get(language, {}) for language in sides))
        self.ruler.set_flag_marks(*({i: s for i, (s, _m) in self.check_flags.get(language, {}).items()}
                                    for language in sides))
        marked = {f"{status}_link" for units in self.status_units.values() for status in units.values()}
        roles = sorted(marked | ({"flag_error"} if any(self.check_flags.values()) else set()))
        if roles != self.marked_roles:
            self.marked_roles = roles
            self.markedRolesChanged.emit(roles)

    def set_link_statuses(self, statuses: Sequence[str] | None) -> None:
        """One status per link of the alignment shown: "automatic", "manual" (made by the reader) or "confirmed"
        (reviewed); None: all automatic. Drawn in the link map, the panes' edges and the ruler until the next
        set_alignment. ValueError when they do not fit the alignment."""
        self.link_map.set_link_statuses(statuses)
        self.status_units = {language: status_units(self.alignment, self.link_map.statuses, language)
                             for language in ("zh", "en")}
        self._apply_highlights()
        self._update_ruler()

    def set_check_flags(self, flags: Mapping[str, Mapping[int, Sequence[tuple[str, str]]]] | None) -> None:
        """The translation checks' flags to mark, per language {unit: [(severity, message), ...]} (None: none):
        a line under each unit by its most serious flag, the messages in its tooltip, ticks in the ruler."""
        rank = {severity: k for k, severity in enumerate(SEVERITIES)}
        self.check_flags = {language: {unit: (min((s for s, _m in found), key=lambda s: rank.get(s, len(rank))),
                                              "\n".join(m for _s, m in found))
                                       for unit, found in units.items() if found}
                            for language, units in (flags or {}).items()}
        self._apply_highlights()
        self._update_ruler()

    def set_annotated(self, annotated: list[tuple[str, int]]) -> None:
        self.annotated = list(annotated)
        self._update_ruler()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and self.document is not None:
            self._apply_highlights()
            self.link_map.update()

    # -- view --------------------------------------------------------------------------------------

    def swap_panes(self) -> None:
        self.complete()
        anchor = self.left.top_paragraph()
        self.left, self.right = self.right, self.left
        self.splitter.insertWidget(0, self.left)
        self.splitter.insertWidget(2, self.right)
        self.linker.set_panes(self.left, self.right)
        self.link_map.set_panes(self.left, self.right)
        self.link_map.set_alignment(self.alignment, self.left.language)
        self.ruler.set_panes(self.left, self.right)
        self._update_ruler()
        # The paragraph that was at the top on the old left side keeps its place on the new right side.
        pane = self.right
        pane.scroll_to_paragraph(*anchor)
        self.linker.sync_from(pane)

    def set_point_size(self, point_size: float) -> None:
        self.complete()  # (a text still to be built would be in the size it was begun in)
        anchor = self.left.top_paragraph()
        self.point_size = max(6.0, min(point_size, 48.0))
        self.zh_pane.set_zoom(self.point_size)
        self.en_pane.set_zoom(self.point_size - 1)
        self._restore(anchor)

    def set_linked(self, linked: bool) -> None:
        self.linker.set_enabled(linked)

    # -- navigation --------------------------------------------------------------------------------

    def omissions(self) -> list[tuple[str, int]]:
        """All one-sided paragraphs in document order, as (language, paragraph index)."""
        if self.alignment is None:
            return []
        if self._omissions[0] is not self.alignment:  # (once per alignment: asked on every count of them)
            out: list[tuple[str, int]] = []
            for link in self.alignment.links:
                if link.is_gap:
                    language = "zh" if link.zh else "en"
                    out.extend((language, i) for i in (link.zh or link.en))
            self._omissions = (self.alignment, out)
        return list(self._omissions[1])

    def go_to_omission(self, forward: bool = True) -> tuple[str, int] | None:
        """Jump to the next (previous) omission after (before) the current link, wrapping at the ends."""
        if self.alignment is None:
            return None
        gap_links = [k for k, link in enumerate(self.alignment.links) if link.is_gap]
        if not gap_links:
            return None
        current = self.linker.current_link
        if forward:
            later = [k for k in gap_links if k > current]
            target = later[0] if later else gap_links[0]
        else:
            earlier = [k for k in gap_links if k < current]
            target = earlier[-1] if earlier else gap_links[-1]
        link = self.alignment.links[target]
        language = "zh" if link.zh else "en"
        index = (link.zh or link.en)[0]
        self.go_to_paragraph(language, index)
        # The link, not the sync point's guess, is now current (a short gap may not reach the sync point).
        self.linker.current_link = target
        self.link_map.set_current_link(target)
        self.pane(language).flash(index, self.scheme.flash)
        self.omissionVisited.emit(language, index)
        return language, index

    def go_to_link(self, link_index: int) -> None:
        """Bring a link to the reading position (clicked in the link map): its first paragraph on the left
        side, or on the right when the left has none."""
        if self.alignment is None or not 0 <= link_index < len(self.alignment.links):
            return
        link = self.alignment.links[link_index]
        for pane in (self.left, self.right):
            units = link.zh if pane.language == "zh" else link.en
            if units:
                self.go_to_paragraph(pane.language, units[0])
                break
        self.linker.current_link = link_index
        self.link_map.set_current_link(link_index)

    def go_to_paragraph(self, language: str, index: int) -> None:
        """Put a paragraph near the top third of its pane; the other pane follows through the linker."""
        self.complete()
        pane = self.pane(language)
        if not 0 <= index < len(pane.paragraphs):
            return
        bar = pane.verticalScrollBar()
        bar.setValue(round(pane.paragraph_top(index) - pane.viewport().height() / 3))
        self.linker.sync_from(pane)

    def go_to_edge(self, end: bool) -> None:
        """Ctrl+Home / Ctrl+End: the document's start or end in both panes (a read-only pane ignores them)."""
        pane = self.left
        if end:
            self.complete()
        bar = pane.verticalScrollBar()
        bar.setValue(bar.maximum() if end else 0)
        self.linker.sync_from(pane)

    # -- cross-highlighting ------------------------------------------------------------------------

    def counterpart(self, language: str, index: int) -> tuple[str, tuple[int, ...]]:
        if self.alignment is None:
            return ("en" if language == "zh" else "zh"), ()
        link_index = self.alignment.link_of(language, index)
        other = "en" if language == "zh" else "zh"
        if link_index is None:
            return other, ()
        link = self.alignment.links[link_index]
        return other, (link.en if language == "zh" else link.zh)

    def _on_pane_paragraph_hovered(self, pane: ParagraphPane, index: int) -> None:
        other_language, others = self.counterpart(pane.language, index) if index >= 0 else ("", ())
        colour = self.scheme.cross_highlight
        pane.set_extra("cross", [(index, 0, -1)] if index >= 0 and others else [], colour, full_width=True)
        other = self.pane(other_language) if other_language else (self.en_pane if pane is self.zh_pane else
                                                                   self.zh_pane)
        other.set_extra("cross", [(i, 0, -1) for i in others], colour, full_width=True)

    def _on_pane_paragraph_clicked(self, pane: ParagraphPane, index: int, offset: int) -> None:
        """Clicking a sentence highlights it and its counterpart sentence(s) from the sentence alignment."""
        self._on_pane_paragraph_hovered(pane, index)
        if self.alignment is None or self.document is None:
            return
        link_index = self.alignment.link_of(pane.language, index)
        if link_index is None:
            return
        link = self.alignment.links[link_index]
        units = {"zh": self._link_sentences("zh", link.zh), "en": self._link_sentences("en", link.en)}
        if not units["zh"] or not units["en"]:
            return
        mine = units[pane.language]
        clicked = next((k for k, (p, start, end) in enumerate(mine) if p == index and start <= offset <= end), None)
        if clicked is None:
            return
        sentence_alignment = self._sentence_cache.get(link_index)
        if sentence_alignment is None:
            from reader_app.core.aligner import align_sentences

            zh_texts = [self.document.zh.paragraphs[p].text[s:e] for p, s, e in units["zh"]]
            en_texts = [self.document.en.paragraphs[p].text[s:e] for p, s, e in units["en"]]
            sentence_alignment = align_sentences(zh_texts, en_texts, tier=1)
            self._sentence_cache[link_index] = sentence_alignment
        k = sentence_alignment.link_of(pane.language, clicked)
        if k is None:
            return
        sentence_link = sentence_alignment.links[k]
        colour = self.scheme.current_link
        for language in ("zh", "en"):
            chosen = sentence_link.zh if language == "zh" else sentence_link.en
            self.pane(language).set_extra("sentence", [units[language][i] for i in chosen], colour)

    def _link_sentences(self, language: str, paragraphs: tuple[int, ...]) -> list[tuple[int, int, int]]:
        """(paragraph, start, end) of every sentence of a link's paragraphs on one side, in order."""
        assert self.document is not None
        out: list[tuple[int, int, int]] = []
        for p in paragraphs:
            paragraph = self.document.side(language).paragraphs[p]  # type: ignore[arg-type]
            out.extend((p, s.start, s.end) for s in paragraph.sentence_spans)
        return out

    def _on_linker_current_link_changed(self, index: int) -> None:
        self.link_map.set_current_link(index)
        self.currentLinkChanged.emit(index)

"""The reader view on the sample with its gold alignment: highlights, linked scrolling, navigation, toggles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetricsF

from reader_app.core.alignment import Alignment, Link
from reader_app.core.documents import load_document
from reader_app.ui.colours import scheme_for
from reader_app.ui.reader_view import ReaderView
from reader_app.ui.scroll_linker import sync_fraction
from tests.conftest import SAMPLE

# The gold of tests/data/us-china-climate-readout-2024-05.gold.json in paragraph indices.
GOLD = Alignment(
    (
        Link((0,), (0,), 0.95),
        Link((1,), (), 0.9),
        Link((2,), (1,), 0.95),
        Link((3,), (2,), 0.95),
        Link((4,), (3,), 0.95),
        Link((), (4,), 0.9),
        Link((5,), (5,), 0.95),
        Link((), (6,), 0.9),
        Link((), (7,), 0.9),
    ),
    tier=1,
)
# A variant with a 1-2 link (zh 2 with en 1 and 2) and a doubtful link, for the scrolling and shading tests.
WITH_ONE_TO_TWO = Alignment(
    (
        Link((0,), (0,), 0.95),
        Link((1,), (), 0.9),
        Link((2,), (1, 2), 0.9),
        Link((3, 4), (3,), 0.3),
        Link((), (4,), 0.9),
        Link((5,), (5,), 0.95),
        Link((), (6,), 0.9),
        Link((), (7,), 0.9),
    ),
    tier=1,
)


@pytest.fixture
def view(qtbot) -> ReaderView:
    from reader_app.ui.fonts import register_bundled_font

    register_bundled_font()
    widget = ReaderView()
    qtbot.addWidget(widget)
    # Small enough that every paragraph can be scrolled to the sync point.
    widget.resize(900, 320)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_document(load_document(SAMPLE), GOLD)
    return widget


def test_exactly_the_gold_omissions_are_highlighted(view: ReaderView) -> None:
    scheme = scheme_for(view.palette())
    zh = {i: view.zh_pane.block_background(i) for i in range(6)}
    en = {i: view.en_pane.block_background(i) for i in range(8)}
    assert {i for i, c in zh.items() if c is not None} == {1}
    assert {i for i, c in en.items() if c is not None} == {4, 6, 7}
    assert zh[1] == scheme.omission
    assert all(en[i] == scheme.omission for i in (4, 6, 7))
    assert view.zh_pane.tooltip_for(1) == "No English counterpart"
    assert view.en_pane.tooltip_for(6) == "No Chinese counterpart"
    assert view.en_pane.tooltip_for(1) == ""
    assert view.omissions() == [("zh", 1), ("en", 4), ("en", 6), ("en", 7)]


def test_low_confidence_links_are_shaded_differently(view: ReaderView) -> None:
    view.set_alignment(WITH_ONE_TO_TWO)
    scheme = scheme_for(view.palette())
    assert view.zh_pane.block_background(3) == scheme.low_confidence
    assert view.zh_pane.block_background(4) == scheme.low_confidence
    assert view.en_pane.block_background(3) == scheme.low_confidence
    assert scheme.low_confidence != scheme.omission
    assert view.zh_pane.block_background(2) is None


def _value_putting_y_at_syncpoint(pane, y: float) -> int:
    """The scroll value at which document y sits exactly at the pane's sync point (monotone: bisect)."""
    bar = pane.verticalScrollBar()
    page = pane.viewport().height()
    lo, hi = bar.minimum(), bar.maximum()
    while lo < hi:
        mid = (lo + hi) // 2
        if mid + sync_fraction(mid, bar.maximum(), page) * page < y:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _check_counterparts_side_by_side(view: ReaderView, source, link: Link, offset_fraction: float) -> None:
    target = view.en_pane if source is view.zh_pane else view.zh_pane
    mine = link.zh if source is view.zh_pane else link.en
    theirs = link.en if source is view.zh_pane else link.zh
    top = source.paragraph_top(mine[0])
    bottom = source.paragraph_bottom(mine[-1])
    y = top + offset_fraction * (bottom - top)
    value = _value_putting_y_at_syncpoint(source, y)
    source.verticalScrollBar().setValue(value)
    line = QFontMetricsF(target.document_font).lineSpacing()
    bar = target.verticalScrollBar()
    page = source.viewport().height()
    sync_y_on_screen = y - value
    if theirs:
        other_top = target.paragraph_top(theirs[0])
        other_bottom = target.paragraph_bottom(theirs[-1])
        expected = other_top + offset_fraction * (other_bottom - other_top) - sync_y_on_screen
    else:
        # A gap: the counterpart position is where the next paragraph of the other side starts.
        later = [t for t in range(len(target.paragraphs)) if view.alignment.link_of(target.language, t) is not None
                 and view.alignment.link_of(target.language, t) > view.alignment.links.index(link)]
        expected = (target.paragraph_top(later[0]) if later else target.document_height()) - sync_y_on_screen
    clamped = min(max(expected, bar.minimum()), bar.maximum())
    assert abs(bar.value() - clamped) <= line, (source.language, link, offset_fraction, bar.value(), expected)
    if offset_fraction == 0.0 and theirs and clamped == expected:
        # Top edges of counterparts on screen within one line of each other.
        assert abs((target.paragraph_top(theirs[0]) - bar.value()) - (top - value)) <= line
    del page


@pytest.mark.parametrize("alignment", [GOLD, WITH_ONE_TO_TWO], ids=["gold", "one-to-two"])
def test_scrolling_either_pane_keeps_counterparts_together(view: ReaderView, alignment: Alignment) -> None:
    view.set_alignment(alignment)
    assert view.zh_pane.verticalScrollBar().maximum() > 0
    for source in (view.zh_pane, view.en_pane):
        edge_links = [link for link in alignment.links if (link.zh if source is view.zh_pane else link.en)]
        for link in alignment.links:
            if not (link.zh if source is view.zh_pane else link.en):
                continue
            if link in (edge_links[0], edge_links[-1]):
                continue  # the document ends are checked by test_top_and_end_of_document_line_up
            for fraction in (0.0, 0.5, 0.9):
                _check_counterparts_side_by_side(view, source, link, fraction)


def test_top_and_end_of_document_line_up(view: ReaderView) -> None:
    view.en_pane.verticalScrollBar().setValue(0)
    assert view.zh_pane.verticalScrollBar().value() == 0
    view.zh_pane.verticalScrollBar().setValue(view.zh_pane.verticalScrollBar().maximum())
    assert view.en_pane.verticalScrollBar().value() == view.en_pane.verticalScrollBar().maximum()


def test_with_linking_off_the_other_pane_stays(view: ReaderView) -> None:
    view.set_linked(False)
    before = view.en_pane.verticalScrollBar().value()
    view.zh_pane.verticalScrollBar().setValue(view.zh_pane.verticalScrollBar().maximum() // 2)
    assert view.en_pane.verticalScrollBar().value() == before
    view.set_linked(True)  # turning it back on re-syncs
    assert view.en_pane.verticalScrollBar().value() != before


def test_re_entrant_echo_is_dropped(view: ReaderView, qtbot) -> None:
    calls = []
    original = view.linker.sync_from

    def counting(pane):
        calls.append(pane.language)
        original(pane)

    view.linker.sync_from = counting  # type: ignore[method-assign]
    view.zh_pane.verticalScrollBar().valueChanged.disconnect()
    view.en_pane.verticalScrollBar().valueChanged.disconnect()
    for pane in (view.zh_pane, view.en_pane):
        pane.verticalScrollBar().valueChanged.connect(lambda _v, p=pane: view.linker.sync_from(p))
    view.zh_pane.verticalScrollBar().setValue(200)
    # One sync from zh; the echo from en's valueChanged entered sync_from but did nothing (guard).
    assert calls[0] == "zh"
    assert view.linker._busy is False


def test_f7_visits_omissions_in_order_and_wraps(view: ReaderView) -> None:
    visited = [view.go_to_omission(True) for _ in range(5)]
    assert visited == [("zh", 1), ("en", 4), ("en", 6), ("en", 7), ("zh", 1)]
    assert view.go_to_omission(False) == ("en", 7)
    # Arrival is flashed.
    assert view.zh_pane.extraSelections() or view.en_pane.extraSelections()


def test_hover_highlights_the_counterpart(view: ReaderView, qtbot) -> None:
    pane = view.zh_pane
    pane.verticalScrollBar().setValue(0)
    view.en_pane.verticalScrollBar().setValue(0)
    rect_top = pane.paragraph_top(0) - pane.verticalScrollBar().value()
    qtbot.mouseMove(pane.viewport(), QPoint(40, int(rect_top) + 8))
    qtbot.waitUntil(lambda: bool(view.en_pane.extraSelections()))
    selection = view.en_pane.extraSelections()[0]
    assert selection.cursor.block().blockNumber() == 0
    assert selection.format.background().color() == scheme_for(view.palette()).cross_highlight


def test_zoom_swap_and_display_script_keep_alignment_and_position(view: ReaderView) -> None:
    view.zh_pane.scroll_to_paragraph(3)
    before = view.zh_pane.top_paragraph()[0]
    links = view.alignment.links
    view.set_point_size(view.point_size + 3)
    assert view.zh_pane.top_paragraph()[0] == before
    view.swap_panes()
    assert view.left is view.en_pane
    assert view.zh_pane.top_paragraph()[0] == before
    view.swap_panes()
    from reader_app.core.text.convert import to_simplified

    view.set_display_texts("zh", [to_simplified(p.text) for p in view.document.zh.paragraphs])
    assert view.zh_pane.paragraph_text(0).startswith("中美“21世纪20年代强化气候行动")
    assert view.zh_pane.top_paragraph()[0] == before
    assert view.alignment.links == links
    assert view.zh_pane.block_background(1) == scheme_for(view.palette()).omission


def test_clicking_a_sentence_highlights_its_counterpart(view: ReaderView, qtbot) -> None:
    document = view.document
    pane = view.zh_pane
    paragraph = document.zh.paragraphs[2]
    assert len(paragraph.sentences) >= 2
    view.go_to_paragraph("zh", 2)
    block = pane.document().findBlockByNumber(2)
    cursor = pane.textCursor()
    cursor.setPosition(block.position() + 3)
    rect = pane.cursorRect(cursor)
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    en_sentence = document.en.paragraphs[1].sentences[0]

    def sentence_ranges():
        return [(s.cursor.block().blockNumber(), s.cursor.selectionStart() - s.cursor.block().position(),
                 s.cursor.selectionEnd() - s.cursor.block().position())
                for s in view.en_pane.extraSelections() if s.cursor.hasSelection()]

    qtbot.waitUntil(lambda: (1, en_sentence.start, en_sentence.end) in sentence_ranges())


def _long_document(n: int):
    from reader_app.core.model import Document, Language, Paragraph, Side

    def side(language: Language, text: str) -> Side:
        return Side(language, tuple(Paragraph(f"{language}{i}", f"{text} {i}", f"{text} {i}", language)
                                    for i in range(n)))

    return Document(side(Language.ZH, "第段"), side(Language.EN, "Paragraph"))


def test_a_long_document_shown_before_its_alignment_builds_its_panes_in_later_turns(qtbot) -> None:
    from reader_app.ui.reader_view import SPLIT_BUILD_PARAGRAPHS

    document = _long_document(SPLIT_BUILD_PARAGRAPHS // 2 + 1)
    view = ReaderView()
    qtbot.addWidget(view)
    completed = []
    view.completed.connect(lambda: completed.append(True))
    view.set_document(document, None)
    # Both panes empty (not the last document's) until their text is built, a slice per turn (test_pane_build.py).
    assert view.left.paragraphs == () and view.right.paragraphs == ()
    assert completed == []
    qtbot.waitUntil(lambda: completed == [True])
    assert len(view.right.paragraphs) == len(document.en)
    assert view.right.paragraph_text(len(document.en) - 1) == f"Paragraph {len(document.en) - 1}"

    # Anything that needs both panes builds the right one first: the alignment arriving, a jump there.
    view.set_document(document, None)
    alignment = Alignment(tuple(Link((i,), (i,)) for i in range(len(document.zh))), tier=1)
    view.set_alignment(alignment)
    assert len(view.right.paragraphs) == len(document.en) and completed == [True, True]
    view.set_document(document, None)
    view.go_to_paragraph(view.right.language, 10)
    assert len(view.right.paragraphs) == len(document.en)
    # A short document, or one with its alignment, is built whole at once.
    view.set_document(load_document(SAMPLE), None)
    assert len(view.right.paragraphs) == 8 and completed[-1] is True and len(completed) == 4

"""A long document lays out in full only once its alignment is shown (or after a wait); a short one at once; after a
resize or zoom, the reading place is laid out first and stays, and the layout ends as one from scratch would."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QTextCursor

from reader_app.core.alignment import Alignment, Link
from reader_app.core.model import Document, Language, Paragraph, ParagraphKind, Side
from reader_app.ui import reader_view, relayout
from reader_app.ui.fonts import register_bundled_font
from reader_app.ui.pane import ParagraphPane
from reader_app.ui.reader_view import ReaderView
from reader_app.ui.relayout import ReadingPlaceFirst
from tests.gui.sample_panes import long_side

PARAGRAPHS = 300  # per side


def _document() -> Document:
    return Document(zh=Side(Language.ZH, tuple(long_side(Language.ZH, PARAGRAPHS))),
                    en=Side(Language.EN, tuple(long_side(Language.EN, PARAGRAPHS))))


def _diagonal() -> Alignment:
    return Alignment(tuple(Link((i,), (i,), 1.0) for i in range(PARAGRAPHS)), tier=1)


def _view(qtbot) -> ReaderView:
    register_bundled_font()
    view = ReaderView()
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    return view


def _laid_out(view: ReaderView) -> bool:
    return view.zh_pane.layout_done and view.en_pane.layout_done


def test_long_document_waits_for_its_alignment_to_lay_out(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(reader_view, "DEFER_LAYOUT_PARAGRAPHS", 2 * PARAGRAPHS - 1)
    view = _view(qtbot)
    # Undeferred, each pane would lay out its 300 paragraphs and emit layoutCompleted well within 300 ms.
    # (The inner block's wait runs first; the outer one records en's emissions during it.)
    with qtbot.assertNotEmitted(view.en_pane.layoutCompleted), \
            qtbot.assertNotEmitted(view.zh_pane.layoutCompleted, wait=300):
        view.set_document(_document(), None)
    assert not view.zh_pane.layout_done and not view.en_pane.layout_done
    assert view.zh_pane.paragraph_text(0) == "0 " + "段落" * 3  # the text shows meanwhile
    view.set_alignment(_diagonal(), keep_position=True)
    qtbot.waitUntil(lambda: _laid_out(view), timeout=10_000)


def test_document_with_its_alignment_or_short_lays_out_at_once(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(reader_view, "DEFER_LAYOUT_PARAGRAPHS", 2 * PARAGRAPHS - 1)
    view = _view(qtbot)
    view.set_document(_document(), _diagonal())
    qtbot.waitUntil(lambda: _laid_out(view), timeout=10_000)
    monkeypatch.setattr(reader_view, "DEFER_LAYOUT_PARAGRAPHS", 2 * PARAGRAPHS)
    view.set_document(_document(), None)
    qtbot.waitUntil(lambda: _laid_out(view), timeout=10_000)


def test_alignment_that_never_comes_does_not_stop_the_layout(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(reader_view, "DEFER_LAYOUT_PARAGRAPHS", 2 * PARAGRAPHS - 1)
    monkeypatch.setattr(reader_view, "LAYOUT_WAIT_MS", 400)
    view = _view(qtbot)
    view.set_document(_document(), None)
    qtbot.waitUntil(lambda: _laid_out(view), timeout=10_000)


# -- a resize or zoom of a long document: the reading place first (ui/relayout.py) ----------------------------

LONG = 1500  # per side: with relayout.HIDE_FROM at 300, a reading place at 900 hides paragraphs above and below it


def _long_document() -> Document:
    def side(language: Language) -> tuple[Paragraph, ...]:
        paragraphs = long_side(language, LONG)
        # A heading every 100 paragraphs: the zoom sizes them apart from the text.
        return tuple(replace(p, kind=ParagraphKind.HEADING) if i % 100 == 0 else p for i, p in enumerate(paragraphs))

    return Document(zh=Side(Language.ZH, side(Language.ZH)), en=Side(Language.EN, side(Language.EN)))


def _long_view(qtbot) -> ReaderView:
    view = _view(qtbot)
    view.set_document(_long_document(), Alignment(tuple(Link((i,), (i,), 1.0) for i in range(LONG)), tier=1))
    qtbot.waitUntil(lambda: _laid_out(view), timeout=20_000)
    view.left.scroll_to_paragraph(900, 0.25)
    view.linker.sync_from(view.left)
    return view


def _settled(monkeypatch) -> list[tuple[str, int, int, int]]:
    """(language, first shown, end shown, top paragraph) of each pane just after its reading place is laid out."""
    seen: list[tuple[str, int, int, int]] = []
    settle = ReadingPlaceFirst.settle

    def spy(self, anchor):
        settle(self, anchor)
        seen.append((self.pane.language, self.hidden_end, self.shown_end, self.pane.top_paragraph()[0]))

    monkeypatch.setattr(ReadingPlaceFirst, "settle", spy)
    return seen


def _tops(pane: ParagraphPane) -> list[float]:
    return [pane.paragraph_top(i) for i in range(len(pane.paragraphs))]


def _from_scratch(qtbot, pane: ParagraphPane) -> list[float]:
    """The block tops of a new pane of the same size, text and font, laid out from the top."""
    fresh = ParagraphPane(pane.language)
    qtbot.addWidget(fresh)
    fresh.resize(pane.size())
    fresh.show()
    fresh.set_paragraphs(pane.paragraphs, pane.document_font)
    qtbot.waitUntil(lambda: fresh.layout_done, timeout=20_000)
    assert fresh.viewport().width() == pane.viewport().width()
    return _tops(fresh)


def _no_trace(pane: ParagraphPane) -> tuple[int, int]:
    """(hidden blocks, blocks with a top margin) once the layout is complete: both 0."""
    document, hidden, margins = pane.document(), 0, 0
    for number in range(document.blockCount()):
        block = document.findBlockByNumber(number)
        hidden += not block.isVisible()
        margins += block.blockFormat().topMargin() != 0.0
    return hidden, margins


def test_resize_keeps_the_top_paragraph_and_ends_with_the_layout_from_scratch(qtbot, monkeypatch) -> None:
    view = _long_view(qtbot)
    top = view.left.top_paragraph()[0]
    assert top == 900
    settled = _settled(monkeypatch)
    width = view.left.width()
    view.resize(700, 500)
    qtbot.waitUntil(lambda: view.left.width() != width, timeout=5000)
    # At once: paragraphs away from the reading place hidden, the top paragraph still the top one.
    left = [entry for entry in settled if entry[0] == view.left.language]
    assert left and left[0][1] == 900 - relayout.LEAD and left[0][2] < LONG and left[0][3] == 900
    qtbot.waitUntil(lambda: _laid_out(view) and not any(p.relayout.hiding for p in (view.zh_pane, view.en_pane)),
                    timeout=20_000)
    assert view.left.top_paragraph()[0] == 900
    for pane in (view.zh_pane, view.en_pane):
        assert _no_trace(pane) == (0, 0)
        assert _tops(pane) == _from_scratch(qtbot, pane)


def test_zoom_keeps_the_top_paragraph_and_ends_with_the_layout_from_scratch(qtbot, monkeypatch) -> None:
    view = _long_view(qtbot)
    settled = _settled(monkeypatch)
    view.set_point_size(view.point_size + 3)
    assert [entry[1:] for entry in settled if entry[0] == view.left.language][0][::2] == (900 - relayout.LEAD, 900)
    assert view.left.top_paragraph()[0] == 900
    qtbot.waitUntil(lambda: _laid_out(view) and not any(p.relayout.hiding for p in (view.zh_pane, view.en_pane)),
                    timeout=20_000)
    assert view.left.top_paragraph()[0] == 900
    # Headings keep their relative size: 1.25 times the text's (zh 16 pt, en 15 pt).
    for pane, size in ((view.zh_pane, 16.0), (view.en_pane, 15.0)):
        cursor = QTextCursor(pane.document().findBlockByNumber(900))
        cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
        assert (cursor.charFormat().fontPointSize(), pane.document_font.pointSizeF()) == (size * 1.25, size)
    for pane in (view.zh_pane, view.en_pane):
        assert _no_trace(pane) == (0, 0)
        assert _tops(pane) == _from_scratch(qtbot, pane)

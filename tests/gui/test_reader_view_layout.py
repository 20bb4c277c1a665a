"""A long document lays out in full only once its alignment is shown (or after a wait); a short one at once."""

from __future__ import annotations

from reader_app.core.alignment import Alignment, Link
from reader_app.core.model import Document, Language, Side
from reader_app.ui import reader_view
from reader_app.ui.fonts import register_bundled_font
from reader_app.ui.reader_view import ReaderView
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

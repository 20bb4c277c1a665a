"""View ▸ Layout ▸ Paired Rows: every two-sided link's paragraphs start at the same height in both panes (after
the rows are set, a resize and a zoom), the panes scroll as one, find and F7 still land, and Linked again leaves
no added space."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reader_app.core.alignment import Alignment, Link
from reader_app.paths import sample_path
from reader_app.ui.layout_report import layout_lines
from reader_app.ui.pane import PARAGRAPH_SPACING
from tests.gui.test_main_window import open_and_wait


def _unequal_tops(view) -> list[tuple[int, float, float]]:
    """(link, zh top, en top) of each two-sided link whose tops differ by more than a pixel."""
    out = []
    for k, link in enumerate(view.alignment.links):
        if link.zh and link.en:
            zh, en = view.zh_pane.paragraph_top(link.zh[0]), view.en_pane.paragraph_top(link.en[0])
            if abs(zh - en) > 1:
                out.append((k, zh, en))
    return out


def _show(qtbot, window, paths: list[str]):
    window.resize(1100, 700)
    window.show()
    qtbot.waitExposed(window)
    return open_and_wait(qtbot, window, paths)


def _rows_on(qtbot, window):
    rows = window.choices.rows
    with qtbot.waitSignal(rows.rowsCompleted, timeout=20_000):
        window.menu_actions.layouts["rows"].trigger()
    return rows


def _added_space(pane) -> list[tuple[int, float, float]]:
    """(block, top margin, bottom margin) of each block whose margins are not a Linked pane's."""
    document = pane.document()
    out = []
    for number in range(document.blockCount()):
        block_format = document.findBlockByNumber(number).blockFormat()
        if block_format.topMargin() != 0.0 or block_format.bottomMargin() != PARAGRAPH_SPACING:
            out.append((number, block_format.topMargin(), block_format.bottomMargin()))
    return out


def test_rows_pair_every_link_after_a_resize_and_a_zoom_and_linked_removes_them(main_window, qtbot) -> None:
    _show(qtbot, main_window, [str(sample_path())])
    view = main_window.view
    linked_heights = [pane.document().size().height() for pane in (view.zh_pane, view.en_pane)]
    assert _unequal_tops(view)  # the sample's pairs are offset in Linked: the test can fail
    rows = _rows_on(qtbot, main_window)
    assert _unequal_tops(view) == []
    # One scroll bar: the right one hidden, both reaching the taller text's end, moving as one.
    assert view.right.verticalScrollBar().styleSheet() and not view.left.verticalScrollBar().styleSheet()
    assert view.left.verticalScrollBar().maximum() == view.right.verticalScrollBar().maximum() > 0
    view.left.verticalScrollBar().setValue(123)
    assert view.right.verticalScrollBar().value() == 123
    # Linked again: no margin left, the heights those of the Linked panes before.
    with qtbot.waitSignal(rows.marginsCleared, timeout=20_000):
        main_window.menu_actions.layouts["linked"].trigger()
    assert [_added_space(pane) for pane in (view.zh_pane, view.en_pane)] == [[], []]
    assert [pane.document().size().height() for pane in (view.zh_pane, view.en_pane)] == linked_heights
    assert not view.right.verticalScrollBar().styleSheet()
    assert view.linker.enabled
    rows = _rows_on(qtbot, main_window)
    assert _unequal_tops(view) == []
    with qtbot.waitSignal(rows.rowsCompleted, timeout=20_000):
        main_window.resize(820, 700)
    assert _unequal_tops(view) == []
    with qtbot.waitSignal(rows.rowsCompleted, timeout=20_000):
        view.set_point_size(view.point_size + 3)
    assert _unequal_tops(view) == []
    with qtbot.waitSignal(rows.rowsCompleted, timeout=20_000):
        view.set_point_size(view.point_size - 3)
    with qtbot.waitSignal(rows.rowsCompleted, timeout=20_000):
        main_window.resize(1100, 700)
    assert _unequal_tops(view) == []
    # --report-layout: equal tops for each two-sided link on screen.
    view.left.verticalScrollBar().setValue(0)
    lines = [line.split() for line in layout_lines(view, main_window)]
    two_sided = [(zh, en) for _word, k, zh, en in lines if view.alignment.links[int(k)].zh
                 and view.alignment.links[int(k)].en and "-" not in (zh, en)]
    assert len(two_sided) >= 3 and all(zh == en for zh, en in two_sided)
    # Swapped: the new left pane's bar drives, the rows are set anew.
    with qtbot.waitSignal(rows.rowsCompleted, timeout=20_000):
        main_window.menu_actions.swap_panes.trigger()
    assert view.left is view.en_pane
    assert view.right.verticalScrollBar().styleSheet() and not view.left.verticalScrollBar().styleSheet()
    assert _unequal_tops(view) == []
    with qtbot.waitSignal(rows.marginsCleared, timeout=20_000):
        main_window.menu_actions.layouts["linked"].trigger()
    assert [_added_space(pane) for pane in (view.zh_pane, view.en_pane)] == [[], []]


def _write_bitext(folder: Path) -> list[str]:
    """A 1×3 link, one-sided paragraphs on both sides (two in a row, one at the end), long and short pairs."""
    zh = ["第一章", "这是一个很长的段落，" * 30, "短段落。", "只有中文的注释。", "最后一段。" * 12, "只有中文的结尾。"]
    en = ["Chapter One", "A first part of the long paragraph. " * 3, "A second part. " * 4, "A third part. " * 2,
          "A short paragraph, translated at length: " + "more words " * 40, "An English-only note.",
          "The last paragraph."]
    paths = []
    for name, paragraphs in (("zh", zh), ("en", en)):
        path = folder / f"book.{name}.txt"
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


ONE_BY_THREE = Alignment(links=(Link((0,), (0,)), Link((1,), (1, 2, 3)), Link((2,), (4,)), Link((3,), ()),
                                Link((), (5,)), Link((4,), (6,)), Link((5,), ())))


def test_rows_with_a_one_by_three_link_and_one_sided_paragraphs_and_find_and_f7(main_window, qtbot,
                                                                                 tmp_path: Path) -> None:
    _show(qtbot, main_window, _write_bitext(tmp_path))
    view = main_window.view
    assert (len(view.zh_pane.paragraphs), len(view.en_pane.paragraphs)) == (6, 7)
    ONE_BY_THREE.validate(6, 7)
    view.set_alignment(ONE_BY_THREE)
    rows = _rows_on(qtbot, main_window)
    assert _unequal_tops(view) == []
    # The 1×3 link's row is as tall as its taller side, the next row starts below both.
    assert view.zh_pane.paragraph_top(2) == view.en_pane.paragraph_top(4)
    assert view.zh_pane.paragraph_top(2) >= view.en_pane.paragraph_bottom(3)
    # Two one-sided rows in a row, one on each side: each below the other, blank space beside each.
    assert view.en_pane.paragraph_top(5) > view.zh_pane.paragraph_bottom(3)
    assert view.zh_pane.paragraph_top(4) == view.en_pane.paragraph_top(6) > view.en_pane.paragraph_bottom(5)
    # A new alignment is laid out in rows anew.
    with qtbot.waitSignal(rows.rowsCompleted, timeout=20_000):
        view.set_alignment(Alignment(links=(Link((0, 1), (0,)), Link((2,), (1, 2)), Link((3,), (3,)),
                                            Link((4,), (4, 5)), Link((5,), (6,)))))
    assert _unequal_tops(view) == []
    with qtbot.waitSignal(rows.rowsCompleted, timeout=20_000):
        view.set_alignment(ONE_BY_THREE)
    main_window.resize(600, 500)
    qtbot.waitUntil(lambda: rows.complete and view.left.viewport().width() < 300, timeout=20_000)
    qtbot.waitUntil(lambda: rows.complete, timeout=20_000)
    assert _unequal_tops(view) == []
    # F7 goes to each omission in turn, on screen, and makes its link current.
    view.go_to_link(0)
    seen = []
    for _ in range(3):
        language, index = view.go_to_omission(True)
        pane = view.pane(language)
        top = pane.paragraph_top(index) - pane.scroll_value()
        assert 0 <= top < pane.viewport().height()
        assert view.linker.current_link == ONE_BY_THREE.link_of(language, index)
        assert view.zh_pane.scroll_value() == view.en_pane.scroll_value()
        seen.append((language, index))
    assert seen == [("zh", 3), ("en", 5), ("zh", 5)]
    # Find lands on its match, on screen, in a pane scrolled with the other.
    bar = main_window.find_bar
    bar.start()
    bar.set_text("third part")
    assert bar.counts() == {"zh": 0, "en": 2}
    bar.find_next()
    cursor = view.en_pane.textCursor()
    assert cursor.selectedText() == "third part" and cursor.block().blockNumber() == 3
    rect = view.en_pane.cursorRect(cursor)
    assert rect.top() >= 0 and rect.bottom() <= view.en_pane.viewport().height()
    assert view.zh_pane.scroll_value() == view.en_pane.scroll_value()


# -- a long document: after a resize or zoom the panes show only the screens around the reading place first
# (ui/relayout.py), and the rows are set from the screen out ----------------------------------------------------

MISSING = range(850, 950)  # Chinese paragraphs the English lacks: one-sided links in the middle of the book


def _long_rows_view(qtbot, top: int):
    """A ReaderView in Paired rows on 1,500 Chinese paragraphs and 1,400 English ones (MISSING one-sided), the
    Chinese paragraph `top` at the top."""
    from reader_app.ui.rows import PairedRows
    from tests.gui.test_reader_view_layout import LONG, _laid_out, _long_document, _view

    document = _long_document()
    document = replace(document, en=replace(document.en, paragraphs=document.en.paragraphs[:LONG - len(MISSING)]))
    links = [Link((i,), () if i in MISSING else (i if i < MISSING.start else i - len(MISSING),), 1.0)
             for i in range(LONG)]
    view = _view(qtbot)
    view.set_document(document, Alignment(tuple(links), tier=1))
    qtbot.waitUntil(lambda: _laid_out(view), timeout=20_000)
    rows = PairedRows(view)
    with qtbot.waitSignal(rows.rowsCompleted, timeout=30_000):
        rows.set_active(True)
    view.left.scroll_to_paragraph(top, 0.25)
    rows._on_pane_scrolled(view.left)
    return view, rows


def _rows_from_scratch(qtbot, view) -> list[list[float]]:
    """Both panes' block tops in a new view of the same size, text, zoom and alignment, its rows set from the
    top."""
    from reader_app.ui.rows import PairedRows
    from tests.gui.test_reader_view_layout import _laid_out, _tops, _view

    fresh = _view(qtbot)
    fresh.resize(view.size())
    fresh.set_point_size(view.point_size)
    fresh.set_document(view.document, view.alignment)
    qtbot.waitUntil(lambda: _laid_out(fresh), timeout=20_000)
    rows = PairedRows(fresh)
    with qtbot.waitSignal(rows.rowsCompleted, timeout=30_000):
        rows.set_active(True)
    assert [pane.viewport().width() for pane in (fresh.zh_pane, fresh.en_pane)] == [
        pane.viewport().width() for pane in (view.zh_pane, view.en_pane)]
    return [_tops(pane) for pane in (fresh.zh_pane, fresh.en_pane)]


@pytest.mark.parametrize("top", [600, 900], ids=["pairs on screen", "in a one-sided run"])
def test_rows_of_a_long_document_at_two_widths_and_two_zooms(qtbot, monkeypatch, top) -> None:
    """At 900 the screen is in MISSING: its rows start 50 paragraphs above it, hidden for now after a change (that
    was a pass measuring hidden paragraphs' estimated heights: everything below the run 250 px off)."""
    from tests.gui.test_reader_view_layout import _settled, _tops

    view, rows = _long_rows_view(qtbot, top)
    assert view.left.top_paragraph()[0] == top
    settled = _settled(monkeypatch)
    changes = [lambda: view.resize(700, 500), lambda: view.set_point_size(view.point_size + 2),
               lambda: view.resize(1000, 500), lambda: view.set_point_size(view.point_size - 2)]
    for change in changes:
        settled.clear()
        with qtbot.waitSignal(rows.rowsCompleted, timeout=30_000):
            change()
        qtbot.waitUntil(lambda: rows.complete and not any(p.relayout.hiding for p in (view.zh_pane, view.en_pane)),
                        timeout=30_000)
        assert settled and all(entry[1] > 0 for entry in settled)  # paragraphs were hidden above the reading place
        assert _unequal_tops(view) == []
        assert view.left.top_paragraph()[0] == top
        assert view.zh_pane.scroll_value() == view.en_pane.scroll_value()
    on_screen = [k for k, link in enumerate(view.alignment.links) if link.zh and link.en
                 and 0 <= view.zh_pane.paragraph_top(link.zh[0]) - view.left.scroll_value() < 500]
    assert bool(on_screen) == (top == 600)
    assert [_tops(pane) for pane in (view.zh_pane, view.en_pane)] == _rows_from_scratch(qtbot, view)

"""A pane's document built in slices: the same document as built at once, swapped in only when whole."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QTextDocument

from reader_app.core.alignment import Alignment, Link
from reader_app.core.model import Document, Language, Paragraph, ParagraphKind, Side
from reader_app.ui import pane_build, reader_view
from reader_app.ui.pane import ParagraphPane
from reader_app.ui.pane_build import DocumentBuild, SlicedBuilds
from reader_app.ui.reader_view import ReaderView

PRIVATE = "\ue000"  # a character the test's fonts cannot draw


def _paragraphs(n: int) -> list[Paragraph]:
    """Headings every 10 paragraphs (two in a row at 30-31), a line break inside every 7th, a private-use character
    in every 13th."""
    out = []
    for i in range(n):
        heading = i % 10 == 0 or i == 31
        body = f"段落 {i}" + ("\n第二行" if i % 7 == 3 else "") + (PRIVATE if i % 13 == 5 else "")
        text = f"第{i}章" if heading else body
        kind = ParagraphKind.HEADING if heading else ParagraphKind.PARAGRAPH
        out.append(Paragraph(f"zh{i}", text, text, Language.ZH, kind))
    return out


def _drawable(ch: str) -> bool:
    return ch != PRIVATE


def _font() -> QFont:
    font = QFont()
    font.setPointSizeF(13.0)
    return font


def _contents(doc: QTextDocument) -> list[tuple]:
    """Every block's text and formats, and each of its fragments' text and character formats."""
    out = []
    block = doc.begin()
    while block.isValid():
        fmt, chars = block.blockFormat(), block.charFormat()
        fragments = []
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            f = fragment.charFormat()
            fragments.append((fragment.text(), f.fontWeight(), f.fontPointSize(), tuple(f.fontFamilies() or ())))
            it += 1
        out.append((block.text(), fmt.headingLevel(), fmt.bottomMargin(), fmt.topMargin(), chars.fontWeight(),
                    chars.fontPointSize(), tuple(fragments)))
        block = block.next()
    return out


@pytest.mark.parametrize("first_slice", [1, 7, 30])
def test_a_build_in_slices_makes_the_document_built_at_once(qtbot, first_slice: int) -> None:
    pane = ParagraphPane("zh")
    qtbot.addWidget(pane)
    paragraphs = _paragraphs(95)
    texts = [p.text for p in paragraphs]
    whole = DocumentBuild(paragraphs, texts, _font(), _drawable, pane).finish()
    sliced = DocumentBuild(paragraphs, texts, _font(), _drawable, pane)
    steps = 0
    while not sliced.done:
        sliced.slice = first_slice  # (step sizes the next slice by time: fixed here, every border is crossed)
        sliced.step()
        steps += 1
    assert steps == -(-95 // first_slice)
    assert _contents(sliced.document) == _contents(whole.document)
    assert sliced.document.toPlainText() == whole.document.toPlainText()
    assert sliced.document.blockCount() == 95
    # The exact outcome, not only the same one: headings bold at 1.25 x, line breaks inside a block, placeholders.
    contents = _contents(whole.document)
    assert [row[:2] for row in contents[30:33]] == [("第30章", 2), ("第31章", 2), ("段落 32", 0)]
    assert contents[30][4:6] == (QFont.Weight.Bold.value, 13.0 * 1.25)
    assert contents[3][0] == "段落 3\u2028第二行"
    expected = {i: [(len(f"段落 {i}") + (4 if i % 7 == 3 else 0), 0xE000)] for i in range(95)
                if i % 13 == 5 and i % 10 and i != 31}
    assert sliced.placeholders == whole.placeholders == expected
    assert contents[5][6][-1][0] == PRIVATE and contents[5][6][-1][3] == (pane_build.register_bundled_font(),)


def test_an_empty_build_is_done_at_once_and_has_one_body_block(qtbot) -> None:
    pane = ParagraphPane("zh")
    qtbot.addWidget(pane)
    build = DocumentBuild((), [], _font(), _drawable, pane)
    assert build.done and build.step()
    assert build.document.blockCount() == 1 and build.document.begin().blockFormat().bottomMargin() == 10.0


def test_sliced_builds_show_each_pane_only_when_whole_in_a_turn_of_its_own(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(pane_build, "FIRST_SLICE", 4)
    panes = [ParagraphPane("zh"), ParagraphPane("en")]
    for pane in panes:
        qtbot.addWidget(pane)
    seen: list[tuple[str, int]] = []  # (pane, block count) whenever asked between turns
    done: list[bool] = []
    builds = SlicedBuilds(lambda: done.append(True))
    shown: list[tuple[str, bool]] = []
    for pane in panes:
        original = pane.show_built
        pane.show_built = lambda build, p=pane, show=original: (shown.append((p.language, build.done)), show(build))
    paragraphs = _paragraphs(60)
    builds.start([(pane, pane.build(paragraphs, _font())) for pane in panes])
    assert builds.pending and [pane.document().blockCount() for pane in panes] == [1, 1]

    def whole() -> bool:
        seen.extend((pane.language, pane.document().blockCount()) for pane in panes)
        return bool(done)

    qtbot.waitUntil(whole)
    assert shown == [("zh", True), ("en", True)] and done == [True] and not builds.pending
    assert {count for _language, count in seen} <= {1, 60}  # never a half-built document
    assert [pane.document().blockCount() for pane in panes] == [60, 60]
    assert panes[1].paragraph_text(58) == paragraphs[58].text == "段落 58"


def _long_document(n: int) -> Document:
    def side(language: Language, text: str) -> Side:
        return Side(language, tuple(Paragraph(f"{language}{i}", f"{text} {i}", f"{text} {i}", language)
                                    for i in range(n)))

    return Document(side(Language.ZH, "第段"), side(Language.EN, "Paragraph"))


@pytest.fixture
def long_view(qtbot, monkeypatch) -> ReaderView:
    monkeypatch.setattr(reader_view, "SPLIT_BUILD_PARAGRAPHS", 100)
    monkeypatch.setattr(reader_view, "DEFER_LAYOUT_PARAGRAPHS", 100)
    monkeypatch.setattr(pane_build, "FIRST_SLICE", 8)
    view = ReaderView()
    qtbot.addWidget(view)
    return view


def test_complete_builds_what_is_left_at_once_and_runs_what_waited_for_it(qtbot, long_view: ReaderView) -> None:
    view = long_view
    document = _long_document(80)
    completed, restored = [], []
    view.completed.connect(lambda: completed.append(True))
    view.set_document(document, None)
    view.when_complete(lambda: restored.append(len(view.right.paragraphs)))
    assert view.left.paragraphs == () and view.right.paragraphs == () and restored == [] and completed == []
    view.complete()
    assert [pane.document().blockCount() for pane in (view.left, view.right)] == [80, 80]
    assert view.left.paragraph_text(79) == "第段 79" and view.right.paragraph_text(79) == "Paragraph 79"
    assert restored == [80] and completed == [True]
    view.complete()  # nothing left: nothing runs again
    view.when_complete(lambda: restored.append(-1))  # nothing pending: at once
    qtbot.wait(20)
    assert restored == [80, -1] and completed == [True]


def test_the_alignment_arriving_completes_the_panes_first(qtbot, long_view: ReaderView) -> None:
    view = long_view
    document = _long_document(80)
    view.set_document(document, None)
    view.set_alignment(Alignment(tuple(Link((i,), (i,)) for i in range(80)), tier=1))
    assert len(view.left.paragraphs) == len(view.right.paragraphs) == 80
    assert view.left.document().blockCount() == view.right.document().blockCount() == 80


def test_a_new_document_drops_the_build_of_the_last(qtbot, long_view: ReaderView) -> None:
    view = long_view
    completed = []
    view.completed.connect(lambda: completed.append(True))
    view.set_document(_long_document(80), None)
    short = _long_document(5)
    view.set_document(short, Alignment(tuple(Link((i,), (i,)) for i in range(5)), tier=1))
    assert completed == [True] and view.right.paragraph_text(4) == "Paragraph 4"
    qtbot.wait(50)  # the dropped build's turns would have come by now
    assert completed == [True] and view.left.document().blockCount() == view.right.document().blockCount() == 5


def test_a_swap_that_asks_for_everything_at_once_ends_the_builds_once(qtbot) -> None:
    panes = [ParagraphPane("zh"), ParagraphPane("en")]
    for pane in panes:
        qtbot.addWidget(pane)
    done: list[bool] = []
    builds = SlicedBuilds(lambda: done.append(True))
    original = panes[0].show_built
    # As when the first pane's new geometry makes a listener call ReaderView.complete().
    panes[0].show_built = lambda build: (original(build), builds.finish())
    builds.start([(pane, pane.build(_paragraphs(30), _font())) for pane in panes])
    qtbot.waitUntil(lambda: bool(done))
    qtbot.wait(20)  # (turns the builds' timer would have taken)
    assert done == [True] and [pane.document().blockCount() for pane in panes] == [30, 30]

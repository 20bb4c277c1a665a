"""The Chinese font chain: the bundled fonts alone draw GB 2312, Big5, the 8,105 Tongyong Guifan characters and
CJK Extension A; what no font draws is shown as a boxed code point with a U+XXXX tooltip."""

from __future__ import annotations

import contextlib
import functools

import pytest
from fontTools.pens.boundsPen import ControlBoundsPen
from fontTools.ttLib import TTFont
from PySide6.QtCore import QEvent, QPointF
from PySide6.QtGui import QColor, QHelpEvent, QPalette, QTextLayout
from PySide6.QtWidgets import QToolTip

from reader_app.core.model import Language, Paragraph, ParagraphKind
from reader_app.paths import fallback_font_path, font_path
from reader_app.ui import fonts
from reader_app.ui.pane import MAIN_FONT_RANGES, ParagraphPane, undrawable_characters
from tests.conftest import DATA

MAIN = font_path()
FALLBACK = fallback_font_path()
ISSUE_CHARACTERS = "㐀䶮𠀋鿏"  # Ext A first and last-but-a-few, Ext B, URO (Unicode 4.1): boxes before the fallback
PRIVATE_USE, UNASSIGNED = "\ue000", "\U0003fffd"


@functools.cache
def _draws(path) -> frozenset[int]:
    """Code points whose glyph in the font file has an outline (an empty glyph in the cmap draws nothing)."""
    font = TTFont(str(path))
    glyf = font.get("glyf")
    glyphs = font.getGlyphSet()
    drawn = set()
    for code_point, name in font.getBestCmap().items():
        if glyf is not None:
            if glyf[name].numberOfContours != 0:
                drawn.add(code_point)
            continue
        pen = ControlBoundsPen(glyphs)
        glyphs[name].draw(pen)
        if pen.bounds is not None:
            drawn.add(code_point)
    return frozenset(drawn)


@functools.cache
def bundled() -> frozenset[int]:
    return _draws(MAIN) | _draws(FALLBACK)


def _double_byte(codec: str, first: int, last: int) -> set[str]:
    found = set()
    for code in range(first, last + 1):
        lead, trail = divmod(code, 0x100)
        if not (0x40 <= trail <= 0x7E or 0xA1 <= trail <= 0xFE):
            continue
        with contextlib.suppress(UnicodeDecodeError):
            found.update(bytes((lead, trail)).decode(codec))
    return found


def gb2312() -> set[str]:
    return {ch for ch in _double_byte("gb2312", 0xA1A1, 0xF7FE) if not ch.isspace()}  # (U+3000 is a space)


def tongyong_guifan() -> list[str]:
    lines = (DATA / "tongyong_guifan_8105.txt").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[1] for line in lines if not line.startswith("#")]


def _undrawn(chars) -> list[str]:
    return sorted(f"{ch} U+{ord(ch):04X}" for ch in chars if ord(ch) not in bundled())


@pytest.mark.parametrize(
    ("name", "chars", "count"),
    [
        ("GB 2312", gb2312, 7444),
        ("Big5 level 1 (A440-C67E)", lambda: _double_byte("big5", 0xA440, 0xC67E), 5401),
        ("Big5 level 2 (C940-F9D5)", lambda: _double_byte("big5", 0xC940, 0xF9D5), 7652),
        ("Tongyong Guifan Hanzi Biao", tongyong_guifan, 8105),
        # Ext A as of Unicode 3.0-12.1: U+4DB6-4DBF (Unicode 13) are in none of Debian's fonts but Unifont.
        ("CJK Extension A", lambda: [chr(cp) for cp in range(0x3400, 0x4DB6)], 6582),
    ],
)
def test_bundled_fonts_alone_draw_every_character_of(name, chars, count) -> None:
    chars = list(chars())
    assert len(set(chars)) == count, name
    assert _undrawn(chars) == [], name


def test_issue_characters_are_drawn_by_the_fallback_not_by_the_main_font() -> None:
    assert all(ord(ch) not in _draws(MAIN) for ch in ISSUE_CHARACTERS)
    assert _undrawn(ISSUE_CHARACTERS) == []
    assert ord("\U000241c4") not in bundled()  # 熌's simplified form: no bundled font has it


def test_chain_puts_the_main_font_first_and_the_fallback_last(qapp) -> None:
    families = fonts.chinese_families()
    assert families[0] == "WenQuanYi Micro Hei"
    assert families[-1] == "Bilingual Reader Han Fallback"
    assert fonts.chinese_font().families() == families


def _glyph_sources(text: str) -> list[tuple[str, int, bool]]:
    """(family, glyph index, has an outline) of each glyph Qt lays out for `text` in the Chinese font."""
    layout = QTextLayout(text, fonts.chinese_font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    found = []
    for run in layout.glyphRuns():
        raw = run.rawFont()
        for glyph in run.glyphIndexes():
            found.append((raw.familyName(), glyph, not raw.pathForGlyph(glyph).isEmpty()))
    return found


def test_qt_draws_issue_characters_from_the_fallback_and_common_ones_from_the_main_font(qapp) -> None:
    # One layout per character: a line's glyph runs come grouped by font, not in text order.
    sources = {ch: _glyph_sources(ch) for ch in "中" + ISSUE_CHARACTERS}
    assert {ch: [(family, drawn) for family, _glyph, drawn in found] for ch, found in sources.items()} == {
        "中": [("WenQuanYi Micro Hei", True)],
        **{ch: [("Bilingual Reader Han Fallback", True)] for ch in ISSUE_CHARACTERS},
    }
    assert all(glyph != 0 for found in sources.values() for _family, glyph, _drawn in found)


def test_drawability_follows_the_fonts(qapp) -> None:
    assert all(fonts.is_drawable(ch) for ch in "中a" + ISSUE_CHARACTERS)
    assert not fonts.is_drawable(UNASSIGNED)


def test_main_font_draws_all_of_the_ranges_the_pane_does_not_check() -> None:
    undrawn = [cp for a, b in MAIN_FONT_RANGES for cp in range(a, b + 1) if cp not in _draws(MAIN)]
    assert [f"U+{cp:04X}" for cp in undrawn] == ["U+0020", "U+00A0"]  # spaces: nothing to draw
    assert not undrawable_characters(["x\u00a0y z"], lambda ch: not ch.isspace())


def test_undrawable_characters_count_utf16_positions_and_skip_invisible_ones() -> None:
    texts = ["甲\ue000乙\U0003fffd丙", "no gaps", "a\u200d\ufe0f\r\nb\ue000"]
    assert undrawable_characters(texts, lambda ch: ord(ch) < 0xE000) == {
        0: [(1, 0xE000), (3, 0x3FFFD)],
        2: [(5, 0xE000)],  # \r\n is one line break in the block
    }


@pytest.fixture
def pane(qtbot):
    fonts.register_bundled_font()
    widget = ParagraphPane("zh")
    qtbot.addWidget(widget)
    widget.resize(600, 200)
    widget.show()
    qtbot.waitExposed(widget)
    text = f"缺字{PRIVATE_USE}与{UNASSIGNED}，扩展：{ISSUE_CHARACTERS}"
    paragraph = Paragraph(id="p0", text=text, original=text, language=Language.ZH, kind=ParagraphKind.PARAGRAPH)
    widget.set_paragraphs([paragraph], fonts.chinese_font(20))
    qtbot.waitUntil(lambda: widget.layout_done, timeout=5000)
    return widget


def _ink_pixels(image, rect, background: QColor) -> int:
    return sum(
        1
        for x in range(int(rect.left()) + 2, int(rect.right()) - 1)
        for y in range(int(rect.top()) + 3, int(rect.bottom()) - 2)
        if QColor(image.pixel(x, y)).lightness() < background.lightness() - 60
    )


def test_pane_shows_a_boxed_code_point_for_what_no_font_draws(pane, qtbot) -> None:
    if fonts.is_drawable(PRIVATE_USE):
        pytest.skip("a system font draws U+E000 here")
    assert pane.placeholders() == {0: [(2, 0xE000), (4, 0x3FFFD)]}
    assert pane.paragraph_text(0)[2] == PRIVATE_USE  # the text itself is unchanged (copy, search, offsets)
    image = pane.viewport().grab().toImage()
    base = pane.palette().color(QPalette.ColorRole.Base)
    for position in (2, 4):
        rect = pane.placeholder_rect(0, position)
        assert rect.width() >= rect.height() * 0.5, rect
        # The frame's top edge is drawn across the cell, and hex digits inside it.
        top = int(rect.top()) + 2
        frame = [QColor(image.pixel(x, top)) for x in range(int(rect.left()) + 3, int(rect.right()) - 2)]
        assert sum(c != base for c in frame) >= 0.8 * len(frame), position
        assert _ink_pixels(image, rect, base) > 10, position
    # An issue character in the same paragraph is real text, not a placeholder: ink, no frame.
    text = pane.paragraph_text(0)
    for ch in ISSUE_CHARACTERS:
        position = len(text[: text.index(ch)].encode("utf-16-le")) // 2
        assert _ink_pixels(image, pane.placeholder_rect(0, position), base) > 10, ch


def test_placeholder_tooltip_names_the_code_point(pane, qtbot) -> None:
    if fonts.is_drawable(PRIVATE_USE):
        pytest.skip("a system font draws U+E000 here")
    viewport = pane.viewport()
    for position, expected in ((2, "U+E000"), (4, "U+3FFFD")):
        point = pane.placeholder_rect(0, position).center().toPoint()
        assert pane.placeholder_at(point) == int(expected[2:], 16)
        event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
        pane.viewportEvent(event)
        qtbot.waitUntil(lambda expected=expected: QToolTip.text().startswith(expected), timeout=3000)
    assert QToolTip.text() == "U+3FFFD (no font can draw this character)"
    # Beside the placeholders, the paragraph's own tooltip (none here) applies.
    assert pane.placeholder_at((pane.placeholder_rect(0, 0).center() + QPointF(1, 0)).toPoint()) is None


def test_script_conversion_keeps_characters_the_fonts_cannot_draw(qapp) -> None:
    from reader_app.core.text.convert import to_simplified

    fonts.register_bundled_font()
    expected = "\U000241c4" if fonts.is_drawable("\U000241c4") else "熌"
    assert to_simplified("熌") == expected

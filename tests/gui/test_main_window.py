"""The main window opens the sample: Chinese on the left, English on the right, with the bundled font."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontInfo, QFontMetrics, QRawFont

from reader_app.core.documents import load_document
from reader_app.paths import sample_path
from tests.conftest import SAMPLE


def test_bundled_sample_is_the_shared_one() -> None:
    assert sample_path().read_bytes() == SAMPLE.read_bytes()


def open_and_wait(qtbot, window, paths: list[str], signal: str = "documentOpened"):
    with qtbot.waitSignal(getattr(window, signal), timeout=60_000) as blocker:
        window.open_paths(paths)
    return blocker.args[0]


def test_sample_opens_in_both_panes(main_window, qtbot) -> None:
    open_and_wait(qtbot, main_window, [str(sample_path())])
    document = load_document(sample_path())
    zh_doc, en_doc = main_window.view.zh_pane.document(), main_window.view.en_pane.document()
    assert zh_doc.blockCount() == len(document.zh) == 6
    assert en_doc.blockCount() == len(document.en) == 8
    assert main_window.view.zh_pane.paragraph_text(0) == "中美“21世紀20年代強化氣候行動工作組”會議情況"
    assert main_window.view.en_pane.paragraph_text(0).startswith("Readout on Meeting of the U.S.-China")
    assert main_window.view.en_pane.paragraph_text(7).endswith("in Berkeley, CA.")
    assert main_window.counts_label.text() == "6 Chinese · 8 English paragraphs · 4 without counterpart"
    assert not main_window.message_bar.isVisible()


def test_every_sample_character_is_in_the_pane_fonts(main_window, qtbot) -> None:
    open_and_wait(qtbot, main_window, [str(sample_path())])
    for pane in (main_window.view.zh_pane, main_window.view.en_pane):
        font = pane.document().defaultFont()
        text = "".join(p.text for p in pane.paragraphs)
        # The first family is what Qt uses before any fallback; for Chinese it must be the bundled one.
        primary = QRawFont.fromFont(font)
        families = font.families()
        missing = sorted({ch for ch in text if not ch.isspace() and not primary.supportsCharacter(ord(ch))})
        if pane.language == "zh":
            assert families[0] == "WenQuanYi Micro Hei"
            assert QFontInfo(font).family() == "WenQuanYi Micro Hei"
            assert missing == []
        else:
            # The English pane may use a system Latin font first; whatever it lacks, the bundled font has.
            bundled = QRawFont.fromFont(main_window.view.zh_pane.document().defaultFont())
            assert [ch for ch in missing if not bundled.supportsCharacter(ord(ch))] == []
        if pane.language == "zh":
            metrics = QFontMetrics(font)
            assert all(metrics.inFontUcs4(ord(ch)) for ch in text if not ch.isspace())


def test_pinyin_third_tone_glyphs_are_drawn(main_window) -> None:
    """The upstream font maps ǎ ǐ ǒ ǔ ǚ to empty glyphs; packaging/make_font.py composes them."""
    del main_window
    from reader_app.ui.fonts import chinese_font

    raw = QRawFont.fromFont(chinese_font())
    for ch in "ǎǐǒǔǘǚǜǖ領":
        (glyph,) = raw.glyphIndexesForString(ch)
        assert not raw.pathForGlyph(glyph).isEmpty(), ch


def test_missing_file_shows_message_in_window(main_window, qtbot, tmp_path: Path) -> None:
    open_and_wait(qtbot, main_window, [str(tmp_path / "nope.txt")], "loadFailed")
    assert main_window.message_bar.isVisibleTo(main_window)
    assert "nope.txt: no such file" in main_window.message_bar.text()


def test_directory_and_binary_show_messages(main_window, qtbot, tmp_path: Path) -> None:
    open_and_wait(qtbot, main_window, [str(tmp_path)], "loadFailed")
    assert "is a folder" in main_window.message_bar.text()
    binary = tmp_path / "photo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    open_and_wait(qtbot, main_window, [str(binary)], "loadFailed")
    assert "photo.png" in main_window.message_bar.text()
    assert "binary" in main_window.message_bar.text() or "not" in main_window.message_bar.text()

"""The dictionary on the main window: the popup's content and place beside the word, hover mode and its key,
arrow keys, where a word went (exact ranges in the other pane), Save Word into the vocabulary panel and its export."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent, QTextCursor
from PySide6.QtTest import QTest

from reader_app.paths import sample_path
from reader_app.ui.dictionary import DictionaryController
from reader_app.ui.dictionary.lookup import Spot, global_rect
from reader_app.ui.dictionary.popup import GAP
from reader_app.ui.pane import ParagraphPane


@pytest.fixture
def window(main_window, qtbot):
    main_window.show()
    with qtbot.waitSignal(main_window.documentOpened, timeout=60_000):
        main_window.open_paths([str(sample_path())])
    qtbot.waitUntil(lambda: main_window.dictionary is not None and main_window.dictionary.ready, timeout=60_000)
    yield main_window
    main_window.dictionary.hide_popup()


def point_at(pane: ParagraphPane, block: int, offset: int) -> QPointF:
    """A point on the character at `offset` of a block (viewport coordinates)."""
    cursor = QTextCursor(pane.document().findBlockByNumber(block))
    cursor.setPosition(cursor.position() + offset)
    rect = pane.cursorRect(cursor)
    return QPointF(rect.left() + 3, rect.center().y())


def move_to(pane: ParagraphPane, pos: QPointF) -> None:
    event = QMouseEvent(QEvent.Type.MouseMove, pos, pane.viewport().mapToGlobal(pos), Qt.MouseButton.NoButton,
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QCoreApplication.sendEvent(pane.viewport(), event)


def highlighted(pane: ParagraphPane) -> list[tuple[int, int, int]]:
    """The pane's extra selections as (block, start, end)."""
    out = []
    for selection in pane.extraSelections():
        cursor = selection.cursor
        block = pane.document().findBlock(cursor.selectionStart())
        out.append((block.blockNumber(), cursor.selectionStart() - block.position(),
                    cursor.selectionEnd() - block.position()))
    return out


def climate_offset(pane: ParagraphPane, block: int = 0) -> int:
    text = pane.paragraph_text(block)
    return text.index("氣候") if "氣候" in text else text.index("气候")


def test_double_click_shows_the_popup_beside_the_word(window, qtbot) -> None:
    controller: DictionaryController = window.dictionary
    pane, other = window.view.zh_pane, window.view.en_pane
    offset = climate_offset(pane)
    with qtbot.waitSignal(controller.lookedUp, timeout=5000) as looked:
        QTest.mouseDClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=point_at(pane, 0, offset).toPoint())
    lookup = looked.args[0]
    assert (lookup.word.start, lookup.word.end) == (offset, offset + 2)
    assert [(e.traditional, e.simplified, e.pinyin) for e in lookup.word.entries] == [("氣候", "气候", "qi4 hou4")]
    text = controller.popup.label.text()
    for expected in ("气候\u2002氣候", "qì hòu", "(meteorology) climate", "Inside", "hòu"):
        assert expected in text
    # Just below the word, at its left edge, inside the screen.
    word = global_rect(Spot(pane, 0, offset, offset + 2))
    popup = controller.popup.geometry()
    assert (popup.left(), popup.top()) == (word.left(), word.bottom() + 1 + GAP)
    assert QGuiApplication.primaryScreen().availableGeometry().contains(popup)
    # Where it went: "Climate" of the English title, exactly; and the word itself in its own pane.
    title = other.paragraph_text(0)
    assert controller.counterpart == [(0, title.index("Climate"), title.index("Climate") + 7)] == [(0, 64, 71)]
    assert highlighted(other) == [(0, 64, 71)]
    assert (0, offset, offset + 2) in highlighted(pane)


def test_zhuyin_readings(window, qtbot) -> None:
    controller = window.dictionary
    controller.zhuyin_action.setChecked(True)
    pane = window.view.zh_pane
    assert controller.look_up_offset(pane, 0, climate_offset(pane))
    shown = re.sub(r"<[^>]+>", "", controller.popup.label.text())  # the text, without the tone marks' font spans
    assert "ㄑㄧˋ ㄏㄡˋ" in shown
    assert "qì hòu" not in shown


def test_hover_mode_and_its_key(window, qtbot) -> None:
    controller = window.dictionary
    pane = window.view.zh_pane
    assert not controller.hover_action.isChecked()
    move_to(pane, point_at(pane, 0, climate_offset(pane)))
    qtbot.wait(100)
    assert not controller.popup.isVisible()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)  # a window shortcut needs its window active (xcb)
    pane.setFocus()
    QTest.keyClick(pane, Qt.Key.Key_Z, Qt.KeyboardModifier.AltModifier)
    assert controller.hover_action.isChecked()
    with qtbot.waitSignal(controller.lookedUp, timeout=5000):
        move_to(pane, point_at(pane, 0, climate_offset(pane) + 1))  # on 候: the longest word from there
    assert controller.lookup.word.text == "候"
    assert controller.popup.isVisible()
    # Off the text (below the last paragraph): the popup goes.
    move_to(pane, QPointF(5, pane.viewport().height() - 3))
    qtbot.waitUntil(lambda: not controller.popup.isVisible(), timeout=5000)


def test_arrow_keys_move_word_by_word(window, qtbot) -> None:
    controller = window.dictionary
    pane = window.view.zh_pane
    text = pane.paragraph_text(0)
    offset = climate_offset(pane)
    assert controller.look_up_offset(pane, 0, offset)
    pane.setFocus()
    QTest.keyClick(pane, Qt.Key.Key_Right)
    assert controller.lookup.word.text == text[offset + 2 : offset + 4]  # 行動 / 行动
    QTest.keyClick(pane, Qt.Key.Key_Left)
    QTest.keyClick(pane, Qt.Key.Key_Left)
    assert controller.lookup.word.start == offset - 2  # 強化 / 强化
    QTest.keyClick(pane, Qt.Key.Key_Escape)
    assert not controller.popup.isVisible()
    assert highlighted(window.view.en_pane) == []


def test_english_word_highlights_its_chinese(window, qtbot) -> None:
    controller = window.dictionary
    zh, en = window.view.zh_pane, window.view.en_pane
    title = en.paragraph_text(0)
    with qtbot.waitSignal(controller.counterpartShown, timeout=5000) as shown:
        QTest.mouseDClick(en.viewport(), Qt.MouseButton.LeftButton,
                          pos=point_at(en, 0, title.index("Climate") + 2).toPoint())
    offset = climate_offset(zh)
    assert shown.args[0] == [(0, offset, offset + 2)]
    assert not controller.popup.isVisible()  # the popup is for Chinese
    # No evidence, no highlight: "Readout" has no dictionary translation in the Chinese title.
    with qtbot.waitSignal(controller.counterpartShown, timeout=5000) as shown:
        QTest.mouseDClick(en.viewport(), Qt.MouseButton.LeftButton, pos=point_at(en, 0, 2).toPoint())
    assert shown.args[0] == []
    assert [r for r in highlighted(zh) if r[0] == 0 and r[2] - r[1] < 10] == []


def test_save_word_into_the_panel_and_export(window, qtbot, tmp_path: Path) -> None:
    controller = window.dictionary
    pane = window.view.zh_pane
    block = 2
    text = pane.paragraph_text(block)
    assert controller.look_up_offset(pane, block, climate_offset(pane, block))
    pane.setFocus()
    with qtbot.waitSignal(controller.wordSaved, timeout=10_000) as saved:
        QTest.keyClick(pane, Qt.Key.Key_S)
    word = saved.args[0]
    assert (word.word, word.traditional, word.simplified, word.pinyin) == (text[climate_offset(pane, block):][:2],
                                                                          "氣候", "气候", "qi4 hou4")
    assert word.sentence == text[: text.index("。") + 1]
    assert word.counterpart.startswith("On May 8-9, the United States hosted in Washington, D.C., a meeting")
    assert word.document_id == window.document.content_id
    assert not controller.popup.save_button.isEnabled()
    controller.panel_action.trigger()
    qtbot.waitUntil(lambda: controller.panel.table.rowCount() == 1, timeout=10_000)
    with qtbot.waitSignal(controller.wordSaved, timeout=10_000) as again:  # from the same sentence: no copy
        controller.save_word()
    assert again.args[0] == word
    qtbot.wait(50)
    assert controller.panel.table.rowCount() == 1
    assert [controller.panel.table.item(0, c).text() for c in range(2)] == [word.word, "qì hòu"]
    out = tmp_path / "vocabulary.csv"
    controller.export(str(out), "csv")
    qtbot.waitUntil(out.exists, timeout=10_000)
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "word,simplified,traditional,pinyin,senses,sentence,counterpart,created"
    assert rows[1].startswith(f"{word.word},气候,氣候,qì hòu,(meteorology) climate / (fig.) climate;")
    controller.panel.table.selectRow(0)
    controller.panel.delete_button.click()
    qtbot.waitUntil(lambda: controller.panel.table.rowCount() == 0, timeout=10_000)
    assert controller.panel.status.text() == "No saved words: look a word up and press S (or Save Word)."


def test_the_popup_fits_each_word(window, qtbot) -> None:
    """After a long word's popup, a short word's is as small as when shown first (not the long one's height)."""
    controller = window.dictionary
    pane = window.view.zh_pane
    assert controller.look_up_offset(pane, 0, climate_offset(pane))
    short = controller.popup.height()
    text = pane.paragraph_text(3)
    assert controller.look_up_offset(pane, 3, text.index("聯合國") if "聯合國" in text else text.index("联合国"))
    assert controller.lookup.word.text in ("聯合國氣候變化框架公約", "联合国气候变化框架公约")
    assert controller.popup.height() > short
    assert controller.look_up_offset(pane, 0, climate_offset(pane))
    assert controller.popup.height() == short
    assert controller.popup.label.height() == controller.popup.label.heightForWidth(controller.popup.label.width())


def test_placed_inside_the_screen() -> None:
    from PySide6.QtCore import QPoint, QRect

    from reader_app.ui.dictionary.popup import place_beside

    screen = QRect(0, 0, 1400, 900)
    word = QRect(100, 200, 40, 20)  # bottom 219
    assert place_beside(word, (380, 200), screen) == QPoint(100, 219 + 1 + GAP)
    # Near the bottom: above the word instead.
    assert place_beside(QRect(100, 800, 40, 20), (380, 200), screen) == QPoint(100, 800 - GAP - 200)
    # Near the right edge: moved left to end at the screen's edge.
    assert place_beside(QRect(1300, 200, 40, 20), (380, 200), screen) == QPoint(1400 - 380, 224)


def test_a_selection_looks_up_its_start(window, qtbot) -> None:
    controller = window.dictionary
    pane = window.view.zh_pane
    offset = climate_offset(pane)
    block = pane.document().findBlockByNumber(0)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + offset)
    cursor.setPosition(block.position() + offset + 4, QTextCursor.MoveMode.KeepAnchor)
    pane.setTextCursor(cursor)
    pos = point_at(pane, 0, offset + 3)
    release = QMouseEvent(QEvent.Type.MouseButtonRelease, pos, pane.viewport().mapToGlobal(pos),
                          Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(controller.lookedUp, timeout=5000) as looked:
        QCoreApplication.sendEvent(pane.viewport(), release)
    assert (looked.args[0].word.start, looked.args[0].word.end) == (offset, offset + 2)
    assert controller.popup.isVisible()

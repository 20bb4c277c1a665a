"""View ▸ Show Readings: the tooltip over a character with a ruby reading, the dotted underlines, the setting."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from reader_app.paths import sample_path
from reader_app.ui.readings import Readings, character_at, character_rect
from tests.gui.test_main_window import open_and_wait


def _readings(window) -> Readings:
    window.menu_actions  # noqa: B018 - the menus (and the readings with them) are made
    readings = window.findChild(Readings)
    assert readings is not None
    return readings


def _centre_of(pane, block: int, offset: int) -> QPoint:
    rect = character_rect(pane, block, offset)
    assert rect is not None
    return rect.center()


def test_tooltip_is_the_reading_only_while_shown(main_window, qtbot) -> None:
    open_and_wait(qtbot, main_window, [str(sample_path())])
    main_window.resize(1200, 800)
    main_window.show()
    qtbot.waitExposed(main_window)
    readings = _readings(main_window)
    pane = main_window.view.zh_pane
    assert pane.paragraph_text(0)[16] == "動" and pane.paragraph_text(0)[21] == "會"
    dong, hui, plain = _centre_of(pane, 0, 16), _centre_of(pane, 0, 21), _centre_of(pane, 0, 17)
    assert character_at(pane, dong) == (0, 16)

    assert not readings.action.isChecked()  # off until asked for
    assert readings.tooltip_at(pane, dong) == ""
    assert not readings.underlines["zh"].isVisible()

    readings.action.trigger()
    assert readings.tooltip_at(pane, dong) == "動 dòng"
    assert readings.tooltip_at(pane, hui) == "會 huì"
    assert readings.tooltip_at(pane, plain) == ""  # 工 has no reading
    assert main_window.settings.value("showReadings", type=bool) is True
    # The layer underlines exactly the characters with readings in view, each under its own box.
    layer = readings.underlines["zh"]
    assert layer.isVisible()
    lines = {(block, offset): line for block, offset, line in layer.lines()}
    assert (0, 16) in lines and (0, 21) in lines and (0, 17) not in lines
    box = character_rect(pane, 0, 16)
    assert (lines[(0, 16)].left(), lines[(0, 16)].width()) == (box.left(), box.width())
    assert readings.underlines["en"].lines() == []

    # A real tooltip event over the character shows the reading.
    event = QHelpEvent(QEvent.Type.ToolTip, dong, pane.viewport().mapToGlobal(dong))
    QApplication.sendEvent(pane.viewport(), event)
    assert QToolTip.text() == "動 dòng"
    QToolTip.hideText()

    readings.action.trigger()
    assert readings.tooltip_at(pane, dong) == ""
    assert not layer.isVisible()
    assert main_window.settings.value("showReadings", type=bool) is False


def test_readings_of_sentence_units(main_window, qtbot) -> None:
    open_and_wait(qtbot, main_window, [str(sample_path())])
    readings = _readings(main_window)
    with qtbot.waitSignal(main_window.documentOpened, timeout=60_000):
        main_window.set_unit("sentence")
    pane = main_window.view.zh_pane
    units = main_window.units
    # Paragraph 2's second sentence starts after "...會議在美國華盛頓特區召開。": its 會 (offset 42 of the
    # paragraph) is offset 42 - start in the sentence's block.
    block = units.to_unit("zh", 2, 42)
    paragraph, start = units.to_paragraph("zh", block)
    assert paragraph == 2 and start > 0
    found = readings.block_readings("zh", block)
    assert found[42 - start] == "huì"
    assert pane.paragraph_text(block)[42 - start] == "會"
    assert all(pane.paragraph_text(block)[k] for k in found)

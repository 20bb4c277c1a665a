"""View ▸ Layout ▸ Reveal: the right pane covered until hovered, clicked or Ctrl+R; remembered per document."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt

from reader_app.paths import sample_path
from reader_app.ui import settings
from tests.gui.test_main_window import open_and_wait


def _region(pane, index: int) -> QRect:
    scroll = pane.scroll_value()
    top, bottom = round(pane.paragraph_top(index) - scroll), round(pane.paragraph_bottom(index) - scroll)
    return QRect(0, top + 1, pane.viewport().width(), bottom - top - 2)


def test_reveal_covers_the_translation_until_hovered_clicked_or_asked(main_window, qtbot) -> None:
    main_window.resize(1000, 700)
    main_window.show()
    main_window.activateWindow()  # a window's shortcuts (Ctrl+R) reach it only while it is active (xcb)
    qtbot.waitExposed(main_window)
    document = open_and_wait(qtbot, main_window, [str(sample_path())])
    qtbot.waitUntil(main_window.isActiveWindow, timeout=5000)
    view = main_window.view
    pane = view.right
    pane.paragraphHovered.emit(2)  # hovered (its pair cross-highlighted), as it will be in Reveal below
    qtbot.wait(50)
    plain = pane.viewport().grab().toImage()
    pane.paragraphHovered.emit(-1)
    actions = main_window.menu_actions
    actions.layouts["reveal"].trigger()
    reveal = main_window.choices.reveal
    assert reveal.active and reveal.pane is pane
    assert settings.DOCUMENT_LAYOUTS.read(main_window.settings, document.content_id) == "reveal"
    assert all(reveal.is_covered(i) for i in range(len(pane.paragraphs)))
    assert reveal.overlay.parent() is pane.viewport()  # the left pane is never covered
    covered = pane.viewport().grab().toImage()
    region = _region(pane, 2)
    assert covered.copy(region) != plain.copy(region)
    # Hover shows a paragraph while the pointer is on it; a click keeps it shown.
    pane.paragraphHovered.emit(2)
    assert not reveal.is_covered(2) and reveal.is_covered(3)
    qtbot.wait(20)
    assert pane.viewport().grab().toImage().copy(region) == plain.copy(region)
    pane.paragraphClicked.emit(2, 0)
    pane.paragraphHovered.emit(-1)
    assert not reveal.is_covered(2)
    pane.paragraphClicked.emit(2, 0)  # again: covered again
    assert reveal.is_covered(2)
    # Ctrl+R: the pair being read.
    view.go_to_link(4)
    qtbot.waitUntil(lambda: view.linker.current_link == 4, timeout=3000)
    units = view.alignment.links[4].en
    assert units
    qtbot.keyClick(view.left, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert [reveal.is_covered(i) for i in units] == [False] * len(units)
    qtbot.keyClick(view.left, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert all(reveal.is_covered(i) for i in units)
    # Linked again: nothing covered, and the choice is the document's.
    actions.layouts["linked"].trigger()
    assert not reveal.active and reveal.overlay is None
    assert settings.DOCUMENT_LAYOUTS.read(main_window.settings, document.content_id) == "linked"
    assert not reveal.reveal_action.isEnabled()


def test_the_layout_is_remembered_per_document_and_swapping_covers_the_new_right_pane(main_window, qtbot) -> None:
    document = open_and_wait(qtbot, main_window, [str(sample_path())])
    settings.DOCUMENT_LAYOUTS.write(main_window.settings, document.content_id, "reveal")
    open_and_wait(qtbot, main_window, [str(sample_path())])
    reveal = main_window.choices.reveal
    assert reveal.active and reveal.pane.language == "en"
    assert main_window.menu_actions.layouts["reveal"].isChecked()
    main_window.menu_actions.swap_panes.trigger()
    assert reveal.active and reveal.pane is main_window.view.right and reveal.pane.language == "zh"

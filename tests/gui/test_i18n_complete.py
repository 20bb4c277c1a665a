"""The Chinese interface complete and live: after View ▸ Interface Language ▸ 简体中文 every menu item (recursively),
dock title, panel control, status-bar word, context-menu entry and dialog title of a window with the sample open
is Chinese; back to English, every one of them is the English it was."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
)

from reader_app.paths import sample_path
from reader_app.storage.annotations import DEFAULT_PALETTE
from reader_app.ui import i18n
from reader_app.ui.notes.markers import PALETTE_MEANINGS
from tests.gui.test_main_window import open_and_wait

CHINESE = re.compile(r"[\u3400-\u9fff]")
LETTERS = re.compile(r"[A-Za-z]{2}")
# Not translated by convention: the languages' own names.
UNTRANSLATED = {name for _code, name in i18n.LANGUAGES}


@pytest.fixture(autouse=True)
def english_afterwards(qapp):
    yield
    i18n.install_translator(qapp, "en")


def _menu_texts(menu: QMenu, path: str, out: list[tuple[str, str]]) -> None:
    for action in menu.actions():
        if action.isSeparator():
            continue
        where = f"{path} ▸ {action.text()}"
        out.append((where, action.text()))
        if action.statusTip():
            out.append((f"{where} (status tip)", action.statusTip()))
        sub = action.menu()
        if isinstance(sub, QMenu) and sub.objectName() != "recentFiles":  # (file names: not the interface's)
            _menu_texts(sub, where, out)


def _texts(window) -> list[tuple[str, str]]:
    """(where, text) of everything the interface language should change."""
    out: list[tuple[str, str]] = []
    window.menu_actions.recent_menu.setObjectName("recentFiles")
    for action in window.menuBar().actions():
        out.append((action.text(), action.text()))
        if isinstance(action.menu(), QMenu):
            _menu_texts(action.menu(), action.text(), out)
    for dock in sorted(window.findChildren(QDockWidget), key=lambda d: d.objectName()):
        name = dock.objectName()
        out.append((f"dock {name}", dock.windowTitle()))
        for button in dock.findChildren(QAbstractButton):
            for what, text in (("text", button.text()), ("tooltip", button.toolTip())):
                if text:
                    out.append((f"dock {name} button {what}", text))
        for edit in (*dock.findChildren(QLineEdit), *dock.findChildren(QPlainTextEdit)):
            if edit.placeholderText():
                out.append((f"dock {name} placeholder", edit.placeholderText()))
        for menu in dock.findChildren(QMenu):
            _menu_texts(menu, f"dock {name} menu", out)
    bar = window.statusBar()
    for label in bar.findChildren(QLabel):
        # Hidden ones too (the legend hides the words it has no room for, fewer in Chinese); not the reading place,
        # the chapter's title and a percentage (the document's, not the interface's words).
        if label.text() and label.objectName() != "readingPlace":
            out.append((f"status {label.objectName()}", label.text()))
        if label.toolTip():
            out.append((f"status {label.objectName()} tooltip", label.toolTip()))
    for button in bar.findChildren(QAbstractButton):
        out.append(("status button", button.text()))
    # The panes' context menu (standard entries, notes, alignment edits, look-up) over the first paragraph.
    pane = window.view.zh_pane
    menu = window.alignment_editor.context_menus.menu(pane, QPoint(20, 10))
    _menu_texts(menu, "context menu", out)
    menu.deleteLater()
    bar_ = window.find_bar
    for button in bar_.findChildren(QAbstractButton):
        for what, text in (("text", button.text()), ("tooltip", button.toolTip())):
            if text:
                out.append((f"find bar {what}", text))
    for edit in bar_.findChildren(QLineEdit):
        out.append(("find bar placeholder", edit.placeholderText()))
    return out


class _Dialogs:
    """Records the title of every dialog asked for, and answers as if it was cancelled."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.titles: list[str] = []
        for name, answer in (("getOpenFileName", ("", "")), ("getOpenFileNames", ([], "")),
                             ("getSaveFileName", ("", "")), ("getExistingDirectory", "")):
            monkeypatch.setattr(QFileDialog, name, self._static(answer))
        for name, answer in (("getInt", (0, False)), ("getText", ("", False)), ("getItem", ("", False))):
            monkeypatch.setattr(QInputDialog, name, self._static(answer))
        for name in ("about", "information", "warning", "critical"):
            monkeypatch.setattr(QMessageBox, name, self._static(None))
        monkeypatch.setattr(QMessageBox, "question", self._static(QMessageBox.StandardButton.No))
        def shown(dialog: QDialog) -> int:  # (a function: QDialog's method, called on each dialog)
            self.titles.append(dialog.windowTitle())
            return 0

        monkeypatch.setattr(QDialog, "exec", shown)
        monkeypatch.setattr(QDialog, "open", shown)

    def _static(self, answer):
        def ask(_parent, title, *_args, **_kwargs):
            self.titles.append(title)
            return answer

        return staticmethod(ask)


def _switch(window, qtbot, code: str, file_title: str) -> None:
    window.set_ui_language(code)
    qtbot.waitUntil(lambda: window.menuBar().actions()[0].text() == file_title, timeout=5000)
    QApplication.processEvents()


def _untranslated(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(where, text) for where, text in texts
            if text not in UNTRANSLATED and LETTERS.search(text) and not CHINESE.search(text)]


def test_every_text_switches_to_chinese_and_back(main_window, qtbot, monkeypatch) -> None:
    window = main_window
    open_and_wait(qtbot, window, [str(sample_path())])
    window.show()
    qtbot.waitExposed(window)
    window.menu_actions  # noqa: B018 - made now
    window.place_notes()  # the notes, checks, contents, alignment editing and look-up, with their menu entries
    window.choices.set_layout("reveal")  # its Show/Cover actions join View ▸ Layout once it is made
    window.choices.set_layout("linked")
    window.annotations.note_actions.toggle_action.trigger()  # the Notes and Checks docks open
    window.checks.toggle_action.trigger()
    window.find_bar.start()
    qtbot.waitUntil(lambda: window.checks.panel.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: window.job is None, timeout=60_000)  # the opening over: no stage in the status bar

    english = _texts(window)
    assert ("&Edit ▸ Add &Note", "Add &Note") in english  # the note items, which stayed English before
    assert len(english) > 120

    _switch(window, qtbot, "zh_CN", "文件(&F)")
    chinese = _texts(window)
    assert [where for where, _ in chinese] != [where for where, _ in english]  # (the paths are in Chinese too)
    assert len(chinese) == len(english)
    assert _untranslated(chinese) == []
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.menu().objectName() == "editMenu")
    assert "添加批注(&N)" in [a.text() for a in edit_menu.actions()]

    dialogs = _Dialogs(monkeypatch)
    for action in [a for a in window.findChildren(type(window.menu_actions.open)) if a.text().endswith("…")]:
        if action.isEnabled():
            action.trigger()
    window.menu_actions.about.trigger()
    window.menu_actions.go_to_paragraph.trigger()
    _other_dialogs(window)
    QApplication.processEvents()
    assert len(dialogs.titles) >= 12, dialogs.titles
    assert [t for t in dialogs.titles if not CHINESE.search(t)] == []

    _switch(window, qtbot, "en", "&File")
    assert _texts(window) == english


def _other_dialogs(window) -> None:
    """The dialogs no menu item opens with the sample open: made here, their titles recorded as they open."""
    from reader_app.core.documents.loading import EncodingUncertainError
    from reader_app.ui import menus
    from reader_app.ui.editing.dialogs import OrphansDialog, SplitDialog, show_keys
    from reader_app.ui.encoding_picker import EncodingPicker
    from reader_app.ui.notes.dialogs import ask_export_path, ask_import_path

    menus.ask_for_translation(window, "", "zh")
    menus.ask_for_translation(window, "", "en")
    ask_export_path(window, window.document, "md")
    ask_import_path(window)
    for dialog in (SplitDialog([(0, "一")], [(0, "one")], window), OrphansDialog([], lambda _id: None, window),
                   EncodingPicker(EncodingUncertainError("x.txt", "unsure", [("utf-8", "…")]), window)):
        dialog.exec()
        dialog.deleteLater()
    show_keys(window, [])
    window.dictionary._on_panel_export_requested("csv")
    window.dictionary._on_panel_export_requested("anki")


def test_colour_names_follow_the_interface_language(qapp) -> None:
    from reader_app.storage.annotations import Colour
    from reader_app.ui.notes.markers import colour_name

    assert tuple(c.meaning for c in DEFAULT_PALETTE) == PALETTE_MEANINGS  # one list, kept in step
    important = DEFAULT_PALETTE[0]
    assert colour_name(important) == "Important"
    i18n.install_translator(qapp, "zh_CN")
    assert [colour_name(c) for c in DEFAULT_PALETTE] == ["重要", "译文出色", "疑问", "翻译问题", "词汇"]
    assert colour_name(Colour(important.key, important.hex, "Check later")) == "Check later"  # the reader's own

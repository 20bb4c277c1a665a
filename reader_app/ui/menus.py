"""The main window's menus, made after its first frame: every action (in a MenuActions), and the dialogs they open."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from reader_app import __version__
from reader_app.ui.settings import SCRIPTS

DOCUMENT_FILTER = ("Documents (*.txt *.md *.html *.htm *.xhtml *.epub *.docx *.srt *.tmx *.xlf *.xliff *.bireader);;"
                   "All files (*)")


def _tr(text: str) -> str:
    # The menus are the main window's: their strings keep its translation context.
    return QCoreApplication.translate("MainWindow", text)


@dataclass(frozen=True)
class MenuActions:
    """The actions of the window's menus (in the UI language they were made in); the window connects them.
    Checkable ones are made checked as asked, before anything is connected to them."""

    open: QAction
    open_two: QAction
    recent_menu: QMenu
    quit: QAction
    find: QAction
    find_next: QAction
    find_previous: QAction
    next_omission: QAction
    previous_omission: QAction
    go_to_paragraph: QAction
    go_to_start: QAction
    go_to_end: QAction
    focus_left: QAction
    focus_right: QAction
    view_menu: QMenu
    link_scrolling: QAction
    swap_panes: QAction
    refine: QAction
    zoom_in: tuple[QAction, QAction]  # the standard key, and Ctrl+= (where zooming in is Ctrl+Shift+=)
    zoom_out: QAction
    reset_zoom: QAction
    align_units: dict[str, QAction]  # "paragraph", "sentence", "line" -> its action (reader_app.core.units)
    layouts: dict[str, QAction]  # settings.LAYOUTS -> its action
    layout_menu: QMenu  # View ▸ Layout (the Reveal layout adds its actions to it)
    scripts: dict[tuple[str, str], QAction]  # (pane language, one of SCRIPTS) -> its action
    ui_languages: dict[str, QAction]  # "" (the system's), "en", "zh_CN" -> its action
    about: QAction


def _action(window: QMainWindow, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
            *, checked: bool | None = None) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setCheckable(checked is not None)
    if checked is not None:
        action.setChecked(checked)
    window.addAction(action)  # shortcuts work even when the menu bar is hidden
    return action


def build_menus(window: QMainWindow, *, linked: bool, refine: bool, scripts: dict[str, str],
                ui_language: str, unit: str = "paragraph") -> MenuActions:
    """(Re)build every menu of `window` in the current UI language, dropping the window's earlier actions.
    `scripts` is the script shown per pane language, `unit` what the document is aligned by; the Edit menu is
    named "editMenu" for the notes' actions."""
    for old in window.actions():
        window.removeAction(old)
    bar = window.menuBar()
    replaced = [a.menu() for a in bar.actions() if a.menu() is not None]
    bar.clear()
    for menu in replaced:
        menu.deleteLater()

    def add(menu: QMenu, *actions: QAction) -> None:
        for action in actions:
            menu.addAction(action)

    file_menu = bar.addMenu(_tr("&File"))
    open_ = _action(window, _tr("&Open…"), QKeySequence.StandardKey.Open)
    open_two = _action(window, _tr("Open &Two Files (Chinese, English)…"), "Ctrl+Shift+O")
    add(file_menu, open_, open_two)
    file_menu.setObjectName("fileMenu")  # found by name, whatever the interface language (as editMenu)
    recent_menu = file_menu.addMenu(_tr("Open &Recent"))
    file_menu.addSeparator()
    quit_ = _action(window, _tr("&Quit"), QKeySequence.StandardKey.Quit)
    add(file_menu, quit_)

    edit_menu = bar.addMenu(_tr("&Edit"))
    edit_menu.setObjectName("editMenu")  # found by name, whatever the interface language
    find = _action(window, _tr("&Find…"), QKeySequence.StandardKey.Find)
    find_next = _action(window, _tr("Find &Next"), QKeySequence.StandardKey.FindNext)
    find_previous = _action(window, _tr("Find &Previous"), QKeySequence.StandardKey.FindPrevious)
    add(edit_menu, find, find_next, find_previous)

    go_menu = bar.addMenu(_tr("&Go"))
    go_menu.setObjectName("goMenu")  # found by name, whatever the interface language (as editMenu)
    next_omission = _action(window, _tr("&Next Omission"), "F7")
    previous_omission = _action(window, _tr("&Previous Omission"), "Shift+F7")
    go_to_paragraph = _action(window, _tr("&Go to Paragraph…"), "Ctrl+J")
    go_to_start = _action(window, _tr("&Start of Document"), QKeySequence.StandardKey.MoveToStartOfDocument)
    go_to_end = _action(window, _tr("&End of Document"), QKeySequence.StandardKey.MoveToEndOfDocument)
    add(go_menu, next_omission, previous_omission, go_to_paragraph, go_to_start, go_to_end)
    go_menu.addSeparator()
    focus_left = _action(window, _tr("Focus &Left Pane"), "Ctrl+1")
    focus_right = _action(window, _tr("Focus &Right Pane"), "Ctrl+2")
    add(go_menu, focus_left, focus_right)

    view_menu = bar.addMenu(_tr("&View"))
    view_menu.setObjectName("viewMenu")
    link_scrolling = _action(window, _tr("&Link Scrolling"), "Ctrl+L", checked=linked)
    swap_panes = _action(window, _tr("&Swap Panes"), "Ctrl+Shift+X")
    refine_action = _action(window, _tr("&Refine Alignment in the Background"), checked=refine)
    add(view_menu, link_scrolling, swap_panes, refine_action)
    units_menu = view_menu.addMenu(_tr("&Align By"))
    group = QActionGroup(window)
    unit_actions: dict[str, QAction] = {}
    for name, title, shortcut in (("paragraph", _tr("&Paragraphs"), "Ctrl+Alt+P"),
                                  ("sentence", _tr("&Sentences"), "Ctrl+Alt+S"),
                                  ("line", _tr("&Lines of the File"), "Ctrl+Alt+L")):
        action = unit_actions[name] = _action(window, title, shortcut, checked=name == unit)
        action.setObjectName(f"align-by-{name}")
        group.addAction(action)
        add(units_menu, action)
    unit_actions["line"].setStatusTip(
        _tr("Each line of a text file a unit: for files of one sentence (or one paragraph) a line"))
    layout_menu = view_menu.addMenu(_tr("La&yout"))
    layout_menu.setObjectName("layoutMenu")
    layout_group = QActionGroup(window)
    layout_actions: dict[str, QAction] = {}
    for name, title in (("linked", _tr("&Linked")), ("rows", _tr("&Paired Rows")),
                        ("interleaved", _tr("&Interleaved (One Column)")),
                        ("reveal", _tr("&Reveal (Translation Hidden)"))):
        action = layout_actions[name] = _action(window, title, checked=name == "linked")
        action.setObjectName(f"layout-{name}")
        layout_group.addAction(action)
        add(layout_menu, action)
    view_menu.addSeparator()
    zoom_in = _action(window, _tr("Zoom &In"), QKeySequence.StandardKey.ZoomIn)
    zoom_in_too = _action(window, _tr("Zoom In"), "Ctrl+=")  # a shortcut only, in no menu
    zoom_out = _action(window, _tr("Zoom &Out"), QKeySequence.StandardKey.ZoomOut)
    reset_zoom = _action(window, _tr("&Reset Zoom"), "Ctrl+0")
    add(view_menu, zoom_in, zoom_out, reset_zoom)
    view_menu.addSeparator()
    script_names = {"original": _tr("As Written"), "simplified": _tr("Simplified"), "traditional": _tr("Traditional")}
    script_actions: dict[tuple[str, str], QAction] = {}
    for language, title in (("zh", _tr("Chinese Pane Script")), ("en", _tr("English Pane Script"))):
        menu = view_menu.addMenu(title)
        group = QActionGroup(window)
        for script in SCRIPTS:
            action = _action(window, script_names[script], checked=script == scripts[language])
            action.setObjectName(f"script-{language}-{script}")
            group.addAction(action)
            add(menu, action)
            script_actions[(language, script)] = action
    language_menu = view_menu.addMenu(_tr("Interface &Language"))
    group = QActionGroup(window)
    language_actions: dict[str, QAction] = {}
    # The languages' names are not translated, by convention.
    for code, name in (("", _tr("System Default")), ("en", "English"), ("zh_CN", "简体中文")):
        action = language_actions[code] = _action(window, name, checked=code == ui_language)
        group.addAction(action)
        add(language_menu, action)

    help_menu = bar.addMenu(_tr("&Help"))
    help_menu.setObjectName("helpMenu")  # found by name, whatever the interface language (as editMenu)
    about = _action(window, _tr("&About Bilingual Reader"))
    add(help_menu, about)
    return MenuActions(
        open=open_, open_two=open_two, recent_menu=recent_menu, quit=quit_, find=find, find_next=find_next,
        find_previous=find_previous, next_omission=next_omission, previous_omission=previous_omission,
        go_to_paragraph=go_to_paragraph, go_to_start=go_to_start, go_to_end=go_to_end, focus_left=focus_left,
        focus_right=focus_right, view_menu=view_menu,
        link_scrolling=link_scrolling, swap_panes=swap_panes, refine=refine_action, zoom_in=(zoom_in, zoom_in_too),
        zoom_out=zoom_out, reset_zoom=reset_zoom, align_units=unit_actions,
        layouts=layout_actions, layout_menu=layout_menu,
        scripts=script_actions, ui_languages=language_actions, about=about)


def fill_recent_menu(menu: QMenu, entries: list[str], open_paths: Callable[[list[str]], None]) -> None:
    """The Open Recent menu for `entries` (each the "\\n"-joined paths of one opening), or "(none)"."""
    menu.clear()
    for entry in entries:
        paths = entry.split("\n")
        action = menu.addAction(" + ".join(Path(p).name for p in paths))
        action.setToolTip(entry)
        action.triggered.connect(lambda _=False, p=paths: open_paths(p))
    if not menu.actions():
        menu.addAction(_tr("(none)")).setEnabled(False)


# -- the dialogs the actions open ---------------------------------------------------------------------------

def ask_for_documents(parent: QWidget, folder: str) -> list[str]:
    """File > Open: one bilingual file, or a Chinese file and its translation (the first two chosen)."""
    from PySide6.QtWidgets import QFileDialog

    paths, _ = QFileDialog.getOpenFileNames(
        parent, _tr("Open one bilingual file (or select a Chinese file and its English translation)"), folder,
        DOCUMENT_FILTER)
    return paths[:2]


def ask_for_pair(parent: QWidget, folder: str) -> list[str]:
    """File > Open Two Files: the Chinese text, then its English translation; [] when either is not given."""
    from PySide6.QtWidgets import QFileDialog

    zh, _ = QFileDialog.getOpenFileName(parent, _tr("Open the Chinese text"), folder, DOCUMENT_FILTER)
    if not zh:
        return []
    en, _ = QFileDialog.getOpenFileName(parent, _tr("Open its English translation"), str(Path(zh).parent),
                                        DOCUMENT_FILTER)
    return [zh, en] if en else []


def ask_for_translation(parent: QWidget, folder: str, missing: str) -> str:
    """The file holding a one-language document's missing side ("zh" or "en"); "" when none is chosen."""
    from PySide6.QtWidgets import QFileDialog

    title = _tr("Open the Chinese original") if missing == "zh" else _tr("Open its English translation")
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, DOCUMENT_FILTER)
    return path


def ask_for_paragraph(parent: QWidget, language: str, count: int, current: int) -> int | None:
    """Go > Go to Paragraph: a paragraph index (from 0) of the pane showing `language`, or None."""
    from PySide6.QtWidgets import QInputDialog

    number, ok = QInputDialog.getInt(parent, _tr("Go to Paragraph"),
                                     _tr("Paragraph number in the {0} pane (1–{1}):").format(
                                         _tr("Chinese") if language == "zh" else _tr("English"), count),
                                     current + 1, 1, count)
    return number - 1 if ok else None


def show_about(parent: QWidget) -> None:
    from PySide6.QtWidgets import QMessageBox

    from reader_app.core.dictionary.entries import LICENCE, RELEASE_DATE

    QMessageBox.about(
        parent,
        _tr("About Bilingual Reader"),
        _tr("Bilingual Reader {0}\nChinese and English side by side, aligned paragraph by paragraph.\n"
            "Chinese fonts: WenQuanYi Micro Hei (Apache-2.0), Noto Sans CJK SC subset (SIL OFL 1.1).\n"
            "Dictionary: CC-CEDICT ({1}), release of {2}, by MDBG and its contributors.").format(
            __version__, LICENCE, RELEASE_DATE),
    )

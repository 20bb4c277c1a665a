"""The Checks dock on the main window: the sample's exact flags, filters, jumps (by paragraphs and by sentences),
next / previous flag, Ignore stored per document across a reopen, and its undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QDockWidget, QMenu

from reader_app.core.checks import Kind, Severity
from reader_app.paths import sample_path
from reader_app.ui import settings
from reader_app.ui.checks import ChecksController
from reader_app.ui.checks.model import FLAG_ROLE, IGNORED_ROLE

# The sample's flags by paragraphs (every kind; check_document on its tier-1 alignment): four paragraphs without
# counterpart, nothing else. (kind, severity, zh paragraphs, en paragraphs)
SAMPLE_FLAGS = [
    (Kind.OMISSION, Severity.WARNING, (1,), ()),
    (Kind.OMISSION, Severity.WARNING, (), (4,)),
    (Kind.OMISSION, Severity.WARNING, (), (6,)),
    (Kind.OMISSION, Severity.WARNING, (), (7,)),
]

# A hand-made pair with one flag of each severity and an advisory kind (punctuation, off by default).
PAIR_ZH = """第一章

会议于2024年5月8日在北京举行，共有35名代表出席。

双方同意在COP29之前加强合作。

他问道：“我们什么时候开始？”

《巴黎协定》的目标仍然是各方努力的方向。

这是最后一段。
"""
PAIR_EN = """Chapter 1

The meeting was held in Beijing on 8 May 2024, attended by 53 delegates.

The two sides agreed to strengthen cooperation.

He said: we start now.

The goals of the Paris Agreement remain the direction of all parties' efforts.

This is the last paragraph 这是.

Both sides look forward to the next meeting of the working group in Berkeley, California.
"""
PAIR_FLAGS = [
    (Kind.NUMBER, Severity.ERROR, (1,), (1,)),
    (Kind.NAME, Severity.ERROR, (2,), (2,)),
    (Kind.PUNCTUATION, Severity.ADVISORY, (3,), (3,)),
    (Kind.UNTRANSLATED, Severity.ERROR, (5,), (5,)),
    (Kind.OMISSION, Severity.WARNING, (), (6,)),
]


def described(flags) -> list[tuple]:
    return [(f.kind, f.severity, f.zh, f.en) for f in flags]


def open_checked(qtbot, window, paths: list[str], controller: ChecksController | None = None) -> ChecksController:
    """Open `paths` and wait until its flags are listed (a controller made after the document is shown)."""
    if controller is None:
        with qtbot.waitSignal(window.documentOpened, timeout=60_000):
            window.open_paths(paths)
        controller = window.checks  # the window's own (made after its first frame, or now)
        controller.open_panel()  # the reader opens the panel: the checks run
        if controller.result is None:
            qtbot.waitSignal(controller.checked, timeout=60_000).wait()
    else:
        with qtbot.waitSignals([window.documentOpened, controller.checked], timeout=60_000):
            window.open_paths(paths)
    return controller


@pytest.fixture
def shown_window(main_window, qtbot):
    main_window.resize(700, 320)  # short enough that the sample scrolls
    main_window.show()
    qtbot.waitExposed(main_window)
    return main_window


@pytest.fixture
def pair_paths(tmp_path: Path) -> list[str]:
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text(PAIR_ZH, encoding="utf-8")
    en.write_text(PAIR_EN, encoding="utf-8")
    return [str(zh), str(en)]


def row_texts(controller: ChecksController) -> list[str]:
    model = controller.panel.listed
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def click_row(qtbot, controller: ChecksController, row: int) -> None:
    view = controller.panel.list_view
    rect = view.visualRect(controller.panel.listed.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


class Jumps:
    """Records the view's go_to_paragraph and the panes' flash calls (the real ones still run)."""

    def __init__(self, window, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple] = []
        view = window.view
        go = view.go_to_paragraph
        monkeypatch.setattr(view, "go_to_paragraph", lambda language, index: (
            self.calls.append(("go", language, index)), go(language, index)))
        for pane in (view.zh_pane, view.en_pane):
            flash = pane.flash
            monkeypatch.setattr(pane, "flash", lambda index, colour, *args, p=pane, f=flash: (
                self.calls.append(("flash", p.language, index)), f(index, colour, *args)))

    def take(self) -> list[tuple]:
        calls, self.calls = self.calls, []
        return calls


# -- the list --------------------------------------------------------------------------------------------


def test_sample_flags_are_listed_exactly(main_window, qtbot) -> None:
    controller = open_checked(qtbot, main_window, [str(sample_path())])
    panel = controller.panel
    assert described(controller.result.flags) == SAMPLE_FLAGS
    assert described(controller.listed_flags()) == SAMPLE_FLAGS
    assert row_texts(controller) == [
        "Omission · ZH 2 · EN — · Chinese paragraph with no English counterpart: 來源:生態環境部 編輯:澤宇 人氣: "
        "發布時間:2024-05-16 10:44:07 摘要: 中美“21世紀20年代…",
        "Omission · ZH — · EN 5 · English paragraph with no Chinese counterpart: Recalling the U.S. intent to "
        "achieve 100 percent clean powe…",
        "Omission · ZH — · EN 7 · English paragraph with no Chinese counterpart: Recognizing the importance of "
        "developing circular economy a…",
        "Omission · ZH — · EN 8 · English paragraph with no Chinese counterpart: Both sides look forward to the "
        "U.S.-China High-Level Event …",
    ]
    index = panel.listed.index(0, 0)
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    assert index.data(FLAG_ROLE).key == controller.result.flags[0].key
    assert panel.status.text() == "4 of 4 flags listed · 0 ignored"
    assert [box.text() for box in panel.kind_boxes.values()] == [
        "Number (0)", "Name (0)", "Omission (4)", "Untranslated (0)", "Length (0)", "Punctuation (0)"]
    assert [box.text() for box in panel.severity_boxes.values()] == ["Errors (0)", "Warnings (4)", "Advisories (0)"]
    assert controller.flagged_paragraphs("zh") == [1]
    assert controller.flagged_paragraphs("en") == [4, 6, 7]
    # The first row is current; its whole message and evidence are under the list.
    assert panel.details.text().startswith("Omission · ZH 2 · EN —\nChinese paragraph with no English counterpart")


def test_dock_is_hidden_and_opened_from_the_view_menu(shown_window, qtbot) -> None:
    main_window = shown_window
    notes = main_window.annotations.panel  # the Notes dock, made first as the window does
    main_window.menu_actions  # noqa: B018 - the menus built
    controller = ChecksController(main_window)
    main_window._checks = controller  # the window's own: it makes no second one after its first frame
    assert isinstance(controller.panel, QDockWidget)
    assert controller.panel.objectName() == "checksDock"
    assert controller.panel.isHidden()
    assert main_window.dockWidgetArea(controller.panel) == Qt.DockWidgetArea.RightDockWidgetArea

    def menu(name: str) -> QMenu:
        return next(m for a in main_window.menuBar().actions() if (m := a.menu()) and m.objectName() == name)

    assert controller.toggle_action in menu("viewMenu").actions()
    assert controller.toggle_action.text() == "C&hecks Panel"
    assert [controller.next_action, controller.previous_action] == menu("goMenu").actions()[-2:]
    assert controller.next_action.shortcut() == QKeySequence("F8")
    assert controller.previous_action.shortcut() == QKeySequence("Shift+F8")
    # No other action of the window has these keys (the omissions have F7 / Shift+F7).
    others = [a for a in main_window.findChildren(type(controller.next_action))
              if a not in (controller.next_action, controller.previous_action)]
    assert not [a.text() for a in others if a.shortcut() in (QKeySequence("F8"), QKeySequence("Shift+F8"))]
    controller.toggle_action.trigger()
    assert controller.panel.isVisibleTo(main_window)
    notes.show()  # the two share a place, as tabs (Qt lists tabs of shown docks only)
    assert main_window.tabifiedDockWidgets(notes) == [controller.panel]
    # The window rebuilds its menus (another interface language): installed again, once.
    main_window._build_menus()
    controller.install_menu()
    assert menu("viewMenu").actions().count(controller.toggle_action) == 1
    assert menu("goMenu").actions()[-2:] == [controller.next_action, controller.previous_action]


def test_filters_change_the_rows_exactly(main_window, qtbot, pair_paths) -> None:
    controller = open_checked(qtbot, main_window, pair_paths)
    panel = controller.panel
    assert described(controller.result.flags) == PAIR_FLAGS
    # The default kinds: punctuation (advisory) is off.
    assert described(controller.listed_flags()) == [PAIR_FLAGS[k] for k in (0, 1, 3, 4)]
    assert [box.text() for box in panel.kind_boxes.values()] == [
        "Number (1)", "Name (1)", "Omission (1)", "Untranslated (1)", "Length (0)", "Punctuation (1)"]
    assert [box.isChecked() for box in panel.kind_boxes.values()] == [True, True, True, True, False, False]
    assert [box.text() for box in panel.severity_boxes.values()] == ["Errors (3)", "Warnings (1)", "Advisories (1)"]
    with qtbot.waitSignal(controller.flagsChanged, timeout=1000):
        panel.kind_boxes[Kind.PUNCTUATION].setChecked(True)
    assert described(controller.listed_flags()) == PAIR_FLAGS
    assert panel.status.text() == "5 of 5 flags listed · 0 ignored"
    panel.severity_boxes[Severity.ERROR].setChecked(False)
    assert described(controller.listed_flags()) == [PAIR_FLAGS[2], PAIR_FLAGS[4]]
    assert controller.flagged_paragraphs("zh") == [3]
    assert controller.flagged_paragraphs("en") == [3, 6]
    panel.kind_boxes[Kind.OMISSION].setChecked(False)
    assert described(controller.listed_flags()) == [PAIR_FLAGS[2]]
    assert panel.status.text() == "1 of 5 flags listed · 0 ignored"
    panel.severity_boxes[Severity.ADVISORY].setChecked(False)
    assert controller.listed_flags() == []
    assert controller.flagged_paragraphs("en") == []
    panel.severity_boxes[Severity.ERROR].setChecked(True)
    assert described(controller.listed_flags()) == [PAIR_FLAGS[k] for k in (0, 1, 3)]


# -- jumping -----------------------------------------------------------------------------------------------


def test_click_and_enter_jump_to_the_flagged_paragraph(shown_window, qtbot, monkeypatch) -> None:
    controller = open_checked(qtbot, shown_window, [str(sample_path())])
    controller.panel.show()
    jumps = Jumps(shown_window, monkeypatch)
    click_row(qtbot, controller, 0)
    # A Chinese paragraph without counterpart: the left (Chinese) pane goes to it.
    assert ("go", "zh", 1) in jumps.calls and ("flash", "zh", 1) in jumps.calls
    assert {c for c in jumps.take() if c[0] == "go"} == {("go", "zh", 1)}
    view = controller.panel.list_view
    view.setFocus()
    view.setCurrentIndex(controller.panel.listed.index(2, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    # An English one: the English pane, the only side it has.
    assert set(jumps.take()) == {("go", "en", 6), ("flash", "en", 6)}


def test_jumps_by_sentences_go_to_the_paragraphs_first_sentence(shown_window, qtbot, monkeypatch) -> None:
    controller = open_checked(qtbot, shown_window, [str(sample_path())])
    with qtbot.waitSignals([shown_window.documentOpened, controller.checked], timeout=60_000):
        shown_window.set_unit("sentence")
    units = shown_window.units
    assert units.unit == "sentence"
    # The same findings as by paragraphs: the checks take the document's own paragraph links, not the sentence
    # links merged by paragraph (those join the metadata line to its neighbour, and a merged pair's numbers differ).
    assert described(controller.listed_flags()) == SAMPLE_FLAGS
    assert (units.to_unit("zh", 1), units.to_unit("en", 6)) == (1, 10)
    controller.panel.show()
    jumps = Jumps(shown_window, monkeypatch)
    click_row(qtbot, controller, 0)  # zh paragraph 1 without counterpart: its first sentence
    assert set(jumps.take()) == {("go", "zh", 1), ("flash", "zh", 1)}
    click_row(qtbot, controller, 2)  # en paragraph 6 without counterpart
    assert set(jumps.take()) == {("go", "en", 10), ("flash", "en", 10)}
    # Still by paragraphs as the document numbers them.
    assert controller.flagged_paragraphs("en") == [4, 6, 7]


def test_next_and_previous_flag_in_reading_order(shown_window, qtbot) -> None:
    controller = open_checked(qtbot, shown_window, [str(sample_path())])
    left = shown_window.view.left
    assert left.language == "zh" and left.top_paragraph()[0] == 0

    def where(flag) -> tuple:
        return flag.zh, flag.en

    seen = []
    for _ in range(5):
        controller.next_action.trigger()
        seen.append(where(controller.panel.current_flag()))
    assert seen == [((1,), ()), ((), (4,)), ((), (6,)), ((), (7,)), ((1,), ())]  # wrapped at the end
    assert [where(controller.go_to_next(False)) for _ in range(3)] == [((), (7,)), ((), (6,)), ((), (4,))]
    assert left.top_paragraph()[0] == 4  # English 4's partner above it (the jump puts it a third down)
    # From where the reader scrolled to: Chinese paragraph 3 is two links before English 4's.
    left.scroll_to_paragraph(3)
    assert left.top_paragraph()[0] == 3
    controller.next_action.trigger()
    assert where(controller.panel.current_flag()) == ((), (4,))
    left.scroll_to_paragraph(3)
    controller.previous_action.trigger()
    assert where(controller.panel.current_flag()) == ((1,), ())


# -- ignoring ----------------------------------------------------------------------------------------------


def test_ignore_hides_the_row_and_undo_brings_it_back(shown_window, qtbot) -> None:
    controller = open_checked(qtbot, shown_window, [str(sample_path())])
    panel = controller.panel
    panel.show()
    ignored = controller.result.flags[2]  # English paragraph 6 without counterpart
    panel.select_flag(ignored)
    assert panel.ignore_button.text() == "Ignore" and not panel.undo_button.isEnabled()
    with qtbot.waitSignal(controller.flagsChanged, timeout=1000):
        qtbot.mouseClick(panel.ignore_button, Qt.MouseButton.LeftButton)
    assert described(controller.listed_flags()) == [SAMPLE_FLAGS[k] for k in (0, 1, 3)]
    assert panel.status.text() == "3 of 4 flags listed · 1 ignored"
    assert panel.kind_boxes[Kind.OMISSION].text() == "Omission (3)"
    assert controller.flagged_paragraphs("en") == [4, 7]
    assert described([panel.current_flag()]) == [SAMPLE_FLAGS[3]]  # the row below took its place
    content_id = shown_window.document.content_id
    assert settings.IGNORED_CHECKS.read(QSettings(), content_id) == {ignored.key}

    # Shown greyed with "Show ignored", and offered back.
    panel.show_ignored.setChecked(True)
    assert described(controller.listed_flags()) == SAMPLE_FLAGS
    index = panel.listed.index(2, 0)
    assert index.data(IGNORED_ROLE) is True
    assert index.data(Qt.ItemDataRole.ForegroundRole).color() == \
        QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert panel.listed.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    panel.select_flag(ignored)
    assert panel.ignore_button.text() == "Stop Ignoring"
    assert controller.flagged_paragraphs("en") == [4, 7]  # listed, not flagged
    panel.show_ignored.setChecked(False)

    # Ctrl+Z (the platform's Undo) while the list has focus.
    panel.list_view.setFocus()
    qtbot.keySequence(panel.list_view, QKeySequence(QKeySequence.StandardKey.Undo))
    assert described(controller.listed_flags()) == SAMPLE_FLAGS
    assert described([panel.current_flag()]) == [SAMPLE_FLAGS[2]]
    assert not panel.undo_button.isEnabled()
    assert settings.IGNORED_CHECKS.read(QSettings(), content_id) == set()


def test_ignore_from_the_context_menu_and_undo_button(main_window, qtbot, pair_paths) -> None:
    controller = open_checked(qtbot, main_window, pair_paths)
    panel = controller.panel
    view = panel.list_view
    menu = panel.context_menu(view.visualRect(panel.listed.index(1, 0)).center())
    texts = [a.text() for a in menu.actions()]
    assert texts == ["Go to Flag", "Ignore", "Undo Ignore"]
    assert not menu.actions()[2].isEnabled()
    menu.actions()[1].trigger()
    assert described(controller.listed_flags()) == [PAIR_FLAGS[k] for k in (0, 3, 4)]
    # Two at once, one undo step.
    view.selectAll()
    qtbot.mouseClick(panel.ignore_button, Qt.MouseButton.LeftButton)
    assert controller.listed_flags() == []
    assert panel.status.text() == "0 of 5 flags listed · 4 ignored"
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert described(controller.listed_flags()) == [PAIR_FLAGS[k] for k in (0, 3, 4)]
    assert panel.undo_button.isEnabled()
    assert controller.undo() is True
    assert described(controller.listed_flags()) == [PAIR_FLAGS[k] for k in (0, 1, 3, 4)]
    assert controller.undo() is False


def test_ignored_flags_stay_ignored_after_a_reopen_and_by_sentences(main_window, qtbot) -> None:
    from reader_app.ui.fonts import register_bundled_font
    from reader_app.ui.main_window import MainWindow

    controller = open_checked(qtbot, main_window, [str(sample_path())])
    ignored = controller.result.flags[2]
    controller.ignore([ignored])
    # Aligned by sentences: the same findings, the ignored one still ignored.
    with qtbot.waitSignals([main_window.documentOpened, controller.checked], timeout=60_000):
        main_window.set_unit("sentence")
    assert described(controller.listed_flags()) == [SAMPLE_FLAGS[k] for k in (0, 1, 3)]
    with qtbot.waitSignals([main_window.documentOpened, controller.checked], timeout=60_000):
        main_window.set_unit("paragraph")

    register_bundled_font()
    reopened = MainWindow(refine=False)
    qtbot.addWidget(reopened)
    again = open_checked(qtbot, reopened, [str(sample_path())])
    assert again.ignored == {ignored.key}
    assert described(again.listed_flags()) == [SAMPLE_FLAGS[k] for k in (0, 1, 3)]
    assert again.panel.status.text() == "3 of 4 flags listed · 1 ignored"
    # Another document has ignored nothing.
    assert settings.IGNORED_CHECKS.read(QSettings(), "another") == set()


# -- running -----------------------------------------------------------------------------------------------


def test_the_same_links_are_not_checked_again_and_a_new_document_replaces_the_flags(main_window, qtbot,
                                                                                     pair_paths) -> None:
    controller = open_checked(qtbot, main_window, [str(sample_path())])
    first = controller.result
    main_window.alignmentRefined.emit(main_window.view.alignment)  # links as they were: nothing to do
    assert controller.run is None and controller.result is first
    controller.ignore([first.flags[0]])
    # The next document: its own flags (and ignores), the run for the last one's links superseded.
    with qtbot.waitSignals([main_window.documentOpened, controller.checked], timeout=60_000):
        main_window.open_paths(pair_paths)
    assert described(controller.result.flags) == PAIR_FLAGS
    assert controller.ignored == set()
    assert controller.panel.undo_button.isEnabled() is False


def test_the_dock_and_its_actions_follow_the_interface_language(main_window, qtbot, qapp) -> None:
    from reader_app.ui import i18n

    controller = open_checked(qtbot, main_window, [str(sample_path())])
    panel = controller.panel
    try:
        i18n.install_translator(qapp, "zh_CN")  # sends LanguageChange to every widget
        qtbot.waitUntil(lambda: panel.windowTitle() == "检查", timeout=2000)
        assert panel.kind_boxes[Kind.OMISSION].text() == "缺漏(4)"
        assert panel.status.text() == "列出 4 / 4 个问题 · 已忽略 0 个"
        assert panel.listed.index(1, 0).data().startswith("缺漏 · 中 — · 英 5 · 英文段落没有对应的中文：Recalling")
        main_window._build_menus()  # as the window does on switching (with install_menu after it)
        controller.install_menu()
        assert (controller.next_action.text(), controller.previous_action.text()) == \
            ("下一个问题(&F)", "上一个问题(&V)")
    finally:
        i18n.install_translator(qapp, "en")
    qtbot.waitUntil(lambda: panel.windowTitle() == "Checks", timeout=2000)


def test_a_new_document_cancels_the_run_under_way(main_window, qtbot, pair_paths) -> None:
    controller = ChecksController(main_window)
    main_window._checks = controller  # the window's own: it makes no second one after its first frame
    controller.open_panel()  # the reader opens the panel: the checks run
    assert controller.panel.status.text() == "No document open"
    with qtbot.waitSignal(main_window.documentOpened, timeout=60_000):
        main_window.open_paths([str(sample_path())])
    # Checking the sample (or waiting for the panes' layout to start it): nothing has come back yet.
    first = controller.run
    assert controller.result is None and (first is not None or controller._wanted is not None)
    assert controller.panel.status.text() == "Checking…"
    with qtbot.waitSignals([main_window.documentOpened, controller.checked], timeout=60_000):
        main_window.open_paths(pair_paths)
    assert first is None or first.cancelled
    assert described(controller.result.flags) == PAIR_FLAGS
    assert controller.wait(30)


def test_nothing_is_checked_until_the_reader_opens_the_panel(main_window, qtbot) -> None:
    controller = ChecksController(main_window)
    main_window._checks = controller  # the window's own: it makes no second one after its first frame
    with qtbot.waitSignal(main_window.documentOpened, timeout=60_000):
        main_window.open_paths([str(sample_path())])
    assert (controller.run, controller._wanted, controller.result) == (None, None, None)
    with qtbot.waitSignal(controller.checked, timeout=60_000):
        controller.next_action.trigger()  # F8 opens the panel and checks
    assert not controller.panel.isHidden()
    assert controller.result is not None and controller.listed_flags()

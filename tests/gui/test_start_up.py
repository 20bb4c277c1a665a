"""Start-up: a small cached document is in the window before its first frame; what that frame does not show
(the notes dock, the menus' actions, the loading job) follows it, and works."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget

from reader_app.core.cache import load_document_cached
from reader_app.core.documents import load_document
from reader_app.paths import sample_path


def menu_texts(window, title: str) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    return [a.text() for a in menu.actions() if a.text()]


def test_cached_sample_is_shown_before_the_first_frame_and_the_rest_follows(main_window, qtbot) -> None:
    load_document_cached(str(sample_path()))  # a run before this one left it in the cache
    main_window.show()
    main_window.open_paths([str(sample_path())])
    # Before the event loop ran: the text is in both panes, the menu bar has its titles alone, no notes dock.
    expected = load_document(sample_path())
    assert main_window.document is not None and main_window.document.content_id == expected.content_id
    assert main_window.view.zh_pane.paragraph_text(0) == expected.zh.paragraphs[0].text
    assert main_window.view.en_pane.document().blockCount() == len(expected.en) == 8
    assert [a.text() for a in main_window.menuBar().actions()] == ["&File", "&Edit", "&Go", "&View", "&Help"]
    assert menu_texts(main_window, "&File") == []
    assert main_window.findChild(QDockWidget, "annotationsDock") is None
    shown = main_window.document
    with qtbot.waitSignal(main_window.documentOpened, timeout=60_000) as blocker:
        pass
    # The job's copy of the cached document stands for the one already shown: nothing is laid out twice.
    assert blocker.args[0] is shown and main_window.document is shown
    assert main_window.view.alignment is not None
    assert "&Open…" in menu_texts(main_window, "&File")
    assert "Add &Note" in menu_texts(main_window, "&Edit")
    assert main_window.findChild(QDockWidget, "annotationsDock") is not None
    find = next(a for a in main_window.actions() if a.text() == "&Find…")
    find.trigger()
    assert main_window.find_bar.isVisibleTo(main_window)


def test_hidden_window_makes_menus_and_notes_when_asked(main_window, qtbot) -> None:
    assert main_window.menu_actions.refine.isChecked() is False  # asking for a menu action makes the menus
    assert "&Open…" in menu_texts(main_window, "&File")
    with qtbot.waitSignal(main_window.documentOpened, timeout=60_000):
        main_window.open_paths([str(sample_path())])
    # A window that is not shown places the notes with the text, as before.
    assert main_window.findChild(QDockWidget, "annotationsDock") is not None
    assert main_window.annotations.document is main_window.document

"""Main window features: find, toggles that persist, reading position, cancel, encoding picker, tier-2 swap."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QDialog

from reader_app.core.aligner import align_paragraphs
from reader_app.core.alignment import Alignment, Link
from reader_app.core.documents import load_document
from reader_app.paths import sample_path
from reader_app.ui.loader import DocumentJob
from reader_app.ui.main_window import MainWindow
from tests.gui.test_main_window import open_and_wait


def _count(texts: list[str], needle: str) -> int:
    return sum(t.lower().count(needle.lower()) for t in texts)


def test_find_counts_matches_in_both_panes_and_walks_them(main_window, qtbot) -> None:
    document = open_and_wait(qtbot, main_window, [str(sample_path())])
    bar = main_window.find_bar
    bar.start()
    bar.set_text("COP")
    zh = _count(document.zh.texts(), "COP")
    en = _count(document.en.texts(), "COP")
    assert (zh, en) == (3, 3)
    assert bar.counts() == {"zh": zh, "en": en}
    assert bar.count_label.text() == f"{zh + en} matches (Chinese {zh}, English {en})"
    bar.set_text("COP", ("en",))
    assert bar.counts() == {"zh": 0, "en": en}
    bar.set_text("climate")
    seen = []
    for _ in range(len(bar.matches) + 1):
        bar.find_next()
        seen.append(bar.current)
    assert seen == [*range(len(bar.matches)), 0]  # wraps
    language, paragraph, start, end = bar.matches[bar.current]
    cursor = main_window.view.pane(language).textCursor()
    assert cursor.selectedText().lower() == "climate"


def test_link_scrolling_toggle_persists_and_resyncs(main_window, qtbot) -> None:
    open_and_wait(qtbot, main_window, [str(sample_path())])
    main_window.resize(900, 300)
    main_window.show()
    qtbot.waitExposed(main_window)
    assert main_window.menu_actions.link_scrolling.isChecked()
    main_window.menu_actions.link_scrolling.trigger()
    assert not main_window.view.linker.enabled
    assert main_window.settings.value("linkScrolling", type=bool) is False
    other = MainWindow(refine=False)
    qtbot.addWidget(other)
    assert not other.view.linker.enabled and not other.menu_actions.link_scrolling.isChecked()
    main_window.menu_actions.link_scrolling.trigger()
    assert main_window.view.linker.enabled


def test_reopening_restores_the_reading_position(main_window, qtbot) -> None:
    main_window.resize(900, 300)
    main_window.show()
    qtbot.waitExposed(main_window)
    open_and_wait(qtbot, main_window, [str(sample_path())])
    main_window.view.go_to_paragraph("zh", 4)
    position = main_window.view.left.top_paragraph()
    main_window.close()
    again = MainWindow(refine=False)
    qtbot.addWidget(again)
    again.resize(900, 300)
    again.show()
    qtbot.waitExposed(again)
    open_and_wait(qtbot, again, [str(sample_path())])
    assert again.view.left.top_paragraph()[0] == position[0]
    assert again.recent_entries()[0] == str(sample_path().resolve())


def test_zoom_keys_change_size_not_alignment(main_window, qtbot) -> None:
    open_and_wait(qtbot, main_window, [str(sample_path())])
    links = main_window.view.alignment.links
    size = main_window.view.point_size
    main_window._zoom(+1)
    assert main_window.view.point_size == size + 1
    assert main_window.view.zh_pane.document().defaultFont().pointSizeF() == size + 1
    main_window._zoom(0)
    assert main_window.view.point_size == size
    assert main_window.view.alignment.links == links


def test_traditional_simplified_display_per_pane(main_window, qtbot) -> None:
    open_and_wait(qtbot, main_window, [str(sample_path())])
    main_window.set_script("zh", "simplified")
    assert main_window.view.zh_pane.paragraph_text(0) == "中美“21世纪20年代强化气候行动工作组”会议情况"
    main_window.set_script("zh", "original")
    assert main_window.view.zh_pane.paragraph_text(0) == "中美“21世紀20年代強化氣候行動工作組”會議情況"


def test_drop_of_two_files_opens_them_as_a_pair(main_window, qtbot, tmp_path: Path) -> None:
    zh = tmp_path / "原文.txt"
    en = tmp_path / "translation.txt"
    zh.write_text("第一段。\n\n第二段。\n", encoding="utf-8")
    en.write_text("The first paragraph.\n\nThe second paragraph.\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(zh)), QUrl.fromLocalFile(str(en))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(main_window.documentOpened, timeout=60_000):
        main_window.dropEvent(event)
    assert main_window.view.zh_pane.paragraph_text(1) == "第二段。"
    assert main_window.view.en_pane.paragraph_text(1) == "The second paragraph."


def test_uncertain_encoding_opens_a_picker_with_previews(main_window, qtbot, tmp_path: Path, monkeypatch) -> None:
    from reader_app.core import documents

    text = "中文段落，說明編碼。\n\nEnglish paragraph.\n"
    path = tmp_path / "short.txt"
    path.write_bytes(text.encode("big5"))
    real_load = documents.load_document
    candidates = [("big5", text), ("gb18030", text.encode("big5").decode("gb18030", "replace"))]

    def unsure_unless_told(p, en_path=None, *, encoding=None):
        if encoding is None:
            raise documents.EncodingUncertainError(p, "encoding uncertain (tried big5, gb18030)", candidates)
        return real_load(p, en_path, encoding=encoding)

    monkeypatch.setattr(documents, "load_document", unsure_unless_told)
    seen = {}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        seen["names"] = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        dialog.list.setCurrentRow(1)
        seen["preview 1"] = dialog.preview.toPlainText()
        dialog.list.setCurrentRow(0)
        seen["preview 0"] = dialog.preview.toPlainText()
        dialog.accept()

    QTimer.singleShot(300, answer)
    with qtbot.waitSignal(main_window.documentOpened, timeout=60_000):
        main_window.open_paths([str(path)])
    assert seen["names"] == ["big5", "gb18030"]
    assert seen["preview 0"] == text and seen["preview 1"] == candidates[1][1]
    assert main_window.view.zh_pane.paragraph_text(0) == "中文段落，說明編碼。"


def test_refined_alignment_replaces_instant_one_without_moving_the_view(main_window, qtbot, monkeypatch) -> None:
    main_window.resize(900, 300)
    main_window.show()
    qtbot.waitExposed(main_window)
    open_and_wait(qtbot, main_window, [str(sample_path())])
    main_window.view.go_to_paragraph("zh", 3)
    before = main_window.view.left.top_paragraph()
    refined = Alignment(tuple(Link(link.zh, link.en, 0.99) for link in main_window.view.alignment.links), tier=2)
    # A job in flight (its thread waits for its cancellation), whose tier-2 result arrives now.
    monkeypatch.setattr(DocumentJob, "_run", lambda job: job._cancel.wait(30))
    main_window.open_paths([str(sample_path())])
    with qtbot.waitSignal(main_window.alignmentRefined):
        main_window.job.refined.emit(refined)
    assert main_window.view.alignment is refined
    assert main_window.view.left.top_paragraph()[0] == before[0]


def test_a_superseded_opening_never_reaches_the_window(main_window, qtbot, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(DocumentJob, "_run", lambda job: job._cancel.wait(30))  # reports come from the test
    first_path, second_path = tmp_path / "first.txt", tmp_path / "second.txt"
    first_path.write_text("第一篇。\n\nThe first text.\n", encoding="utf-8")
    second_path.write_text("第二篇。\n\nThe second text.\n", encoding="utf-8")
    main_window.open_paths([str(first_path)])
    first = main_window.job
    main_window.open_paths([str(second_path)])
    second = main_window.job
    assert first.cancelled and not second.cancelled and main_window.statusBar().currentMessage().startswith(
        "Opening second.txt")
    stale = load_document(first_path)
    alignment = align_paragraphs(stale.zh.texts(), stale.en.texts(), tier=1)
    signals = [main_window.documentOpened, main_window.alignmentRefined, main_window.loadFailed]
    with qtbot.assertNotEmitted(signals[0]), qtbot.assertNotEmitted(signals[1]), \
            qtbot.assertNotEmitted(signals[2]):
        # What the first job says now (and what it queued before it was superseded) goes nowhere.
        first.documentLoaded.emit(stale)
        first.aligned.emit(stale, alignment)
        first.refined.emit(alignment)
        first.failed.emit(RuntimeError("stale"))
        first.progress.emit("align", 1, 2)
        first.finished.emit()
        qtbot.wait(50)
    assert main_window.document is None and not main_window.message_bar.isVisibleTo(main_window)
    assert main_window.job is second and main_window.progress_bar.isVisibleTo(main_window)
    document = load_document(second_path)
    with qtbot.waitSignal(main_window.documentOpened) as blocker:
        second.documentLoaded.emit(document)
        second.aligned.emit(document, align_paragraphs(document.zh.texts(), document.en.texts(), tier=1))
    assert blocker.args[0] is document and main_window.view.zh_pane.paragraph_text(0) == "第二篇。"
    second.finished.emit()
    assert main_window.job is None and not main_window.progress_bar.isVisibleTo(main_window)


def test_cancel_stops_loading_and_says_so(main_window, qtbot) -> None:
    main_window.open_paths([str(sample_path())])
    assert main_window.cancel_button.isVisibleTo(main_window)
    main_window.cancel_button.click()
    assert main_window.job is None
    assert not main_window.progress_bar.isVisibleTo(main_window)
    assert main_window.statusBar().currentMessage() == "Cancelled"
    for job in main_window._old_jobs:
        assert job.wait(30)


def test_interface_language_switches_to_chinese_and_back(main_window, qtbot) -> None:
    main_window.set_ui_language("zh_CN")
    qtbot.waitUntil(lambda: main_window.menuBar().actions()[0].text() == "文件(&F)")
    main_window.set_ui_language("en")
    qtbot.waitUntil(lambda: main_window.menuBar().actions()[0].text() == "&File")


def test_note_actions_sit_in_the_edit_menu_in_both_languages(main_window, qtbot) -> None:
    open_and_wait(qtbot, main_window, [str(sample_path())])
    for code, title in (("zh_CN", "编辑(&E)"), ("en", "&Edit")):
        main_window.set_ui_language(code)
        qtbot.waitUntil(lambda title=title: any(a.text() == title for a in main_window.menuBar().actions()))
        titles = [a.text() for a in main_window.menuBar().actions()]
        assert len(titles) == 5, titles  # File, Edit, Go, View, Help: no separate Notes menu
        edit = next(a.menu() for a in main_window.menuBar().actions() if a.text() == title)
        assert main_window.annotations.add_action in edit.actions()

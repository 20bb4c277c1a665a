"""File ▸ Export… (issue 15): the preview follows each choice with the writers' own output for the first links, the
export writes the links shown (the reader's edits included) and the notes, a failure is a message, not a traceback."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu

from reader_app.core.documents import load_document
from reader_app.core.exports import FORMATS, SUFFIXES
from reader_app.paths import sample_path
from reader_app.ui.export_dialog import LAST_FOLDER, LAST_FORMAT, ExportChoices, ExportDialog, start_export
from reader_app.ui.main_window import MainWindow
from tests.gui.test_alignment_edits import TIMEOUT_MS, make_editor, open_sample, select, trigger

NOTE = "會議在華盛頓舉行 & co-chairs"
SAMPLE = load_document(str(sample_path()))
ZH, EN = SAMPLE.zh.paragraphs, SAMPLE.en.paragraphs


@pytest.fixture
def noted_window(main_window: MainWindow, qtbot):
    """The sample shown with its alignment editor, and one note on Chinese paragraph 3 (link 3)."""
    editor = make_editor(main_window)
    open_sample(qtbot, main_window, editor)
    notes = main_window.annotations
    assert notes.add_note("zh", 2, note=NOTE) is not None
    qtbot.waitUntil(lambda: [n.note for n in notes.notes()] == [NOTE], timeout=TIMEOUT_MS)
    yield main_window
    assert notes.close_storage()


def open_dialog(qtbot, window: MainWindow) -> ExportDialog:
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.notesRead, timeout=TIMEOUT_MS):
        pass
    return dialog


def export(qtbot, window: MainWindow, choices: ExportChoices, expect: str = "Exported") -> str:
    """Start the export and wait for its message in the status bar."""
    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=TIMEOUT_MS,
                          check_params_cb=lambda text: text.startswith(expect)) as shown:
        assert start_export(window, choices)
    return shown.args[0]


def test_the_preview_shows_each_format_of_the_first_links(noted_window: MainWindow, qtbot) -> None:
    dialog = open_dialog(qtbot, noted_window)
    assert dialog.fmt == "html" and dialog.preview_label.text() == "Preview: the first 8 of 9 links"
    assert Path(dialog.path_edit.text()) == sample_path().with_suffix(".html")

    # HTML, side by side: the cells of the first 8 links (the 9th, the Berkeley event, left out), the note's mark.
    lines = dialog.preview_text().split("\n")
    assert lines[1:7] == [ZH[0].text, EN[0].text, *ZH[1].text.replace("\u2028", "\n").split("\n"),
                          "(not in the English)", ZH[2].text + "1"]
    text = dialog.preview_text()
    assert text.count("(not in the English)") == 1 and text.count("(not in the Chinese)") == 2
    assert EN[6].text in text and EN[7].text not in text and NOTE in text

    dialog.notes_box.setChecked(False)
    assert ZH[2].text + "1" not in dialog.preview_text() and NOTE not in dialog.preview_text()
    dialog.notes_box.setChecked(True)

    # TSV: the writer's rows for the 8 links, exactly, the one-sided cells marked, the note in its column.
    dialog.set_format("tsv")
    assert not dialog.layout_box.isEnabled() and dialog.path_edit.text().endswith(".tsv")
    rows = [line.split("\t") for line in dialog.preview_text().splitlines()]
    assert rows[0] == ["link", "zh_paragraphs", "en_paragraphs", "confidence", "status", "zh", "en", "notes"]
    assert [[r[0], r[1], r[2], r[4], r[7]] for r in rows[1:]] == [
        ["1", "1", "1", "automatic", ""], ["2", "2", "", "automatic", ""], ["3", "3", "2", "automatic", NOTE],
        ["4", "4", "3", "automatic", ""], ["5", "5", "4", "automatic", ""], ["6", "", "5", "automatic", ""],
        ["7", "6", "6", "automatic", ""], ["8", "", "7", "automatic", ""]]
    assert rows[2][5:7] == [" ".join(ZH[1].text.split()), "[not in the English]"]
    assert rows[3][5:7] == [ZH[2].text, EN[1].text] and rows[6][5] == "[not in the Chinese]"

    for fmt in FORMATS:
        dialog.set_format(fmt)
        assert dialog.layout_box.isEnabled() == (fmt in ("html", "epub", "md"))
        assert dialog.path_edit.text() == str(sample_path().parent / ("us-china-climate-readout-2024-05"
                                                                      + SUFFIXES[fmt]))
        text = dialog.preview_text()
        assert ZH[2].text in text and (fmt == "anki" or ZH[0].text in text), fmt
        if fmt == "tmx":
            assert text.count("<tu ") == 8 and text.count('<prop type="x-one-sided">') == 3
            assert f"<note>{NOTE.replace('&', '&amp;')}</note>" in text
        elif fmt == "anki":
            assert dialog.preview_label.text() == "Preview: the first 1 of the 1 noted pairs (a card each)"
            assert not dialog.notes_box.isEnabled()
            cards = [line for line in text.split("\n") if line and not line.startswith("#")]
            assert len(cards) == 1 and cards[0].startswith(ZH[2].text + "\t" + EN[1].text + "<hr>")
        elif fmt == "md":  # rendered: every row of the table, the absent sides marked
            assert text.count("[not in the English]") == 1 and text.count("[not in the Chinese]") == 2
            assert EN[6].text in text
        elif fmt == "docx":  # the Word table read back: a header row, the cells, the comment
            assert "Chinese\nEnglish\n" in text and text.count("(not in the Chinese)") == 2 and NOTE in text
        else:  # html and epub: the footnote under the text
            assert NOTE in text

    # EPUB interleaved (its default): a Chinese block, then its English; side by side on asking.
    dialog.set_format("epub")
    assert dialog.layout_box.currentData() == "interleaved"
    assert "(not in the English)" not in dialog.preview_text()  # interleaved: no empty side is written
    dialog.layout_box.setCurrentIndex(0)
    assert dialog.preview_text().count("(not in the English)") == 1


def test_export_writes_the_links_shown_with_the_edit_and_the_note(noted_window: MainWindow, qtbot,
                                                                 tmp_path: Path) -> None:
    window = noted_window
    editor = window.alignment_editor
    # The reader links the last Chinese paragraph with the last three English ones (a manual link).
    select(window.view.zh_pane, 5, 5)
    select(window.view.en_pane, 5, 7)
    trigger(qtbot, editor, "link_these")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "readout.tsv"
    message = export(qtbot, window, ExportChoices("tsv", None, True, str(target)))
    assert message == f"Exported {target} (7 links, 1 notes)"
    rows = [line.split("\t") for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 1 + 7
    assert [r[0:3] + [r[4]] for r in rows[1:]] == [
        ["1", "1", "1", "automatic"], ["2", "2", "", "automatic"], ["3", "3", "2", "automatic"],
        ["4", "4", "3", "automatic"], ["5", "5", "4", "automatic"], ["6", "", "5", "automatic"],
        ["7", "6", "6,7,8", "manual"]]
    assert rows[3][7] == NOTE and rows[7][6] == " ".join(p.text for p in EN[5:8])
    assert [p.name for p in out.iterdir()] == ["readout.tsv"]  # no temporary file left beside it
    assert LAST_FORMAT.read(window.settings) == "tsv" and LAST_FOLDER.read(window.settings) == str(out)

    # The next dialog starts where this export went; its preview shows the edit too.
    dialog = open_dialog(qtbot, window)
    assert dialog.fmt == "tsv" and dialog.path_edit.text() == str(out / "us-china-climate-readout-2024-05.tsv")
    assert dialog.preview_label.text() == "Preview: the first 7 of 7 links"
    assert dialog.preview_text().splitlines()[7].split("\t")[:5] == ["7", "6", "6,7,8", "1.0000", "manual"]

    # Without the notes, HTML interleaved: a section per link, no notes list.
    page = out / "readout.html"
    assert export(qtbot, window, ExportChoices("html", "interleaved", False, str(page))) == \
        f"Exported {page} (7 links, 0 notes)"
    html = page.read_text(encoding="utf-8")
    assert html.count('<section class="pair"') == 7 and "<table" not in html and "Notes" not in html
    assert html.count('class="zh omission"') == 1 and html.count('class="en omission"') == 1


def test_the_menu_entry_opens_the_dialog_and_exports(main_window: MainWindow, qtbot, tmp_path: Path) -> None:
    editor = make_editor(main_window)
    main_window.menu_actions  # noqa: B018 - the menus built, as after the first frame
    main_window._build_menus()  # and built again (as a new interface language does): the old entry goes
    file_menu = next(a.menu() for a in main_window.menuBar().actions()
                     if isinstance(a.menu(), QMenu) and a.menu().objectName() == "fileMenu")
    action = next(a for a in file_menu.actions() if a.objectName() == "export")
    assert action.text() == "E&xport…" and action.shortcut().toString() == "Ctrl+E"
    assert not action.isEnabled()  # nothing to export yet
    assert [a.objectName() for a in main_window.actions()].count("export") == 1
    names = [a.objectName() or a.text() for a in file_menu.actions()]
    assert names.index("export") == names.index("Save Pro&ject…") + 1
    try:
        open_sample(qtbot, main_window, editor)
        assert action.isEnabled()
        action.trigger()
        dialog = main_window.findChild(ExportDialog)
        assert dialog is not None and dialog.isVisible()
        qtbot.waitUntil(lambda: not main_window.annotations.storage.busy(), timeout=TIMEOUT_MS)
        dialog.set_format("tmx")
        target = tmp_path / "sample.tmx"
        dialog.path_edit.setText(str(tmp_path / "sample"))  # no suffix: the format's is added
        with qtbot.waitSignal(main_window.statusBar().messageChanged, timeout=TIMEOUT_MS,
                              check_params_cb=lambda text: text.startswith("Exported")):
            dialog.export_button.click()
        qtbot.waitUntil(lambda: main_window.findChild(ExportDialog) is None, timeout=TIMEOUT_MS)  # closed, deleted
        text = target.read_text(encoding="utf-8")
        assert text.count("<tu ") == 9 and text.count('<prop type="x-one-sided">') == 4
    finally:
        assert main_window.annotations.close_storage()


@pytest.mark.parametrize("where", ["missing folder", "folder is a file", "disk full"])
def test_a_file_that_cannot_be_written_is_a_message(noted_window: MainWindow, qtbot, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    if where == "missing folder":
        target, reason = folder / "no such folder" / "x.html", "No such file or directory"
    elif where == "folder is a file":
        (folder / "plain").write_text("not a folder", encoding="utf-8")
        target, reason = folder / "plain" / "x.html", "Not a directory"
    else:
        import reader_app.core.exports as exports

        def full(*_args, **_kwargs) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(exports, "write_export", full)
        target, reason = folder / "x.html", "No space left on device"
    message = export(qtbot, noted_window, ExportChoices("html", None, True, str(target)), expect="Could not")
    assert message == f"Could not export to x.html: {reason}"
    assert noted_window.message_bar.text() == message
    assert not target.exists() and sorted(p.name for p in folder.iterdir()) == (
        ["plain"] if where == "folder is a file" else [])  # the temporary file removed too


def test_by_sentences_the_export_has_the_links_seen_by_paragraph(main_window: MainWindow, qtbot,
                                                                 tmp_path: Path) -> None:
    """The panes show sentences: the export is of the document's paragraphs, linked as their sentences are."""
    editor = make_editor(main_window)
    try:
        open_sample(qtbot, main_window, editor)
        with qtbot.waitSignal(main_window.documentOpened, timeout=TIMEOUT_MS):
            main_window.menu_actions.align_units["sentence"].trigger()
        assert main_window.view.zh_pane.document().blockCount() == 12
        target = tmp_path / "sentences.tsv"
        export(qtbot, main_window, ExportChoices("tsv", None, True, str(target)))
        rows = [line.split("\t") for line in target.read_text(encoding="utf-8").splitlines()]
        # Paragraphs whose sentences are linked across them make one link (the notes' reading order is the same).
        assert [r[1:3] for r in rows[1:]] == [["1", "1"], ["2,3,4", "2,3"], ["5", "4,5"], ["6", "6"], ["", "7"],
                                              ["", "8"]]
        assert {r[4] for r in rows[1:]} == {"automatic"}  # a sentence's status is no paragraph's
    finally:
        assert main_window.annotations.close_storage()

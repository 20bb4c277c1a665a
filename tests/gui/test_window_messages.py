"""What the window says about a document: a dismissable message bar, a one-language file shown with an offer to
open its other side, the encoding picker's one message, and the script choice kept per document."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from reader_app.core.documents import EncodingUncertainError, load_document
from reader_app.paths import sample_path
from reader_app.ui import menus
from tests.gui.test_main_window import open_and_wait


def test_the_error_banner_can_be_dismissed(main_window, qtbot, tmp_path: Path) -> None:
    open_and_wait(qtbot, main_window, [str(tmp_path / "nope.txt")], "loadFailed")
    bar = main_window.message_bar
    assert bar.isVisibleTo(main_window) and bar.kind == "error"
    assert bar.close_button.isVisibleTo(main_window) and not bar.action_button.isVisibleTo(main_window)
    with qtbot.waitSignal(bar.dismissed, timeout=1000):
        qtbot.mouseClick(bar.close_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisibleTo(main_window) and bar.text() == ""


def test_a_chinese_only_file_is_shown_and_offers_its_translation(main_window, qtbot, tmp_path: Path,
                                                                  monkeypatch) -> None:
    zh = tmp_path / "原文.txt"
    zh.write_text("第一段。\n\n第二段，很长的一段。\n", encoding="utf-8")
    en = tmp_path / "translation.txt"
    en.write_text("The first paragraph.\n\nThe second, a long paragraph.\n", encoding="utf-8")
    message = open_and_wait(qtbot, main_window, [str(zh)], "loadFailed")
    assert message == "原文.txt holds Chinese only: its English translation is missing."
    view = main_window.view
    assert [view.zh_pane.paragraph_text(i) for i in range(2)] == ["第一段。", "第二段，很长的一段。"]
    assert view.en_pane.document().isEmpty()
    assert view.omissions() == []  # no alignment: nothing is marked as missing its counterpart
    bar = main_window.message_bar
    assert bar.kind == "notice" and bar.text() == message
    assert bar.action_button.isVisibleTo(main_window) and bar.action_button.text() == "Open the Translation…"
    asked = []
    monkeypatch.setattr(menus, "ask_for_translation", lambda parent, folder, missing: asked.append(
        (folder, missing)) or str(en))
    with qtbot.waitSignal(main_window.documentOpened, timeout=60_000):
        qtbot.mouseClick(bar.action_button, Qt.MouseButton.LeftButton)
    assert asked == [(str(tmp_path), "en")]
    assert main_window.paths == [str(zh), str(en)]
    assert view.en_pane.paragraph_text(0) == "The first paragraph."
    assert not bar.isVisibleTo(main_window)


def test_an_english_only_file_offers_its_original(main_window, qtbot, tmp_path: Path) -> None:
    en = tmp_path / "notes.txt"
    en.write_text("Only English here.\n\nA second paragraph.\n", encoding="utf-8")
    message = open_and_wait(qtbot, main_window, [str(en)], "loadFailed")
    assert message == "notes.txt holds English only: its Chinese original is missing."
    assert main_window.message_bar.action_button.text() == "Open the Original…"
    assert main_window.view.en_pane.paragraph_text(1) == "A second paragraph."


def test_the_encoding_picker_says_its_message_once(qtbot, tmp_path: Path) -> None:
    from reader_app.ui.encoding_picker import EncodingPicker

    error = EncodingUncertainError(tmp_path / "old.txt", "encoding could not be determined (tried gb18030, big5); "
                                   "choose one", [("gb18030", "中文"), ("big5", "笢恅")])
    picker = EncodingPicker(error)
    qtbot.addWidget(picker)
    assert picker.message.text() == ("The text encoding of old.txt could not be told for sure.\n"
                                     "Pick the one whose preview reads correctly.")
    assert picker.preview.toPlainText() == "中文"


def test_the_script_choice_belongs_to_the_document(main_window, qtbot, tmp_path: Path) -> None:
    other = tmp_path / "其他.txt"
    other.write_text("這是繁體字的段落。\n\nThese are traditional characters.\n", encoding="utf-8")
    open_and_wait(qtbot, main_window, [str(sample_path())])
    actions = main_window.menu_actions
    actions.scripts[("zh", "simplified")].trigger()
    assert main_window.view.zh_pane.paragraph_text(0) == "中美“21世纪20年代强化气候行动工作组”会议情况"
    open_and_wait(qtbot, main_window, [str(other)])
    assert main_window.view.zh_pane.paragraph_text(0) == "這是繁體字的段落。"  # not carried over
    assert actions.scripts[("zh", "original")].isChecked()
    assert not actions.scripts[("zh", "simplified")].isChecked()
    actions.scripts[("zh", "traditional")].trigger()
    assert actions.scripts[("zh", "traditional")].isChecked() and not actions.scripts[("zh", "original")].isChecked()
    open_and_wait(qtbot, main_window, [str(sample_path())])
    assert main_window.view.zh_pane.paragraph_text(0) == "中美“21世纪20年代强化气候行动工作组”会议情况"
    assert actions.scripts[("zh", "simplified")].isChecked()
    assert [a.isChecked() for (lang, _s), a in actions.scripts.items() if lang == "zh"].count(True) == 1
    # And after a restart: a new window reads the same choice for the same document.
    assert load_document(sample_path()).content_id == main_window.document.content_id
    from reader_app.ui import settings

    assert settings.DOCUMENT_SCRIPTS.read(main_window.settings, main_window.document.content_id) == {
        "zh": "simplified", "en": "original"}


def test_progress_shows_the_stage_beside_a_moving_bar(main_window) -> None:
    main_window.show()
    main_window._set_busy(True, "Opening book.txt…")
    assert not main_window.legend.isVisible()  # its room goes to the stage, the bar and Cancel
    main_window._on_opening_progress("load", 0, 1)
    bar = main_window.progress_bar
    assert main_window.stage_label.text() == "Loading" and (bar.minimum(), bar.maximum()) == (0, 0)  # busy, moving
    main_window._on_opening_progress("align", 250, 1000)
    assert main_window.stage_label.text() == "Aligning"
    assert (bar.maximum(), bar.value(), bar.text()) == (1000, 250, "25%")
    main_window._on_opening_progress("refine", 9, 10)
    assert main_window.stage_label.text() == "Refining alignment" and bar.text() == "90%"
    main_window._set_busy(False)
    assert not main_window.stage_label.isVisibleTo(main_window) and main_window.legend.isVisible()


def test_refinement_that_would_not_fit_in_memory_stays_on_tier_1_and_says_so(qtbot, monkeypatch) -> None:
    import reader_app.core.aligner as aligner
    from reader_app.core import machine
    from reader_app.ui.main_window import MainWindow

    monkeypatch.setattr(machine, "available_memory_bytes", lambda: 2 * 1024 ** 3)
    monkeypatch.setattr(aligner, "estimate_tier2_bytes", lambda n_zh, n_en, level: 5 * 1024 ** 3)
    window = MainWindow(refine=True)
    qtbot.addWidget(window)
    refined = []
    window.alignmentRefined.connect(refined.append)
    with qtbot.waitSignal(window.documentOpened, timeout=60_000):
        window.open_paths([str(sample_path())])
    qtbot.waitUntil(lambda: window.job is None, timeout=60_000)
    assert window.view.alignment.tier == 1 and refined == []
    assert window.statusBar().currentMessage() == (
        "Instant alignment only: refining it would need about 5.0 GB of memory and 2.0 GB is free")

"""The flags' messages in the interface language: every form of the core's English message rebuilt exactly in
English and translated in Chinese; the Checks dock's rows, details and the panes' tooltips Chinese after a live
switch, English again after switching back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reader_app.core.checks import ALL_KINDS, Kind, check_document
from reader_app.paths import sample_path
from reader_app.ui import i18n
from reader_app.ui.checks.messages import flag_message
from tests.gui.test_checks_panel import open_checked, pair_paths, row_texts  # noqa: F401 (pair_paths: a fixture)
from tests.unit.core.checks.pairs import alignment, document, one_to_one

MEETING_ZH = "会议在华盛顿举行。双方讨论了能源转型和甲烷减排。"
MEETING_EN = "The meeting was held in Washington. The two sides discussed the energy transition and methane reduction."
LENGTH_ZH = "双方讨论了能源转型、甲烷减排和循环经济等领域的合作问题。"
LENGTH_EN = "The two sides discussed cooperation on the energy transition, methane and the circular economy."

# Hand-made documents giving every form of message the core writes: (zh paragraphs, en paragraphs, links or None
# for 1-1), and each flag's message in English (the core's) and in Chinese.
DOCUMENTS = {
    "number": (["共有35人参加。", "会议有35名代表出席。", "代表出席了会议。"],
               ["36 people took part.", "The delegates attended.", "53 delegates attended."], None),
    "name": (["双方讨论了MRV体系。", "会议在北京举行。", "陈清扬说她是医生。", "后来陈清扬去了山里。", "罗小四来了。",
              "罗小四走了。", "陈清扬笑了起来。"],
             ["They discussed it.", "The meeting was held in Beijing (see www.unep.org).",
              "Chen Qingyang said she was a doctor.", "Later Chen Qingyang went to the mountains.", "Luo Xiaosi came.",
              "Luo Xiaosi left.", "Luo Xiaosi laughed."], None),
    "omission": (["来源：生态环境部", MEETING_ZH, MEETING_ZH + "我的奶奶昨天唱了许多关于她花园的美丽歌曲。"],
                 [MEETING_EN + " Yesterday my grandmother sang many beautiful songs about her garden.", MEETING_EN,
                  "Both sides look forward to the event in Berkeley."],
                 alignment(([0], []), ([1], [0]), ([2], [1]), ([], [2]))),
    "untranslated": (["气候危机。", "The Working Group will meet again in Beijing."],
                     ["The 气候 crisis.", "The Working Group will meet again in Beijing."], None),
    "English longer": ([LENGTH_ZH] * 10, [LENGTH_EN + " " * k for k in range(9)] + [LENGTH_EN * 3], None),
    "Chinese longer": ([LENGTH_ZH] * 9 + [LENGTH_ZH * 4], [LENGTH_EN + " " * k for k in range(10)], None),
    "punctuation": (["《巴黎协定的温控目标。", "你去过北京吗？", "他说了。", "the goal"],
                    ["The Paris Agreement’s temperature goal.", "You have been to Beijing.", "Did he say so?",
                     "the (goal"], None),
}
MESSAGES = [
    ("Numbers differ: Chinese 35 (35); English 36 (36)", "数字不一致：中文 35 (35)；英文 36 (36)"),
    ("Numbers differ: Chinese 35 (35) not in the other side", "数字不一致：中文的 35 (35) 在英文中没有"),
    ("Numbers differ: English 53 (53) not in the other side", "数字不一致：英文的 53 (53) 在中文中没有"),
    ("MRV in the Chinese, not in the English", "中文有 MRV，英文没有"),
    ("www.unep.org in the English, not in the Chinese", "英文有 www.unep.org，中文没有"),
    ("清扬 (Qingyang elsewhere) in the Chinese; the English has Xiaosi instead",
     "中文为清扬（别处译作 Qingyang），英文却作 Xiaosi"),
    ("Chinese paragraph with no English counterpart: 来源：生态环境部", "中文段落没有对应的英文：来源：生态环境部"),
    ("English sentence with no Chinese counterpart: Yesterday my grandmother sang many beautiful songs about he…",
     "英文句子没有对应的中文：Yesterday my grandmother sang many beautiful songs about he…"),
    ("Chinese sentence with no English counterpart: 我的奶奶昨天唱了许多关于她花园的美丽歌曲。",
     "中文句子没有对应的英文：我的奶奶昨天唱了许多关于她花园的美丽歌曲。"),
    ("English paragraph with no Chinese counterpart: Both sides look forward to the event in Berkeley.",
     "英文段落没有对应的中文：Both sides look forward to the event in Berkeley."),
    ("Chinese left in the English: 气候", "英文中残留中文：气候"),
    ("The same text on both sides", "两侧文字完全相同"),
    ("The English is 3.0x longer than usual in this document (8.8 English characters per Chinese one, usually 2.9)",
     "英文相对中文的长度是本文档通常的 3.0 倍（每个中文字符对应 8.8 个英文字符，通常为 2.9 个）"),
    ("The Chinese is 4.0x longer than usual in this document (0.7 English characters per Chinese one, usually 2.9)",
     "中文相对英文的长度是本文档通常的 4.0 倍（每个中文字符对应 0.7 个英文字符，通常为 2.9 个）"),
    ("Unpaired 《 in the Chinese", "中文中有未配对的 《"),
    ("A question in the Chinese only", "仅中文中有问句"),
    ("A question in the English only", "仅英文中有问句"),
    ("Unpaired ( in the English", "英文中有未配对的 ("),
]


@pytest.fixture(autouse=True)
def english_afterwards(qapp):
    yield
    i18n.install_translator(qapp, "en")


def every_form() -> list:
    flags = []
    for zh, en, links in DOCUMENTS.values():
        flags += check_document(document(zh, en), links or one_to_one(len(zh)), ALL_KINDS, tier=1)
    return flags


def test_every_form_of_message_in_english_and_chinese(qapp) -> None:
    flags = every_form()
    assert [f.message for f in flags] == [english for english, _chinese in MESSAGES]  # the core's, as pinned here
    assert [flag_message(f) for f in flags] == [f.message for f in flags]  # English: the core's, exactly
    i18n.install_translator(qapp, "zh_CN")
    assert [flag_message(f) for f in flags] == [chinese for _english, chinese in MESSAGES]
    i18n.install_translator(qapp, "en")
    assert [flag_message(f) for f in flags] == [f.message for f in flags]


def test_a_message_in_no_known_form_is_shown_as_the_core_wrote_it(qapp) -> None:
    from dataclasses import replace

    length = next(f for f in every_form() if f.kind is Kind.LENGTH)
    changed = replace(length, message="The pair is long")
    i18n.install_translator(qapp, "zh_CN")
    assert flag_message(changed) == "The pair is long"


def _switch(window, qtbot, code: str, title: str) -> None:
    """What View ▸ Interface Language does: install the catalogue (LanguageChange to every widget), rebuild."""
    window.set_ui_language(code)
    qtbot.waitUntil(lambda: window.checks.panel.windowTitle() == title, timeout=5000)
    QApplication.processEvents()


def test_the_samples_rows_are_chinese_after_a_live_switch_and_english_after_switching_back(main_window,
                                                                                           qtbot) -> None:
    controller = open_checked(qtbot, main_window, [str(sample_path())])
    panel, view = controller.panel, main_window.view
    english = row_texts(controller)
    assert english[1] == ("Omission · ZH — · EN 5 · English paragraph with no Chinese counterpart: Recalling the "
                          "U.S. intent to achieve 100 percent clean powe…")
    english_details, english_tips = panel.details.text(), dict(view.check_flags["en"])

    _switch(main_window, qtbot, "zh_CN", "检查")
    assert row_texts(controller) == [
        "缺漏 · 中 2 · 英 — · 中文段落没有对应的英文：來源:生態環境部 編輯:澤宇 人氣: 發布時間:2024-05-16 10:44:07 "
        "摘要: 中美“21世紀20年代…",
        "缺漏 · 中 — · 英 5 · 英文段落没有对应的中文：Recalling the U.S. intent to achieve 100 percent clean powe…",
        "缺漏 · 中 — · 英 7 · 英文段落没有对应的中文：Recognizing the importance of developing circular economy a…",
        "缺漏 · 中 — · 英 8 · 英文段落没有对应的中文：Both sides look forward to the U.S.-China High-Level Event …",
    ]
    tip = panel.listed.index(1, 0).data(Qt.ItemDataRole.ToolTipRole).split("\n")
    assert tip[0] == "英文段落没有对应的中文：Recalling the U.S. intent to achieve 100 percent clean powe…"
    assert tip[1].startswith("英文：Recalling the U.S. intent to achieve 100 percent clean power by 2035")
    assert panel.details.text().startswith("缺漏 · 中 2 · 英 —\n中文段落没有对应的英文：來源:生態環境部")
    # The panes' underlines say the same in their tooltips (severity, message).
    assert view.check_flags["en"][4] == (
        "warning", "英文段落没有对应的中文：Recalling the U.S. intent to achieve 100 percent clean powe…")
    assert view.check_flags["zh"][1][1].startswith("中文段落没有对应的英文：")
    assert [box.text() for box in panel.severity_boxes.values()] == ["错误(0)", "警告(4)", "提示(0)"]
    assert panel.ignore_button.text() == "忽略"

    _switch(main_window, qtbot, "en", "Checks")
    assert row_texts(controller) == english
    assert panel.details.text() == english_details
    assert dict(view.check_flags["en"]) == english_tips


def test_every_kind_of_row_is_chinese_after_a_live_switch(main_window, qtbot, pair_paths) -> None:  # noqa: F811
    controller = open_checked(qtbot, main_window, pair_paths)
    panel = controller.panel
    panel.kind_boxes[Kind.PUNCTUATION].setChecked(True)
    english = row_texts(controller)
    _switch(main_window, qtbot, "zh_CN", "检查")
    assert row_texts(controller) == [
        "数字 · 中 2 · 英 2 · 数字不一致：中文 35 (35)；英文 53 (53)",
        "名称 · 中 3 · 英 3 · 中文有 COP29，英文没有",
        "标点 · 中 4 · 英 4 · 仅中文中有问句",
        "未翻译 · 中 6 · 英 6 · 英文中残留中文：这是",
        "缺漏 · 中 — · 英 7 · 英文段落没有对应的中文：Both sides look forward to the next meeting of the working …",
    ]
    assert [box.text() for box in panel.kind_boxes.values()] == [
        "数字(1)", "名称(1)", "缺漏(1)", "未翻译(1)", "长度(0)", "标点(1)"]
    assert panel.status.text() == "列出 5 / 5 个问题 · 已忽略 0 个"
    _switch(main_window, qtbot, "en", "Checks")
    assert row_texts(controller) == english


def test_the_status_line_follows_a_live_switch(main_window, qtbot) -> None:
    panel = main_window.checks.panel
    assert panel.status.text() == "No document open"
    _switch(main_window, qtbot, "zh_CN", "检查")
    assert panel.status.text() == "未打开文档"
    _switch(main_window, qtbot, "en", "Checks")
    assert panel.status.text() == "No document open"

"""The Contents dock and the status bar's chapter and progress: chapters from headings, paired by the links."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reader_app.core.alignment import Alignment, Link
from reader_app.core.documents import load_document
from reader_app.core.documents.chapters import Progress, chapters
from tests.gui.test_main_window import open_and_wait

BOOK_ZH = "\n\n".join(["# 第一章 相遇", "他们在河边相遇。", "那天下着雨。", "# 第二章 离别", "她走了。", "# 附录"])
BOOK_EN = "\n\n".join(["# Chapter One: The Meeting", "They met by the river.", "It was raining that day.",
                       "# Chapter Two: Parting", "She left."])
# Long enough that the second chapter starts below the first screen.
LONG_ZH = "\n\n".join(["# 第一章 相遇", *["他们在河边相遇，那天下着雨。"] * 30, "# 第二章 离别", *["她走了。"] * 30])
LONG_EN = "\n\n".join(["# Chapter One: The Meeting", *["They met by the river; it was raining."] * 30,
                        "# Chapter Two: Parting", *["She left."] * 30])


def _book(tmp_path):
    zh = tmp_path / "book.zh.md"
    en = tmp_path / "book.en.md"
    zh.write_text(BOOK_ZH, encoding="utf-8")
    en.write_text(BOOK_EN, encoding="utf-8")
    return zh, en


def test_chapters_pair_headings_by_link_and_keep_a_one_sided_one(tmp_path) -> None:
    zh, en = _book(tmp_path)
    document = load_document(str(zh), str(en))
    links = tuple(Link((i,), (i,)) for i in range(5)) + (Link((5,), ()),)
    found = chapters(document, Alignment(links))
    assert [(c.zh_title, c.en_title, c.zh, c.en, c.link) for c in found] == [
        ("第一章 相遇", "Chapter One: The Meeting", 0, 0, 0),
        ("第二章 离别", "Chapter Two: Parting", 3, 3, 3),
        ("附录", "", 5, None, 5),
    ]
    assert found[2].title("en") == "附录"  # no English heading: the Chinese names it
    progress = Progress(document, "zh", found)
    assert progress.chapter(4) is found[1] and progress.chapter(5) is found[2]
    assert progress.percent(5, 1.0) == 100 and progress.percent(0, 0.0) == 0


def test_contents_dock_lists_chapters_goes_there_and_the_status_bar_follows(main_window, qtbot, tmp_path) -> None:
    zh = tmp_path / "long.zh.md"
    en = tmp_path / "long.en.md"
    zh.write_text(LONG_ZH, encoding="utf-8")
    en.write_text(LONG_EN, encoding="utf-8")
    main_window.resize(900, 260)
    main_window.show()
    qtbot.waitExposed(main_window)
    open_and_wait(qtbot, main_window, [str(zh), str(en)])
    qtbot.waitUntil(lambda: main_window._contents is not None, timeout=30000)
    contents = main_window._contents
    assert contents.toggle_action.shortcut().toString() == "Ctrl+Shift+C"
    contents.toggle_action.trigger()
    qtbot.waitUntil(contents.panel.isVisible, timeout=3000)
    tree = contents.panel.tree
    rows = [(tree.topLevelItem(r).text(0), tree.topLevelItem(r).text(1)) for r in range(tree.topLevelItemCount())]
    assert rows == [("第一章 相遇", "Chapter One: The Meeting"), ("第二章 离别", "Chapter Two: Parting")]
    contents.update_status()
    assert contents.status.text().startswith("第一章 相遇 · ")
    item = tree.topLevelItem(1)
    tree.itemClicked.emit(item, 0)
    qtbot.waitUntil(lambda: main_window.view.linker.current_link == item.data(0, Qt.ItemDataRole.UserRole).link,
                    timeout=3000)
    contents.update_status()
    assert contents.status.text().startswith("第二章 离别 · ")
    main_window.view.go_to_edge(True)
    contents.update_status()
    assert contents.status.text().endswith(" · 100%")

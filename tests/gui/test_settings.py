"""Settings: each key declared once in reader_app.ui.settings; reading positions are kept for the 200 most recent
documents; the recent-files list stays short and unique."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import QSettings

from reader_app.paths import sample_path
from reader_app.ui import settings
from reader_app.ui.main_window import MainWindow
from reader_app.ui.settings import READING_POSITIONS, RECENT_FILES, ReadingPosition
from tests.conftest import ROOT
from tests.gui.test_main_window import open_and_wait


def test_positions_keep_the_most_recent_and_prune_the_rest() -> None:
    store = QSettings()
    store.setValue("positions/from-before-the-limit", "zh:3:0.5000")  # the old format, without a time
    assert READING_POSITIONS.read(store, "from-before-the-limit") == ReadingPosition("zh", 3, 0.5)
    for n in range(READING_POSITIONS.limit + 5):
        READING_POSITIONS.write(store, f"doc{n}", ReadingPosition("en", n, 0.25), saved_at=1_000_000 + n)
    kept = set(READING_POSITIONS.content_ids(store))
    assert READING_POSITIONS.limit == 200 and len(kept) == 200
    assert kept == {f"doc{n}" for n in range(5, 205)}  # the old-format one and the four oldest went
    assert READING_POSITIONS.read(store, "doc4") is None
    assert READING_POSITIONS.read(store, "doc204") == ReadingPosition("en", 204, 0.25)
    # Storing again makes an old one the most recent: the oldest other one goes instead.
    READING_POSITIONS.write(store, "doc5", ReadingPosition("zh", 1, 0.0), saved_at=2_000_000)
    READING_POSITIONS.write(store, "new", ReadingPosition("zh", 2, 0.0), saved_at=2_000_001)
    kept = set(READING_POSITIONS.content_ids(store))
    assert "doc5" in kept and "new" in kept and "doc6" not in kept and len(kept) == 200
    store.setValue("positions/garbled", "zh:three:x")
    assert READING_POSITIONS.read(store, "garbled") is None


def test_scripts_are_kept_per_document_and_pruned_alike() -> None:
    store = QSettings()
    scripts = settings.DOCUMENT_SCRIPTS
    assert scripts.read(store, "never-seen") == {"zh": "original", "en": "original"}
    scripts.write(store, "book", {"zh": "simplified", "en": "original"})
    assert scripts.read(store, "book") == {"zh": "simplified", "en": "original"}
    store.setValue("scripts/garbled", "klingon/original:123.0")
    assert scripts.read(store, "garbled") == {"zh": "original", "en": "original"}
    store.setValue("positions/zero", "zh:3:0.0000")  # an old-format position whose fraction is 0
    assert READING_POSITIONS.read(store, "zero") == ReadingPosition("zh", 3, 0.0)
    for n in range(scripts.limit + 3):
        scripts.write_value(store, f"doc{n}", "traditional/original", saved_at=1_000_000 + n)
    kept = set(scripts.content_ids(store))
    assert kept == {"book", *(f"doc{n}" for n in range(4, 203))}  # "book" was saved now, the newest


def test_the_window_stores_positions_under_the_cap(main_window, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(settings, "READING_POSITIONS", settings.PositionsOption("positions", limit=2))
    store = main_window.settings
    for n in range(3):
        store.setValue(f"positions/other{n}", f"zh:0:0.0000:{n}")
    open_and_wait(qtbot, main_window, [str(sample_path())])
    main_window.close()  # stores where reading stopped
    assert set(settings.READING_POSITIONS.content_ids(store)) == {"other2", main_window.document.content_id}


def test_recent_files_are_unique_newest_first_and_capped() -> None:
    store = QSettings()
    for n in range(12):
        RECENT_FILES.push(store, f"/books/{n}.txt")
    RECENT_FILES.push(store, "/books/5.txt")
    assert RECENT_FILES.read(store) == ["/books/5.txt", *(f"/books/{n}.txt" for n in (11, 10, 9, 8, 7, 6, 4, 3, 2))]
    store.setValue(RECENT_FILES.key, "/one/entry.txt")  # as the INI format gives back a one-item list
    assert RECENT_FILES.read(store) == ["/one/entry.txt"]


def test_declared_defaults_apply_to_a_fresh_window(qtbot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.refine is True and window.view.linker.enabled and window.view.left.language == "zh"
    assert window.view.point_size == settings.ZOOM.default
    actions = window.menu_actions
    assert actions.scripts[("zh", "original")].isChecked() and actions.ui_languages[""].isChecked()


def _literal_keys(path: Path) -> list[str]:
    """QSettings-like calls (value, setValue, remove, contains, beginGroup) with a literal string key in `path`
    (a scroll bar's setValue(0) is not a setting)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"value", "setValue", "remove", "contains", "beginGroup"} and node.args
                and (isinstance(node.args[0], ast.JoinedStr)
                     or isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str))):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_settings_key_is_declared_in_the_settings_module() -> None:
    sources = [p for p in sorted((ROOT / "reader_app").rglob("*.py")) if p.name != "settings.py"]
    assert [hit for path in sources for hit in _literal_keys(path)] == []


def test_the_recent_menu_lists_what_was_opened(main_window, qtbot) -> None:
    menu = main_window.menu_actions.recent_menu
    menu.aboutToShow.emit()
    assert [(a.text(), a.isEnabled()) for a in menu.actions()] == [("(none)", False)]
    open_and_wait(qtbot, main_window, [str(sample_path())])
    menu.aboutToShow.emit()
    [entry] = menu.actions()
    assert entry.text() == sample_path().name and entry.toolTip() == str(sample_path().resolve())
    assert RECENT_FILES.read(main_window.settings) == [str(sample_path().resolve())]

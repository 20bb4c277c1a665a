"""UI translations: Simplified Chinese installs and uninstalls cleanly, follows the system locale, covers every
UI string with placeholders and accelerators intact, and the committed .qm matches the .ts."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from reader_app.ui import i18n
from reader_app.ui.colours import Legend
from tests.conftest import ROOT

TS = ROOT / "resources" / "translations" / "bilingual_reader_zh_CN.ts"
QM = TS.with_suffix(".qm")


def _translation_strings():
    spec = importlib.util.spec_from_file_location("translation_strings", ROOT / "packaging" / "translation_strings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def english_afterwards(qapp):
    yield
    i18n.install_translator(qapp, "en")


def test_simplified_chinese_installs_and_english_restores(qapp) -> None:
    assert i18n.install_translator(qapp, "zh_CN") == "zh_CN"
    assert i18n.language_in_use(qapp) == "zh_CN"
    assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
    assert QCoreApplication.translate("Legend", "No counterpart") == "无对应段落"
    # Qt's own catalogue comes along: standard buttons of dialogs are translated too.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    # Installing twice does not stack translators.
    assert i18n.install_translator(qapp, "zh") == "zh_CN"
    assert len(i18n._installed[id(qapp)]) == 2
    assert i18n.install_translator(qapp, "en") == "en"
    assert i18n.language_in_use(qapp) == "en"
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


@pytest.mark.parametrize(("system", "expected"), [("zh_CN", "zh_CN"), ("zh_TW", "zh_CN"), ("en_US", "en"),
                                                  ("de_DE", "en"), ("C", "en")])
def test_none_follows_the_system_locale(qapp, monkeypatch, system: str, expected: str) -> None:
    monkeypatch.setattr(i18n, "_system_locale", lambda: QLocale(system))
    assert i18n.install_translator(qapp, None) == expected
    assert QCoreApplication.translate("MainWindow", "&View") == ("视图(&V)" if expected == "zh_CN" else "&View")


@pytest.mark.parametrize(("code", "expected"), [("zh", "zh_CN"), ("zh_CN", "zh_CN"), ("zh-Hans", "zh_CN"),
                                                ("zh_HK", "zh_CN"), ("en", "en"), ("en_GB", "en"), ("fr", "en"),
                                                ("", "en")])
def test_language_codes(code: str, expected: str) -> None:
    assert i18n.normalise_language(code) == expected


def test_missing_catalogue_falls_back_to_english(qapp, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    assert i18n.install_translator(qapp, "zh_CN") == "en"
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"


def test_widgets_retranslate_on_switch(qapp, qtbot) -> None:
    legend = Legend()
    qtbot.addWidget(legend)
    assert legend.labels["omission"].text() == "No counterpart"
    i18n.install_translator(qapp, "zh_CN")  # sends LanguageChange to every widget
    qtbot.waitUntil(lambda: legend.labels["omission"].text() == "无对应段落", timeout=2000)
    assert legend.labels["annotation"].toolTip() == "带批注的段落(概览标尺中的刻度)"
    i18n.install_translator(qapp, "en")
    qtbot.waitUntil(lambda: legend.labels["omission"].text() == "No counterpart", timeout=2000)


def test_main_window_menus_in_chinese(qapp, qtbot) -> None:
    from reader_app.ui.fonts import register_bundled_font
    from reader_app.ui.main_window import MainWindow

    register_bundled_font()
    i18n.install_translator(qapp, "zh_CN")
    window = MainWindow()
    qtbot.addWidget(window)
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles[0] == "文件(&F)"
    assert "视图(&V)" in titles
    assert "帮助(&H)" in titles


def test_every_ui_string_has_a_finished_translation() -> None:
    strings = _translation_strings()
    assert strings.missing(TS) == []
    found = strings.source_strings(strings.ui_sources())
    assert "No counterpart" in found["Legend"]
    assert "&File" in found["MainWindow"]


def test_translations_keep_placeholders_and_one_accelerator() -> None:
    for context in ET.parse(TS).getroot().iter("context"):
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.findtext("translation") or ""
            where = f"[{context.findtext('name')}] {source!r}"
            assert translation, where
            assert message.find("translation").get("type") is None, where
            assert sorted(re.findall(r"\{[^}]*\}", source)) == sorted(re.findall(r"\{[^}]*\}", translation)), where
            if re.search(r"&\w", source):
                assert len(re.findall(r"&\w", translation)) == 1, where
            assert source.count("\n") == translation.count("\n"), where


def test_the_committed_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or shutil.which(
        "pyside6-lrelease")
    if lrelease is None:
        pytest.skip("pyside6-lrelease not installed")
    out = tmp_path / "fresh.qm"
    subprocess.run([lrelease, "-silent", str(TS), "-qm", str(out)], check=True, timeout=60)
    assert QM.read_bytes() == out.read_bytes(), "run packaging/update_translations.sh and commit the .qm"


def test_update_script_adds_new_strings_as_unfinished(tmp_path: Path) -> None:
    strings = _translation_strings()
    source = tmp_path / "widget.py"
    source.write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "def _tr(text):\n    return QCoreApplication.translate('Toolbar', text)\n"
        "class Legend:\n    def f(self):\n        tr = self.tr\n"
        "        return self.tr('No counterpart'), tr('Brand new'), _tr('Zoom'), self.tr(f'{x}')\n",
        encoding="utf-8")
    ts = tmp_path / "x.ts"
    shutil.copy(TS, ts)
    todo = strings.missing(ts, [source])
    assert todo == [("Legend", "Brand new"), ("Toolbar", "Zoom")]
    assert strings.add_unfinished(ts, todo) == 2
    assert strings.add_unfinished(ts, todo) == 0
    messages = strings.ts_messages(ts)
    assert messages[("Legend", "Brand new")] == ("", False)
    assert messages[("Toolbar", "Zoom")] == ("", False)
    assert messages[("Legend", "No counterpart")] == ("无对应段落", True)

"""UI language: installs the Simplified Chinese translation (ours and Qt's own) or none, for English."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from reader_app.paths import resources_dir

ENGLISH = "en"
SIMPLIFIED_CHINESE = "zh_CN"
# (code, name in its own language) for a language menu; the names are not translated, by convention.
LANGUAGES = ((ENGLISH, "English"), (SIMPLIFIED_CHINESE, "简体中文"))
CATALOGUE = "bilingual_reader"

# The translators installed last, per application, so that switching removes them first.
_installed: dict[int, list[QTranslator]] = {}


def translations_dir() -> Path:
    return resources_dir() / "translations"


def _system_locale() -> QLocale:
    return QLocale.system()


def normalise_language(language: str | None) -> str:
    """'zh', 'zh_CN', 'zh-Hans', 'zh_TW'... -> 'zh_CN' (the one Chinese translation: Simplified is also
    easier for most Traditional readers than English); anything else -> 'en'. None follows the system."""
    if language is None:
        locale = _system_locale()
        return SIMPLIFIED_CHINESE if locale.language() == QLocale.Language.Chinese else ENGLISH
    code = language.replace("-", "_").lower()
    return SIMPLIFIED_CHINESE if code == "zh" or code.startswith("zh_") else ENGLISH


def _qt_translation_dirs() -> list[Path]:
    """Where Qt's own catalogues (qtbase_zh_CN.qm: standard buttons, dialogs) may be: the Qt installation,
    then a copy beside ours (for a frozen bundle that puts them there)."""
    from PySide6.QtCore import QLibraryInfo  # only for Chinese: an English start-up never needs it

    return [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), translations_dir()]


def install_translator(app: QCoreApplication, language: str | None) -> str:
    """Switch the application's UI language; returns the language now in use ('en' or 'zh_CN').

    Removes what an earlier call installed, then installs our catalogue and Qt's for `language` (None:
    follow QLocale.system()). Installing sends every widget a LanguageChange event; widgets that build their
    texts once must rebuild them. Falls back to English (and says so by the return value) when our .qm file
    is missing."""
    for translator in _installed.pop(id(app), []):
        app.removeTranslator(translator)
    wanted = normalise_language(language)
    if wanted == ENGLISH:
        return ENGLISH
    ours = QTranslator(app)
    if not ours.load(f"{CATALOGUE}_{wanted}", str(translations_dir())):
        return ENGLISH
    installed = [ours]
    for folder in _qt_translation_dirs():
        qt = QTranslator(app)
        if qt.load(f"qtbase_{wanted}", str(folder)):
            installed.append(qt)
            break
    for translator in installed:
        app.installTranslator(translator)
    _installed[id(app)] = installed
    return wanted


def language_in_use(app: QCoreApplication) -> str:
    return SIMPLIFIED_CHINESE if _installed.get(id(app)) else ENGLISH

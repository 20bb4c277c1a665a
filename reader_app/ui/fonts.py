"""The bundled CJK fonts: registered at start-up so Chinese renders with no CJK font on the system.

Chinese text is drawn by a chain of families (Qt's fallback for QFont.setFamilies): WenQuanYi Micro Hei (Chinese
glyph forms, so it stays first), then the system's Chinese fonts, then the bundled Han fallback (a subset of Noto
Sans CJK SC with the Extension A/B and newer characters the main font lacks, see packaging/make_fallback_font.py).
A character none of them draws is shown by the panes as a boxed code point (pane.py)."""

from __future__ import annotations

import functools

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QFontMetrics

from reader_app.paths import fallback_font_path, font_path

_family: str | None = None
_fallback_family: str | None = None


def _add_font(path) -> str:
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        raise RuntimeError(f"bundled font could not be loaded: {path}")
    return families[0]


def register_bundled_font() -> str:
    """Register resources/fonts/WenQuanYiMicroHei.ttf and the Han fallback beside it once; return the main family.

    Raises RuntimeError when a font file is missing or unreadable: a reader that shows tofu is broken,
    so start-up reports it instead of silently falling back."""
    global _family, _fallback_family
    if _family is None:
        _family = _add_font(font_path())
        _fallback_family = _add_font(fallback_font_path())
        # Script conversion keeps a character whose converted form no font here can draw (core/text/convert.py).
        from reader_app.core.text import convert

        convert.set_default_drawable(is_drawable)
    return _family


def bundled_families() -> list[str]:
    """The bundled families in the order of the chain: main font, Han fallback."""
    register_bundled_font()
    return [_family, _fallback_family]  # type: ignore[list-item]


@functools.cache
def system_chinese_families() -> tuple[str, ...]:
    """Installed families with Chinese coverage (fontconfig's language sets), Chinese-specific ones first:
    a pan-CJK or Japanese font may draw a shared code point in its Japanese form."""
    bundled = set(bundled_families())
    seen: dict[str, None] = {}
    for system in (QFontDatabase.WritingSystem.SimplifiedChinese, QFontDatabase.WritingSystem.TraditionalChinese):
        for family in QFontDatabase.families(system):
            if family not in bundled and not QFontDatabase.isPrivateFamily(family):
                seen.setdefault(family)
    japanese = set(QFontDatabase.families(QFontDatabase.WritingSystem.Japanese))
    return tuple(sorted(seen, key=lambda family: family in japanese and not _names_chinese(family)))


def _names_chinese(family: str) -> bool:
    words = family.replace("-", " ").split()
    return any(word in ("SC", "TC", "HK", "CN", "TW", "GB", "Big5") for word in words)


def chinese_families() -> list[str]:
    """The fallback chain for Chinese text, first choice first."""
    main, fallback = bundled_families()
    return [main, *system_chinese_families(), fallback]


def chinese_font(point_size: float = 13.0) -> QFont:
    """The font for Chinese text: the bundled family first, so Qt never falls back to a Japanese font
    (whose glyph variants differ from Chinese ones) for Han characters the main font has."""
    font = QFont()
    font.setFamilies(chinese_families())
    font.setPointSizeF(point_size)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font


def latin_font(point_size: float = 12.0) -> QFont:
    """The font for English text: the system's UI font, then the bundled ones, which also cover Latin and
    therefore still render on a machine with no fonts at all."""
    font = QFont()
    # The resolved family, not an alias such as "Sans Serif", which Qt would skip in a families list.
    system = QFontInfo(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)).family()
    main, fallback = bundled_families()
    families = [system, main, fallback] if system and system not in (main, fallback) else [main, fallback]
    font.setFamilies(families)
    font.setPointSizeF(point_size)
    return font


@functools.cache
def _metrics() -> QFontMetrics:
    return QFontMetrics(chinese_font())


@functools.cache
def is_drawable(char: str) -> bool:
    """Whether some font available to the panes has a glyph for `char` (one character): the Chinese chain's
    families, then whatever Qt's own per-script fallback finds on the system."""
    return _metrics().inFontUcs4(ord(char))

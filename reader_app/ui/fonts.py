"""The bundled CJK font: registered at start-up so Chinese renders with no CJK font on the system."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo

from reader_app.paths import font_path

_family: str | None = None


def register_bundled_font() -> str:
    """Register resources/fonts/WenQuanYiMicroHei.ttf once; return its family name.

    Raises RuntimeError when the font file is missing or unreadable: a reader that shows tofu is broken,
    so start-up reports it instead of silently falling back."""
    global _family
    if _family is None:
        font_id = QFontDatabase.addApplicationFont(str(font_path()))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            raise RuntimeError(f"bundled font could not be loaded: {font_path()}")
        _family = families[0]
    return _family


def chinese_font(point_size: float = 13.0) -> QFont:
    """The font for Chinese text: the bundled family first, so Qt never falls back to a Japanese font
    (whose glyph variants differ from Chinese ones) for Han characters."""
    font = QFont()
    font.setFamilies([register_bundled_font()])
    font.setPointSizeF(point_size)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font


def latin_font(point_size: float = 12.0) -> QFont:
    """The font for English text: the system's UI font, then the bundled one, which also covers Latin and
    therefore still renders on a machine with no fonts at all."""
    font = QFont()
    # The resolved family, not an alias such as "Sans Serif", which Qt would skip in a families list.
    system = QFontInfo(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)).family()
    families = [system, register_bundled_font()] if system else [register_bundled_font()]
    font.setFamilies(families)
    font.setPointSizeF(point_size)
    return font

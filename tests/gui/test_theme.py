"""View ▸ Theme: the app's dark and light looks, the reader's colours following, System putting the look back."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from reader_app.paths import sample_path
from reader_app.ui import settings, theme
from reader_app.ui.colours import scheme_for
from tests.gui.test_main_window import open_and_wait


def _contrast(a, b) -> float:
    def luminance(colour) -> float:
        channels = []
        for value in (colour.redF(), colour.greenF(), colour.blueF()):
            channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_dark_then_light_then_system_and_the_choice_is_remembered(main_window, qtbot) -> None:
    open_and_wait(qtbot, main_window, [str(sample_path())])
    app = QApplication.instance()
    before = app.palette().color(QPalette.ColorRole.Base).name()
    actions = main_window.menu_actions  # noqa: F841 - the menus, with View ▸ Theme, are built on first use
    menu = main_window.menuBar().findChild(type(main_window.menuBar().actions()[0].menu()), "themeMenu")
    assert [a.objectName() for a in menu.actions()] == ["theme-system", "theme-light", "theme-dark"]
    try:
        menu.actions()[2].trigger()
        assert settings.THEME.read(main_window.settings) == "dark"
        palette = app.palette()
        assert palette.color(QPalette.ColorRole.Base).lightness() < 60
        scheme = scheme_for(palette)
        assert scheme.dark
        text = palette.color(QPalette.ColorRole.Text)
        for background in (scheme.omission, scheme.low_confidence, scheme.current_link, scheme.cross_highlight):
            assert _contrast(text, background) >= 4.5
        qtbot.waitUntil(lambda: main_window.view.scheme.dark, timeout=3000)  # the panes repaint in the dark scheme
        gap = main_window.view.gaps("en")[0]
        assert main_window.view.pane("en").block_background(gap) == scheme.omission
        menu.actions()[1].trigger()
        assert app.palette().color(QPalette.ColorRole.Base).lightness() > 200 and not scheme_for(app.palette()).dark
        assert theme.saved_theme(main_window.settings) == "light"
    finally:
        theme.set_theme(main_window.settings, "system")
    assert app.palette().color(QPalette.ColorRole.Base).name() == before
    assert settings.THEME.read(main_window.settings) == "system"

"""View ▸ Theme: the system's look, or the app's own light or dark one (Fusion with a full palette), remembered.

The reader's own colours (omissions, uncertain links, notes, flags) follow the palette through colours.scheme_for,
so a theme is only a palette: every view that paints in the scheme repaints on the palette change."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QAction, QActionGroup, QColor, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QMenuBar

from reader_app.ui import settings

SYSTEM, LIGHT, DARK = "system", "light", "dark"
THEMES = (SYSTEM, LIGHT, DARK)

# What the application looked like before a theme of ours replaced it: "System" puts it back.
_system: tuple[str, QPalette] | None = None


def _tr(text: str) -> str:
    return QCoreApplication.translate("Theme", text)


def dark_palette() -> QPalette:
    """A dark palette whose text passes WCAG AA on every background role (the scheme's colours were chosen
    against #e6e6e6 text on #2b2b2b)."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1f1f1f", QPalette.ColorRole.AlternateBase: "#2a2a2a",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.ToolTipBase: "#3a3a3a", QPalette.ColorRole.ToolTipText: "#f0f0f0",
        QPalette.ColorRole.Highlight: "#3d6fb6", QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#7fb2ff", QPalette.ColorRole.LinkVisited: "#c69cff",
        QPalette.ColorRole.PlaceholderText: "#9a9a9a", QPalette.ColorRole.Mid: "#4a4a4a",
        QPalette.ColorRole.Midlight: "#404040", QPalette.ColorRole.Dark: "#1a1a1a",
        QPalette.ColorRole.Shadow: "#000000", QPalette.ColorRole.Light: "#505050",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette


def apply_theme(theme: str) -> None:
    """Give the application the theme's style and palette now (every window repaints)."""
    global _system
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    style = app.style()
    if _system is None:
        _system = (style.name() if style is not None else "", app.palette())
    if theme == SYSTEM:
        name, palette = _system
        if name and (style is None or style.name() != name):
            app.setStyle(name)
        app.setPalette(palette)
        return
    if style is None or style.name().lower() != "fusion":
        app.setStyle("Fusion")  # the one style that draws any palette as given, on every platform
    fusion = app.style()
    app.setPalette(dark_palette() if theme == DARK else fusion.standardPalette() if fusion else QPalette())


def saved_theme(store: QSettings) -> str:
    theme = settings.THEME.read(store)
    return theme if theme in THEMES else SYSTEM


def set_theme(store: QSettings, theme: str) -> None:
    settings.THEME.write(store, theme)
    apply_theme(theme)


def install_theme_menu(bar: QMenuBar, store: QSettings) -> dict[str, QAction]:
    """View ▸ Theme ▸ System / Light / Dark, the saved one checked (again after the window rebuilt its menus)."""
    view = next((m for a in bar.actions() if isinstance(m := a.menu(), QMenu) and m.objectName() == "viewMenu"),
                None)
    if view is None:
        return {}
    menu = view.addMenu(_tr("&Theme"))
    menu.setObjectName("themeMenu")
    group = QActionGroup(menu)
    current = saved_theme(store)
    actions: dict[str, QAction] = {}
    for theme, title in ((SYSTEM, _tr("&System")), (LIGHT, _tr("&Light")), (DARK, _tr("&Dark"))):
        action = menu.addAction(title)
        action.setCheckable(True)
        action.setChecked(theme == current)
        action.setObjectName(f"theme-{theme}")
        group.addAction(action)
        action.triggered.connect(lambda _on=False, t=theme: set_theme(store, t))
        actions[theme] = action
    return actions

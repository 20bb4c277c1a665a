"""A screenshot of the window on the sample: the omission colour fills exactly the one-sided paragraphs.

Under Xvfb (scripts/test.sh's second run) this grabs the real X window; offscreen it grabs the backing store."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QColor, QGuiApplication, QImage

from reader_app.paths import sample_path
from reader_app.ui.colours import scheme_for
from reader_app.ui.main_window import MainWindow
from tests.gui.test_main_window import open_and_wait


def _paragraph_rects(window: MainWindow, pane) -> dict[int, QRect]:
    """Visible part of each paragraph of `pane`, in window coordinates."""
    viewport = pane.viewport()
    origin = viewport.mapTo(window, QPoint(0, 0))
    visible = QRect(origin, viewport.size())
    rects = {}
    for index in range(len(pane.paragraphs)):
        top = pane.paragraph_top(index) - pane.scroll_value()
        bottom = pane.paragraph_bottom(index) - pane.scroll_value()
        rect = QRect(origin.x() + 2, origin.y() + int(top) + 1, viewport.width() - 4, int(bottom - top) - 2)
        rect = rect.intersected(visible)
        if rect.height() > 6:
            rects[index] = rect
    return rects


class _PaintWatch(QObject):
    """Records which of the watched widgets have received a paint event since it was installed."""

    def __init__(self, *widgets) -> None:
        super().__init__()
        self.painted: set[int] = set()
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            self.painted.add(id(watched))
        return False


def _share_of_colour(image: QImage, rect: QRect, colour: QColor, ratio: float) -> float:
    hits = total = 0
    for y in range(rect.top(), rect.bottom(), 2):
        for x in range(rect.left(), rect.right(), 2):
            total += 1
            pixel = image.pixelColor(round(x * ratio), round(y * ratio))
            if (abs(pixel.red() - colour.red()) <= 2 and abs(pixel.green() - colour.green()) <= 2
                    and abs(pixel.blue() - colour.blue()) <= 2):
                hits += 1
    return hits / max(total, 1)


def test_screenshot_shows_omission_colour_exactly_in_one_sided_paragraphs(main_window, qtbot,
                                                                          artifacts_dir: Path) -> None:
    window = main_window
    window.resize(1280, 900)
    window.show()
    qtbot.waitExposed(window)
    open_and_wait(qtbot, window, [str(sample_path())])
    viewports = [window.view.zh_pane.viewport(), window.view.en_pane.viewport()]
    watch = _PaintWatch(*viewports)
    window.view.zh_pane.verticalScrollBar().setValue(0)
    # The grab must show the frame painted after the scroll: ask for one (the value may already have been 0,
    # which repaints nothing) and wait until both panes have painted it. Under xcb the backing store is flushed
    # to the X server at the end of that same paint pass, before waitUntil looks again.
    # Each viewport is asked directly: a repaint of the window alone may be served from the backing store.
    for viewport in viewports:
        viewport.update()
    qtbot.waitUntil(lambda: watch.painted == {id(v) for v in viewports}, timeout=5000)
    screen = window.screen() or QGuiApplication.primaryScreen()
    image = screen.grabWindow(window.winId()).toImage()
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    image.save(str(artifacts_dir / f"reader-window-{platform}.png"))
    ratio = image.width() / window.width()
    omission = scheme_for(window.view.palette()).omission
    expected = {"zh": {1}, "en": {4, 6, 7}}
    checked_highlighted = 0
    for language in ("zh", "en"):
        pane = window.view.pane(language)
        for index, rect in _paragraph_rects(window, pane).items():
            share = _share_of_colour(image, rect, omission, ratio)
            if index in expected[language]:
                # The background shows between glyphs and lines: most of the rectangle.
                assert share > 0.4, (language, index, share)
                checked_highlighted += 1
            else:
                assert share == 0.0, (language, index, share)
    assert checked_highlighted >= 2  # zh 1 and en 4 are on the first screen

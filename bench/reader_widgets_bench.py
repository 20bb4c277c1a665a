"""Link map and overview ruler on a 10,000-paragraph bitext (the sample's paragraphs repeated), offscreen.

Measures one link-map paint at 300 scroll positions (linked and scrolled apart), the overview ruler's tick
pixmap build and its handle-only repaint, and how many paragraph rectangles one link-map paint looks up.
Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/reader_widgets_bench.py [--paragraphs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=10_000)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication, QHBoxLayout, QLayout, QWidget

    app = QApplication.instance() or QApplication([])
    from reader_app.core.alignment import Alignment, Link
    from reader_app.core.documents import load_document
    from reader_app.core.model import Paragraph
    from reader_app.paths import sample_path
    from reader_app.ui import link_map as link_map_module
    from reader_app.ui.fonts import chinese_font, latin_font, register_bundled_font
    from reader_app.ui.link_map import LinkMap, block_rect
    from reader_app.ui.overview_ruler import OverviewRuler
    from reader_app.ui.pane import ParagraphPane

    # Time the paint handlers themselves: repaint() also flushes the whole window to the offscreen surface.
    painted: list[tuple[str, float]] = []

    def measuring(paint):
        def wrapper(self, event):
            start = time.perf_counter()
            paint(self, event)
            painted.append((type(self).__name__, (time.perf_counter() - start) * 1000))
        return wrapper

    LinkMap.paintEvent = measuring(LinkMap.paintEvent)
    OverviewRuler.paintEvent = measuring(OverviewRuler.paintEvent)

    register_bundled_font()
    sample = load_document(sample_path())
    # The sample's gold links, repeated: 1-0 and 0-1 gaps included.
    gold = [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,)), ((4,), (3,)), ((), (4,)), ((5,), (5,)),
            ((), (6,)), ((), (7,))]
    repeats = max(1, args.paragraphs // len(sample.en))
    zh: list[Paragraph] = []
    en: list[Paragraph] = []
    links: list[Link] = []
    for r in range(repeats):
        for z, e in gold:
            links.append(Link(tuple(len(zh) + i - z[0] for i in z) if z else (),
                              tuple(len(en) + i - e[0] for i in e) if e else (), 0.3 if r % 7 == 0 else 0.9))
            zh.extend(sample.zh.paragraphs[i] for i in z)
            en.extend(sample.en.paragraphs[i] for i in e)
    alignment = Alignment(tuple(links))
    alignment.validate(len(zh), len(en))

    window = QWidget()
    left, right = ParagraphPane("zh"), ParagraphPane("en")
    link_map = LinkMap(left, right)
    ruler = OverviewRuler(left, right)
    layout = QHBoxLayout(window)
    layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget, stretch in ((left, 1), (link_map, 0), (right, 1), (ruler, 0)):
        layout.addWidget(widget, stretch)
    window.resize(1280, 820)
    left.set_paragraphs(zh, chinese_font())
    right.set_paragraphs(en, latin_font())
    window.show()
    app.processEvents()
    for pane in (left, right):  # finish the lazy layout, as the reader view's geometry cache does
        block_rect(pane, pane.document().blockCount() - 1)
    app.processEvents()
    link_map.set_alignment(alignment, "zh")
    ruler.set_marks(alignment.gaps("zh"), alignment.gaps("en"), [("zh", i) for i in range(0, len(zh), 97)])

    def timed(widget) -> float:
        """Paint time of `widget` alone (repaint() also paints other widgets with pending updates)."""
        painted.clear()
        widget.repaint()
        return sum(ms for name, ms in painted if name == type(widget).__name__)

    lbar, rbar = left.verticalScrollBar(), right.verticalScrollBar()
    positions = [round(lbar.maximum() * k / 299) for k in range(300)]
    linked, apart, lookups = [], [], []
    calls = [0]
    real = link_map_module.block_rect

    def counting(pane, index):
        calls[0] += 1
        return real(pane, index)

    link_map_module.block_rect = counting
    for value in positions:
        lbar.setValue(value)
        # Roughly linked: the same fraction of the other document.
        rbar.setValue(round(rbar.maximum() * value / max(1, lbar.maximum())))
        calls[0] = 0
        linked.append(timed(link_map))
        lookups.append(calls[0])
    for value in positions[:100]:
        lbar.setValue(value)
        rbar.setValue(rbar.maximum() - value)  # scrolled apart: thousands of bands cross the strip
        apart.append(timed(link_map))
    link_map_module.block_rect = real

    builds = []
    for _ in range(5):
        ruler.invalidate_ticks()
        builds.append(timed(ruler))
    before = ruler.tick_pixmap_builds
    handle = []
    for value in positions:
        lbar.setValue(value)
        handle.append(timed(ruler))
    assert ruler.tick_pixmap_builds == before

    def p99(values: list[float]) -> float:
        return sorted(values)[min(len(values) - 1, round(0.99 * (len(values) - 1)))]

    print(f"paragraphs: {len(zh)} zh, {len(en)} en, {len(links)} links")
    print(f"link map paint, linked: median {statistics.median(linked):.2f} ms, p99 {p99(linked):.2f} ms, "
          f"rectangles looked up: median {statistics.median(lookups):.0f}, max {max(lookups)}")
    print(f"link map paint, panes apart: median {statistics.median(apart):.2f} ms, p99 {p99(apart):.2f} ms")
    print(f"ruler tick build: median {statistics.median(builds):.1f} ms; handle repaint: median "
          f"{statistics.median(handle):.2f} ms, p99 {p99(handle):.2f} ms")
    print(f"RESULT paragraphs={len(zh) + len(en)} linkmap_median_ms={statistics.median(linked):.2f} "
          f"linkmap_p99_ms={p99(linked):.2f} linkmap_apart_p99_ms={p99(apart):.2f} "
          f"linkmap_lookups_max={max(lookups)} ruler_build_ms={statistics.median(builds):.1f} "
          f"ruler_handle_median_ms={statistics.median(handle):.2f} ruler_handle_p99_ms={p99(handle):.2f}")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

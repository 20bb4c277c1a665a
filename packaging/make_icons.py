"""Render resources/icons/bilingual-reader.svg to the PNG sizes desktops ask for, a Windows .ico and a macOS .icns.

Both containers hold PNG images (Windows Vista+ and macOS 10.7+ read those), written here by hand so no imaging
library is needed: QtSvg draws, QImage encodes PNG. Run it after editing the SVG and commit what it writes:
    .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "bilingual-reader.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size (Apple's icns format: 'icp4' 16 ... 'ic09' 512).
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """ICONDIR, one ICONDIRENTRY per size (0 means 256), then the PNG images."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        png = pngs[size]
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(images))
        images += png
    return header + entries + images


def icns(pngs: dict[int, bytes]) -> bytes:
    """'icns' + total length, then (type, length including its 8-byte header, PNG) elements."""
    body = b"".join(ICNS_TYPES[size] + struct.pack(">I", len(png) + 8) + png
                    for size, png in sorted(pngs.items()) if size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (QImage/QPainter need it)
    pngs = {size: render_png(size) for size in PNG_SIZES}
    for size, png in pngs.items():
        (ICONS / f"bilingual-reader-{size}.png").write_bytes(png)
    (ICONS / "bilingual-reader.ico").write_bytes(ico({s: pngs[s] for s in ICO_SIZES}))
    (ICONS / "bilingual-reader.icns").write_bytes(icns(pngs))
    print(f"make_icons: {len(pngs)} PNG sizes, bilingual-reader.ico, bilingual-reader.icns in {ICONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

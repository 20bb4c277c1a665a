"""Reproduce resources/fonts/WenQuanYiMicroHei.ttf from Debian's fonts-wqy-microhei package.

Why this font: it draws Chinese (not Japanese) glyph forms, covers the GBK repertoire (Simplified and
Traditional, 20,932 unified ideographs), Latin with the pinyin tone marks the sample's ruby annotations use,
and is 5 MB as one face, well under the 15 MB budget. Apache-2.0 (or GPLv3 with the font exception).

Usage (as root on Debian/Ubuntu, or with the .deb already downloaded):
    python packaging/make_font.py [path/to/fonts-wqy-microhei.deb]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "resources" / "fonts" / "WenQuanYiMicroHei.ttf"


# Pinyin third-tone vowels (and a few marks) are in the font's cmap but drawn as empty glyphs, which would
# render `領(lǐng)` as `l ng`. Rebuild them as composites of a base letter and a spacing mark; the lift
# puts a mark above the dieresis, as the font's own ǖ does.
COMPOSITES: dict[int, tuple[str, str, int]] = {
    0x01CE: ("a", "caron", 0),
    0x01D0: ("dotlessi", "caron", 0),
    0x01D2: ("o", "caron", 0),
    0x01D4: ("u", "caron", 0),
    0x01D8: ("udieresis", "acute", 376),
    0x01DA: ("udieresis", "caron", 376),
    0x01DC: ("udieresis", "grave", 376),
}


def compose_empty_pinyin_glyphs(font) -> None:
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

    glyf, hmtx, cmap = font["glyf"], font["hmtx"], font.getBestCmap()
    for codepoint, (base, mark, lift) in COMPOSITES.items():
        name = cmap[codepoint]
        if glyf[name].numberOfContours != 0:
            continue  # already drawn
        for part in (base, mark):
            glyf[part].recalcBounds(glyf)
        b, m = glyf[base], glyf[mark]
        components = []
        for glyph_name, x, y in (
            (base, 0, 0),
            (mark, round((b.xMin + b.xMax) / 2 - (m.xMin + m.xMax) / 2), lift),
        ):
            component = GlyphComponent()
            component.glyphName, component.x, component.y, component.flags = glyph_name, x, y, 0x4
            components.append(component)
        glyph = Glyph()
        glyph.numberOfContours = -1
        glyph.components = components
        glyf[name] = glyph
        glyph.recalcBounds(glyf)
        hmtx[name] = (hmtx[base][0], glyph.xMin)


def font_from_package(package: str, font_file: str, tmpdir: Path) -> Path:
    """`font_file` unpacked into `tmpdir` from Debian's `package`: the .deb given on the command line, else the one
    `apt-get download` fetches (the fonts are taken from Debian's packages, so their licences travel with them)."""
    if len(sys.argv) > 1:
        deb = Path(sys.argv[1]).resolve()
    else:
        subprocess.run(["apt-get", "download", package], cwd=tmpdir, check=True)
        deb = next(tmpdir.glob(f"{package}_*.deb"))
    subprocess.run(["dpkg", "-x", str(deb), str(tmpdir / "x")], check=True)
    return next((tmpdir / "x").rglob(font_file))


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        ttc = font_from_package("fonts-wqy-microhei", "wqy-microhei.ttc", Path(tmp))
        # Face 0 is the proportional "WenQuanYi Micro Hei"; face 1 (Mono) shares its glyphs and is not needed.
        face = TTCollection(str(ttc)).fonts[0]
        compose_empty_pinyin_glyphs(face)
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        face.save(str(TARGET))
    print(f"wrote {TARGET} ({TARGET.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

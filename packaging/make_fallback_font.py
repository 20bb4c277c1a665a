"""Build resources/fonts/HanFallback.otf: the Han characters WenQuanYi Micro Hei cannot draw, from Noto Sans CJK SC.

The main font stops at CJK Unified Ideographs 4E00-9FA5: no Extension A (㐀, 䶮), B and later (𠀋, 𤇄) nor the newer
URO characters (鿏). This subset of Debian's fonts-noto-cjk (face "Noto Sans CJK SC": Chinese glyph forms and a
sans design like the main font's) carries exactly those: every Han ideograph it draws that the main font does not,
and the few GB 2312 / Big5 symbols the main font lacks.
Measured on the candidates (subset to the same code points, hinting and layout tables dropped):

    Noto Sans CJK SC (fonts-noto-cjk)   Ext A 6582/6592  Ext B  2108   2.4 MB   <- chosen: Chinese forms, sans
    Droid Sans Fallback Full            Ext A 6582       Ext B     0   1.1 MB   (no Ext B: misses 196 of the 8,105)
    WenQuanYi Zen Hei                   Ext A 6582       Ext B     1   2.5 MB
    HanaMinA (fonts-hanazono)           Ext A 6582       Ext B  2858   4.7 MB   Japanese forms
    HanaMinB                            Ext A    0       Ext B 42711  22.1 MB   (all of Ext B: over the bundle budget)
    BabelStone Han                      Ext A 4613       Ext B 14133  16.0 MB
    AR PL UMing / UKai                  Ext A  762       Ext B  1790   2.1 MB
    TW-Sung (fonts-cns11643-sung)       Ext A 6582       Ext B     0   4.0 MB
    Unifont                             Ext A 6592       Ext B     0   0.8 MB   (16-pixel bitmap outlines)

Run from the repository root (downloads fonts-noto-cjk with apt-get unless given the .deb):
    python packaging/make_fallback_font.py [path/to/fonts-noto-cjk.deb]
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont
from make_font import font_from_package  # packaging/ is the script's folder: on sys.path

ROOT = Path(__file__).resolve().parent.parent
MAIN = ROOT / "resources" / "fonts" / "WenQuanYiMicroHei.ttf"
TARGET = ROOT / "resources" / "fonts" / "HanFallback.otf"
LICENCE = ROOT / "resources" / "fonts" / "HanFallback-LICENSE.txt"
SOURCE_FACE = "Noto Sans CJK SC"
# A name of its own: a modified (subset) font under the OFL, and no clash with a system-installed Noto Sans CJK SC.
FAMILY = "Bilingual Reader Han Fallback"

# Han ideograph blocks (Unicode 16): the URO, Extension A, Extensions B-I, and both compatibility blocks.
HAN_BLOCKS = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x323AF),
    (0x2F800, 0x2FA1F),
)


def han_code_points() -> set[int]:
    return {cp for first, last in HAN_BLOCKS for cp in range(first, last + 1)}


def legacy_code_points() -> set[int]:
    """Every character of GB 2312 and Big5 (symbols too: the main font lacks ℃, Ⅴ, Ⅹ)."""
    found = set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            for codec in ("gb2312", "big5"):
                with contextlib.suppress(UnicodeDecodeError):
                    found.update(map(ord, bytes((lead, trail)).decode(codec)))
    return found


def drawn_code_points(font: TTFont) -> set[int]:
    """Code points whose glyph has an outline (a cmap entry pointing at an empty glyph draws nothing)."""
    from fontTools.pens.boundsPen import ControlBoundsPen

    glyphs = font.getGlyphSet()
    glyf = font.get("glyf")
    drawn = set()
    for cp, name in font.getBestCmap().items():
        if glyf is not None:
            if glyf[name].numberOfContours != 0:
                drawn.add(cp)
            continue
        pen = ControlBoundsPen(glyphs)
        glyphs[name].draw(pen)
        if pen.bounds is not None:
            drawn.add(cp)
    return drawn


def rename(font: TTFont) -> None:
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (16, 17, 21, 22):
            names.removeNames(nameID=record.nameID)
    for name_id, value in ((1, FAMILY), (2, "Regular"), (3, f"{FAMILY}; subset of {SOURCE_FACE}"),
                           (4, FAMILY), (6, FAMILY.replace(" ", "") + "-Regular")):
        names.removeNames(nameID=name_id)
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [FAMILY.replace(" ", "") + "-Regular"]
        top = cff.topDictIndex[0]
        for key in ("FamilyName", "FullName"):
            if hasattr(top, key):
                setattr(top, key, FAMILY)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        ttc = font_from_package("fonts-noto-cjk", "NotoSansCJK-Regular.ttc", tmpdir)
        faces = TTCollection(str(ttc)).fonts
        index = next(i for i, face in enumerate(faces) if face["name"].getDebugName(4) == SOURCE_FACE)
        wanted = (han_code_points() | legacy_code_points()) & drawn_code_points(faces[index])
        wanted -= drawn_code_points(TTFont(str(MAIN)))

        options = subset.Options()
        options.font_number = index
        options.layout_features = []  # one glyph per code point: no vertical forms, no locl variants needed
        options.hinting = False  # Qt renders CJK at text sizes without hints (and the main font has none)
        options.notdef_outline = True
        options.name_IDs = ["*"]
        options.name_languages = [0x409]
        options.drop_tables += ["DSIG", "meta"]
        font = subset.load_font(str(ttc), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(wanted))
        subsetter.subset(font)
        rename(font)
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        subset.save_font(font, str(TARGET), options)
        # Debian's copyright file: upstream's copyright notice and the full SIL Open Font License 1.1 text.
        shutil.copyfile(next((tmpdir / "x").rglob("fonts-noto-cjk/copyright")), LICENCE)
    print(f"wrote {TARGET} ({len(wanted)} code points, {TARGET.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

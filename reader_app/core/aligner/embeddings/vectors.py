"""Embeddings of texts and of concatenations of texts: looked up in the store, encoded only when missing."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from reader_app.core.aligner.embeddings.encoder import DIM, STORE_DTYPE, encoder, pooled_sums
from reader_app.core.aligner.embeddings.store import (
    EmbeddingCache,
    default_cache,
    pack_record,
    record_key,
    text_key,
    unpack_record,
)
from reader_app.core.cancellation import CancelCallback, Cancelled, ProgressCallback

# Texts per model call: small enough that progress moves and cancellation answers within ~0.3 s.
ENCODE_CHUNK = 96
# Concatenations pooled per model call (span_vectors): bounds the pooling records held at once.
SPAN_BLOCK = 256


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
    flat = np.frombuffer(b"".join(found[k] for k in keys), dtype=STORE_DTYPE)
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
        vectors = vectors.astype(STORE_DTYPE)
        items = [(key, vectors[k].tobytes()) for k, (key, _) in enumerate(part)]
        out.update(items)
        items += [(record_key(key), pack_record(records[k])) for k, (key, _) in enumerate(part)]
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
    key_of = dict(zip(starts, keys, strict=True))
    # By blocks of SPAN_BLOCK spans: a unit's pooling record is 15 KB, and the records of every missing span of a
    # book at once (n x width x 15 KB) were the cold run's peak, over 1 GB for 13k sentences at width 5.
    for b0 in range(0, len(missing), SPAN_BLOCK):
        block = missing[b0 : b0 + SPAN_BLOCK]
        units = sorted({u for s in block for u in range(s, s + width)})
        unit_keys = {u: text_key(texts[u]) for u in units}
        records = cache.get_many(record_key(k) for k in unit_keys.values())
        lacking = [u for u in units if record_key(unit_keys[u]) not in records]
        if lacking:
            _encode_into(cache, list({unit_keys[u]: texts[u] for u in lacking}.items()))
            records.update(cache.get_many(record_key(unit_keys[u]) for u in lacking))
        unpacked = {u: unpack_record(records[record_key(unit_keys[u])]) for u in units}
        del records
        stacked = np.stack([np.stack([unpacked[u] for u in range(s, s + width)]) for s in block])
        del unpacked
        vectors = encoder().head(*pooled_sums(stacked, width)).astype(STORE_DTYPE)
        items = list({key_of[s]: vectors[n].tobytes() for n, s in enumerate(block)}.items())
        cache.put_many(items)
        found.update(items)
    if not keys:
        return np.zeros((0, DIM), dtype=np.float32)
    flat = np.frombuffer(b"".join(found[k] for k in keys), dtype=STORE_DTYPE)
    return flat.reshape(len(keys), DIM).astype(np.float32)


_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_WRAP = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")


def _model_input(text: str) -> str:
    # The key ignores whitespace, so the model input must depend on it as little as possible: runs collapse to one
    # space, and a line break inside Chinese text (a wrapped line, not a word boundary) disappears.
    return _CJK_WRAP.sub("", " ".join(text.split()))

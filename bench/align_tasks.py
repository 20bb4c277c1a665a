"""Alignment tasks built from ../shared/corpus/mac-dev (read in place, never copied) and their scoring."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "mac-dev"

GoldLink = tuple[tuple[int, ...], tuple[int, ...]]


def corpus_available() -> bool:
    return (CORPUS / "gold").is_dir()


def parse_align(text: str) -> list[GoldLink]:
    links = []
    for line in text.splitlines():
        if not line.strip():
            continue
        left, right = line.strip().split(":")
        zh = tuple(int(x) for x in left.strip("[]").split(",") if x.strip())
        en = tuple(int(x) for x in right.strip("[]").split(",") if x.strip())
        links.append((zh, en))
    return links


def chapters() -> list[tuple[str, list[str], list[str], list[GoldLink]]]:
    """(name, zh sentences, en sentences, gold links) per chapter of mac-dev."""
    out = []
    for gold in sorted((CORPUS / "gold").glob("*.align")):
        name = gold.stem
        zh = (CORPUS / "zh" / name).read_text(encoding="utf-8").splitlines()
        en = (CORPUS / "en" / name).read_text(encoding="utf-8").splitlines()
        out.append((name, zh, en, parse_align(gold.read_text(encoding="utf-8"))))
    return out


def _paragraph_groups(gold: Sequence[GoldLink], rng: random.Random) -> list[list[GoldLink]]:
    """Consecutive gold links grouped into paragraphs of 2-6 links (the paragraph tasks' shared grouping)."""
    groups: list[list[GoldLink]] = []
    k = 0
    while k < len(gold):
        size = rng.randint(2, 6)
        groups.append(list(gold[k : k + size]))
        k += size
    return groups


def paragraph_task(
    zh: Sequence[str], en: Sequence[str], gold: Sequence[GoldLink], seed: int, drop: float = 0.08, split: float = 0.08
) -> tuple[list[str], list[str], list[GoldLink]]:
    """Consecutive gold links grouped into paragraphs of 2-6 links; ~8% dropped from one side, ~8% split on one."""
    rng = random.Random(seed)
    groups = _paragraph_groups(gold, rng)
    zh_out: list[str] = []
    en_out: list[str] = []
    links: list[GoldLink] = []

    def text(ids: Iterable[int], side: Sequence[str], sep: str) -> str:
        return sep.join(side[i] for i in ids)

    for group in groups:
        zh_ids = [i for link in group for i in link[0]]
        en_ids = [j for link in group for j in link[1]]
        r = rng.random()
        if r < drop or not zh_ids or not en_ids:
            # One side loses the paragraph: a gap.
            keep_zh = (rng.random() < 0.5) if zh_ids and en_ids else bool(zh_ids)
            if keep_zh:
                links.append(((len(zh_out),), ()))
                zh_out.append(text(zh_ids, zh, ""))
            else:
                links.append(((), (len(en_out),)))
                en_out.append(text(en_ids, en, " "))
        elif r < drop + split and len(group) >= 2:
            cut = rng.randint(1, len(group) - 1)
            first, second = group[:cut], group[cut:]
            if rng.random() < 0.5:
                parts = [[i for link in part for i in link[0]] for part in (first, second)]
                if all(parts):
                    links.append(((len(zh_out), len(zh_out) + 1), (len(en_out),)))
                    zh_out.extend(text(p, zh, "") for p in parts)
                    en_out.append(text(en_ids, en, " "))
                    continue
            parts = [[j for link in part for j in link[1]] for part in (first, second)]
            if all(parts):
                links.append(((len(zh_out),), (len(en_out), len(en_out) + 1)))
                zh_out.append(text(zh_ids, zh, ""))
                en_out.extend(text(p, en, " ") for p in parts)
            else:
                links.append(((len(zh_out),), (len(en_out),)))
                zh_out.append(text(zh_ids, zh, ""))
                en_out.append(text(en_ids, en, " "))
        else:
            links.append(((len(zh_out),), (len(en_out),)))
            zh_out.append(text(zh_ids, zh, ""))
            en_out.append(text(en_ids, en, " "))
    return zh_out, en_out, links


def paragraph_tasks(
    seeds: Sequence[int] = (1, 2, 3, 4), names: Sequence[str] | None = None, wide: bool = False
) -> list[tuple[str, list[str], list[str], list[GoldLink]]]:
    """Paragraph tasks of the chapters `names` (all when None), one per seed; `wide`: wide_paragraph_task's."""
    out = []
    for name, zh, en, gold in chapters():
        if names is not None and name not in names:
            continue
        for seed in seeds:
            build = wide_paragraph_task if wide else paragraph_task
            z, e, g = build(zh, en, gold, seed * 1000 + int(name))
            out.append((f"{name}/{seed}", z, e, g))
    return out


def wide_paragraph_task(
    zh: Sequence[str], en: Sequence[str], gold: Sequence[GoldLink], seed: int, drop: float = 0.05, wide: float = 0.12
) -> tuple[list[str], list[str], list[GoldLink]]:
    """Paragraph tasks as translators paragraph differently: consecutive gold links grouped into paragraphs of 2-6
    links, ~5% dropped from one side, ~12% of the paragraphs (with their successor) re-cut on one side into a
    wider link: one paragraph into 3 or 4 (1x3 / 1x4), or two into 3 (2x3), each shape as often, either side."""
    rng = random.Random(seed)
    groups = _paragraph_groups(gold, rng)
    zh_out: list[str] = []
    en_out: list[str] = []
    links: list[GoldLink] = []
    sides = ((zh, zh_out, ""), (en, en_out, " "))

    def cut(group: list[GoldLink], pieces: int, side: int) -> list[list[int]] | None:
        """The group's units of one side in `pieces` runs of whole gold links, or None when it has too few."""
        runs = [list(link[side]) for link in group if link[side]]
        if len(runs) < pieces:
            return None
        cuts = sorted(rng.sample(range(1, len(runs)), pieces - 1))
        bounds = [0, *cuts, len(runs)]
        return [[u for run in runs[bounds[n] : bounds[n + 1]] for u in run] for n in range(pieces)]

    g = 0
    while g < len(groups):
        group = groups[g]
        ids = [[u for link in group for u in link[s]] for s in (0, 1)]
        r = rng.random()
        if r < drop or not ids[0] or not ids[1]:
            s = (rng.random() < 0.5) if ids[0] and ids[1] else (0 if ids[0] else 1)
            side, out, sep = sides[s]
            links.append(((len(out),), ()) if s == 0 else ((), (len(out),)))
            out.append(sep.join(side[u] for u in ids[s]))
            g += 1
            continue
        if r < drop + wide:
            shape = rng.choice(((1, 3), (1, 4), (2, 3)))
            s = rng.randrange(2)  # the side cut into more paragraphs
            taken = group + (groups[g + 1] if shape[0] == 2 and g + 1 < len(groups) else [])
            many = cut(taken, shape[1], s)
            few = [[u for link in part for u in link[1 - s]] for part in (group, taken[len(group) :])]
            few = [part for part in few if part][: shape[0]]
            if many is not None and len(few) == shape[0]:
                parts = {s: many, 1 - s: few}
                ends = []
                for t in (0, 1):
                    side, out, sep = sides[t]
                    ends.append(tuple(range(len(out), len(out) + len(parts[t]))))
                    out.extend(sep.join(side[u] for u in part) for part in parts[t])
                links.append((ends[0], ends[1]))
                g += 2 if len(taken) > len(group) else 1
                continue
        for t in (0, 1):
            side, out, sep = sides[t]
            out.append(sep.join(side[u] for u in ids[t]))
        links.append(((len(zh_out) - 1,), (len(en_out) - 1,)))
        g += 1
    return zh_out, en_out, links


class Score:
    """Strict and lax link F1 and gap F1, pooled over tasks (the aligner literature's convention)."""

    def __init__(self) -> None:
        self.strict_tp = self.pred = self.gold_nonempty = self.strict_rec_tp = 0
        self.lax_tp = self.lax_rec_tp = 0
        self.gap_tp = self.gap_pred = self.gap_gold = 0
        self.exact_tasks = self.tasks = 0

    def add(self, predicted: Sequence[GoldLink], gold: Sequence[GoldLink]) -> None:
        pred = [(tuple(z), tuple(e)) for z, e in predicted]
        gold = [(tuple(z), tuple(e)) for z, e in gold]
        gold_set = set(gold)
        pred_set = set(pred)
        self.tasks += 1
        self.exact_tasks += pred == gold
        self.pred += len(pred)
        self.strict_tp += sum(1 for link in pred if link in gold_set)
        nonempty = [g for g in gold if g[0] and g[1]]
        self.gold_nonempty += len(nonempty)
        self.strict_rec_tp += sum(1 for g in nonempty if g in pred_set)

        def overlaps(x: GoldLink, ys: Sequence[GoldLink]) -> bool:
            if not x[0] or not x[1]:
                return x in ys
            return any(set(x[0]) & set(y[0]) and set(x[1]) & set(y[1]) for y in ys)

        self.lax_tp += sum(1 for link in pred if overlaps(link, gold))
        self.lax_rec_tp += sum(1 for g in nonempty if overlaps(g, pred))
        pg = {("zh", i) for z, e in pred if not e for i in z} | {("en", j) for z, e in pred if not z for j in e}
        gg = {("zh", i) for z, e in gold if not e for i in z} | {("en", j) for z, e in gold if not z for j in e}
        self.gap_tp += len(pg & gg)
        self.gap_pred += len(pg)
        self.gap_gold += len(gg)

    @staticmethod
    def _f1(tp_p: int, n_p: int, tp_r: int, n_r: int) -> float:
        p = tp_p / n_p if n_p else 0.0
        r = tp_r / n_r if n_r else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def strict_f1(self) -> float:
        return self._f1(self.strict_tp, self.pred, self.strict_rec_tp, self.gold_nonempty)

    @property
    def lax_f1(self) -> float:
        return self._f1(self.lax_tp, self.pred, self.lax_rec_tp, self.gold_nonempty)

    @property
    def gap_f1(self) -> float:
        return self._f1(self.gap_tp, self.gap_pred, self.gap_tp, self.gap_gold)

    def summary(self) -> str:
        return (
            f"strict F1 {self.strict_f1:.4f}  lax F1 {self.lax_f1:.4f}  gap F1 {self.gap_f1:.4f} "
            f"(gap P {self.gap_tp}/{self.gap_pred}, R {self.gap_tp}/{self.gap_gold})  "
            f"exact {self.exact_tasks}/{self.tasks}"
        )


def gold_from_prefixes(zh: Sequence[str], en: Sequence[str], gold: dict) -> list[GoldLink]:
    """The sample's gold links (paragraphs named by the start of their text) as index links.

    `zh_alt` prefixes may be separate paragraphs (then part of the same link) or inside the previous one."""

    def norm(text: str) -> str:
        return "".join(text.split())

    def find(units: Sequence[str], prefix: str) -> int | None:
        hits = [i for i, u in enumerate(units) if norm(u).startswith(norm(prefix))]
        return hits[0] if hits else None

    links: list[GoldLink] = []
    for link in gold["links"]:
        zh_ids = [find(zh, p) for p in link["zh"]]
        zh_ids += [i for i in (find(zh, p) for p in link.get("zh_alt", [])) if i is not None]
        en_ids = [find(en, p) for p in link["en"]]
        if None in zh_ids or None in en_ids:
            raise ValueError(f"gold prefix not found: {link}")
        links.append((tuple(sorted(zh_ids)), tuple(sorted(en_ids))))
    return links

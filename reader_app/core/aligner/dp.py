"""Banded monotone dynamic programming over two unit sequences, with a swappable link scorer.

Contract (read by every scorer, tier 1 and tier 2 alike):

* Units are numbered 0..n_zh-1 and 0..n_en-1. A DP cell (i, j) means "the first i Chinese and first j English
  units are aligned". A link of kind (a, b) ending at cell (i, j) covers zh[i-a:i] and en[j-b:j].
* Kinds: every (a, b) with 0 <= a <= max_zh, 0 <= b <= max_en, except (0, 0) and except wider gaps: a unit
  without counterpart is always its own (1, 0) or (0, 1) link; with `max_units`, only links of at most that many
  units (a + b): paragraphs go up to 1 x 4 / 4 x 1 and 2 x 3 / 3 x 2 (5) without 3 x 3 .. 4 x 4, which translators
  hardly make and which would double the DP's kinds.
* `scorer.link_scores(a, b, i_end, j_end)` gets two int64 arrays of equal shape (the cells where such a link may
  end; the DP guarantees i_end >= a and j_end >= b) and returns float scores of the same shape, HIGHER IS
  BETTER. The DP maximises the sum of link scores along the path, so the scores of (1, 0) and (0, 1) are the
  (usually negative) skip scores, and a wide link must be worth more than the sum of the narrower links and
  skips it replaces. Return -inf to forbid a link. The DP calls it once per kind per chunk of rows.
* `scorer.chunk_scores(kinds, i_end, j_end)` (optional) returns link_scores for several kinds at once, one row per
  kind, -inf where a kind cannot end (i_end < a or j_end < b); the DP then calls it once per chunk instead of
  link_scores once per kind (a scorer shares the look-ups that kinds have in common).
* `scorer.confidence(a, b, i_end, j_end, scores)` (optional) maps the chosen links of one kind, with their
  scores, to confidences in [0, 1]. If it also takes a keyword `margins`, it gets, per link, how much better the
  chosen way into the link's end cell was than the runner-up (another link kind or a skip into the same cell).
  Without it the DP uses a logistic of that margin.
* `scorer.first_pass()` (optional) returns a monotone path as (zh position, en position) pairs from (0, 0) to
  (n_zh, n_en); the band is built around it. Without it the band follows the diagonal weighted by
  `scorer.zh_lengths` / `scorer.en_lengths` (unit lengths, optional; plain diagonal when absent). A caller's
  `align_dp(..., path=path_of(links))` overrides both (e.g. a second run after an earlier one).
* `scorer.prepare(lo, hi, max_zh, max_en)` (optional) is called before each DP pass with the band: row i holds the
  cells (i, j) for lo[i] <= j < hi[i]. A scorer may precompute what those cells need (pairwise evidence, the
  embeddings of just the units and concatenations the band can reach).
* Band: cells within `band` rows/columns of the first-pass path. When the best path comes within a quarter of
  the band of its edge, the band is re-centred on that path with twice the width and the DP runs again (at most
  a few times), so a poor first pass costs time, not accuracy; cost is linear in n for a fixed band.
* `progress(done, total)` is called per chunk of rows and never goes back; `cancel()` returning True raises
  `Cancelled`.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from reader_app.core.alignment import Link
from reader_app.core.cancellation import CancelCallback, Cancelled, ProgressCallback

NEG_INF = -np.inf
_CHUNK_ROWS = 512
_CHUNK_CELLS = 1 << 17
# One link of a DP path as _run_band finds it: (i_end, j_end, a, b, score, margin over the runner-up).
_RawLink = tuple[int, int, int, int, float, float]


@runtime_checkable
class LinkScorer(Protocol):
    """Scores candidate links; see the module docstring for the contract."""

    def link_scores(self, a: int, b: int, i_end: np.ndarray, j_end: np.ndarray) -> np.ndarray: ...


def monotone(progress: ProgressCallback | None) -> ProgressCallback | None:
    """A progress callback that never goes back (a DP that runs again in a wider band restarts its rows)."""
    if progress is None:
        return None
    shown = [-1.0]

    def report(done: int, total: int) -> None:
        fraction = done / total if total else 1.0
        if fraction > shown[0]:
            shown[0] = fraction
            progress(done, total)

    return report


def link_kinds(max_zh: int, max_en: int, max_units: int | None = None) -> list[tuple[int, int]]:
    """All link kinds the DP considers: gaps (1, 0) and (0, 1) and every a x b with 1 <= a, b within the limits
    (and a + b <= max_units when given)."""
    kinds = [(1, 0), (0, 1)]
    kinds += [
        (a, b)
        for a in range(1, max_zh + 1)
        for b in range(1, max_en + 1)
        if max_units is None or a + b <= max_units
    ]
    return kinds


def diagonal_path(zh_lengths: np.ndarray | None, en_lengths: np.ndarray | None, n_zh: int, n_en: int) -> np.ndarray:
    """First pass without evidence: the en position proportional to the zh position by cumulative length."""
    if n_zh == 0 or n_en == 0:
        return np.array([[0, 0], [n_zh, n_en]], dtype=np.int64)
    if zh_lengths is None or en_lengths is None:
        zc = np.arange(n_zh + 1, dtype=np.float64) / n_zh
        ec = np.arange(n_en + 1, dtype=np.float64) / n_en
    else:
        zc = np.concatenate([[0.0], np.cumsum(np.asarray(zh_lengths, dtype=np.float64) + 1.0)])
        ec = np.concatenate([[0.0], np.cumsum(np.asarray(en_lengths, dtype=np.float64) + 1.0)])
        zc /= zc[-1]
        ec /= ec[-1]
    j = np.searchsorted(ec, zc, side="left").clip(0, n_en)
    j[-1] = n_en
    return np.stack([np.arange(n_zh + 1), np.maximum.accumulate(j)], axis=1).astype(np.int64)


def unit_length(text: str) -> int:
    """A unit's length for the scorers' length evidence: its characters less whitespace (a line wrapped inside
    Chinese text is no longer for it)."""
    return len("".join(text.split()))


def band_around(path: np.ndarray, n_zh: int, n_en: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row i, the half-open range [lo[i], hi[i]) of columns within `width` of the path (monotone in i)."""
    rows = path[:, 0]
    cols = path[:, 1]
    row_min = np.full(n_zh + 1, n_en, dtype=np.int64)
    row_max = np.zeros(n_zh + 1, dtype=np.int64)
    np.minimum.at(row_min, rows, cols)
    np.maximum.at(row_max, rows, cols)
    # A path may skip no row (it is a staircase of links of height <= max_zh): fill any hole from its neighbours.
    row_min = np.minimum.accumulate(row_min[::-1])[::-1]
    row_max = np.maximum.accumulate(row_max)
    idx = np.arange(n_zh + 1)
    lo = row_min[np.clip(idx - width, 0, n_zh)] - width
    hi = row_max[np.clip(idx + width, 0, n_zh)] + width + 1
    lo = np.clip(lo, 0, n_en)
    hi = np.clip(hi, 1, n_en + 1)
    lo[0] = 0
    hi[-1] = n_en + 1
    return lo, hi


def _logistic_confidence(a: int, b: int, margins: np.ndarray) -> np.ndarray:
    """Without a scorer's own calibration: a logistic of the link's margin over the runner-up way into its cell."""
    return 1.0 / (1.0 + np.exp(-2.0 * margins))


# Margins of unreachable cells are -inf - -inf (nan, replaced below): no warning for them. Once for the whole DP,
# not per row: entering an errstate costs as much as a few of a row's array operations.
@np.errstate(invalid="ignore")
def _run_band(
    n_zh: int,
    n_en: int,
    scorer: LinkScorer,
    kinds: list[tuple[int, int]],
    lo: np.ndarray,
    hi: np.ndarray,
    progress: ProgressCallback | None,
    cancel: CancelCallback | None,
    progress_base: int,
    progress_total: int,
    chunk_cells: int = _CHUNK_CELLS,
    with_confidence: bool = True,
) -> list[_RawLink]:
    """One DP over the band; returns the path's links in order."""
    widths = hi - lo
    offsets = np.concatenate([[0], np.cumsum(widths)]).astype(np.int64)
    total = int(offsets[-1])
    if len(kinds) > 127:
        raise ValueError("too many link kinds for the DP's int8 back pointers")
    # The way into each cell is kept for all (1 byte a cell); best path scores only for the rows a row reads.
    back = np.full(total, -1, dtype=np.int8)  # index into `kinds`
    # Score of the link ending in each cell, for confidences (none when the caller needs no confidences: a
    # first pass in a wide band, where these two arrays were most of the DP's memory).
    cell_score = np.zeros(total if with_confidence else 1, dtype=np.float64)
    # How much better the best way into a cell is than the second best (another link kind, or a skip): the
    # local evidence that this link, and not a neighbouring choice, is right.
    cell_margin = np.zeros(total if with_confidence else 1, dtype=np.float64)
    k_skip_en = kinds.index((0, 1))
    other_kinds = [(k, a, b) for k, (a, b) in enumerate(kinds) if k != k_skip_en]
    other_index = np.array([k for k, _a, _b in other_kinds], dtype=np.int16)
    groups = _kind_groups([(a, b) for _k, a, b in other_kinds])
    columns = np.arange(int(widths.max()) if len(widths) else 0)
    lo_l = lo.tolist()
    hi_l = hi.tolist()
    off_l = offsets.tolist()
    # The rows a row reads (up to `reach` above it), each in whole-text columns with -inf outside its band, in a
    # ring; slot `reach + 1` stays -inf (the rows above the first). Through a strided view, ways[slot, b, j] is
    # row slot's best at column j - b: all kinds of one height (a, b..b+n) are one array addition per row, read
    # where the previous row's band ends as -inf (the same -inf that skipping such a cell gave).
    reach = max(a for a, _b in kinds)
    pad = max(b for _a, b in kinds)
    ring = reach + 1
    held = np.full((ring + 1, pad + n_en + 1), NEG_INF, dtype=np.float64)
    held_range = [(0, 0)] * ring
    ways = np.lib.stride_tricks.as_strided(
        held[:, pad:],
        shape=(ring + 1, pad + 1, n_en + 1),
        strides=(held.strides[0], -held.strides[1], held.strides[1]),
        writeable=False,
    )
    score_kinds = [(a, b) for _k, a, b in other_kinds] + [kinds[k_skip_en]]
    many = getattr(scorer, "chunk_scores", None)
    many = many if callable(many) else None
    add_accumulate = np.add.accumulate
    max_accumulate = np.maximum.accumulate
    r1 = 0
    while r1 <= n_zh:
        if cancel is not None and cancel():
            raise Cancelled
        # Rows r0..r1-1: up to _CHUNK_ROWS rows and about _CHUNK_CELLS cells (scores of every kind are held for the
        # chunk's cells: 8 bytes x kinds a cell), at least one row.
        r0 = r1
        r1 = int(np.searchsorted(offsets, off_l[r0] + chunk_cells, side="right")) - 1
        r1 = min(n_zh + 1, r0 + _CHUNK_ROWS, max(r0 + 1, r1))
        c0, c1 = off_l[r0], off_l[r1]
        # Cell coordinates of the chunk, flat, in row order.
        i_cells = np.repeat(np.arange(r0, r1, dtype=np.int64), widths[r0:r1])
        j_cells = np.arange(c1 - c0, dtype=np.int64) - np.repeat(offsets[r0:r1] - c0, widths[r0:r1])
        j_cells += np.repeat(lo[r0:r1], widths[r0:r1])
        # Scores per kind, rows in `other_kinds` order (so that a group's kinds are one slice), then the skip.
        if many is not None:
            scores = np.asarray(many(score_kinds, i_cells, j_cells), dtype=np.float64)
        else:
            scores = np.full((len(kinds), c1 - c0), NEG_INF, dtype=np.float64)
            for r, (a, b) in enumerate(score_kinds):
                ok = (i_cells >= a) & (j_cells >= b)
                if ok.any():
                    scores[r, ok] = np.asarray(scorer.link_scores(a, b, i_cells[ok], j_cells[ok]), dtype=np.float64)
        # English skips, prepared for the rows' prefix sums below (for the whole chunk at once, not row by row):
        # a row's first cell has no left neighbour to skip from, and forbidden skips are finite, so that the
        # prefix sum stays exact elsewhere.
        skip_en = scores[-1].copy()
        skip_en[offsets[r0:r1] - c0] = 0.0
        skip_en[~np.isfinite(skip_en)] = -1e9
        for i in range(r0, r1):
            l_i, h_i = lo_l[i], hi_l[i]
            w = h_i - l_i
            base = off_l[i] - c0
            # Every other kind's way into each cell of the row, one row of `cand` each (in `other_kinds` order, so
            # that a tie goes to the earlier kind): the best, which kind it is, and the runner-up.
            cand = np.empty((len(other_kinds), w), dtype=np.float64)
            for g0, g1, a, b in groups:
                slot = (i - a) % ring if i >= a else ring
                np.add(ways[slot, b : b + g1 - g0, l_i:h_i], scores[g0:g1, base : base + w], out=cand[g0:g1])
            if i == 0 and l_i == 0:
                x = np.full(w, NEG_INF, dtype=np.float64)
                x2 = x.copy()
                xk = np.full(w, -1, dtype=np.int16)
                x[0] = 0.0
            else:
                top = cand.argmax(axis=0)
                x = cand[top, columns[:w]]
                xk = np.where(np.isfinite(x), other_index[top], -1)
                if with_confidence:  # the runner-up, for margins only
                    cand[top, columns[:w]] = NEG_INF
                    x2 = cand.max(axis=0)
            # English skips within the row: best[j] = max(x[j], best[j-1] + skip[j]), solved with a prefix sum.
            sk = skip_en[base : base + w]
            csum = add_accumulate(sk)  # np.cumsum, without its Python-level dispatch (a row is ~50 cells)
            shifted = x - csum
            run = max_accumulate(shifted)
            row_best = run + csum
            from_skip = shifted < run  # the running max came from an earlier cell: reached by skipping
            ks = np.where(from_skip, k_skip_en, xk)
            # (A cell with no way in and not reached by skipping is already -inf: -inf - csum + csum.)
            np.putmask(row_best, row_best < -1e8, NEG_INF)
            if with_confidence:  # (infinite and nan margins, of cells with one way in or none: per chunk, below)
                via_skip = np.full(w, NEG_INF, dtype=np.float64)
                via_skip[1:] = row_best[:-1] + sk[1:]
                second = np.where(from_skip, x, np.maximum(x2, via_skip))
                np.subtract(row_best, second, out=cell_margin[off_l[i] : off_l[i] + w])
            slot = i % ring
            old_lo, old_hi = held_range[slot]
            held[slot, pad + old_lo : pad + old_hi] = NEG_INF
            held[slot, pad + l_i : pad + h_i] = row_best
            held_range[slot] = (l_i, h_i)
            back[off_l[i] : off_l[i] + w] = ks
        if with_confidence:
            margins = cell_margin[c0:c1]
            margins[~np.isfinite(margins)] = 1e3
        # Remember each cell's own link score, for confidences.
        chosen = back[c0:c1]
        for r, k in enumerate([k for k, _a, _b in other_kinds] + [k_skip_en] if with_confidence else []):
            mine = chosen == k
            cell_score[c0:c1][mine] = scores[r][mine]
        if progress is not None:
            progress(progress_base + r1, progress_total)

    # Trace back from (n_zh, n_en).
    links: list[_RawLink] = []
    i, j = n_zh, n_en
    while i > 0 or j > 0:
        if not lo_l[i] <= j < hi_l[i]:
            raise RuntimeError("alignment path left the band")
        cell = off_l[i] + j - lo_l[i]
        k = int(back[cell])
        if k < 0:
            raise RuntimeError("no alignment path through the band")
        a, b = kinds[k]
        if with_confidence:
            links.append((i, j, a, b, float(cell_score[cell]), float(cell_margin[cell])))
        else:
            links.append((i, j, a, b, 0.0, 0.0))
        i -= a
        j -= b
    links.reverse()
    return links


def _kind_groups(kinds: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Runs of consecutive kinds of one height and consecutive widths, as (first, end, a, first b): kinds
    [(1, 0), (1, 1), (1, 2), (2, 1), (2, 2)] are (0, 3, 1, 0) and (3, 5, 2, 1)."""
    groups: list[tuple[int, int, int, int]] = []
    for r, (a, b) in enumerate(kinds):
        if groups and groups[-1][2] == a and groups[-1][3] + (r - groups[-1][0]) == b:
            first, _end, _a, b0 = groups[-1]
            groups[-1] = (first, r + 1, a, b0)
        else:
            groups.append((r, r + 1, a, b))
    return groups


def _touches_edge(links: list[_RawLink], lo: np.ndarray, hi: np.ndarray, n_en: int, margin: int) -> bool:
    if not links:
        return False
    # As arrays: a loop over a book's links reading numpy scalars cost 20 ms a pass.
    i, j = np.array([link[:2] for link in links], dtype=np.int64).T
    lo_i, hi_i = lo[i], hi[i]
    return bool((((lo_i > 0) & (j - lo_i < margin)) | ((hi_i <= n_en) & (hi_i - 1 - j < margin))).any())


def align_dp(
    n_zh: int,
    n_en: int,
    scorer: LinkScorer,
    *,
    max_zh: int = 2,
    max_en: int = 2,
    max_units: int | None = None,
    band: int = 24,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    path: np.ndarray | None = None,
    chunk_cells: int = _CHUNK_CELLS,
    with_confidence: bool = True,
) -> list[Link]:
    """The best monotone alignment under `scorer`, as links covering every unit exactly once, in order.

    `max_units` (optional): links of at most this many units (a + b), within max_zh x max_en.
    `path` (optional): a first-pass path to build the band around, e.g. `path_of(links)` of an earlier run.
    `chunk_cells`: band cells scored per chunk of rows (memory only: the links do not depend on it).
    `with_confidence=False`: every link's confidence is 0 (a first pass that needs only the path: saves 16 bytes
    a band cell)."""
    if n_zh == 0 or n_en == 0:  # nothing to match: every unit is a gap, certainly (the scorer is not asked)
        links = [Link((i,), (), 1.0) for i in range(n_zh)] + [Link((), (j,), 1.0) for j in range(n_en)]
        if progress is not None:
            progress(1, 1)
        return links
    kinds = link_kinds(max_zh, max_en, max_units)
    progress = monotone(progress)
    first = getattr(scorer, "first_pass", None)
    if path is not None:
        path = np.asarray(path, dtype=np.int64)
    elif callable(first):
        path = np.asarray(first(), dtype=np.int64)
    else:
        path = diagonal_path(getattr(scorer, "zh_lengths", None), getattr(scorer, "en_lengths", None), n_zh, n_en)
    width = max(4, band)
    passes = 0
    while True:
        lo, hi = band_around(path, n_zh, n_en, width)
        prepare = getattr(scorer, "prepare", None)
        if callable(prepare):
            prepare(lo, hi, max_zh, max_en)
        raw = _run_band(n_zh, n_en, scorer, kinds, lo, hi, progress, cancel, 0, n_zh + 1, chunk_cells, with_confidence)
        passes += 1
        full = bool(np.all(lo == 0) and np.all(hi == n_en + 1))
        if full or passes >= 4 or not _touches_edge(raw, lo, hi, n_en, max(2, width // 4)):
            break
        path = np.array([[0, 0]] + [[i, j] for i, j, _a, _b, _s, _m in raw], dtype=np.int64)
        width *= 2
    if not with_confidence:
        return [Link(tuple(range(i - a, i)), tuple(range(j - b, j)), 0.0) for i, j, a, b, _s, _m in raw]
    return _to_links(raw, scorer)


def path_of(links: Sequence[Link]) -> np.ndarray:
    """The DP cells a sequence of links passes through, from (0, 0): a first pass for a later run."""
    cells = [(0, 0)]
    i = j = 0
    for link in links:
        i += len(link.zh)
        j += len(link.en)
        cells.append((i, j))
    return np.array(cells, dtype=np.int64)


def _to_links(raw: Sequence[_RawLink], scorer: LinkScorer) -> list[Link]:
    confidences = np.zeros(len(raw), dtype=np.float64)
    by_kind: dict[tuple[int, int], list[int]] = {}
    for n, (_i, _j, a, b, _s, _m) in enumerate(raw):
        by_kind.setdefault((a, b), []).append(n)
    custom = getattr(scorer, "confidence", None)
    for (a, b), members in by_kind.items():
        idx = np.array(members, dtype=np.int64)
        i_end = np.array([raw[n][0] for n in members], dtype=np.int64)
        j_end = np.array([raw[n][1] for n in members], dtype=np.int64)
        scores = np.array([raw[n][4] for n in members], dtype=np.float64)
        margins = np.array([raw[n][5] for n in members], dtype=np.float64)
        if not callable(custom):
            conf = _logistic_confidence(a, b, margins)
        elif "margins" in inspect.signature(custom).parameters:
            conf = custom(a, b, i_end, j_end, scores, margins=margins)
        else:
            conf = custom(a, b, i_end, j_end, scores)
        confidences[idx] = np.clip(np.nan_to_num(np.asarray(conf, dtype=np.float64), nan=0.0), 0.0, 1.0)
    return [
        Link(tuple(range(i - a, i)), tuple(range(j - b, j)), round(float(c), 4))
        for (i, j, a, b, _s, _m), c in zip(raw, confidences, strict=True)
    ]


def join_gap(out: list[Link], k: int, n: int, side: str, unit: int, near: Link, confidence: float) -> int:
    """A gap repair's join (tier 1's and tier 2's): the one-sided `unit` (link k, on `side`) joined to its neighbour
    `near` (link n = k - 1, already the last of `out`, or k + 1, not yet seen); returns the next link to look at."""
    zh = tuple(sorted(near.zh + ((unit,) if side == "zh" else ())))
    en = tuple(sorted(near.en + ((unit,) if side == "en" else ())))
    merged = Link(zh, en, confidence)
    if n == k - 1:
        out[-1] = merged
        return k + 1
    out.append(merged)
    return k + 2

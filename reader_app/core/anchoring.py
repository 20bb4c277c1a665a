"""Anchors for annotations that survive edits: paragraph fingerprint, quoted text with context, position hint."""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from reader_app.core.model import Paragraph, fingerprint, normalise_for_fingerprint

CONTEXT_CHARS = 32
# A paragraph edited by up to 10% keeps a similarity of about 90; 80 leaves room and still rejects unrelated text.
FUZZY_CUTOFF = 80.0
# Outside the window the surviving neighbours allow, a match must be nearly identical to be trusted.
FUZZY_CUTOFF_ANYWHERE = 92.0
# When two candidates score this close, the quote alone cannot tell them apart.
AMBIGUITY_MARGIN = 3.0


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an annotation sits on one side, as a W3C TextQuoteSelector plus a paragraph fingerprint.

    `quote` is the annotated text: the whole paragraph, or the selected part of it (then `start` is its
    offset in the paragraph, else -1). `prefix`/`suffix` are up to 32 characters before and after it in
    the side's running text. `position` is the paragraph's index when the anchor was made: a hint only."""

    side: str
    fingerprint: str
    quote: str
    prefix: str = ""
    suffix: str = ""
    position: int = 0
    start: int = -1

    @property
    def is_selection(self) -> bool:
        return self.start >= 0


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an anchor was found: paragraph index, character range in its text, and how it was found
    ("exact", "duplicate", "fuzzy")."""

    index: int
    start: int
    end: int
    method: str


@dataclass(slots=True)
class Reanchoring:
    """The outcome of re-anchoring: keys placed (with their Placement) and keys left as orphans, in input
    order. Every key given is in exactly one of the two."""

    placed: dict[Hashable, Placement] = field(default_factory=dict)
    orphans: list[Hashable] = field(default_factory=list)


def _context(paragraphs: Sequence[Paragraph], index: int, start: int, end: int) -> tuple[str, str]:
    """32 characters before and after [start, end) of paragraph `index`, running over paragraph breaks."""
    text = paragraphs[index].text
    before = text[:start]
    i = index - 1
    while len(before) < CONTEXT_CHARS and i >= 0:
        before = paragraphs[i].text + "\n" + before
        i -= 1
    after = text[end:]
    i = index + 1
    while len(after) < CONTEXT_CHARS and i < len(paragraphs):
        after = after + "\n" + paragraphs[i].text
        i += 1
    return before[-CONTEXT_CHARS:], after[:CONTEXT_CHARS]


def anchor_paragraph(paragraphs: Sequence[Paragraph], index: int) -> Anchor:
    """The anchor of a whole paragraph."""
    paragraph = paragraphs[index]
    prefix, suffix = _context(paragraphs, index, 0, len(paragraph.text))
    return Anchor(paragraph.language.value, paragraph.fingerprint, paragraph.text, prefix, suffix, index)


def anchor_selection(paragraphs: Sequence[Paragraph], index: int, start: int, end: int) -> Anchor:
    """The anchor of the characters [start, end) of a paragraph's display text."""
    paragraph = paragraphs[index]
    if not 0 <= start < end <= len(paragraph.text):
        raise ValueError(f"selection {start}:{end} outside paragraph of {len(paragraph.text)} characters")
    prefix, suffix = _context(paragraphs, index, start, end)
    return Anchor(paragraph.language.value, paragraph.fingerprint, paragraph.text[start:end], prefix, suffix,
                  index, start)


def _normal(text: str) -> str:
    return normalise_for_fingerprint(text)


def _span_in(anchor: Anchor, text: str) -> tuple[int, int]:
    """The range of the anchor's quote in a paragraph's text (whole paragraph for paragraph anchors)."""
    if not anchor.is_selection:
        return 0, len(text)
    # Several occurrences: take the one whose preceding text matches the stored prefix best, then nearest.
    hits = []
    at = text.find(anchor.quote)
    while at >= 0:
        hits.append(at)
        at = text.find(anchor.quote, at + 1)
    if hits:
        def closeness(offset: int) -> tuple[float, int]:
            before = text[max(0, offset - CONTEXT_CHARS):offset]
            tail = anchor.prefix[-len(before):] if before else ""
            return (-fuzz.ratio(before, tail), abs(offset - anchor.start))

        best = min(hits, key=closeness)
        return best, best + len(anchor.quote)
    alignment = fuzz.partial_ratio_alignment(anchor.quote, text)
    if alignment is not None and alignment.score >= FUZZY_CUTOFF and alignment.dest_end > alignment.dest_start:
        return alignment.dest_start, alignment.dest_end
    start = min(max(anchor.start, 0), len(text))
    return start, min(len(text), start + len(anchor.quote))


def _context_score(anchor: Anchor, paragraphs: Sequence[Paragraph], index: int) -> float:
    """How well the neighbours of paragraph `index` match the anchor's prefix and suffix (0-100)."""
    span = _span_in(anchor, paragraphs[index].text)
    prefix, suffix = _context(paragraphs, index, *span)
    before = fuzz.ratio(_normal(prefix), _normal(anchor.prefix))
    return (before + fuzz.ratio(_normal(suffix), _normal(anchor.suffix))) / 2


class _Contexts:
    """The normalised context (prefix, suffix) of whole paragraphs, made once per reanchor call: a text that
    recurs hundreds of times (a short sentence split off, a refrain) is a duplicate for every note on one of
    its copies, and each note compared every copy's context again (a second of Python at 10,000 notes)."""

    __slots__ = ("paragraphs", "_known")

    def __init__(self, paragraphs: Sequence[Paragraph]) -> None:
        self.paragraphs = paragraphs
        self._known: dict[int, tuple[str, str]] = {}

    def of(self, indices: list[int]) -> tuple[list[str], list[str]]:
        known, paragraphs = self._known, self.paragraphs
        for i in indices:
            if i not in known:
                prefix, suffix = _context(paragraphs, i, 0, len(paragraphs[i].text))
                known[i] = _normal(prefix), _normal(suffix)
        return [known[i][0] for i in indices], [known[i][1] for i in indices]


def _pick_duplicate(anchor: Anchor, paragraphs: Sequence[Paragraph], indices: list[int],
                    contexts: _Contexts | None = None) -> int:
    """Among identical paragraphs, the one whose neighbours match the stored context, then the nearest."""
    if anchor.is_selection or contexts is None:  # a selection's context depends on where it is found in each
        return min(indices, key=lambda i: (-_context_score(anchor, paragraphs, i), abs(i - anchor.position), i))
    import numpy as np

    # The same scores as _context_score's, all candidates in two calls of rapidfuzz (which also lets go of
    # the interpreter meanwhile: the window's thread runs while notes are placed on the storage thread).
    prefixes, suffixes = contexts.of(indices)
    before = process.cdist([_normal(anchor.prefix)], prefixes, scorer=fuzz.ratio, dtype=np.float64)[0]
    after = process.cdist([_normal(anchor.suffix)], suffixes, scorer=fuzz.ratio, dtype=np.float64)[0]
    candidates = np.asarray(indices, dtype=np.int64)
    score = (before + after) / 2
    # The first of the key (-score, distance to the old position, index), as min() over it picks.
    best = np.lexsort((candidates, np.abs(candidates - anchor.position), -score))[0]
    return int(candidates[best])


# The fingerprint index of the last sides re-anchored on (by identity; only immutable tuples are kept):
# placing one new note built it again over every paragraph, 15 ms of a 14,000-paragraph side each time.
_INDEXES: dict[int, tuple[Sequence[Paragraph], dict[str, list[int]]]] = {}
_INDEXES_KEPT = 4  # both sides of the open document and of the one before


def _fingerprint_index(paragraphs: Sequence[Paragraph]) -> dict[str, list[int]]:
    """Fingerprint -> the indices of the paragraphs that have it (read only: it may be shared)."""
    known = _INDEXES.get(id(paragraphs))
    if known is not None and known[0] is paragraphs:
        return known[1]
    by_fingerprint: dict[str, list[int]] = {}
    for i, paragraph in enumerate(paragraphs):
        by_fingerprint.setdefault(paragraph.fingerprint, []).append(i)
        # Fingerprints of the display text too: loaders may clean `original` differently across versions.
        fp_text = fingerprint(paragraph.text)
        if fp_text != paragraph.fingerprint:
            by_fingerprint.setdefault(fp_text, []).append(i)
    if isinstance(paragraphs, tuple):
        if len(_INDEXES) >= _INDEXES_KEPT:
            _INDEXES.clear()
        _INDEXES[id(paragraphs)] = (paragraphs, by_fingerprint)
    return by_fingerprint


def reanchor(anchors: Iterable[tuple[Hashable, Anchor]], paragraphs: Sequence[Paragraph]) -> Reanchoring:
    """Place anchors of one side on that side's current paragraphs: exact fingerprint, then the nearest
    duplicate, then a fuzzy match of the quote. What cannot be placed with confidence is an orphan: it is
    never dropped and never put on a paragraph that merely looks alike."""
    items = list(anchors)
    result = Reanchoring()
    if not items:  # nothing to place: skip fingerprinting every paragraph of a long document
        return result
    by_fingerprint = _fingerprint_index(paragraphs)

    pending: list[tuple[Hashable, Anchor]] = []
    placed: dict[Hashable, Placement] = {}
    contexts = _Contexts(paragraphs)
    # Old position -> new index of paragraphs found unchanged and unique: they bound where edited ones can be.
    landmarks: dict[int, int] = {}
    claimed: dict[int, str] = {}
    # A text that was at several places (a contents entry and its heading) cannot tell where it was.
    positions_of: dict[str, set[int]] = {}
    for _key, anchor in items:
        positions_of.setdefault(anchor.fingerprint, set()).add(anchor.position)
    for key, anchor in items:
        hits = sorted(set(by_fingerprint.get(anchor.fingerprint, [])))
        if len(hits) == 1:
            index = hits[0]
            placed[key] = Placement(index, *_span_in(anchor, paragraphs[index].text), "exact")
            if len(positions_of[anchor.fingerprint]) == 1:
                landmarks.setdefault(anchor.position, index)
            claimed[index] = anchor.fingerprint
        elif hits:
            index = _pick_duplicate(anchor, paragraphs, hits, contexts)
            placed[key] = Placement(index, *_span_in(anchor, paragraphs[index].text), "duplicate")
            claimed[index] = anchor.fingerprint
        else:
            pending.append((key, anchor))

    if pending:
        marks = _landmarks(landmarks)
        old_positions = [old for old, _ in marks]
        normal_texts = [_normal(p.text) for p in paragraphs]
        for key, anchor in pending:
            placement = _fuzzy_place(anchor, paragraphs, normal_texts, claimed, marks, old_positions)
            if placement is not None:
                placed[key] = placement
    for key, _anchor in items:
        if key in placed:
            result.placed[key] = placed[key]
        else:
            result.orphans.append(key)
    return result


def _landmarks(landmarks: dict[int, int]) -> list[tuple[int, int]]:
    """The largest set of (old position, new index) pairs that keeps reading order (longest increasing
    subsequence): a paragraph moved elsewhere must not distort the windows of all the others."""
    pairs = sorted(landmarks.items())
    tails: list[int] = []  # tails[k]: index into pairs of the smallest tail of an increasing run of length k+1
    tail_values: list[int] = []
    previous: list[int] = [-1] * len(pairs)
    for i, (_old, new) in enumerate(pairs):
        k = bisect.bisect_left(tail_values, new)
        if k > 0:
            previous[i] = tails[k - 1]
        if k == len(tails):
            tails.append(i)
            tail_values.append(new)
        else:
            tails[k] = i
            tail_values[k] = new
    out: list[tuple[int, int]] = []
    i = tails[-1] if tails else -1
    while i >= 0:
        out.append(pairs[i])
        i = previous[i]
    return out[::-1]


def _fuzzy_place(anchor: Anchor, paragraphs: Sequence[Paragraph], normal_texts: list[str], claimed: dict[int, str],
                 marks: list[tuple[int, int]], old_positions: list[int]) -> Placement | None:
    if not paragraphs:
        return None
    lo, hi = 0, len(paragraphs) - 1
    if marks:
        k = bisect.bisect_left(old_positions, anchor.position)
        if k > 0:
            lo = marks[k - 1][1] + 1
        if k < len(marks):
            hi = marks[k][1] - 1 if marks[k][0] != anchor.position else marks[k][1]
    # Paragraphs another anchor found unchanged are not this anchor's paragraph edited: its text differs.
    candidates = [i for i in range(len(paragraphs)) if claimed.get(i, anchor.fingerprint) == anchor.fingerprint]
    query = _normal(anchor.quote)
    if not query:
        return None
    scorer = fuzz.partial_ratio if anchor.is_selection else fuzz.ratio
    choices = {i: normal_texts[i] for i in candidates}
    scored = process.extract(query, choices, scorer=scorer, score_cutoff=FUZZY_CUTOFF, limit=None)
    if not scored:
        return None
    inside = [(score, i) for _text, score, i in scored if lo <= i <= hi]
    # With unchanged neighbours known, a paragraph outside their window is another one that looks alike (a
    # table of contents entry and its heading): only with no landmarks at all is a near-identical one trusted.
    outside = [] if marks else [(score, i) for _text, score, i in scored
                                if not lo <= i <= hi and score >= FUZZY_CUTOFF_ANYWHERE]
    for group in (inside, outside):
        if not group:
            continue
        group.sort(key=lambda s: (-s[0], abs(s[1] - anchor.position)))
        best_score, best = group[0]
        rivals = [i for score, i in group[1:] if best_score - score < AMBIGUITY_MARGIN]
        if rivals:
            # Near-identical candidates: let the context decide, and give up rather than guess.
            ranked = sorted([best, *rivals], key=lambda i: -_context_score(anchor, paragraphs, i))
            first, second = (_context_score(anchor, paragraphs, i) for i in ranked[:2])
            if first - second < AMBIGUITY_MARGIN:
                return None
            best = ranked[0]
        return Placement(best, *_span_in(anchor, paragraphs[best].text), "fuzzy")
    return None

"""Traditional <-> Simplified Chinese for display (OpenCC); never changes a paragraph's identity.

A conversion never puts in a character no font can draw where the original was drawable (熌 -> 𤇄, U+241C4, which
few fonts have): that spot keeps the original. Whether a character is drawable is the UI's knowledge (its fonts),
so core takes it as a predicate: passed as `drawable`, or installed once with set_default_drawable (the UI does so
when it registers its fonts). With neither, conversion is OpenCC's as it is.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable

Drawable = Callable[[str], bool]
"""Given one character, whether it can be drawn."""

_default_drawable: Drawable | None = None


def set_default_drawable(drawable: Drawable | None) -> None:
    """The predicate used when a conversion is given none (None: keep every converted character)."""
    global _default_drawable
    _default_drawable = drawable


@functools.cache
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str, drawable: Drawable | None = None) -> str:
    return keep_drawable(text, _converter("t2s").convert(text), drawable)


def to_traditional(text: str, drawable: Drawable | None = None) -> str:
    return keep_drawable(text, _converter("s2t").convert(text), drawable)


def keep_drawable(original: str, converted: str, drawable: Drawable | None = None) -> str:
    """`converted` with each changed stretch that brought in an undrawable character put back as in `original`
    (unless the original stretch is itself undrawable: then the conversion stands)."""
    drawable = drawable or _default_drawable
    if drawable is None or converted == original:
        return converted
    undrawable = {ch for ch in set(converted).difference(original) if not drawable(ch)}
    if not undrawable:  # the usual case: one set difference, no matching
        return converted
    if len(converted) == len(original):  # OpenCC's tables map almost everything character for character
        return "".join(
            old if new in undrawable and all(map(drawable, old)) else new
            for old, new in zip(original, converted, strict=True)
        )
    parts = []
    matcher = difflib.SequenceMatcher(None, original, converted, autojunk=False)
    for tag, o1, o2, c1, c2 in matcher.get_opcodes():
        new = converted[c1:c2]
        if tag != "equal" and undrawable.intersection(new) and all(map(drawable, original[o1:o2])):
            parts.append(original[o1:o2])
        else:
            parts.append(new)
    return "".join(parts)


# Full-width ASCII (ＣＯＰ２９) and the ideographic space, folded to their plain forms for searching.
_WIDTH_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold_for_search(text: str) -> str:
    """`text` as find compares it: Simplified, plain-width, lower case — and exactly as long as `text`, so that a
    match found in the folded text is at the same place in the shown one (Traditional and Simplified readers
    find each other's text: 氣候 finds 气候)."""
    folded = _converter("t2s").convert(text)
    if len(folded) != len(text):
        # A phrase conversion that changed the length (rare): character by character keeps the places.
        folded = "".join(ch if len(s := _converter("t2s").convert(ch)) != 1 else s for ch in text)
    folded = folded.translate(_WIDTH_FOLD)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    return "".join(ch if len(low := ch.lower()) != 1 else low for ch in folded)  # İ -> i̇ would shift places

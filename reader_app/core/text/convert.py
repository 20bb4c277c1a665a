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

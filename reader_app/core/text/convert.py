"""Traditional <-> Simplified Chinese for display (OpenCC); never changes a paragraph's identity."""

from __future__ import annotations

import functools


@functools.cache
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text)

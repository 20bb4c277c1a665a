"""Translation checks on an aligned document: numbers, names, omissions, untranslated text, length, punctuation.

`Flag` and the kinds load alone (the window's Checks panel is made at start-up and lists flags); the checks
themselves (`check_document`, `parse_kinds`: the aligner's name and word tables, cn2an) on first use, which the
panel makes on its worker thread: importing them took 150 ms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader_app.core.checks.flags import ALL_KINDS, DEFAULT_KINDS, Flag, Kind, Severity, flag_key

if TYPE_CHECKING:
    from reader_app.core.checks.runner import check_document, parse_kinds

__all__ = ["ALL_KINDS", "DEFAULT_KINDS", "Flag", "Kind", "Severity", "check_document", "flag_key", "parse_kinds"]


def __getattr__(name: str) -> object:
    if name in ("check_document", "parse_kinds"):
        from reader_app.core.checks import runner

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

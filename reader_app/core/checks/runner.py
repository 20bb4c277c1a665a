"""check_document: run the chosen checks over every pair of a document's alignment, flags in reading order."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from reader_app.core.alignment import Alignment
from reader_app.core.cancellation import CancelCallback
from reader_app.core.checks import length, names, numbers, omissions, punctuation, untranslated
from reader_app.core.checks.flags import DEFAULT_KINDS, Flag, Kind
from reader_app.core.checks.pairs import Context, pairs_of
from reader_app.core.model import Document

# One check per kind: `check(context)` yields its flags pair by pair.
CHECKS: dict[Kind, Callable[[Context], Iterable[Flag]]] = {
    Kind.NUMBER: numbers.check,
    Kind.NAME: names.check,
    Kind.OMISSION: omissions.check,
    Kind.UNTRANSLATED: untranslated.check,
    Kind.LENGTH: length.check,
    Kind.PUNCTUATION: punctuation.check,
}


def parse_kinds(text: str) -> tuple[Kind, ...]:
    """`number,name` -> the kinds, in Kind order; `all` for every kind, `default` for DEFAULT_KINDS.
    ValueError names the first unknown kind."""
    kinds: set[Kind] = set()
    for word in (w.strip().lower() for w in text.split(",")):
        if not word:
            continue
        if word == "all":
            kinds.update(Kind)
        elif word == "default":
            kinds.update(DEFAULT_KINDS)
        else:
            try:
                kinds.add(Kind(word))
            except ValueError:
                raise ValueError(f"unknown check {word!r} (checks: {', '.join(k.value for k in Kind)})") from None
    return tuple(k for k in Kind if k in kinds)


def check_document(
    document: Document,
    alignment: Alignment,
    kinds: Iterable[Kind | str] = DEFAULT_KINDS,
    *,
    tier: int = 1,
    cancel: CancelCallback | None = None,
) -> list[Flag]:
    """The flags of `kinds` on every link of `alignment` (a paragraph alignment of `document`), ordered by
    link, then by kind. `tier` 2 lets the omission check use the sentence embeddings (1: dictionary only; see
    omissions.py). Pure and deterministic; `cancel()` is polled between kinds and inside the embedding, and
    raises Cancelled when it returns True (run it off the GUI thread: seconds on a book, more with tier 2)."""
    wanted = [Kind(k) for k in kinds]
    context = Context(document, pairs_of(document, alignment), tier, cancel)
    first_link = {(pair.zh_indices, pair.en_indices): pair.link for pair in context.pairs}
    flags: list[tuple[int, int, int, Flag]] = []
    for rank, kind in enumerate(k for k in Kind if k in wanted):
        context.check_cancelled()
        for n, flag in enumerate(CHECKS[kind](context)):
            flags.append((first_link[(flag.zh, flag.en)], rank, n, flag))
    flags.sort(key=lambda item: item[:3])
    return [flag for *_order, flag in flags]

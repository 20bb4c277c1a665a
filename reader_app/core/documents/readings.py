"""The ruby readings a paragraph's display text lost: character offset in `Paragraph.text` -> its reading.

The loader drops flattened pinyin (`動(dòng)`) and `<ruby>` readings (the HTML reader writes them flattened into
the paragraph's original text) for display; View ▸ Show Readings shows them again. The display text is never
changed: the notes', find's and the sentences' offsets are in it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader_app.core.documents.cleanup import strip_ruby

if TYPE_CHECKING:
    from reader_app.core.model import Paragraph


def readings_in(original: str, text: str) -> dict[int, str]:
    """Offset in `text` (the display text made from `original`) -> the reading of the character there.

    The display text is the ruby-stripped original with characters only dropped (markup, zero-width characters,
    runs of spaces, line breaks between Chinese lines) or a white-space character turned into another: walking
    both, a character of the stripped text is the next one of the display text when they are equal (or both
    white space), else it was dropped. An annotated character is never dropped, so each lands on its own place."""
    stripped, found = strip_ruby(original)
    if not found:
        return {}
    wanted = dict(found)
    out: dict[int, str] = {}
    j, size = 0, len(text)
    for i, ch in enumerate(stripped):
        if j >= size:
            break
        shown = text[j]
        if ch == shown or (ch.isspace() and shown.isspace()):
            if i in wanted:
                out[j] = wanted[i]
            j += 1
    return out


def paragraph_readings(paragraph: Paragraph) -> dict[int, str]:
    """readings_in for one paragraph of a document."""
    return readings_in(paragraph.original, paragraph.text)

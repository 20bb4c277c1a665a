"""Notes live on the document's paragraphs; the panes show units (paragraphs, sentences or lines, see
reader_app.core.units). These translate between the two at the notes' edge with the panes: where a placed note
is shown, and what a note made on a shown unit is anchored to. With paragraphs shown, everything passes as is."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from reader_app.core.anchoring import Placement
from reader_app.core.units import UnitView
from reader_app.storage.annotations import Placed

if TYPE_CHECKING:
    from reader_app.core.alignment import Alignment
    from reader_app.ui.notes.host import NotesHost


class DocumentTarget(NamedTuple):
    """A note's target in the document's terms: a paragraph, its pair, or a character range [start, end) of it."""

    language: str
    paragraph: int
    target: str = "paragraph"
    start: int | None = None
    end: int | None = None


def paragraph_alignment(window: NotesHost) -> Alignment | None:
    """The panes' links seen by paragraph: the notes' reading order, pair notes and exports go by it."""
    units, alignment = window.units, window.view.alignment
    return alignment if units is None else units.paragraph_alignment(alignment)


def shown_placed(placed: Placed, units: UnitView | None) -> Placed:
    """`placed` with each placement moved to the unit that shows its first character (a note on a whole
    paragraph marks the paragraph's first unit), its range counted in that unit."""
    if units is None or units.identity:
        return placed
    where: dict[str, dict[str, Placement]] = {}
    for annotation_id, sides in placed.where.items():
        moved = {}
        for language, placement in sides.items():
            unit = units.to_unit(language, placement.index, placement.start)
            offset = units.to_paragraph(language, unit)[1]
            moved[language] = Placement(unit, max(0, placement.start - offset), max(0, placement.end - offset),
                                        placement.method)
        where[annotation_id] = moved
    return Placed(placed.annotations, where, placed.orphans)


def shown_unit(units: UnitView | None, language: str, placement: Placement) -> int:
    """The unit showing a placement (its paragraph, with paragraphs shown)."""
    return placement.index if units is None else units.to_unit(language, placement.index, placement.start)


def document_target(units: UnitView | None, language: str, unit: int, target: str = "paragraph",
                    start: int | None = None, end: int | None = None, end_unit: int | None = None) -> DocumentTarget:
    """What a note made on a shown unit (or a selection [start, end) in it; `end` in unit `end_unit` when given) is
    anchored to. A note on a whole sentence or line notes that part of its paragraph, so that it marks the same
    words whatever the panes show later; a pair note takes its paragraph and the paragraphs its units are linked
    to. A selection over units of several paragraphs notes the first paragraph."""
    if end_unit is not None and end_unit != unit:
        if units is None or units.identity or units.to_paragraph(language, end_unit)[0] != \
                units.to_paragraph(language, unit)[0]:
            first = unit if units is None else units.to_paragraph(language, unit)[0]
            return DocumentTarget(language, first, "paragraph")
        paragraph, offset = units.to_paragraph(language, unit)
        end_offset = units.to_paragraph(language, end_unit)[1]
        return DocumentTarget(language, paragraph, "selection", offset + (start or 0), end_offset + (end or 0))
    if units is None or units.identity:
        return DocumentTarget(language, unit, target, start, end)
    paragraph, offset = units.to_paragraph(language, unit)
    whole = start is None or end is None or end <= start
    if target == "link" or (whole and len(units.units_of(language, paragraph)) == 1):
        return DocumentTarget(language, paragraph, target)  # the unit is its whole paragraph
    if whole:
        text = units.shown.side(language).paragraphs[unit].text
        start, end = 0, len(text)
    return DocumentTarget(language, paragraph, "selection", offset + start, offset + end)

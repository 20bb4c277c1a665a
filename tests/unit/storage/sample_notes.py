"""Sample annotations for the storage tests (numbered, so each test can tell them apart)."""

from __future__ import annotations

from reader_app.core.anchoring import Anchor
from reader_app.storage.annotations import Annotation, TargetKind


def note(i: int, document_id: str = "doc") -> Annotation:
    anchor = Anchor("zh", f"{i:016x}", f"quote {i}", "pre", "suf", i)
    return Annotation.create(document_id, TargetKind.PARAGRAPH, anchor,
                             note=f"note number {i}\nsecond line", colour="blue", tags=["a", f"t{i}"])

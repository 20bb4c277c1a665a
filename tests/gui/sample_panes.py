"""Test helpers: the sample document in two real ParagraphPanes, and a hand-made alignment of it."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from reader_app.core.alignment import Alignment, Link
from reader_app.core.documents import load_document
from reader_app.core.model import Document, Language, Paragraph
from reader_app.ui.fonts import chinese_font, latin_font
from reader_app.ui.pane import ParagraphPane
from tests.conftest import SAMPLE

# The gold alignment of the sample (6 Chinese, 8 English paragraphs), written out so these tests do not
# depend on the aligner; one link is given a low confidence.
SAMPLE_ALIGNMENT = Alignment(
    links=(
        Link((0,), (0,)),
        Link((1,), ()),
        Link((2,), (1,)),
        Link((3,), (2,), confidence=0.3),
        Link((4,), (3,)),
        Link((), (4,)),
        Link((5,), (5,)),
        Link((), (6,)),
        Link((), (7,)),
    ),
    tier=0,
)


def sample_document() -> Document:
    document = load_document(SAMPLE)
    assert (len(document.zh), len(document.en)) == (6, 8)
    return document


def fill_panes(left: ParagraphPane, right: ParagraphPane, document: Document) -> None:
    for pane in (left, right):
        language = Language(pane.language)
        font = chinese_font() if language is Language.ZH else latin_font()
        pane.set_paragraphs(document.side(language).paragraphs, font)


def long_side(language: Language, count: int) -> list[Paragraph]:
    """`count` paragraphs of one to four lines' worth of text, each unique."""
    word = "段落" if language is Language.ZH else "paragraph "
    return [
        Paragraph(id=f"{language}{i}", text=f"{i} " + word * (3 + (i * 7) % 40), original="", language=language)
        for i in range(count)
    ]


def pixel(widget: QWidget, x: int, y: int) -> QColor:
    """The colour the widget paints at (x, y) (device pixel ratio 1 offscreen)."""
    image: QImage = widget.grab().toImage()
    return image.pixelColor(x, y)

"""The reader's colour scheme (omissions, link confidence, current link, highlights) in light and dark variants."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

# Links whose confidence is below this are shaded as doubtful (panes and link map alike).
LOW_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Scheme:
    """Colours of one variant. Every background colour keeps the palette's text readable on it
    (WCAG contrast ratio >= 4.5 against the variant's usual text colour)."""

    dark: bool
    omission: QColor  # background of a paragraph without counterpart; gap wedges in the link map
    omission_tick: QColor  # omission ticks in the overview ruler (stronger: they are a few pixels high)
    low_confidence: QColor  # background of paragraphs in a doubtful link; its band in the link map
    current_link: QColor  # background of the current link's paragraphs; its band in the link map
    current_link_outline: QColor  # outline of the current link's band, the ruler's handle edge
    cross_highlight: QColor  # the counterpart of the hovered or clicked paragraph / sentence
    sentence: QColor  # the clicked sentence and its counterpart sentence(s)
    annotation: QColor  # annotation ticks in the overview ruler
    flash: QColor  # brief flash on arrival after a jump (next omission, go to paragraph)
    link_band: QColor  # an ordinary link's band in the link map
    link_outline: QColor  # outline of ordinary bands
    handle: QColor  # the overview ruler's viewport handle (translucent)


LIGHT = Scheme(
    dark=False,
    omission=QColor("#ffd8a8"),
    omission_tick=QColor("#e8902a"),
    low_confidence=QColor("#e6dff2"),
    current_link=QColor("#c5dcfa"),
    current_link_outline=QColor("#2f6fc4"),
    cross_highlight=QColor("#fff2a0"),
    sentence=QColor("#ffd54f"),
    annotation=QColor("#2e8b57"),
    flash=QColor("#ffb300"),
    link_band=QColor("#dde2ea"),
    link_outline=QColor("#a9b3c2"),
    handle=QColor(0, 0, 0, 40),
)

DARK = Scheme(
    dark=True,
    omission=QColor("#6e4a1c"),
    omission_tick=QColor("#e0a050"),
    low_confidence=QColor("#3d3a5c"),
    current_link=QColor("#2f5d95"),
    current_link_outline=QColor("#7fb2ff"),
    cross_highlight=QColor("#5e5520"),
    sentence=QColor("#6b5a00"),
    annotation=QColor("#66cc8a"),
    flash=QColor("#7a5a00"),
    link_band=QColor("#464e5c"),
    link_outline=QColor("#6b7587"),
    handle=QColor(255, 255, 255, 45),
)


def is_dark(palette: QPalette) -> bool:
    """A palette is dark when its window colour is darker than mid-grey."""
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def scheme_for(palette: QPalette) -> Scheme:
    """The variant that suits the palette: light text on dark windows gets the dark one."""
    return DARK if is_dark(palette) else LIGHT


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an opaque colour."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, from 1 (same) to 21 (black on white)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


class Swatch(QWidget):
    """A small filled square in one of the scheme's colours, named by the Scheme field it shows; the scheme
    is the fixed one given, or else the one that suits the widget's palette."""

    def __init__(self, role: str, scheme: Scheme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.scheme = scheme
        self.setFixedSize(QSize(12, 12))

    def colour(self) -> QColor:
        return getattr(self.scheme or scheme_for(self.palette()), self.role)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.colour())
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))


class Legend(QWidget):
    """Swatches with a word each, explaining the reader's colours; fits in a status bar or toolbar.
    Retranslates itself on a language change. Without a scheme it follows the palette (light/dark);
    with one, `set_scheme` changes it."""

    ROLES = ("omission", "low_confidence", "current_link", "cross_highlight", "annotation")

    def __init__(self, scheme: Scheme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        # As wide as its entries: in a status bar it must not push the permanent widgets aside.
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(4)
        self.swatches: dict[str, Swatch] = {}
        self.labels: dict[str, QLabel] = {}
        for role in self.ROLES:
            swatch = Swatch(role, scheme, self)
            label = QLabel(self)
            layout.addWidget(swatch, 0, Qt.AlignmentFlag.AlignVCenter)
            layout.addWidget(label)
            layout.addSpacing(8)
            self.swatches[role] = swatch
            self.labels[role] = label
        self.retranslate()

    def set_scheme(self, scheme: Scheme | None) -> None:
        for swatch in self.swatches.values():
            swatch.scheme = scheme
            swatch.update()

    def retranslate(self) -> None:
        # Literal strings in tr() calls so that lupdate finds them.
        texts = {
            "omission": (self.tr("No counterpart"),
                         self.tr("A paragraph with no counterpart in the other language")),
            "low_confidence": (self.tr("Uncertain link"),
                               self.tr("Paragraphs the aligner matched with low confidence")),
            "current_link": (self.tr("Current link"),
                             self.tr("The paragraphs being read and their counterparts")),
            "cross_highlight": (self.tr("Counterpart"),
                                self.tr("The counterpart of the paragraph under the mouse")),
            "annotation": (self.tr("Note"),
                           self.tr("A paragraph with a note (ticks in the overview ruler)")),
        }
        for role, (text, tip) in texts.items():
            self.labels[role].setText(text)
            self.labels[role].setToolTip(tip)
            self.swatches[role].setToolTip(tip)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            for swatch in self.swatches.values():
                swatch.update()
        super().changeEvent(event)


def legend_widget(parent: QWidget | None = None) -> Legend:
    """A legend that follows the palette."""
    return Legend(None, parent)

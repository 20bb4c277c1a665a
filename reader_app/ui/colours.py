"""The reader's colour scheme (omissions, link confidence and status, current link, highlights, check flags) in
light and dark variants, the legend explaining it, and the status bars and flag lines drawn in it over the panes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QTextEdit, QWidget

from reader_app.core.alignment import UNCERTAIN
from reader_app.core.exports.colours import OMISSION_HEX, OMISSION_HEX_DARK  # the exports use it too

# Links whose confidence is below this are shaded as doubtful (panes and link map alike): the core's threshold.
LOW_CONFIDENCE = UNCERTAIN


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
    # A link's status (memoQ-like: the aligner's links plain, the reader's own and reviewed ones in colour).
    manual_link: QColor  # the band of a link the reader made in the link map
    confirmed_link: QColor  # the band of a link the reader confirmed
    manual_mark: QColor  # a manual link's bar at the panes' edge and its ticks in the ruler; its band's outline
    confirmed_mark: QColor  # a confirmed link's bar, ticks and outline
    # Translation-check flags: underlines in the panes and ticks in the ruler, by severity.
    flag_error: QColor
    flag_warning: QColor
    flag_advisory: QColor


LIGHT = Scheme(
    dark=False,
    omission=QColor(OMISSION_HEX),
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
    manual_link=QColor("#a6dbe6"),
    confirmed_link=QColor("#c6e6a3"),
    manual_mark=QColor("#1b87a0"),
    confirmed_mark=QColor("#5e9422"),
    flag_error=QColor("#d21f3c"),
    flag_warning=QColor("#b5179e"),
    flag_advisory=QColor("#6c7480"),
)

DARK = Scheme(
    dark=True,
    omission=QColor(OMISSION_HEX_DARK),
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
    manual_link=QColor("#1d5f6e"),
    confirmed_link=QColor("#3e5c22"),
    manual_mark=QColor("#4fc6e0"),
    confirmed_mark=QColor("#9fd45e"),
    flag_error=QColor("#ff6b7d"),
    flag_warning=QColor("#f06bd8"),
    flag_advisory=QColor("#a3abb6"),
)


# A link's status, as the core's editing.LinkStatus spells it (a StrEnum: its members equal these strings).
AUTOMATIC, MANUAL, CONFIRMED = "automatic", "manual", "confirmed"
LINK_STATUSES = (AUTOMATIC, MANUAL, CONFIRMED)
# A flag's severity, as the core's checks.Severity spells it, most serious first.
SEVERITIES = ("error", "warning", "advisory")


def status_colours(scheme: Scheme, status: str) -> tuple[QColor, QColor]:
    """The band colour and the mark (outline, bar, tick) colour of a manual or confirmed link."""
    if status == MANUAL:
        return scheme.manual_link, scheme.manual_mark
    if status == CONFIRMED:
        return scheme.confirmed_link, scheme.confirmed_mark
    raise ValueError(f"no colours for link status {status!r}")


def flag_colour(scheme: Scheme, severity: str) -> QColor:
    """The underline and tick colour of a check flag of `severity` ('error', 'warning' or 'advisory')."""
    return {"error": scheme.flag_error, "warning": scheme.flag_warning}.get(severity, scheme.flag_advisory)


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

    ROLES = ("omission", "low_confidence", "current_link", "cross_highlight", "annotation", "manual_link",
             "confirmed_link", "flag_error")
    # Shown only while the view has such marks (set_marked_roles): a status bar has no room for all at once.
    MARK_ROLES = ("manual_link", "confirmed_link", "flag_error")

    def __init__(self, scheme: Scheme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        # As wide as its entries: in a status bar it must not push the permanent widgets aside.
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        layout = self._layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(4)
        self.swatches: dict[str, Swatch] = {}
        self.labels: dict[str, QLabel] = {}
        self._shown: list[str] = list(self.ROLES)  # the entries shown (see set_marked_roles)
        for role in self.ROLES:
            swatch = Swatch(role, scheme, self)
            label = QLabel(self)
            label.setContentsMargins(0, 0, 8, 0)  # (not a spacer: a hidden entry leaves no gap)
            layout.addWidget(swatch, 0, Qt.AlignmentFlag.AlignVCenter)
            layout.addWidget(label)
            self.swatches[role] = swatch
            self.labels[role] = label
        self.set_marked_roles(())
        self.retranslate()

    def set_marked_roles(self, roles: Sequence[str]) -> None:
        """Show the entries of MARK_ROLES that are in `roles` (the marks the view shows now), hide the others."""
        self._shown = [role for role in self.ROLES if role not in self.MARK_ROLES or role in roles]
        for role in self.MARK_ROLES:
            self.swatches[role].setVisible(role in roles)
        self.updateGeometry()
        self._fit_words(self.width())

    def _entry_widths(self) -> list[tuple[int, int]]:
        """Per entry shown: the width of its swatch and of its words, each with the spacing after it (none after
        the last words)."""
        spacing = self._layout.spacing()
        widths = [(self.swatches[role].minimumWidth() + spacing, self.labels[role].sizeHint().width() + spacing)
                  for role in self._shown]
        if widths:
            widths[-1] = (widths[-1][0], widths[-1][1] - spacing)
        return widths

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        # Every entry with its words, whichever words are hidden for want of room (see _fit_words).
        if getattr(self, "_layout", None) is None:  # asked while being made (a style polish), before its entries
            return super().sizeHint()
        margins = self.contentsMargins() + self._layout.contentsMargins()
        width = margins.left() + margins.right() + sum(a + b for a, b in self._entry_widths())
        return QSize(width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        if getattr(self, "_layout", None) is None:
            return super().minimumSizeHint()
        margins = self.contentsMargins() + self._layout.contentsMargins()
        width = margins.left() + margins.right() + sum(a for a, _b in self._entry_widths())
        return QSize(width, super().minimumSizeHint().height())

    def _fit_words(self, width: int) -> None:
        """Given less room than all words need, drop words (the swatches and their tooltips stay) rather than cut
        every word short: the always-shown entries' from the last, then the marks' (shown while they matter)."""
        margins = self.contentsMargins() + self._layout.contentsMargins()
        needed = margins.left() + margins.right() + sum(a + b for a, b in self._entry_widths())
        entries = list(zip(self._shown, self._entry_widths(), strict=True))[::-1]
        entries.sort(key=lambda entry: entry[0] in self.MARK_ROLES)  # (stable: each group stays last first)
        for role, (_swatch, words) in entries:
            fits = needed <= width
            self.labels[role].setVisible(fits)
            if not fits:
                needed -= words
        for role in self.MARK_ROLES:
            if role not in self._shown:
                self.labels[role].hide()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._fit_words(event.size().width())
        super().resizeEvent(event)

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
            "manual_link": (self.tr("Manual link"),
                            self.tr("A link you made: its band in the link map, a bar at the panes' edge and "
                                    "ticks in the overview ruler")),
            "confirmed_link": (self.tr("Confirmed link"),
                               self.tr("A link you reviewed and confirmed: its band, bar and ruler ticks")),
            "flag_error": (self.tr("Check flag"),
                           self.tr("A translation check's finding, underlined in the panes (red: likely an error, "
                                   "magenta: worth a look, grey: advisory) and ticked in the overview ruler "
                                   "while the checks are shown")),
        }
        for role, (text, tip) in texts.items():
            self.labels[role].setText(text)
            self.labels[role].setToolTip(tip)
            self.swatches[role].setToolTip(tip)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if not hasattr(self, "labels"):
            pass  # delivered while it is being made (its entries come next, in the current language)
        elif event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            for swatch in self.swatches.values():
                swatch.update()
        super().changeEvent(event)


def legend_widget(parent: QWidget | None = None) -> Legend:
    """A legend that follows the palette."""
    return Legend(None, parent)


def _block_rect(pane: QTextEdit, index: int) -> QRectF:
    document = pane.document()
    return document.documentLayout().blockBoundingRect(document.findBlockByNumber(index))


class PaneMarks(QWidget):
    """A transparent layer over a pane's viewport: a bar at the right edge of each paragraph of a manual or
    confirmed link (in the text's right margin: the note bars take the left one), and a line under each flagged
    paragraph by the flag's severity (wavy: error, dashed: warning, dotted: advisory). Only the paragraphs in
    view are looked at; the document is not touched (no relayout)."""

    BAR_WIDTH = 3

    def __init__(self, pane: QTextEdit) -> None:
        super().__init__(pane.viewport())
        self.pane = pane
        self.setObjectName(f"{getattr(pane, 'language', '')}PaneMarks")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.statuses: dict[int, str] = {}  # paragraph -> "manual" | "confirmed"
        self.flags: dict[int, str] = {}  # paragraph -> the severity of its most serious flag
        pane.verticalScrollBar().valueChanged.connect(self._on_pane_changed)
        pane.viewport().installEventFilter(self)
        self.setGeometry(pane.viewport().rect())
        self.show()

    def set_statuses(self, statuses: dict[int, str]) -> None:
        if statuses != self.statuses:
            self.statuses = dict(statuses)
            self.update()

    def set_flags(self, flags: dict[int, str]) -> None:
        if flags != self.flags:
            self.flags = dict(flags)
            self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.pane.viewport().rect())
        return False

    def _on_pane_changed(self, _value: int = 0) -> None:
        # (The viewport scrolls its children with it: put the layer back over the whole viewport.)
        self.setGeometry(self.pane.viewport().rect())
        self.update()

    def bar_rect(self, index: int) -> QRectF:
        """The status bar of paragraph `index`, in viewport coordinates."""
        rect = _block_rect(self.pane, index)
        top = rect.top() - self.pane.verticalScrollBar().value()
        return QRectF(self.width() - self.BAR_WIDTH, top, self.BAR_WIDTH, max(2.0, rect.height()))

    def underline_y(self, index: int) -> float:
        """Viewport y of the line under paragraph `index`: just below its last line of text."""
        block = self.pane.document().findBlockByNumber(index)
        layout = block.layout()
        lines = layout.lineCount() if layout is not None else 0
        if lines:
            bottom = layout.position().y() + layout.lineAt(lines - 1).rect().bottom()
        else:
            bottom = _block_rect(self.pane, index).bottom()
        return bottom + 2.0 - self.pane.verticalScrollBar().value()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        if not (self.statuses or self.flags):
            return
        pane = self.pane
        count = pane.document().blockCount()
        paragraph_at = getattr(pane, "paragraph_at", None)
        if not count or paragraph_at is None:
            return
        scroll = pane.verticalScrollBar().value()
        first, last = paragraph_at(scroll), paragraph_at(scroll + self.height())
        if first < 0:
            return
        scheme = scheme_for(pane.palette())
        painter = QPainter(self)
        margin = pane.document().documentMargin()
        for index in range(first, last + 1):
            status = self.statuses.get(index)
            if status is not None:
                painter.fillRect(self.bar_rect(index), status_colours(scheme, status)[1])
            severity = self.flags.get(index)
            if severity is not None:
                self._underline(painter, margin, self.width() - margin - self.BAR_WIDTH, self.underline_y(index),
                                flag_colour(scheme, severity), severity)
        painter.end()

    @staticmethod
    def _underline(painter: QPainter, left: float, right: float, y: float, colour: QColor, severity: str) -> None:
        pen = QPen(colour, 1.6 if severity == "error" else 2.0)
        if severity == "error":  # a wave, as spelling checkers mark what is wrong
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(pen)
            path = QPainterPath(QPointF(left, y))
            x, up = left, True
            while x < right:
                path.quadTo(x + 2.0, y + (-2.0 if up else 2.0), x + 4.0, y)
                x += 4.0
                up = not up
            painter.drawPath(path)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            return
        pen.setStyle(Qt.PenStyle.DashLine if severity == "warning" else Qt.PenStyle.DotLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(left, y), QPointF(right, y))

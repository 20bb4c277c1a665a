"""DictionaryPopup: the look-up of the word under the pointer (Zhongwen's popup), placed beside the word."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from reader_app.core.dictionary import readings
from reader_app.core.dictionary.words import Lookup, Word
from reader_app.ui.fonts import bundled_families, chinese_font

MAX_SENSES = 8  # of one entry: a character such as 打 has 25
MAX_INSIDE = 6  # shorter words listed under the word
WIDTH = 380
GAP = 4  # pixels between the word and the popup
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's largest widget size


def _tr(text: str) -> str:
    return QCoreApplication.translate("DictionaryPopup", text)


def _reading(pinyin: str, zhuyin: bool) -> str:
    """A reading as popup HTML (escaped)."""
    if not zhuyin:
        return html.escape(readings.marked(pinyin))
    # WenQuanYi Micro Hei maps the second and fourth tone marks (U+02CA, U+02CB) to empty glyphs, so they would
    # vanish: they are drawn from the bundled Han fallback (Noto Sans CJK), which has them.
    fallback = bundled_families()[-1]
    return "".join(f"<span style=\"font-family:'{fallback}'\">{ch}</span>" if ch in "ˊˋ" else html.escape(ch)
                   for ch in readings.zhuyin(pinyin))


def lookup_html(lookup: Lookup, *, zhuyin: bool = False) -> str:
    """The popup's text: each entry of the word with both scripts, its reading and senses, then the words inside."""
    word = lookup.word
    parts: list[str] = []
    if not word.entries:
        parts.append(f"<p><span style='font-size:x-large'>{html.escape(word.text)}</span><br>"
                     f"{html.escape(_tr('Not in the dictionary'))}</p>")
    for entry in word.entries:
        forms = entry.traditional if entry.traditional == entry.simplified else \
            f"{entry.simplified}\u2002{entry.traditional}"
        senses = [s for s in entry.senses if s][:MAX_SENSES]
        more = len(entry.senses) - len(senses)
        items = "".join(f"<li>{html.escape(s)}</li>" for s in senses)
        if more > 0:
            items += f"<li>{html.escape(_tr('… {0} more').format(more))}</li>"
        parts.append(f"<p style='margin:0'><span style='font-size:x-large'>{html.escape(forms)}</span>"
                     f"\u2003<b>{_reading(entry.pinyin, zhuyin)}</b></p>"
                     f"<ol style='margin-top:2px; margin-bottom:6px'>{items}</ol>")
    # Of a long word, its shorter words; its characters one by one only for a word of two or three.
    inside = [w for w in lookup.inside if w.entries and (len(w.text) > 1 or len(word.text) < 4)][:MAX_INSIDE]
    if inside:
        rows = "".join(_inside_row(w, zhuyin) for w in inside)
        parts.append(f"<p style='margin-bottom:0'><i>{html.escape(_tr('Inside'))}</i></p>"
                     f"<table cellspacing='2'>{rows}</table>")
    return "".join(parts)


def _inside_row(word: Word, zhuyin: bool) -> str:
    entry = word.entries[0]
    senses = "; ".join(s for s in entry.senses[:2] if s)
    return (f"<tr><td>{html.escape(word.text)}</td><td>{_reading(entry.pinyin, zhuyin)}</td>"
            f"<td>{html.escape(senses)}</td></tr>")


def place_beside(word_rect: QRect, size: tuple[int, int], screen: QRect) -> QPoint:
    """Where the popup goes: just below the word, or above it when it would leave the screen at the bottom,
    moved left to stay inside the screen (all in global coordinates)."""
    width, height = size
    x = min(max(word_rect.left(), screen.left()), screen.right() + 1 - width)
    y = word_rect.bottom() + 1 + GAP
    if y + height > screen.bottom() + 1:
        y = max(screen.top(), word_rect.top() - GAP - height)
    return QPoint(max(screen.left(), x), y)


class DictionaryPopup(QFrame):
    """A frameless tool-tip window showing one Lookup; the reader keeps reading (it takes no focus).

    Signals: saveRequested() when Save Word is clicked."""

    saveRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("dictionaryPopup")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFrameShape(QFrame.Shape.Box)
        self.setFixedWidth(WIDTH)
        self.lookup: Lookup | None = None
        self._bottom_height: int | None = None  # of the hint and the button's row, measured once
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setFont(chinese_font(11.0))
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.hint = QLabel()
        self.hint.setEnabled(False)  # drawn in the palette's placeholder grey
        self.save_button = QPushButton()
        self.save_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.save_button.clicked.connect(self.saveRequested)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.label)
        layout.addLayout(bottom)
        self.retranslate()

    def retranslate(self) -> None:
        self.save_button.setText(_tr("&Save Word"))
        self.hint.setText(_tr("S save · ← → words · Esc close"))

    def show_lookup(self, lookup: Lookup, word_rect: QRect, *, zhuyin: bool = False, saved: bool = False) -> None:
        """Show `lookup` beside `word_rect` (global coordinates), inside the screen that holds the word."""
        self.lookup = lookup
        self.label.setText(lookup_html(lookup, zhuyin=zhuyin))
        self.save_button.setEnabled(bool(lookup.word.entries) and not saved)
        self.save_button.setText(_tr("Saved") if saved else _tr("&Save Word"))
        # A wrapped label is as tall as its width makes it: asked for that width before the window is sized (else
        # adjustSize takes the height it had at its previous width, and the last lines are cut).
        # The window's height is summed here rather than asked of adjustSize, which lays the rich text out once
        # more (5 ms of the 10 a look-up took on the GUI thread: bench/lookup_speed.py).
        layout = self.layout()
        margins = layout.contentsMargins()
        inner = WIDTH - margins.left() - margins.right() - 2 * self.frameWidth()
        self.label.setMinimumHeight(0)  # the last word's fixed height would be this one's minimum
        self.label.setMaximumHeight(QWIDGETSIZE_MAX)
        label_height = self.label.heightForWidth(inner)
        self.label.setFixedHeight(label_height)
        if self._bottom_height is None:
            self._bottom_height = max(self.hint.sizeHint().height(), self.save_button.sizeHint().height())
        layout.activate()  # the label's new height into the layout's minimum, which resize() could not go below
        self.resize(WIDTH, label_height + layout.spacing() + self._bottom_height + margins.top() + margins.bottom()
                    + 2 * self.frameWidth())
        screen = QGuiApplication.screenAt(word_rect.center()) or QGuiApplication.primaryScreen()
        self.move(place_beside(word_rect, (self.width(), self.height()), screen.availableGeometry()))
        self.show()
        self.raise_()

    def mark_saved(self) -> None:
        self.save_button.setEnabled(False)
        self.save_button.setText(_tr("Saved"))

"""View ▸ Show Readings: the ruby readings the loader took out of the text (flattened pinyin, <ruby>), in a tooltip
over their character, and a dotted underline under each character that has one (core.documents.readings)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QAction, QColor, QHelpEvent, QPainter, QPalette, QPen, QTextCursor
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

from reader_app.core.documents.readings import paragraph_readings
from reader_app.ui import settings

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMenuBar

    from reader_app.core.units import UnitView
    from reader_app.ui.pane import ParagraphPane
    from reader_app.ui.reader_view import ReaderView

UNDERLINE_ALPHA = 150  # of the text colour: a hint under the character, not a second line of text


def _tr(text: str) -> str:
    return QCoreApplication.translate("Readings", text)


class ReadingsHost(Protocol):
    """What the readings need of the window (MainWindow), so this module never imports it."""

    settings: QSettings
    units: UnitView | None
    view: ReaderView

    def menuBar(self) -> QMenuBar: ...  # noqa: N802 - Qt's name


class _Underlines(QWidget):
    """A transparent layer over a pane's viewport drawing a dotted line under each character with a reading (the
    document is not touched: its formats, highlights and offsets stay as they are)."""

    def __init__(self, pane: ParagraphPane, readings: Readings) -> None:
        super().__init__(pane.viewport())
        self.pane = pane
        self.readings = readings
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        pane.verticalScrollBar().valueChanged.connect(self._follow_viewport)
        pane.horizontalScrollBar().valueChanged.connect(self._follow_viewport)
        pane.geometryChanged.connect(self._follow_viewport)
        self._follow_viewport()

    def _follow_viewport(self) -> None:
        # (A scroll moves the viewport's children with its pixels: the layer is put back over the whole of it.)
        self.setGeometry(self.pane.viewport().rect())
        self.raise_()
        self.update()

    def lines(self) -> list[tuple[int, int, QRect]]:
        """(block, offset, the line under the character in viewport coordinates) for each reading in view."""
        pane = self.pane
        if not pane.paragraphs:
            return []
        top = pane.scroll_value()
        first = max(pane.paragraph_at(top), 0)
        last = max(pane.paragraph_at(top + pane.viewport().height()), first)
        found = []
        for block in range(first, min(last, len(pane.paragraphs) - 1) + 1):
            for offset in sorted(self.readings.block_readings(pane.language, block)):
                rect = character_rect(pane, block, offset)
                if rect is not None:
                    found.append((block, offset, QRect(rect.left(), rect.bottom() - 1, rect.width(), 1)))
        return found

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        found = self.lines()
        if not found:
            return
        colour = QColor(self.pane.palette().color(QPalette.ColorRole.Text))
        colour.setAlpha(UNDERLINE_ALPHA)
        painter = QPainter(self)
        painter.setPen(QPen(colour, 1, Qt.PenStyle.DotLine))
        for _block, _offset, line in found:
            painter.drawLine(line.left(), line.top(), line.right(), line.top())
        painter.end()


def character_rect(pane: ParagraphPane, block_number: int, offset: int) -> QRect | None:
    """The box of one character of a block, in viewport coordinates (None when the block has no such character)."""
    block = pane.document().findBlockByNumber(block_number)
    if not block.isValid() or not 0 <= offset < block.length() - 1:
        return None
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + offset)
    start = pane.cursorRect(cursor)
    cursor.setPosition(block.position() + offset + 1)
    end = pane.cursorRect(cursor)
    if end.top() == start.top() and end.left() > start.left():
        width = end.left() - start.left()
    else:  # the last character of a line: as wide as the font draws it
        width = pane.fontMetrics().horizontalAdvance(block.text()[offset])
    return QRect(start.left(), start.top(), max(width, 1), start.height())


def character_at(pane: ParagraphPane, pos: QPoint) -> tuple[int, int]:
    """(block, offset) of the character under the viewport point `pos`, or (-1, -1) between or beside them."""
    cursor = pane.cursorForPosition(pos)
    block = cursor.block()
    between = cursor.position() - block.position()  # the caret nearest the point: the character is on either side
    for offset in (between - 1, between):
        rect = character_rect(pane, block.blockNumber(), offset)
        if rect is not None and rect.contains(pos):
            return block.blockNumber(), offset
    return -1, -1


class Readings(QObject):
    """View ▸ Show Readings on a window: remembered for every document (a learner wants them in every book; a
    document without readings shows nothing either way). The readings of a pane's block are found when first
    needed, from the document's paragraph the block shows (or the sentence or line of it)."""

    def __init__(self, window: ReadingsHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.view = window.view
        self.action = QAction(window)  # type: ignore[call-overload]
        self.action.setObjectName("show-readings")
        self.action.setCheckable(True)
        self.action.setChecked(settings.SHOW_READINGS.read(window.settings))
        self.action.toggled.connect(self._on_action_toggled)
        self._found: dict[tuple[str, int], dict[int, str]] = {}
        self._found_in: UnitView | None = None
        self.underlines = {pane.language: _Underlines(pane, self) for pane in (self.view.zh_pane, self.view.en_pane)}
        for pane in (self.view.zh_pane, self.view.en_pane):
            pane.viewport().installEventFilter(self)
        self._show_underlines()

    @property
    def enabled(self) -> bool:
        return self.action.isChecked()

    def install_menu(self) -> None:
        """The toggle in the View menu, after the panes' scripts (again after the window rebuilt its menus)."""
        self.action.setText(_tr("Show &Readings"))
        self.action.setStatusTip(_tr("Show the pinyin the text came with when the pointer rests on a character"))
        for action in self.window.menuBar().actions():
            menu = action.menu()
            if isinstance(menu, QMenu) and menu.objectName() == "viewMenu":
                menu.addSeparator()
                menu.addAction(self.action)
                return

    def block_readings(self, language: str, block: int) -> dict[int, str]:
        """Offset in the text of a pane's block -> its reading."""
        units = self.window.units
        if units is None:
            return {}
        if units is not self._found_in:
            self._found, self._found_in = {}, units
        key = (language, block)
        found = self._found.get(key)
        if found is None:
            paragraph, start = units.to_paragraph(language, block)
            side = units.document.side(language)
            found = paragraph_readings(side.paragraphs[paragraph]) if 0 <= paragraph < len(side) else {}
            if not units.identity and found:
                end = start + len(units.shown.side(language).paragraphs[block].text)
                found = {k - start: reading for k, reading in found.items() if start <= k < end}
            self._found[key] = found
        return found

    def tooltip_at(self, pane: ParagraphPane, pos: QPoint) -> str:
        """"動 dòng" over a character with a reading while the readings are shown, else ""."""
        if not self.enabled:
            return ""
        block, offset = character_at(pane, pos)
        reading = self.block_readings(pane.language, block).get(offset) if block >= 0 else None
        if reading is None:
            return ""
        return f"{pane.document().findBlockByNumber(block).text()[offset]} {reading}"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent) and self.enabled:
            pane = next((p for p in (self.view.zh_pane, self.view.en_pane) if p.viewport() is watched), None)
            text = self.tooltip_at(pane, event.pos()) if pane is not None else ""
            if text:
                QToolTip.showText(event.globalPos(), text, pane.viewport())  # type: ignore[union-attr]
                return True
        return False  # the pane's own tooltip (an omission, a flag) otherwise

    def _on_action_toggled(self, shown: bool) -> None:
        settings.SHOW_READINGS.write(self.window.settings, shown)
        self._show_underlines()

    def _show_underlines(self) -> None:
        for layer in self.underlines.values():
            layer.setVisible(self.enabled)
            layer.update()


def install_readings(window: ReadingsHost) -> Readings:
    """The window's Readings (made at its first call) with its toggle in the View menu."""
    readings = window.findChild(Readings)  # type: ignore[attr-defined]
    if readings is None:
        readings = Readings(window)
    readings.install_menu()
    return readings

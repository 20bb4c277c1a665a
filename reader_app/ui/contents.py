"""The Contents dock (the document's chapters, both titles side by side) and the status bar's chapter and progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QTreeWidget, QTreeWidgetItem

from reader_app.core.documents.chapters import Chapter, Progress, chapters
from reader_app.ui.narrow_window import ElidedLabel

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QMainWindow

    from reader_app.core.model import Document
    from reader_app.core.units import UnitView
    from reader_app.ui.reader_view import ReaderView

    class ContentsHost(QMainWindow):
        """What the contents need of the main window (MainWindow is the one there is)."""

        view: ReaderView
        document: Document | None
        units: UnitView | None
        documentOpened: SignalInstance
        alignmentRefined: SignalInstance

CONTENTS_KEY = "Ctrl+Shift+C"
# The status bar follows the reading place at most this often: a scroll fires hundreds of value changes.
STATUS_DELAY_MS = 120
TITLE_WIDTH = 220  # pixels of the chapter's title in the status bar


def _tr(text: str) -> str:
    return QCoreApplication.translate("Contents", text)


class ContentsPanel(QDockWidget):
    """A dock listing the chapters: the Chinese and the English heading of each, in one row."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("contentsDock")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.setWidget(self.tree)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_tr("Contents"))
        self.tree.setHeaderLabels([_tr("Chinese"), _tr("English")])

    def show_chapters(self, found: list[Chapter]) -> None:
        self.tree.clear()
        if not found:
            item = QTreeWidgetItem([_tr("No headings in this document"), ""])
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tree.addTopLevelItem(item)
            return
        items = []
        for chapter in found:
            item = QTreeWidgetItem([chapter.zh_title, chapter.en_title])
            item.setData(0, Qt.ItemDataRole.UserRole, chapter)
            item.setToolTip(0, chapter.zh_title)
            item.setToolTip(1, chapter.en_title)
            items.append(item)
        self.tree.addTopLevelItems(items)

    def mark(self, chapter: Chapter | None) -> None:
        """Select the row of the chapter being read, without moving the reader (no itemActivated)."""
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == chapter:
                self.tree.blockSignals(True)
                self.tree.setCurrentItem(item)
                self.tree.blockSignals(False)
                self.tree.scrollToItem(item)
                return


class ContentsController(QObject):
    """Installs the Contents dock (View ▸ Contents, Ctrl+Shift+C: click a chapter to go there, both panes
    following) and the status bar's "chapter · percent" for the left pane's reading place. Chapters are found
    again when the document or its links change, so a heading's counterpart follows the alignment."""

    def __init__(self, window: ContentsHost) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.view
        self.chapters: list[Chapter] = []
        self._progress: dict[str, Progress] = {}
        self._key: tuple | None = None  # what the chapters were found in (document, links)
        self._listed: tuple | None = None  # what the panel lists
        self.panel = ContentsPanel(window)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.panel)
        self.panel.hide()
        self.status = ElidedLabel()
        self.status.setObjectName("readingPlace")
        window.statusBar().addPermanentWidget(self.status)
        # Out of the way while the status bar says something (an edit saved, a find's count): the message matters
        # then, and it was cut off between the legend and this.
        window.statusBar().messageChanged.connect(lambda text: self.status.setVisible(not text))
        self.toggle_action: QAction = self.panel.toggleViewAction()
        self.toggle_action.setObjectName("contents-panel")
        self.toggle_action.setShortcut(QKeySequence(CONTENTS_KEY))
        self.view.addAction(self.toggle_action)  # the window drops its own actions when it rebuilds its menus
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(STATUS_DELAY_MS)
        self._timer.timeout.connect(self.update_status)
        self.panel.tree.itemActivated.connect(self._on_tree_item_activated)
        self.panel.tree.itemClicked.connect(self._on_tree_item_activated)
        self.panel.visibilityChanged.connect(lambda shown: shown and self.refresh())
        window.documentOpened.connect(lambda _document: self.refresh())
        window.alignmentRefined.connect(lambda _alignment: self.refresh())
        for pane in (self.view.left, self.view.right):
            pane.verticalScrollBar().valueChanged.connect(lambda _value: self._timer.start())
        self.view.currentLinkChanged.connect(lambda _link: self._timer.start())
        self.install_menu()
        self.refresh()

    def install_menu(self) -> None:
        """The toggle in the View menu (again after the window rebuilt its menus)."""
        self.panel.retranslate()  # first: a new title becomes the toggle's text, which is set after it
        self.toggle_action.setText(_tr("&Contents"))
        self.update_status()  # its tooltip, in the interface language (a rebuild follows a switch)
        bar = self.window.menuBar()
        for action in bar.actions():
            menu = action.menu()
            if isinstance(menu, QMenu) and menu.objectName() == "viewMenu":
                menu.addSeparator()
                menu.addAction(self.toggle_action)
                return

    def refresh(self) -> None:
        """Find the chapters of what the panes show now (cheap: one pass over the headings), if that changed."""
        units = self.window.units
        document = units.shown if units is not None else self.window.document
        alignment = self.view.alignment
        key = (id(document), id(alignment))
        if key != self._key:
            self._key = key
            self.chapters = chapters(document, alignment) if document is not None else []
            self._progress = ({language: Progress(document, language, self.chapters) for language in ("zh", "en")}
                              if document is not None else {})
        if self.panel.isVisible() and self._listed != key:
            self._listed = key
            self.panel.show_chapters(self.chapters)
        self.update_status()

    def update_status(self) -> None:
        """The left pane's chapter and how far into the document its bottom edge is."""
        pane = self.view.left
        progress = self._progress.get(pane.language)
        if progress is None or not pane.paragraphs:
            self.status.clear()
            return
        bottom = pane.scroll_value() + pane.viewport().height()
        index = pane.paragraph_at(bottom)
        if index < 0:
            index = len(pane.paragraphs) - 1
        top, bottom_of = pane.paragraph_top(index), pane.paragraph_bottom(index)
        fraction = (bottom - top) / max(bottom_of - top, 1.0)
        at_end = pane.scroll_value() >= pane.verticalScrollBar().maximum()
        percent = 100 if at_end else progress.percent(index, fraction)
        chapter = progress.chapter(self._reading(pane))
        title = chapter.title(pane.language) if chapter is not None else ""
        # Elided: the status bar also holds the loading stage, the counts and the legend.
        title = self.status.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, TITLE_WIDTH)
        self.status.setText(f"{title} · {percent}%" if title else f"{percent}%")
        self.status.setToolTip(_tr("Chapter being read, and how much of the document is above the pane's bottom"))
        if self.panel.isVisible():
            self.panel.mark(chapter)

    def _reading(self, pane) -> int:
        """The paragraph being read in a pane: the current link's last there (the sync point's link, which a jump
        puts a third down; its last paragraph, so that a link holding a chapter's heading counts as that
        chapter's), else the one at the top edge."""
        alignment, current = self.view.alignment, self.view.linker.current_link
        if alignment is not None and 0 <= current < len(alignment.links):
            units = alignment.links[current].zh if pane.language == "zh" else alignment.links[current].en
            if units:
                return units[-1]
        return max(pane.top_paragraph()[0], 0)

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        chapter = item.data(0, Qt.ItemDataRole.UserRole)
        if not isinstance(chapter, Chapter):
            return
        if chapter.link is not None:
            self.view.go_to_link(chapter.link)
        else:
            language = "zh" if chapter.zh is not None else "en"
            index = chapter.zh if chapter.zh is not None else chapter.en
            self.view.go_to_paragraph(language, index)  # type: ignore[arg-type]
        self.update_status()

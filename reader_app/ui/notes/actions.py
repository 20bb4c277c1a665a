"""The ways to add, edit and delete notes: shortcuts, the Edit menu, the panes' context menu, the ⋯ menu."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from reader_app.storage.notes_session import NotesSession
from reader_app.ui.notes.model import empty_label
from reader_app.ui.notes.panel import NotesPanel

if TYPE_CHECKING:
    from reader_app.storage.annotations import Annotation
    from reader_app.ui.notes.host import NotesHost
    from reader_app.ui.pane import ParagraphPane
    from reader_app.ui.reader_view import ReaderView

EXPORT_FORMATS = ("md", "json", "csv")
MENU_LABEL_CHARS = 30  # of a note's first line in "Edit Note “…”"


def _tr(text: str) -> str:
    # The context these strings had in the one-module controller: the catalogue keeps its translations.
    return QCoreApplication.translate("AnnotationsController", text)


class NoteCommands(Protocol):
    """What the actions and the context menu's entries do (NotesController)."""

    def add_note_here(self, target: str = "paragraph") -> Annotation | None: ...

    def undo_delete(self) -> Annotation | None: ...

    def add_note(self, language: str, index: int, target: str = "paragraph", start: int | None = None,
                 end: int | None = None, note: str = "", *, end_index: int | None = None) -> Annotation | None: ...

    def one_paragraph(self, language: str, first: int, last: int) -> bool: ...

    def select_note(self, annotation_id: str) -> None: ...

    def delete_note(self, annotation_id: str) -> bool: ...

    def notes_shown_on(self, language: str, index: int) -> list[Annotation]: ...


class NoteTarget(NamedTuple):
    """A shown block (`paragraph`), or a selection from `start` in it to `end` in block `end_paragraph` (None:
    the same block)."""

    language: str
    paragraph: int
    target: str = "paragraph"
    start: int | None = None
    end: int | None = None
    end_paragraph: int | None = None


def target_here(view: ReaderView, target: str = "paragraph") -> NoteTarget:
    """What the shortcut notes: the selection or the paragraph at the cursor of the focused pane (else of a
    pane with a selection, else the paragraph at the top of the left pane). A selection over several
    paragraphs, or one noted with its pair, notes its first paragraph."""
    panes = (view.zh_pane, view.en_pane)
    pane = next((p for p in panes if p.hasFocus()), None) or \
        next((p for p in panes if p.textCursor().hasSelection()), view.left)
    cursor = pane.textCursor()
    if cursor.hasSelection():
        block = pane.document().findBlock(cursor.selectionStart())
        last = pane.document().findBlock(cursor.selectionEnd())
        if target == "paragraph":
            # Over several blocks it is a selection only where they are sentences of one paragraph (the notes
            # controller decides: it knows what the blocks are); else it notes the first block.
            return NoteTarget(pane.language, block.blockNumber(), "selection",
                              cursor.selectionStart() - block.position(), cursor.selectionEnd() - last.position(),
                              None if last == block else last.blockNumber())
        return NoteTarget(pane.language, block.blockNumber(), target)
    index = cursor.blockNumber() if cursor.position() > 0 else pane.top_paragraph()[0]
    return NoteTarget(pane.language, max(index, 0), target)


class NoteActions:
    """The note actions of a window. Add, add to the pair and undo live on the reader view, not the window:
    the window drops its own actions when it rebuilds its menus. The ⋯ menu holds export, import and naming
    the current colour; the caller connects those actions' `triggered`."""

    def __init__(self, window: NotesHost, panel: NotesPanel, commands: NoteCommands) -> None:
        self.window = window
        self.view = view = window.view
        self.commands = commands
        self.add_action = self._action("Ctrl+M")
        self.add_link_action = self._action("Ctrl+Shift+M")
        self.undo_action = self._action(QKeySequence.StandardKey.Undo)
        self.undo_action.setEnabled(False)
        self.add_action.triggered.connect(self._on_add_action_triggered)
        self.add_link_action.triggered.connect(self._on_add_link_action_triggered)
        self.undo_action.triggered.connect(self._on_undo_action_triggered)
        self.toggle_action = panel.toggleViewAction()
        self.toggle_action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        view.addAction(self.toggle_action)
        more = panel.more_menu
        self.export_actions = {fmt: more.addAction("") for fmt in EXPORT_FORMATS}
        self.import_action = more.addAction("")
        more.addSeparator()
        self.name_colour_action = more.addAction("")
        self.retranslate()

    def retranslate(self) -> None:
        """The actions' words in the interface language (again at each rebuild of the window's menus)."""
        self.add_action.setText(_tr("Add &Note"))
        self.add_link_action.setText(_tr("Add Note to the &Pair"))
        self.undo_action.setText(_tr("&Undo Delete Note"))
        labels = {"md": _tr("Export Notes as &Markdown…"), "json": _tr("Export Notes as &JSON…"),
                  "csv": _tr("Export Notes as &CSV…")}
        for fmt, action in self.export_actions.items():
            action.setText(labels[fmt])
        self.import_action.setText(_tr("&Import Notes from JSON…"))
        self.name_colour_action.setText(_tr("&Name the Current Colour…"))

    def _action(self, shortcut: str | QKeySequence.StandardKey) -> QAction:
        action = QAction(self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.view.addAction(action)
        return action

    def _on_add_action_triggered(self) -> None:
        self.commands.add_note_here("paragraph")

    def _on_add_link_action_triggered(self) -> None:
        self.commands.add_note_here("link")

    def _on_undo_action_triggered(self) -> None:
        self.commands.undo_delete()

    def install_menu(self, bar: QMenuBar) -> None:
        """Add the note actions to the window's Edit menu (again after the window rebuilt its menus), or to a
        Notes menu of their own when it has none."""
        menu = next((m for a in bar.actions() if isinstance(m := a.menu(), QMenu) and m.objectName() == "editMenu"),
                    None)
        self.retranslate()
        if menu is None:
            menu = bar.addMenu(_tr("&Notes"))
        menu.addSeparator()
        for action in (self.add_action, self.add_link_action, self.undo_action, self.toggle_action):
            menu.addAction(action)


class NoteContextMenu(QObject):
    """The panes' context menu: the standard entries, then adding a note to the selection, the paragraph or
    its pair under the mouse, and editing or deleting the notes already on that paragraph."""

    def __init__(self, view: ReaderView, session: NotesSession, commands: NoteCommands,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.session = session
        self.commands = commands
        for pane in (view.zh_pane, view.en_pane):
            pane.viewport().installEventFilter(self)

    def menu(self, pane: ParagraphPane, pos: QPoint) -> QMenu:
        """The menu for the point `pos` of the pane's viewport."""
        commands = self.commands
        menu = pane.createStandardContextMenu(pos)
        menu.addSeparator()
        index = pane.cursorForPosition(pos).block().blockNumber()
        selection = pane.textCursor()
        if selection.hasSelection():
            block = pane.document().findBlock(selection.selectionStart())
            last = pane.document().findBlock(selection.selectionEnd())
            first_number, last_number = block.blockNumber(), last.blockNumber()
            if commands.one_paragraph(pane.language, first_number, last_number):
                start = selection.selectionStart() - block.position()
                end = selection.selectionEnd() - last.position()
                menu.addAction(_tr("Add Note to the Selection"),
                               lambda: commands.add_note(pane.language, first_number, "selection", start, end,
                                                         end_index=None if last == block else last_number))
        menu.addAction(_tr("Add Note to This Paragraph"), lambda: commands.add_note(pane.language, index))
        menu.addAction(_tr("Add Note to This Pair"), lambda: commands.add_note(pane.language, index, "link"))
        for annotation in commands.notes_shown_on(pane.language, index):
            note = annotation.note.strip()
            label = note.splitlines()[0][:MENU_LABEL_CHARS] if note else empty_label()
            menu.addAction(_tr("Edit Note “{0}”").format(label),
                           lambda a=annotation: commands.select_note(a.id))
            menu.addAction(_tr("Delete Note “{0}”").format(label),
                           lambda a=annotation: commands.delete_note(a.id))
        return menu

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            pane = next((p for p in (self.view.zh_pane, self.view.en_pane) if p.viewport() is watched), None)
            if pane is not None and self.session.document is not None:
                menu = self.menu(pane, event.pos())
                menu.exec(event.globalPos())
                menu.deleteLater()
                return True
        return super().eventFilter(watched, event)

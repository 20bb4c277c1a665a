"""The panes' context menu with the alignment edits of the paragraph under the mouse, after the notes' entries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QMenu

from reader_app.core.editing import Confirm, Edit, Merge, Pinned, Release, Unlink
from reader_app.ui.editing.actions import other_language, units_text

if TYPE_CHECKING:
    from reader_app.ui.notes import NotesController
    from reader_app.ui.pane import ParagraphPane
    from reader_app.ui.reader_view import ReaderView


class EditCommands(Protocol):
    """What the menu's entries do (AlignmentEditor)."""

    view: ReaderView
    pinned: Pinned | None

    @property
    def pending(self) -> tuple[str, tuple[int, ...]] | None: ...
    def ready(self) -> bool: ...
    def selected_units(self, pane: ParagraphPane) -> tuple[int, ...]: ...
    def link_pair(self, language: str, first: tuple[int, ...], others: tuple[int, ...]) -> None: ...
    def start_linking(self, language: str, units: tuple[int, ...]) -> None: ...
    def no_counterpart(self, language: str, units: tuple[int, ...]) -> bool: ...
    def not_an_omission(self, language: str, unit: int, into_link: int | None = None) -> bool: ...
    def link_edit(self, edit: Edit) -> bool: ...
    def split(self, link: int) -> bool: ...


def _tr(text: str) -> str:
    return QCoreApplication.translate("AlignmentEditor", text)


class EditContextMenu(QObject):
    """Builds the whole menu of a pane (the notes' entries, then the edits'), installed after the notes' own
    filter: event filters run newest first, so this one answers the event."""

    def __init__(self, editor: EditCommands, notes: NotesController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.notes = notes
        for pane in (editor.view.zh_pane, editor.view.en_pane):
            pane.viewport().installEventFilter(self)

    def menu(self, pane: ParagraphPane, pos: QPoint) -> QMenu:
        """The menu for the point `pos` of the pane's viewport."""
        editor = self.editor
        menu = self.notes.context_menu(pane, pos)
        menu.addSeparator()
        start = len(menu.actions())
        index = pane.cursorForPosition(pos).block().blockNumber()
        pinned = editor.pinned
        language = pane.language
        selected = editor.selected_units(pane)
        units = selected if index in selected else (index,)
        add = menu.addAction
        others = editor.selected_units(editor.view.pane(other_language(language)))
        pending = editor.pending
        if others:
            add(_tr("Link with the Selection Opposite"), lambda: editor.link_pair(language, units, others))
        elif pending is not None and pending[0] != language:
            add(_tr("Link with {0}").format(units_text(*pending)), lambda: editor.link_pair(*pending, units))
        else:
            add(_tr("Link This with…"), lambda: editor.start_linking(language, units))
        link = pinned.alignment.link_of(language, index) if pinned is not None else None
        if pinned is None or link is None:
            add(_tr("No Counterpart"), lambda: editor.no_counterpart(language, units))
            return self._enabled(menu, start)
        chosen, count = pinned.alignment.links[link], len(pinned.alignment.links)
        if chosen.is_gap:
            join = menu.addMenu(_tr("Not an &Omission"))
            join.addAction(_tr("Join the Better Neighbour"), lambda: editor.not_an_omission(language, index))
            if link > 0:
                join.addAction(_tr("Join the Link Before"), lambda: editor.not_an_omission(language, index, link - 1))
            if link + 1 < count:
                join.addAction(_tr("Join the Link After"), lambda: editor.not_an_omission(language, index, link + 1))
        else:
            add(_tr("No Counterpart"), lambda: editor.no_counterpart(language, units))
        add(_tr("Merge with Previous Link"), lambda: editor.link_edit(Merge(link, False))).setEnabled(link > 0)
        add(_tr("Merge with Next Link"), lambda: editor.link_edit(Merge(link, True))).setEnabled(link + 1 < count)
        add(_tr("Split Link…"), lambda: editor.split(link)).setEnabled(len(chosen.zh) + len(chosen.en) > 2)
        if not chosen.is_gap:
            add(_tr("Unlink"), lambda: editor.link_edit(Unlink(link)))
        if pinned.pin_of(link) is None:
            add(_tr("Confirm Link"), lambda: editor.link_edit(Confirm(link)))
        else:
            add(_tr("Release Link (Automatic Again)"), lambda: editor.link_edit(Release(link)))
        return self._enabled(menu, start)

    def _enabled(self, menu: QMenu, start: int) -> QMenu:
        if not self.editor.ready():  # still loading or aligning: the edits are shown greyed
            for action in menu.actions()[start:]:
                action.setEnabled(False)
        return menu

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            view = self.editor.view
            pane = next((p for p in (view.zh_pane, view.en_pane) if p.viewport() is watched), None)
            if pane is not None and self.notes.session.document is not None:
                menu = self.menu(pane, event.pos())
                menu.exec(event.globalPos())
                menu.deleteLater()
                return True
        return super().eventFilter(watched, event)

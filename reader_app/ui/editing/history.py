"""The window's one undo history: alignment edits and note deletions, undone and redone in the order they were made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from reader_app.ui.notes import NotesController

UNDO_KEYS = ("Ctrl+Z",)
# Ctrl+Shift+Z and Ctrl+Y both, on every platform: readers bring either habit.
REDO_KEYS = ("Ctrl+Shift+Z", "Ctrl+Y")


def _tr(text: str) -> str:
    return QCoreApplication.translate("WindowHistory", text)


@dataclass(frozen=True)
class Step:
    """One thing the reader did: `label` names it in Edit ▸ Undo …; `undo` and `redo` put it back and again."""

    label: str
    undo: Callable[[], None]
    redo: Callable[[], None]
    kind: str = "alignment"  # "alignment" or "note": what it changed


class WindowHistory(QObject):
    """Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z, Ctrl+Y) for the whole window: the last step first, whatever it
    changed. The actions live on `owner` (the reader view), as the notes' do, so that rebuilding the menus keeps
    them. Signals: changed() after a step was added, undone, redone or the history cleared."""

    changed = Signal()

    def __init__(self, owner: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_steps: list[Step] = []
        self.redo_steps: list[Step] = []
        # Whether a step can be undone or redone now (the controller's say: an alignment step waits while an
        # edit's re-alignment runs or another document is loading, its result would land on the wrong state).
        self.allowed: Callable[[Step], bool] = lambda _step: True
        self.undo_action = self._action(owner, UNDO_KEYS)
        self.redo_action = self._action(owner, REDO_KEYS)
        self.undo_action.setObjectName("window-undo")
        self.redo_action.setObjectName("window-redo")
        self.undo_action.triggered.connect(self.undo)
        self.redo_action.triggered.connect(self.redo)
        self._update()

    def _action(self, owner: QWidget, keys: tuple[str, ...]) -> QAction:
        action = QAction(owner)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        owner.addAction(action)
        return action

    def push(self, step: Step) -> None:
        """A new step: it can be undone; what was undone before can no longer be redone."""
        self.undo_steps.append(step)
        self.redo_steps.clear()
        self._update()

    def undo(self) -> bool:
        if not self.undo_steps or not self.allowed(self.undo_steps[-1]):
            return False
        step = self.undo_steps.pop()
        self.redo_steps.append(step)
        self._update()
        step.undo()
        return True

    def redo(self) -> bool:
        if not self.redo_steps or not self.allowed(self.redo_steps[-1]):
            return False
        step = self.redo_steps.pop()
        self.undo_steps.append(step)
        self._update()
        step.redo()
        return True

    def drop_last(self, kind: str) -> None:
        """Forget the latest step of `kind` (it was undone another way)."""
        for k in range(len(self.undo_steps) - 1, -1, -1):
            if self.undo_steps[k].kind == kind:
                del self.undo_steps[k]
                break
        self._update()

    def clear(self, kind: str | None = None) -> None:
        """Forget every step (of `kind`): they belong to a document no longer shown."""
        self.undo_steps = [s for s in self.undo_steps if kind is not None and s.kind != kind]
        self.redo_steps = [s for s in self.redo_steps if kind is not None and s.kind != kind]
        self._update()

    def refresh(self) -> None:
        """Enable Undo and Redo again as `allowed` now says (and retranslate them)."""
        self._update()

    retranslate = refresh

    def _update(self) -> None:
        undo = self.undo_steps[-1] if self.undo_steps else None
        redo = self.redo_steps[-1] if self.redo_steps else None
        self.undo_action.setText(_tr("&Undo {0}").format(undo.label) if undo else _tr("&Undo"))
        self.redo_action.setText(_tr("&Redo {0}").format(redo.label) if redo else _tr("&Redo"))
        self.undo_action.setEnabled(undo is not None and self.allowed(undo))
        self.redo_action.setEnabled(redo is not None and self.allowed(redo))
        self.changed.emit()


class NoteDeletions(QObject):
    """Puts the notes' deletions into the window's history: each deletion becomes a step whose undo is the notes'
    own Undo Delete Note and whose redo deletes the note again. The notes' Undo Delete Note action gives its
    Ctrl+Z to the history (two actions on one key would make Qt refuse both as ambiguous) and leaves the Edit
    menu, whose Undo now names what it undoes."""

    def __init__(self, notes: NotesController, history: WindowHistory) -> None:
        super().__init__(history)
        self.notes = notes
        self.history = history
        notes.undo_action.setShortcuts([])
        notes.undo_action.setVisible(False)
        self._known = self._deleted()
        self._expected = 0  # deletions (+) or restorations (-) the history asked for and still to come
        notes.annotationsChanged.connect(self._on_notes_annotations_changed)

    def _deleted(self) -> list[str]:
        return [a.id for a in self.notes.session.undo_stack]

    def reset(self) -> None:
        """Another document is shown: its notes' undo starts empty (the notes session cleared it)."""
        self._known = self._deleted()
        self._expected = 0

    def _on_notes_annotations_changed(self) -> None:
        now = self._deleted()
        before, self._known = self._known, now
        if now[:len(before)] == before:
            for annotation_id in now[len(before):]:
                if self._expected > 0:
                    self._expected -= 1  # a redo of ours: its step is back on the history already
                    continue
                self.history.push(Step(_tr("Delete Note"), self._undo_one, partial(self._redo, annotation_id),
                                       kind="note"))
        elif before[:len(now)] == now:
            for _ in range(len(before) - len(now)):
                if self._expected < 0:
                    self._expected += 1
                else:
                    self.history.drop_last("note")  # undone from elsewhere (the notes' own action)
        else:
            self.history.clear("note")
            self._expected = 0

    def _undo_one(self) -> None:
        if self.notes.undo_delete() is not None:
            self._expected -= 1

    def _redo(self, annotation_id: str) -> None:
        if self.notes.delete_note(annotation_id):
            self._expected += 1

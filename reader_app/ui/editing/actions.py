"""The alignment edits' actions: their shortcuts, the Alignment menu, the Help entry listing the keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from reader_app.ui.editing.history import WindowHistory

# Each edit's keys, chosen against every shortcut of the window (reader_app.ui.menus, the notes' Ctrl+M,
# Ctrl+Shift+M, Ctrl+Shift+B, the checks' F8): Ctrl+Return confirms as in memoQ, F9 follows F7 (omissions) and F8
# (flags). Ctrl+Shift+E and Ctrl+Shift+U are left alone: input methods (IBus) take them before the window.
KEYS: dict[str, tuple[str, ...]] = {
    "link_these": ("Ctrl+K",),
    "no_counterpart": ("Ctrl+Shift+N",),
    "not_an_omission": ("Ctrl+Shift+J",),
    "merge_previous": ("Ctrl+[",),
    "merge_next": ("Ctrl+]",),
    "split": ("Ctrl+Shift+S",),
    "unlink": ("Ctrl+Shift+K",),
    "confirm": ("Ctrl+Return", "Ctrl+Enter"),
    "release": ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"),
    "next_uncertain": ("F9",),
    "least_certain": ("Shift+F9",),
    "cancel_linking": ("Esc",),
    "orphans": (),
}
EDITS = ("link_these", "no_counterpart", "not_an_omission", "merge_previous", "merge_next", "split", "unlink",
         "confirm", "release")
GOES = ("next_uncertain", "least_certain")


def _tr(text: str) -> str:
    return QCoreApplication.translate("AlignmentEditor", text)


def other_language(language: str) -> str:
    return "en" if language == "zh" else "zh"


def units_text(language: str, units: tuple[int, ...]) -> str:
    name = _tr("Chinese") if language == "zh" else _tr("English")
    if not units:
        return _tr("{0}: none").format(name)
    return f"{name} {units[0] + 1}" if len(units) == 1 else f"{name} {units[0] + 1}–{units[-1] + 1}"


def titles() -> dict[str, str]:
    """The actions' titles in the interface language (asked for again after it changes)."""
    return {
        "link_these": _tr("&Link These"),
        "no_counterpart": _tr("&No Counterpart"),
        "not_an_omission": _tr("Not an &Omission"),
        "merge_previous": _tr("Merge with &Previous Link"),
        "merge_next": _tr("&Merge with Next Link"),
        "split": _tr("&Split Link…"),
        "unlink": _tr("&Unlink"),
        "confirm": _tr("&Confirm Link"),
        "release": _tr("&Release Link (Automatic Again)"),
        "next_uncertain": _tr("Next &Uncertain Link"),
        "least_certain": _tr("Least C&ertain Link"),
        "cancel_linking": _tr("Cancel Linking"),
        "orphans": _tr("Edits No Longer Appl&ied…"),
    }


def tips() -> dict[str, str]:
    return {
        "link_these": _tr("Link the paragraphs selected in both panes, or the one at the cursor and then the one "
                          "you click in the other pane"),
        "no_counterpart": _tr("Mark the selected paragraphs as having no counterpart (a real omission)"),
        "not_an_omission": _tr("Join a paragraph without counterpart to the link it belongs to"),
        "split": _tr("Split the link in two, choosing where on each side"),
        "confirm": _tr("Mark the link as reviewed: the aligner keeps it as it is"),
        "release": _tr("Drop your edit of the link: the aligner decides it again"),
        "next_uncertain": _tr("The next link the aligner is unsure of, in reading order"),
        "least_certain": _tr("The link the aligner is least sure of, then the next least"),
    }


class EditActions:
    """The actions (on the reader view, as the notes' are: the window drops its own when it rebuilds its menus),
    by name as in KEYS; the controller connects them."""

    def __init__(self, owner: QWidget, history: WindowHistory) -> None:
        self.history = history
        self.by_name: dict[str, QAction] = {}
        for name, keys in KEYS.items():
            action = QAction(owner)
            action.setObjectName(f"alignment-{name.replace('_', '-')}")
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            owner.addAction(action)
            self.by_name[name] = action
        self.by_name["cancel_linking"].setEnabled(False)
        self.help_action = QAction(owner)
        self.retranslate()

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def retranslate(self) -> None:
        names, hints = titles(), tips()
        for name, action in self.by_name.items():
            action.setText(names[name])
            action.setStatusTip(hints.get(name, ""))
        self.help_action.setText(_tr("&Alignment Editing Keys"))
        self.history.retranslate()

    def set_edits_enabled(self, enabled: bool) -> None:
        """Greyed while the document is loading or aligning, and while an edit's re-alignment runs."""
        for name in (*EDITS, *GOES):
            self.by_name[name].setEnabled(enabled)

    def install_menu(self, bar: QMenuBar) -> QMenu:
        """Undo and Redo first in the Edit menu, the edits in its Alignment submenu, the uncertain links in the Go
        menu, the keys in the Help menu (again after the window rebuilt its menus); an Alignment menu of its own
        for what finds no menu of those names."""
        self.retranslate()
        menus = {m.objectName(): m for a in bar.actions() if isinstance(m := a.menu(), QMenu)}
        edit, go, help_menu = menus.get("editMenu"), menus.get("goMenu"), menus.get("helpMenu")
        own = menus.get("alignmentMenu")
        if own is None and (edit is None or go is None or help_menu is None):
            own = bar.addMenu(_tr("&Alignment"))
            own.setObjectName("alignmentMenu")
        if own is not None:
            own.clear()
        if edit is not None:
            first = edit.actions()[0] if edit.actions() else None
            edit.insertActions(first, [self.history.undo_action, self.history.redo_action])  # type: ignore[arg-type]
            edit.insertSeparator(first)  # type: ignore[arg-type]
            edit.addSeparator()
            menu = edit.addMenu(_tr("&Alignment"))
        else:
            assert own is not None
            own.addActions([self.history.undo_action, self.history.redo_action])
            own.addSeparator()
            menu = own.addMenu(_tr("&Alignment"))
        menu.setObjectName("alignmentEdits")
        groups = (("link_these", "no_counterpart", "not_an_omission"),
                  ("merge_previous", "merge_next", "split", "unlink"), ("confirm", "release"), ("orphans",))
        for k, group in enumerate(groups):
            if k:
                menu.addSeparator()
            menu.addActions([self.by_name[name] for name in group])
        target = go if go is not None else own
        assert target is not None
        target.addSeparator()
        target.addActions([self.by_name[name] for name in GOES])
        if help_menu is not None:
            help_menu.insertAction(help_menu.actions()[0] if help_menu.actions() else None,  # type: ignore[arg-type]
                                   self.help_action)
        else:
            assert own is not None
            own.addAction(self.help_action)
        return menu

    def key_table(self) -> list[tuple[str, str]]:
        """(what, keys) of every edit, in the interface language and the platform's key names: the Help entry
        and the README list the same."""
        names = titles()
        rows = [(names[name].replace("&", "").rstrip("…"),
                 ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in KEYS[name]))
                for name in (*EDITS, *GOES, "cancel_linking")]
        rows.append((_tr("Undo"), QKeySequence(QKeySequence.StandardKey.Undo).toString(
            QKeySequence.SequenceFormat.NativeText)))
        rows.append((_tr("Redo"), ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                                            for k in self.history.redo_action.shortcuts())))
        rows.append((_tr("Link across the link map"), _tr("drag from a paragraph to its counterpart")))
        return rows

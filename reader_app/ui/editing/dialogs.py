"""The alignment edits' dialogs: where to split a link, the edits no longer applied, the keys."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from reader_app.storage.alignment_edits import StoredEdit

SNIPPET_CHARS = 40  # of a unit's text in the split dialog's choices


def _tr(text: str) -> str:
    return QCoreApplication.translate("AlignmentEditor", text)


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS - 1] + "…"


class SplitDialog(QDialog):
    """Where to split a link: on each side, after which of its units the first part ends. The keyboard alone
    does it (Tab between the two lists, arrows to choose, Enter)."""

    def __init__(self, zh: Sequence[tuple[int, str]], en: Sequence[tuple[int, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Split Link"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_tr("The first link keeps the units up to the chosen ones; the second the rest.")))
        form = QFormLayout()
        self.zh_cut = self._cuts(zh)
        self.en_cut = self._cuts(en)
        form.addRow(_tr("Chinese: the first link ends"), self.zh_cut)
        form.addRow(_tr("English: the first link ends"), self.en_cut)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.zh_cut.setFocus()

    def _cuts(self, units: Sequence[tuple[int, str]]) -> QComboBox:
        """Cut k (0..len): the first link takes the side's first k units."""
        box = QComboBox()
        box.addItem(_tr("before the first (none in the first link)"), 0)
        for k, (index, text) in enumerate(units, start=1):
            box.addItem(_tr("after {0}: “{1}”").format(index + 1, _snippet(text)), k)
        # By default in the middle of each side (after the first unit of a side of two).
        box.setCurrentIndex(max(1, len(units) // 2) if units else 0)
        return box

    def cuts(self) -> tuple[int, int]:
        return int(self.zh_cut.currentData()), int(self.en_cut.currentData())


def ask_split_cuts(parent: QWidget, zh: Sequence[tuple[int, str]],
                   en: Sequence[tuple[int, str]]) -> tuple[int, int] | None:
    """(zh_cut, en_cut) chosen for a link of these (unit index, text) sides, or None when cancelled."""
    dialog = SplitDialog(zh, en, parent)
    try:
        return dialog.cuts() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def describe_orphan(edit: StoredEdit) -> str:
    """An edit no longer applied, as the reader made it: where, how many units, which status."""
    def side(name: str, ids: tuple[str, ...], position: int) -> str:
        if not ids:
            return _tr("{0}: none").format(name)
        first = position + 1
        return _tr("{0} {1}").format(name, first if len(ids) == 1 else f"{first}–{first + len(ids) - 1}")

    status = _tr("confirmed") if edit.status == "confirmed" else _tr("linked by hand")
    return _tr("{0} · {1} ({2}, by {3}, {4})").format(
        side(_tr("Chinese"), edit.zh, edit.zh_position), side(_tr("English"), edit.en, edit.en_position), status,
        edit.unit, edit.modified[:16].replace("T", " "))


class OrphansDialog(QDialog):
    """The reader's edits whose units changed or are gone: listed, never applied elsewhere; Discard forgets the
    one selected (`discard(edit_id)`, which calls back `discarded(edit_id)` once it is done)."""

    def __init__(self, orphans: Sequence[StoredEdit], discard: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Alignment Edits No Longer Applied"))
        self.discard = discard
        layout = QVBoxLayout(self)
        label = QLabel(_tr("The text of these edits' paragraphs changed (or they would now cross another edit), "
                           "so they are not applied. Make them again where they belong, or discard them."))
        label.setWordWrap(True)
        layout.addWidget(label)
        self.list = QListWidget()
        for edit in orphans:
            item = QListWidgetItem(describe_orphan(edit))
            item.setData(Qt.ItemDataRole.UserRole, edit.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.discard_button = QPushButton(_tr("&Discard"))
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.discard_button.clicked.connect(self._on_discard_button_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 300)

    def _on_discard_button_clicked(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.discard(str(item.data(Qt.ItemDataRole.UserRole)))

    def discarded(self, edit_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == edit_id:
                self.list.takeItem(row)
                break
        self.discard_button.setEnabled(self.list.count() > 0)


def show_keys(parent: QWidget, rows: Sequence[tuple[str, str]]) -> None:
    """Help ▸ Alignment Editing Keys: what each key does."""
    table = "".join(f"<tr><td>{what}</td><td>&nbsp;&nbsp;<b>{keys}</b></td></tr>" for what, keys in rows)
    QMessageBox.information(parent, _tr("Alignment Editing Keys"),
                            _tr("<p>Correct a wrong link where you read it: select paragraphs in both panes (or "
                                "one, then click its counterpart) and link them.</p>") + f"<table>{table}</table>")

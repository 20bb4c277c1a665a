"""The message bar above the panes: errors and notices about the document, shown in the window rather than in
a dialog, each with a close button and at most one action (as a browser's info bar)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

STYLES = {
    # Light and dark text on tinted backgrounds that read in both the light and the dark palette.
    "error": "QFrame#messageBar { background: #fde2e1; } QFrame#messageBar QLabel { color: #5c0b07; }",
    "notice": "QFrame#messageBar { background: #fdf3d0; } QFrame#messageBar QLabel { color: #4a3800; }",
}


class MessageBar(QFrame):
    """A line above the panes: visible, non-modal, never a traceback; its × hides it.

    Signals: dismissed() when the reader closes it."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.kind = ""
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = QPushButton()
        self.action_button.hide()
        self.action_button.clicked.connect(self._on_action_clicked)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self._on_close_clicked)
        self._action: Callable[[], None] | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setAccessibleName(self.tr("Dismiss the message"))

    def text(self) -> str:
        return self.label.text()

    def show_error(self, text: str) -> None:
        self._show("error", text, None, None)

    def show_notice(self, text: str, action_text: str | None = None,
                    action: Callable[[], None] | None = None) -> None:
        """A notice rather than an error (the document is shown, something about it needs saying), with an
        optional button: `action` runs when it is pressed."""
        self._show("notice", text, action_text, action)

    def _show(self, kind: str, text: str, action_text: str | None, action: Callable[[], None] | None) -> None:
        self.kind = kind
        self.setStyleSheet(STYLES[kind])
        self.label.setText(text)
        self._action = action
        self.action_button.setText(action_text or "")
        self.action_button.setVisible(action is not None)
        self.show()

    def clear_message(self) -> None:
        self.kind = ""
        self.label.clear()
        self._action = None
        self.action_button.hide()
        self.hide()

    def _on_action_clicked(self) -> None:
        action = self._action
        if action is not None:
            action()

    def _on_close_clicked(self) -> None:
        self.clear_message()
        self.dismissed.emit()

"""When the loader cannot tell a file's encoding, the user picks one while seeing what each would show."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reader_app.ui.fonts import chinese_font


class EncodingPicker(QDialog):
    """Lists the candidate encodings of an EncodingUncertainError with a preview of each."""

    def __init__(self, error, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose the text encoding"))
        self.resize(640, 420)
        self.candidates: list[tuple[str, str]] = list(getattr(error, "candidates", []))
        self.list = QListWidget()
        for name, _preview in self.candidates:
            self.list.addItem(QListWidgetItem(name))
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setFont(chinese_font(12))
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        # The error's own text already says "choose one": the label says it once, in the reader's words.
        self.message = QLabel(self.tr("The text encoding of {0} could not be told for sure.\n"
                                      "Pick the one whose preview reads correctly.").format(Path(error.path).name))
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addWidget(self.list)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        if self.candidates:
            self.list.setCurrentRow(0)

    def _on_list_current_row_changed(self, row: int) -> None:
        self.preview.setPlainText(self.candidates[row][1] if 0 <= row < len(self.candidates) else "")

    def chosen_encoding(self) -> str | None:
        row = self.list.currentRow()
        return self.candidates[row][0] if 0 <= row < len(self.candidates) else None

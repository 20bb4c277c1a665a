"""The reader's corrections of the alignment in the window: edits, their undo, their re-alignment and storage."""

from reader_app.ui.editing.controller import AlignmentEditor

__all__ = ["AlignmentEditor"]

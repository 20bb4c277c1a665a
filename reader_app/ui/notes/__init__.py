"""Notes on paragraphs: markers in the panes, the Notes dock with its list and editor, menus and files."""

from reader_app.ui.notes.controller import NotesController

__all__ = ["NotesController"]

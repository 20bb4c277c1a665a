"""Translation checks in the reader: the Checks dock listing the flags of the open document, and their actions."""

from reader_app.ui.checks.controller import ChecksController

__all__ = ["ChecksController"]

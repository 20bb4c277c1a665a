"""Manual alignment: the reader's pins (links fixed by hand), edits that make them, and the re-alignment around them.

Qt-free: the window runs `Realigner.edit` in a worker thread, the CLI runs `Realigner.apply` on its `--pin`s."""

from reader_app.core.editing.edits import (
    Confirm,
    Edit,
    EditError,
    EditResult,
    LinkThese,
    Merge,
    NoCounterpart,
    NotAnOmission,
    Release,
    Split,
    Unlink,
)
from reader_app.core.editing.pins import (
    UNCERTAIN,
    LinkStatus,
    Pin,
    PinError,
    Pinned,
    check_pins,
    next_uncertain,
    parse_pin,
)
from reader_app.core.editing.realign import Realigner

__all__ = [
    "UNCERTAIN",
    "Confirm",
    "Edit",
    "EditError",
    "EditResult",
    "LinkStatus",
    "LinkThese",
    "Merge",
    "NoCounterpart",
    "NotAnOmission",
    "Pin",
    "PinError",
    "Pinned",
    "Realigner",
    "Release",
    "Split",
    "Unlink",
    "check_pins",
    "next_uncertain",
    "parse_pin",
]

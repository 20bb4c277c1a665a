"""Stopping long work on request: the one exception, and the callback types every long computation takes."""

from __future__ import annotations

from collections.abc import Callable

# progress(done, total): called as work advances; `done` never goes back (see aligner.dp.monotone).
ProgressCallback = Callable[[int, int], None]
# cancel(): polled between steps; True means stop now.
CancelCallback = Callable[[], bool]


class Cancelled(Exception):
    """The caller asked to stop (its `cancel()` returned True, or the reader pressed Cancel).

    Raised where the work next checks: by the DP, the encoder, the aligner's child process and the window's
    loading job alike, so one `except Cancelled` covers every stage."""

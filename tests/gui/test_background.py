"""The window's background work: the switch interval is lowered while any thread works, then put back."""

from __future__ import annotations

import sys

from reader_app.ui.background import WORKING_SWITCH_INTERVAL_S, BackgroundWork


def test_the_switch_interval_is_lowered_while_work_runs_and_put_back_after() -> None:
    work = BackgroundWork()
    before = sys.getswitchinterval()
    assert not work.busy()
    with work:
        assert work.busy() and sys.getswitchinterval() == min(before, WORKING_SWITCH_INTERVAL_S)
        with work:  # two threads at work: the first to end leaves it lowered for the other
            pass
        assert work.busy() and sys.getswitchinterval() == min(before, WORKING_SWITCH_INTERVAL_S)
    assert not work.busy() and sys.getswitchinterval() == before

"""The free memory a long computation checks before it starts."""

from __future__ import annotations

import sys

import pytest

from reader_app.core import machine


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/meminfo")
def test_linux_reports_memavailable() -> None:
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        expected_kib = next(int(line.split()[1]) for line in meminfo if line.startswith("MemAvailable:"))
    found = machine.available_memory_bytes()
    assert found is not None and abs(found - expected_kib * 1024) < 512 * 1024 ** 2  # moments apart


def test_fits_comfortably_leaves_half_the_free_memory() -> None:
    gib = 1024 ** 3
    assert machine.fits_comfortably(4 * gib, 8 * gib)
    assert not machine.fits_comfortably(4 * gib + 1, 8 * gib)
    assert machine.fits_comfortably(100 * gib, 8 * gib, share=20)


def test_unknown_free_memory_does_not_refuse(monkeypatch) -> None:
    monkeypatch.setattr(machine, "available_memory_bytes", lambda: None)
    assert machine.fits_comfortably(10 ** 15)

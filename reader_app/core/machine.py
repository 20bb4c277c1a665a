"""What the machine has free: the memory a long computation may count on before it starts (tier 2 refinement of a
book checks it rather than swapping the machine to a halt)."""

from __future__ import annotations

import ctypes
import os
import sys


def available_memory_bytes() -> int | None:
    """Memory that can be used without swapping (Linux's MemAvailable, Windows' ullAvailPhys, the free and
    inactive pages on macOS), or None where it cannot be told."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/meminfo", encoding="ascii") as meminfo:
                for line in meminfo:
                    if line.startswith("MemAvailable:"):
                        return int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            return None
        return None
    if sys.platform == "win32":
        return _windows_available()
    if sys.platform == "darwin":
        return _mac_available()
    try:  # other Unix systems
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def _windows_available() -> int | None:
    class MemoryStatusEx(ctypes.Structure):
        _fields_ = [
            ("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
            ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong),
            ("ullTotalPageFile", ctypes.c_ulonglong), ("ullAvailPageFile", ctypes.c_ulonglong),
            ("ullTotalVirtual", ctypes.c_ulonglong), ("ullAvailVirtual", ctypes.c_ulonglong),
            ("ullAvailExtendedVirtual", ctypes.c_ulonglong),
        ]

    status = MemoryStatusEx()
    status.dwLength = ctypes.sizeof(MemoryStatusEx)
    try:
        if not ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
            return None
    except (AttributeError, OSError):
        return None
    return int(status.ullAvailPhys)


def _mac_available() -> int | None:
    """Free plus inactive pages, as vm_stat counts them (macOS reclaims inactive pages without swapping)."""
    import subprocess

    try:
        out = subprocess.run(["/usr/bin/vm_stat"], capture_output=True, text=True, timeout=5, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    lines = out.splitlines()
    try:
        page = int(lines[0].split("page size of")[1].split()[0])
        counts = {k.strip(): int(v.strip().rstrip(".")) for k, v in (line.split(":", 1) for line in lines[1:])
                  if v.strip().rstrip(".").isdigit()}
        return (counts.get("Pages free", 0) + counts.get("Pages inactive", 0)) * page
    except (IndexError, ValueError):
        return None


def fits_comfortably(needed_bytes: int, available: int | None = None, *, share: float = 0.5) -> bool:
    """Whether a computation needing `needed_bytes` may start: at most `share` of what is free (the reader's
    window, the system and other programs keep the rest). True when the free memory cannot be told."""
    available = available_memory_bytes() if available is None else available
    return available is None or needed_bytes <= share * available

"""Where resources and user data live, in a source checkout and in a frozen (PyInstaller) bundle alike."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "bilingual-reader"


def resources_dir() -> Path:
    """The `resources/` folder: beside the package in a checkout, under sys._MEIPASS when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def sample_path() -> Path:
    return resources_dir() / "samples" / "us-china-climate-readout-2024-05.txt"


def font_path() -> Path:
    return resources_dir() / "fonts" / "WenQuanYiMicroHei.ttf"


def fallback_font_path() -> Path:
    """The bundled Han fallback (a Noto Sans CJK SC subset): what the main font lacks, Extension A above all."""
    return resources_dir() / "fonts" / "HanFallback.otf"


_data_dir_override: Path | None = None


def set_data_dir(path: Path | str | None) -> None:
    """`--data-dir` (and the tests' fixture) point all user data somewhere else."""
    global _data_dir_override
    _data_dir_override = Path(path) if path else None


def data_dir() -> Path:
    """The user data folder (annotations database, backups, caches); created on first use."""
    if _data_dir_override is not None:
        path = _data_dir_override
    elif os.environ.get("BILINGUAL_READER_DATA_DIR"):
        path = Path(os.environ["BILINGUAL_READER_DATA_DIR"])
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    path = data_dir() / "cache"
    path.mkdir(parents=True, exist_ok=True)
    return path

"""The compact dictionary, built once for these tests from the bundled CC-CEDICT."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader_app.core.dictionary.entries import Dictionary, build_dictionary_cache, read_dictionary


@pytest.fixture(scope="session")
def dictionary_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_dictionary_cache(tmp_path_factory.mktemp("dictionary") / "cedict-entries.npz")


@pytest.fixture(scope="session")
def dictionary(dictionary_cache: Path) -> Dictionary:
    return read_dictionary(dictionary_cache)

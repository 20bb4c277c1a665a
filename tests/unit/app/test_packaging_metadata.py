"""pyproject keeps CPython 3.11 away from PySide6-Essentials 6.12.0 (none_dealloc abort)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[3]


def _pyside_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    return [r for r in reqs if r.name.lower() == "pyside6-essentials"]


def _allowed(python: str, pyside: str) -> bool:
    env = {"python_version": python, "python_full_version": python + ".0"}
    return any(
        (r.marker is None or Marker(str(r.marker)).evaluate(env)) and r.specifier.contains(Version(pyside))
        for r in _pyside_requirements()
    )


def test_python_311_never_gets_pyside_6_12_0() -> None:
    assert not _allowed("3.11", "6.12.0")
    assert _allowed("3.11", "6.11.3")
    assert _allowed("3.12", "6.12.0")


def test_full_pyside6_is_not_a_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {Requirement(r).name.lower() for r in project["dependencies"]}
    assert "pyside6" not in names and "pyside6-addons" not in names


def test_license_is_an_spdx_expression_that_the_build_backend_understands() -> None:
    # A TOML table (`{ text = ... }`) makes setuptools print pages of deprecation warnings on every install;
    # the SPDX string form needs setuptools 77 (PEP 639).
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"]["license"] == "Apache-2.0"
    setuptools = next(Requirement(r) for r in config["build-system"]["requires"] if r.startswith("setuptools"))
    assert not setuptools.specifier.contains(Version("76.1")) and setuptools.specifier.contains(Version("77.0.3"))

"""Script conversion keeps a drawable original where the converted character could not be drawn."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader_app.core.text import convert
from reader_app.core.text.convert import keep_drawable, to_simplified, to_traditional

# 熌 (U+718C) simplifies to 𤇄 (U+241C4), which neither bundled font has.
NOT_DRAWABLE = frozenset("𤇄")


def drawable(char: str) -> bool:
    return char not in NOT_DRAWABLE


@pytest.fixture(autouse=True)
def no_default_predicate():
    convert.set_default_drawable(None)
    yield
    convert.set_default_drawable(None)


def test_opencc_turns_shan_into_a_character_from_extension_b() -> None:
    assert to_simplified("熌") == "\U000241c4"


def test_undrawable_conversion_keeps_the_original_character() -> None:
    assert to_simplified("熌", drawable) == "熌"
    # The rest of the text is still converted, phrases included.
    assert to_simplified("燦爛的熌光", drawable) == "灿烂的熌光"
    assert to_simplified("燦爛的熌光", lambda ch: True) == "灿烂的\U000241c4光"


def test_the_default_predicate_applies_when_none_is_given() -> None:
    convert.set_default_drawable(drawable)
    assert to_simplified("熌爍") == "熌烁"
    assert to_simplified("熌", lambda ch: True) == "\U000241c4"  # an explicit predicate wins


def test_an_undrawable_original_does_not_hold_back_the_conversion() -> None:
    assert to_simplified("熌", lambda ch: False) == "\U000241c4"


def test_traditional_conversion_is_checked_too() -> None:
    assert to_traditional("头发", lambda ch: ch != "髮") == "頭发"
    assert to_traditional("头发", drawable) == "頭髮"


def test_changed_stretches_of_another_length_are_put_back_whole() -> None:
    assert keep_drawable("甲ab乙", "甲xyz乙", lambda ch: ch != "y") == "甲ab乙"
    assert keep_drawable("甲ab乙", "甲xyz乙", lambda ch: True) == "甲xyz乙"
    assert keep_drawable("ab丙cd", "aXYZ丙cQ", lambda ch: ch != "Q") == "aXYZ丙cd"


def test_convert_imports_no_qt() -> None:
    code = (
        "import sys; import reader_app.core.text.convert as c; c.to_simplified('熌', lambda ch: True);"
        "sys.exit(any(name.startswith('PySide6') for name in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

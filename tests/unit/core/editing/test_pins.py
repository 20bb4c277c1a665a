"""Pins: the CLI notation, validation and reading order, Pinned's statuses, and the next uncertain link."""

from __future__ import annotations

import pytest

from reader_app.core.alignment import Alignment, Link
from reader_app.core.editing import UNCERTAIN, LinkStatus, Pin, PinError, Pinned, check_pins, next_uncertain, parse_pin

MANUAL, CONFIRMED, AUTOMATIC = LinkStatus.MANUAL, LinkStatus.CONFIRMED, LinkStatus.AUTOMATIC


@pytest.mark.parametrize(
    ("text", "pin"),
    [
        ("3:5", Pin((3,), (5,))),
        ("4,5:6", Pin((4, 5), (6,))),
        ("7:", Pin((7,), ())),
        (":2", Pin((), (2,))),
        (" 0 : 1,2,3 ", Pin((0,), (1, 2, 3))),
    ],
)
def test_parse_pin_reads_the_cli_notation(text: str, pin: Pin) -> None:
    assert parse_pin(text) == pin


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("3", "pin '3' is not ZH_IDS:EN_IDS (e.g. 4,5:6 or 7:)"),
        ("1:2:3", "pin '1:2:3' is not ZH_IDS:EN_IDS (e.g. 4,5:6 or 7:)"),
        ("a:1", "pin 'a:1': ids must be 0-based whole numbers separated by commas"),
        ("-1:1", "pin '-1:1': ids must be 0-based whole numbers separated by commas"),
        ("1,,2:1", "pin '1,,2:1': ids must be 0-based whole numbers separated by commas"),
        (":", "a pin names no unit on either side"),
        ("3,5:1", "pin 3,5:1: the Chinese ids are not consecutive and in order"),
        ("1:4,3", "pin 1:4,3: the English ids are not consecutive and in order"),
    ],
)
def test_parse_pin_refuses_with_a_one_line_reason(text: str, reason: str) -> None:
    with pytest.raises(PinError) as caught:
        parse_pin(text)
    assert str(caught.value) == reason


def test_check_pins_orders_and_splits_one_sided_runs() -> None:
    pins = [Pin((9,), (6,)), Pin((7, 8), ()), Pin((3,), (5,)), Pin((), (2,), CONFIRMED)]
    assert check_pins(pins, 10, 10) == (
        Pin((), (2,), CONFIRMED),
        Pin((3,), (5,)),
        Pin((7,), ()),
        Pin((8,), ()),
        Pin((9,), (6,)),
    )


@pytest.mark.parametrize(
    ("pins", "reason"),
    [
        ([Pin((12,), (1,))], "pin 12:1: Chinese unit 12 is out of range (0-9)"),
        ([Pin((1,), (10,))], "pin 1:10: English unit 10 is out of range (0-9)"),
        ([Pin((3,), (5,)), Pin((3,), (6,))], "pins 3:5 and 3:6 overlap (Chinese unit 3 is in both)"),
        ([Pin((3, 4), (5,)), Pin((4,), ())], "pins 3,4:5 and 4: overlap (Chinese unit 4 is in both)"),
        ([Pin((3,), (5,)), Pin((4,), (4,))], "pins 3:5 and 4:4 cross (out of order)"),
        ([Pin((), ())], "a pin names no unit on either side"),
        ([Pin((1, 3), (1,))], "pin 1,3:1: the Chinese ids are not consecutive and in order"),
    ],
)
def test_check_pins_refuses(pins: list[Pin], reason: str) -> None:
    with pytest.raises(PinError) as caught:
        check_pins(pins, 10, 10)
    assert str(caught.value) == reason


def _pinned() -> Pinned:
    links = (
        Link((0,), (0,), 0.9),
        Link((1,), (1,), 0.2),
        Link((2,), (), 0.1),
        Link((3,), (2,), 0.4),
        Link((4,), (3,), 1.0),
        Link((5,), (4,), 0.3),
        Link((6,), (5,), 0.45),
    )
    return Pinned(Alignment(links), (Pin((3,), (2,), CONFIRMED), Pin((4,), (3,))))


def test_pinned_statuses_and_pins() -> None:
    pinned = _pinned()
    assert pinned.statuses == (AUTOMATIC, AUTOMATIC, AUTOMATIC, CONFIRMED, MANUAL, AUTOMATIC, AUTOMATIC)
    assert pinned.status(3) is CONFIRMED
    assert pinned.pin_of(4) == Pin((4,), (3,)) and pinned.pin_of(0) is None


def test_a_pin_that_is_no_link_is_refused() -> None:
    pinned = Pinned(Alignment((Link((0,), (0,)), Link((1,), (1,)))), (Pin((0, 1), (0,)),))
    with pytest.raises(ValueError, match="pin 0,1:0 is not a link of the alignment"):
        _ = pinned.statuses


def test_next_uncertain_in_reading_order_wraps_and_skips_pins_and_gaps() -> None:
    pinned = _pinned()  # uncertain and automatic, with a counterpart: links 1, 5, 6 (2 is one-sided, 3 pinned)
    assert UNCERTAIN == 0.75  # links 0 (0.9) and 4 (1.0) are certain either way
    assert [next_uncertain(pinned, k) for k in (-1, 1, 5, 6)] == [1, 5, 6, 1]
    assert next_uncertain(pinned, 0, threshold=0.25) == 1
    assert next_uncertain(pinned, 1, threshold=0.1) is None


def test_next_uncertain_by_confidence_walks_from_the_least_confident_up() -> None:
    pinned = _pinned()
    walk = [next_uncertain(pinned, -1, by_confidence=True)]
    while walk[-1] is not None:
        walk.append(next_uncertain(pinned, walk[-1], by_confidence=True))
    assert walk == [1, 5, 6, None]

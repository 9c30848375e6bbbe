"""How many submissions go at once: halved under pressure, grown back slowly (AIMD), with a
clock the test moves."""

from __future__ import annotations

import pytest

from app.engine.policy import SendWindow


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def window(limit: int = 8) -> tuple[SendWindow, Clock]:
    clock = Clock()
    return SendWindow(limit, base_delay=1.0, max_delay=30.0, clock=clock), clock


def test_it_starts_at_the_limit_and_halves_under_pressure_down_to_one() -> None:
    win, _clock = window(8)
    assert win.size == 8
    sizes = []
    for _ in range(5):
        win.pressed(win.epoch)
        sizes.append(win.size)
    assert sizes == [4, 2, 1, 1, 1]


def test_refusals_to_submissions_sent_before_the_halving_count_once() -> None:
    win, _clock = window(8)
    sent_in = win.epoch  # three submissions went out together; all three are refused
    for _ in range(3):
        win.pressed(sent_in)
    assert win.size == 4


def test_it_grows_back_by_one_per_window_of_accepted_submissions() -> None:
    win, _clock = window(8)
    win.pressed(win.epoch)
    win.pressed(win.epoch)
    assert win.size == 2
    grown = []
    for _ in range(2 + 3 + 4):
        win.accepted()
        grown.append(win.size)
    # Two accepted at size 2 make it 3, three more make it 4, four more make it 5.
    assert grown == [2, 3, 3, 3, 4, 4, 4, 4, 5]
    for _ in range(100):
        win.accepted()
    assert win.size == 8  # never past the limit


def test_retry_after_is_waited_for_exactly() -> None:
    win, clock = window()
    assert win.wait_time() == 0
    assert win.pressed(win.epoch, retry_after=12.5) == pytest.approx(12.5)
    clock.now += 10
    assert win.wait_time() == pytest.approx(2.5)
    clock.now += 3
    assert win.wait_time() == 0


def test_without_retry_after_the_wait_doubles_per_refusal_in_a_row_and_resets() -> None:
    win, clock = window()
    waits = []
    for _ in range(7):
        waits.append(win.pressed(win.epoch))
        clock.now += 100
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    win.accepted()
    assert win.pressed(win.epoch) == 1.0


def test_a_new_limit_applies_at_once_unless_under_pressure() -> None:
    win, _clock = window(4)
    win.set_limit(6)
    assert win.size == 6
    win.pressed(win.epoch)
    win.set_limit(10)
    assert (win.size, win.limit) == (3, 10)
    win.set_limit(2)
    assert win.size == 2

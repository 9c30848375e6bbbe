"""Work that waits for a window's first paint, and the cycle collector held off until then."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from ui.first_paint import HeldCollection, after_first_paint


@pytest.fixture
def collecting() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_work_waits_for_the_first_paint_and_runs_once(qtbot: Any) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[bool] = []
    after_first_paint(widget, lambda: calls.append(widget.isVisible()))
    qtbot.wait(50)
    assert calls == []  # not shown, not painted: nothing yet
    widget.show()
    qtbot.waitUntil(lambda: calls == [True])
    widget.update()
    qtbot.wait(50)
    assert calls == [True]


@pytest.mark.usefixtures("collecting")
def test_the_collector_is_held_until_resumed() -> None:
    held = HeldCollection()
    held.hold()
    assert not gc.isenabled()
    held.resume()
    assert gc.isenabled()
    held.resume()
    assert gc.isenabled()


@pytest.mark.usefixtures("collecting")
def test_a_collector_someone_else_turned_off_stays_off() -> None:
    gc.disable()
    held = HeldCollection()
    held.hold()
    held.resume()
    assert not gc.isenabled()

"""The awaitable question helper: no nested loop, other tasks keep running while it is open."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ui.dialogs import question


def _open_box() -> QMessageBox | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            return widget
    return None


def test_other_tasks_advance_while_a_question_is_open(
    qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    beat = qloop.create_task(ticker())
    asked = qloop.create_task(question(None, "Title", "<b>plain</b> text?"))
    qtbot.waitUntil(lambda: _open_box() is not None)
    box = _open_box()
    assert box is not None
    assert box.textFormat() is Qt.TextFormat.PlainText
    before = ticks
    qtbot.waitUntil(lambda: ticks >= before + 5)  # the ticker runs while the box is open
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(asked.done)
    assert asked.result() == QMessageBox.StandardButton.Yes
    beat.cancel()
    qtbot.waitUntil(beat.done)


def test_escape_answers_no_and_cancelling_closes_the_box(
    qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    asked = qloop.create_task(question(None, "Title", "Sure?"))
    qtbot.waitUntil(lambda: _open_box() is not None)
    box = _open_box()
    assert box is not None
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(asked.done)
    assert asked.result() == QMessageBox.StandardButton.No

    again = qloop.create_task(question(None, "Title", "Sure?"))
    qtbot.waitUntil(lambda: _open_box() is not None)
    again.cancel()
    qtbot.waitUntil(lambda: _open_box() is None)
    qtbot.waitUntil(again.done)
    assert again.cancelled()


def test_a_question_deleted_with_its_window_answers_no(
    qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    window = QWidget()
    window.show()
    asked = qloop.create_task(question(window, "Title", "Sure?"))
    qtbot.waitUntil(lambda: _open_box() is not None)
    window.deleteLater()  # the box goes with it, unanswered
    qtbot.waitUntil(asked.done)
    assert asked.result() == QMessageBox.StandardButton.NoButton

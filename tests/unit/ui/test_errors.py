"""The report of an unexpected error: one box at a time, opened without a nested loop, so jobs
keep moving while it is on screen; reports from any thread queue up behind it."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from tests.unit.ui.boxes import click, open_boxes, wait_for_box
from ui.errors import ErrorReporter


def test_reports_queue_up_and_open_one_after_another(
    qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    reporter = ErrorReporter(lambda: window)
    ticks = 0

    async def job() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    async def fails_inside_a_task() -> None:
        reporter.report("RuntimeError: <b>first</b>", "Traceback …")

    moving = qloop.create_task(job())
    failing = qloop.create_task(fails_inside_a_task())
    qtbot.waitUntil(failing.done)
    worker = threading.Thread(target=lambda: reporter.report("OSError: second", "…"))
    worker.start()
    worker.join()

    first = wait_for_box(qtbot)
    assert first.textFormat() is Qt.TextFormat.PlainText
    assert first.detailedText().startswith("RuntimeError: <b>first</b>")
    before = ticks
    qtbot.waitUntil(lambda: ticks >= before + 5)  # the job runs while the report is open
    assert len(open_boxes()) == 1  # the second waits its turn
    click(qtbot, first, QMessageBox.StandardButton.Ok)

    qtbot.waitUntil(lambda: [b.detailedText()[:15] for b in open_boxes()] == ["OSError: second"])
    click(qtbot, open_boxes()[0], QMessageBox.StandardButton.Ok)
    qtbot.waitUntil(lambda: open_boxes() == [])
    assert [headline for headline, _ in reporter.reports] == [
        "RuntimeError: <b>first</b>",
        "OSError: second",
    ]
    moving.cancel()


def test_a_report_closed_with_its_window_lets_the_next_one_show(qtbot: Any) -> None:
    window = QWidget()
    window.show()
    reporter = ErrorReporter(lambda: window)
    reporter.report("first", "")
    reporter.report("second", "")
    wait_for_box(qtbot)
    window.deleteLater()  # the box goes with it, unanswered
    qtbot.waitUntil(lambda: [b.detailedText()[:6] for b in open_boxes()] == ["second"])
    click(qtbot, open_boxes()[0], QMessageBox.StandardButton.Ok)
    qtbot.waitUntil(lambda: open_boxes() == [])

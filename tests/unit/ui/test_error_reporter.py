"""Everything unexpected, from any thread, the loop or plain Python, reaches one report that
says ReelDesk keeps running, with no secret in it; reports never pile up on screen."""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from tests.unit.ui.boxes import click, open_boxes, wait_for_box
from ui.errors import ErrorReporter

KEY = "sk-SENTINEL-9f8e7d6c5b4a"


def answer_every_report(qtbot: Any, reporter: ErrorReporter) -> list[str]:
    """Close the reports as a person would, one box after the other, until each report was
    seen; returns the first line of each box's details (its headline), in the order shown."""
    seen: list[str] = []
    while len(seen) < len(reporter.reports):
        box = wait_for_box(qtbot)  # exactly one on screen: the next waits its turn
        seen.append(box.detailedText().splitlines()[0])
        click(qtbot, box, QMessageBox.StandardButton.Ok)
        qtbot.waitUntil(lambda box=box: box not in open_boxes())
    return seen


@pytest.fixture
def reporter(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[ErrorReporter]:
    # The hooks are process-wide: put back what was there.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    made = ErrorReporter()
    yield made
    # Even after a failure, no report is left open for a later test to find.
    made.reports.clear()
    for box in open_boxes():
        box.done(0)


@pytest.fixture
def installed(reporter: ErrorReporter, qloop: asyncio.AbstractEventLoop) -> Iterator[ErrorReporter]:
    reporter.install(qloop)
    yield reporter
    qloop.set_exception_handler(None)


def test_a_worker_threads_error_is_reported_on_the_window_thread(
    installed: ErrorReporter, qtbot: Any
) -> None:
    on_thread: list[threading.Thread] = []
    installed.error_reported.connect(lambda *_: on_thread.append(threading.current_thread()))

    def work() -> None:
        raise RuntimeError(f"upload failed with Bearer {KEY}")

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(installed.reports) == 1)
    headline, details = installed.reports[0]
    assert headline == "RuntimeError: upload failed with Bearer •••"
    assert "in work" in details and KEY not in details
    assert on_thread == [threading.main_thread()]
    assert answer_every_report(qtbot, installed) == [headline]


def test_an_uncaught_error_is_reported_but_ctrl_c_still_stops(
    installed: ErrorReporter, qtbot: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        raise ValueError("https://cdn.example/v.mp4?signature=abc")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    qtbot.waitUntil(lambda: len(installed.reports) == 1)
    assert installed.reports[0][0] == "ValueError: https://cdn.example/v.mp4?…"
    assert "KeyboardInterrupt" in capsys.readouterr().err  # Python's own handling
    assert answer_every_report(qtbot, installed) == ["ValueError: https://cdn.example/v.mp4?…"]


def test_errors_the_event_loop_catches_are_reported(
    installed: ErrorReporter, qloop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    qloop.call_exception_handler(
        {"message": "Task exception was never retrieved", "exception": OSError("disk gone")}
    )
    qloop.call_exception_handler({"message": "Unclosed client session", "client": "x"})
    qtbot.waitUntil(lambda: len(installed.reports) == 2)
    (first, _), (second, details) = installed.reports
    assert first == "Task exception was never retrieved: OSError: disk gone"
    assert second == "Unclosed client session" and "'client': 'x'" in details
    assert answer_every_report(qtbot, installed) == [first, second]


def test_one_report_on_screen_at_a_time(reporter: ErrorReporter, qtbot: Any) -> None:
    shown: list[str] = []
    at_once: list[int] = []

    def answer_reports() -> None:
        boxes = open_boxes()
        if boxes:
            at_once.append(len(boxes))
            box = boxes[0]
            shown.append(box.detailedText().splitlines()[0])
            # Another error arrives while the first report is open.
            if len(shown) == 1:
                reporter.report("second problem", "")
            box.button(QMessageBox.StandardButton.Ok).click()

    closer = QTimer()
    closer.timeout.connect(answer_reports)
    closer.start(20)
    try:
        reporter.report("first problem", "")
        qtbot.waitUntil(lambda: len(shown) == 2, timeout=5000)
        qtbot.waitUntil(lambda: open_boxes() == [], timeout=5000)
    finally:
        closer.stop()
    assert shown == ["first problem", "second problem"]
    assert at_once == [1, 1]
    assert [headline for headline, _ in reporter.reports] == shown

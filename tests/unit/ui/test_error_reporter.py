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
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.errors import ErrorReporter

KEY = "sk-SENTINEL-9f8e7d6c5b4a"


@pytest.fixture
def reporter(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> ErrorReporter:
    # The hooks are process-wide: put back what was there.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    made = ErrorReporter()
    made.interactive = False
    return made


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


def test_one_report_on_screen_at_a_time(reporter: ErrorReporter, qtbot: Any) -> None:
    reporter.interactive = True
    shown: list[str] = []

    def answer_reports() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
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
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
    finally:
        closer.stop()
    assert shown == ["first problem", "second problem"]
    assert [headline for headline, _ in reporter.reports] == shown

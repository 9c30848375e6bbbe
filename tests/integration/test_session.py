"""One run of the window, in process: start-up questions asked without a nested loop, a second
launch that finds the first, and closing within a bound whatever the tasks are doing."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.api.models import GenerationRequest
from app.core import TIME_SCALE_ENV
from app.engine.jobs import JobStatus
from app.engine.lock import InstanceLock
from app.messages import Catalogue
from app.paths import Paths
from app.secrets import KeyStore
from app.settings import SettingsStore
from tests.conftest import run_async
from tests.unit.ui.boxes import click, open_boxes, wait_for_box
from ui.application import Session, close_session, start_session
from ui.errors import ErrorReporter
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

DEMO = argparse.Namespace(demo=True, base_url=None)
FAST = {TIME_SCALE_ENV: "0.1"}  # demo jobs of 0.8 s


class Sessions:
    """Builds sessions the way ``make_session`` does, minus its process-wide set-up (logging
    handlers, translators, theme), and closes what a test left open."""

    def __init__(self, qapp: QApplication, paths: Paths) -> None:
        self.qapp = qapp
        self.paths = paths
        self.made: list[Session] = []
        self.errors: list[Any] = []

    def new(self) -> Session:
        session = Session(
            app=self.qapp,
            paths=self.paths,
            settings=SettingsStore(self.paths.settings_file),
            keys=KeyStore(self.paths.key_file, backend=None),
            catalogue=Catalogue("en"),
            reporter=ErrorReporter(),
            tasks=TaskRunner(self.errors.append),
        )
        self.made.append(session)
        return session


@pytest.fixture
def sessions(
    qapp: QApplication, qtbot: Any, qloop: asyncio.AbstractEventLoop, paths: Paths
) -> Iterator[Sessions]:
    made = Sessions(qapp, paths)
    yield made
    for session in made.made:
        window = session.window
        if window is not None:
            window.quit(ask=False)
            window.deleteLater()
        run_async(qtbot, qloop, close_session(session))
    assert made.errors == []


def ticking(loop: asyncio.AbstractEventLoop) -> tuple[list[int], asyncio.Task[None]]:
    """A task standing for the jobs: it counts while the loop is free to run it."""
    ticks = [0]

    async def tick() -> None:
        while True:
            await asyncio.sleep(0.01)
            ticks[0] += 1

    return ticks, loop.create_task(tick())


def test_a_settings_file_set_aside_is_said_while_tasks_run(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, sessions: Sessions, paths: Paths
) -> None:
    paths.settings_file.write_text("{ not json <b>")
    session = sessions.new()
    assert session.settings.moved_aside is not None
    ticks, ticker = ticking(qloop)
    starting = qloop.create_task(start_session(session, DEMO, FAST, welcome=False))
    box = wait_for_box(qtbot)
    assert box.textFormat() is Qt.TextFormat.PlainText
    assert str(session.settings.moved_aside) in box.text()
    before = ticks[0]
    qtbot.waitUntil(lambda: ticks[0] >= before + 5)
    click(qtbot, box, QMessageBox.StandardButton.Ok)
    qtbot.waitUntil(starting.done, timeout=10_000)
    assert isinstance(starting.result(), MainWindow)
    ticker.cancel()


def test_a_second_launch_brings_the_first_window_forward(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, sessions: Sessions
) -> None:
    first = run_async(qtbot, qloop, start_session(sessions.new(), DEMO, FAST, welcome=False))
    first.hide()  # tracking in the tray
    second = sessions.new()
    assert run_async(qtbot, qloop, start_session(second, DEMO, FAST, welcome=False)) is None
    assert second.handed_over and second.core is None
    assert first.isVisible()
    assert open_boxes() == []


def test_a_second_launch_says_when_the_first_does_not_answer(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, sessions: Sessions, paths: Paths
) -> None:
    with InstanceLock(paths.lock_file):  # held by a process with no window to show
        session = sessions.new()
        starting = qloop.create_task(start_session(session, DEMO, FAST, welcome=False))
        box = wait_for_box(qtbot)
        assert f"already running as process {os.getpid()}" in box.text()
        assert "does not answer" in box.text()
        click(qtbot, box, QMessageBox.StandardButton.Ok)
        qtbot.waitUntil(starting.done, timeout=5000)
    assert starting.result() is None and not session.handed_over


def test_closing_is_bounded_when_a_task_ignores_cancellation(
    qtbot: Any,
    qloop: asyncio.AbstractEventLoop,
    sessions: Sessions,
    paths: Paths,
    caplog: pytest.LogCaptureFixture,
) -> None:
    session = sessions.new()
    run_async(qtbot, qloop, start_session(session, DEMO, FAST, welcome=False))
    assert session.core is not None and session.window is not None
    core = session.core
    engine = core.engine
    run_async(qtbot, qloop, engine.submit(GenerationRequest("lanterns")))
    qtbot.waitUntil(lambda: engine.jobs[0].status is JobStatus.PROCESSING, timeout=5000)
    released = asyncio.Event()

    async def stubborn() -> None:
        while not released.is_set():
            try:
                await released.wait()
            except asyncio.CancelledError:
                continue  # ignores every cancellation, as a task that never wakes would

    session.tasks.run(stubborn(), name="stubborn")
    caplog.set_level(logging.WARNING, logger="ui.shutdown")
    session.window.quit(ask=False)
    try:
        closed = run_async(qtbot, qloop, close_session(session, grace=0.3), timeout=3000)
    finally:
        released.set()
    assert closed is False
    assert "stubborn" in session.abandoned
    assert any("abandoned: " in r.message and "stubborn" in r.message for r in caplog.records)
    # The lock is free: ReelDesk starts again, and the job carries on to the end.
    with InstanceLock(paths.lock_file):
        pass
    again = sessions.new()
    run_async(qtbot, qloop, start_session(again, DEMO, FAST, welcome=False))
    assert again.core is not None
    engine = again.core.engine
    qtbot.waitUntil(lambda: [j.status for j in engine.jobs] == [JobStatus.SAVED], timeout=10_000)

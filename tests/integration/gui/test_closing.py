"""Closing the window while jobs run: ReelDesk asks first, and the answer holds; a paid POST
whose answer is on its way keeps its task id."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.engine.jobs import JobStatus
from app.engine.store import HistoryStore
from app.paths import Paths
from app.simulator import SimulatorConfig
from tests.conftest import run_async
from tests.integration.test_cli_interrupt import SlowGateway
from ui.application import close_session

from .conftest import Studio
from .drive import BoxAnswerer, labelled, press_action, standard, write_prompt


def test_closing_with_jobs_running_asks_and_the_answer_holds(
    open_studio: Callable[..., Studio], answer: Callable[..., BoxAnswerer], qtbot: Any
) -> None:
    studio = open_studio(SimulatorConfig(job_seconds=30, pending_share=0))
    window = studio.window
    write_prompt(qtbot, window.form, "A long one")
    qtbot.keyClick(window.form.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: studio.statuses() == ["processing"], timeout=5000)

    # The title bar's close button (the window system asks the window to close): Cancel.
    answerer = answer(standard(QMessageBox.StandardButton.Cancel))
    handle = window.windowHandle()
    assert handle is not None
    handle.close()
    qtbot.waitUntil(lambda: bool(answerer.answered), timeout=3000)
    title, text = answerer.answered[0]
    assert title == "Jobs are still running"
    assert text == "A job is still being generated or saved."
    qtbot.wait(100)
    assert window.isVisible()
    assert studio.statuses() == ["processing"]

    # File › Quit by its shortcut: Quit. (Offscreen there is no window manager to hand the
    # focus back once the box has gone.)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    answerer = answer(labelled("Quit"))
    with qtbot.waitSignal(window.quit_requested, timeout=3000):
        press_action(qtbot, window.window_actions.quit_action)
    assert [title for title, _text in answerer.answered] == ["Jobs are still running"]
    assert not window.isVisible()


@contextlib.contextmanager
def slow_gateway(monkeypatch: pytest.MonkeyPatch, delay: float) -> Iterator[SlowGateway]:
    """A gateway between the window and its simulator that holds each POST's answer back
    ``delay`` seconds; the window is pointed at it (its upstream is set once the simulator
    runs)."""
    server = SlowGateway("http://127.0.0.1:9", delay)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("REELDESK_BASE_URL", server.url)
    try:
        yield server
    finally:
        server.released.set()
        server.shutdown()
        server.server_close()


def test_quitting_while_a_post_is_on_its_way_keeps_its_task_id(
    open_studio: Callable[..., Studio],
    answer: Callable[..., BoxAnswerer],
    qtbot: Any,
    qloop: asyncio.AbstractEventLoop,
    paths: Paths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with slow_gateway(monkeypatch, delay=1.0) as slow:
        studio = open_studio(SimulatorConfig(job_seconds=30, pending_share=0))
        slow.upstream = urlsplit(studio.sim.base_url)
        window = studio.window
        write_prompt(qtbot, window.form, "Paid for, on its way")
        qtbot.keyClick(window.form.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(slow.post_arrived.is_set, timeout=5000)
        assert studio.statuses() == ["submitting"]

        # File › Quit while the service's answer is on its way; ReelDesk closes as it does
        # after the window says quit_requested (ui.application._main).
        answer(labelled("Quit"))
        with qtbot.waitSignal(window.quit_requested, timeout=3000):
            press_action(qtbot, window.window_actions.quit_action)
        closed = run_async(qtbot, qloop, close_session(studio.session), timeout=10_000)

    assert closed, studio.session.abandoned
    store = HistoryStore(paths.history_db)
    try:
        (job,) = store.load_all()
    finally:
        store.close()
    assert job.task_id is not None and job.task_id in studio.sim.task_ids()
    assert job.status is JobStatus.PENDING  # the next start follows and saves it


def test_an_answer_that_does_not_come_holds_the_quit_only_for_its_grace(
    open_studio: Callable[..., Studio],
    answer: Callable[..., BoxAnswerer],
    qtbot: Any,
    qloop: asyncio.AbstractEventLoop,
    paths: Paths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with slow_gateway(monkeypatch, delay=60.0) as slow:
        studio = open_studio(SimulatorConfig(job_seconds=30, pending_share=0))
        slow.upstream = urlsplit(studio.sim.base_url)
        window = studio.window
        write_prompt(qtbot, window.form, "Never answered")
        qtbot.keyClick(window.form.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(slow.post_arrived.is_set, timeout=5000)
        answer(labelled("Quit"))
        with qtbot.waitSignal(window.quit_requested, timeout=3000):
            press_action(qtbot, window.window_actions.quit_action)
        # Closed within CLOSE_SECONDS, nothing abandoned: the wait for the answer gave up.
        closed = run_async(qtbot, qloop, close_session(studio.session), timeout=10_000)

    assert closed, studio.session.abandoned
    store = HistoryStore(paths.history_db)
    try:
        (job,) = store.load_all()
    finally:
        store.close()
    assert job.task_id is None and job.status is JobStatus.SUBMITTING  # next start: unknown

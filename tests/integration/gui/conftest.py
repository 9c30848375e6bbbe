"""The window as ReelDesk builds it: ``ui.application``'s composition root (``make_session``,
``start_session``, ``close_session``) with a live connection to a simulator on loopback, every
path under ``tmp_path``. Tests drive it with real key and mouse events only."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QLoggingCategory
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from shiboken6 import isValid

from app.engine.jobs import Job
from app.paths import Paths
from app.secrets import KeyStore
from app.settings import SettingsStore
from app.simulator import JobFaults, SimulatorConfig
from app.simulator.faults import FaultySimulator
from tests.conftest import run_async
from tests.integration.helpers import KEY
from tests.unit.app.test_secrets import FakeKeychain
from ui.application import (
    Session,
    close_session,
    make_session,
    quiet_multimedia,
    start_session,
)
from ui.job_model import Column, JobRole
from ui.main_window import MainWindow

from .drive import BoxAnswerer, Choice, visible_windows

#: Polling intervals and retry waits at 2 % of their real length.
TIME_SCALE = "0.02"


class Studio:
    """One running window and the simulator it talks to."""

    def __init__(
        self,
        session: Session,
        window: MainWindow,
        sim: FaultySimulator,
        loop_errors: list[dict[str, Any]],
    ) -> None:
        self.session = session
        self.window = window
        self.sim = sim
        #: What the event loop's exception handler received (the test fails on any).
        self.loop_errors = loop_errors

    def rows(self) -> list[Job]:
        """The jobs the list shows, top to bottom (through the filter)."""
        proxy = self.window.proxy
        return [proxy.index(row, 0).data(JobRole) for row in range(proxy.rowCount())]

    def status_texts(self) -> list[str]:
        """What the status column says, top to bottom."""
        proxy = self.window.proxy
        return [proxy.index(row, Column.STATUS).data() for row in range(proxy.rowCount())]

    def statuses(self) -> list[str]:
        return [job.status.value for job in self.rows()]

    @property
    def videos(self) -> Path:
        return self.session.paths.videos


#: Said by Qt where a real desktop would have more, not about ReelDesk.
QUIET = (
    # Thumbnails convert video frames on the CPU where there is no GPU; QtMultimedia says so
    # through Qt's default logging category, which no filter rule can single out.
    r"No RHI backend\. Using CPU conversion",
    # An open combo box popup grabs the keyboard; the offscreen platform cannot.
    r"This plugin does not support grabbing the keyboard",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.qt_log_ignore(*QUIET))


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    # Lets a fixture know, at teardown, whether the test itself failed.
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed or hasattr(report, "wasxfail")
    return report


def _replay_refused_steps(loop: asyncio.AbstractEventLoop, errors: list[dict[str, Any]]) -> None:
    """Run again the task steps a nested event loop refused, so those tasks can end.

    While a nested loop (``exec()`` inside a coroutine: issue 11, hole 1) spins, every other
    task's next step fails with "Cannot enter into task …" and is dropped: the task waits
    forever for a wake-up that has been spent, and would hang ``close_session`` and every later
    test on this shared loop. The handler kept each refused step's handle."""
    for context in errors:
        handle = context.get("handle")
        refused = "Cannot enter into task" in str(context.get("exception"))
        if refused and isinstance(handle, asyncio.Handle):
            loop.call_soon(handle._callback, *handle._args)  # type: ignore[attr-defined]


@pytest.fixture
def open_studio(
    request: pytest.FixtureRequest,
    qtbot: Any,
    qloop: asyncio.AbstractEventLoop,
    paths: Paths,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Callable[..., Studio]]:
    """``open_studio(config, keychain=True)`` starts a simulator and opens the window on it.

    The key is in a private file (as after a "no keychain" answer), the service address in the
    settings; ``keychain=False`` is a system without a keychain. Closes everything at the end."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    opened: list[Studio] = []
    caught: list[dict[str, Any]] = []
    locale = QLocale()
    quit_on_close = app.quitOnLastWindowClosed()
    qloop.set_exception_handler(lambda _loop, context: caught.append(context))
    # The rules ReelDesk sets before its application exists (thumbnails load QtMultimedia,
    # whose codec probing is not news); this application exists already, so through the API.
    monkeypatch.delenv("QT_LOGGING_RULES", raising=False)
    quiet_multimedia()
    QLoggingCategory.setFilterRules(os.environ["QT_LOGGING_RULES"].replace(";", "\n"))

    def open_(
        config: SimulatorConfig, *, keychain: bool = True, faults: JobFaults | None = None
    ) -> Studio:
        sim = FaultySimulator(config, faults=faults).start()
        keys = KeyStore(paths.key_file, backend=FakeKeychain() if keychain else None)
        keys.save(KEY, "file")
        SettingsStore(paths.settings_file).update(
            base_url=sim.base_url, key_storage="file", proxy_mode="none", first_run_done=True
        )
        monkeypatch.setenv("REELDESK_TIME_SCALE", TIME_SCALE)
        app.setQuitOnLastWindowClosed(False)  # as ui.application.run does
        session = make_session(app, os.environ)
        session.keys = keys
        try:
            window = run_async(
                qtbot,
                qloop,
                start_session(session, argparse.Namespace(demo=False, base_url=None), os.environ),
            )
        except BaseException:
            sim.stop()
            raise
        assert isinstance(window, MainWindow)
        studio = Studio(session, window, sim, caught)
        opened.append(studio)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        return studio

    yield open_

    _replay_refused_steps(qloop, caught)
    for studio in opened:
        _close(studio, qtbot, qloop)
    qloop.set_exception_handler(None)
    app.setQuitOnLastWindowClosed(quit_on_close)
    QLoggingCategory.setFilterRules("")
    QLocale.setDefault(locale)
    _close_log_file()
    if caught and not request.node.stash.get(_CALL_FAILED, False):
        pytest.fail(f"the event loop swallowed: {caught}")


def _close(studio: Studio, qtbot: Any, loop: asyncio.AbstractEventLoop) -> None:
    for box in visible_windows(QMessageBox) + visible_windows(QDialog):
        box.reject()
    window = studio.window
    window.quit(ask=False)
    # Gone before the session closes, as its timers go with it: the first balance refresh
    # (1.5 s after the start) would otherwise send a request on the client the session closed.
    window.deleteLater()
    qtbot.waitUntil(lambda: not isValid(window), timeout=5000)
    run_async(qtbot, loop, close_session(studio.session), timeout=15_000)
    studio.sim.stop()


def _close_log_file() -> None:
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "reeldesk", False)]:
        root.removeHandler(handler)
        handler.close()


@pytest.fixture
def studio(open_studio: Callable[..., Studio]) -> Studio:
    """The window on a simulator whose jobs take a little over a second."""
    return open_studio(SimulatorConfig(job_seconds=1.2))


@pytest.fixture
def answer(qtbot: Any) -> Iterator[Callable[..., BoxAnswerer]]:
    """``answer(choose, read_for=0, seen=None)`` clicks the chosen button of the next message
    box (see ``BoxAnswerer``). Every look-out stops at the end, answered or not, so none is
    left to click a box in a later test."""
    answerers: list[BoxAnswerer] = []

    def start(choose: Choice, **kwargs: Any) -> BoxAnswerer:
        answerer = BoxAnswerer(qtbot, choose, **kwargs)
        answerers.append(answerer)
        return answerer

    yield start
    for answerer in answerers:
        answerer.stop()

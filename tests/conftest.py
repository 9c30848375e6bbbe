"""Shared fixtures: every path under ``tmp_path``, Qt offscreen, a real simulator on loopback,
and a guard that fails a test when the event loop swallowed an exception."""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

# Before anything can load Qt.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_QUICK_BACKEND", "software")

import pytest
import pytest_asyncio

from app.paths import Paths, resolve_paths
from app.simulator import SimulatorConfig
from app.simulator.faults import FaultySimulator

# Autouse: a test fails if code inside an asyncio task starts a nested Qt event loop.
from tests.nested_loop_guard import nested_loop_guard  # noqa: F401

_RELOCATED = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


@pytest.fixture(autouse=True)
def _collector_unfrozen() -> Iterator[None]:
    """A window that shows its history freezes what exists then (``MainWindow.reset_jobs``):
    the collector reaches it again after the test, so one test's objects do not outlive it."""
    yield
    gc.unfreeze()


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private ReelDesk home for each test; no key or address from the outer environment."""
    root = tmp_path / "home"
    monkeypatch.setenv("REELDESK_HOME", str(root))
    for name in (
        "REELDESK_API_KEY",
        "REELDESK_BASE_URL",
        "REELDESK_TIME_SCALE",
        "REELDESK_CA_BUNDLE",
    ):
        monkeypatch.delenv(name, raising=False)
    # No desktop notifications from the tests on the developer's own desktop; the tests that
    # want a session bus start one of their own.
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    for name in _RELOCATED:
        monkeypatch.setenv(name, str(tmp_path / "xdg" / name.lower()))
    return root


@pytest.fixture
def paths(home: Path) -> Paths:
    found = resolve_paths()
    found.ensure()
    return found


@pytest.fixture
def sim() -> Iterator[FaultySimulator]:
    """A fast simulator, faults on request: jobs finish in under a second."""
    simulator = FaultySimulator(SimulatorConfig(job_seconds=0.6))
    with simulator:
        yield simulator


@pytest_asyncio.fixture
async def loop_guard() -> AsyncIterator[list[dict[str, Any]]]:
    """Collects what the running loop's exception handler receives; the test fails on any."""
    loop = asyncio.get_running_loop()
    caught: list[dict[str, Any]] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: caught.append(context))
    yield caught
    loop.set_exception_handler(previous)
    assert not caught, f"the event loop swallowed: {caught}"


@pytest.fixture(scope="session")
def _session_qloop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """One qasync loop for the whole run: Qt has one application, and a second qasync loop
    on it would never be woken."""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    yield loop
    loop.stop()
    asyncio.events._set_running_loop(None)
    loop.close()  # joins the loop's worker threads


@pytest.fixture
def qloop(
    _session_qloop: asyncio.AbstractEventLoop, qtbot: Any
) -> Iterator[asyncio.AbstractEventLoop]:
    """The qasync loop, driven by pytest-qt's waits. Fails the test on any exception the loop
    swallowed; cancels what the test left running."""
    loop = _session_qloop
    asyncio.set_event_loop(loop)
    asyncio.events._set_running_loop(loop)
    caught: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: caught.append(context))
    yield loop
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        qtbot.waitUntil(lambda: all(t.done() for t in pending), timeout=5000)
    loop.set_exception_handler(None)
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)
    assert not caught, f"the event loop swallowed: {caught}"


def run_async(qtbot: Any, loop: asyncio.AbstractEventLoop, coro: Any, timeout: int = 10_000) -> Any:
    """Run a coroutine on the qasync loop while Qt keeps processing events."""
    task = loop.create_task(coro)
    qtbot.waitUntil(task.done, timeout=timeout)
    return task.result()

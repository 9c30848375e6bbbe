"""The window meets a history it cannot open: it says which file and what to do, offers
Repair… (restore a backup, rebuild from the videos) and then opens; "Repair history…" in a
running window lets go of the history before anything is moved. As real processes: the
"already running" box and the unwritable-home box answer SIGTERM at once."""

from __future__ import annotations

import asyncio
import logging
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.engine.lock import InstanceLock
from app.engine.store import HistoryStore
from app.paths import Paths
from tests.children import ROOT, bound_by_permissions, child_env
from tests.integration.test_app_process import SIGTERM_BOUND, wait_for_log
from tests.integration.test_session import DEMO, FAST, Sessions, sessions  # noqa: F401
from tests.unit.app.engine.test_rebuild import save, saved_job
from tests.unit.ui.boxes import wait_for_box
from ui import application
from ui.repair import RepairDialog
from ui.shutdown import QuitDeadline


def repair_dialog(qtbot: Any) -> RepairDialog:
    def shown() -> list[RepairDialog]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, RepairDialog)]

    qtbot.waitUntil(lambda: any(d.isVisible() for d in shown()), timeout=5000)
    return next(d for d in shown() if d.isVisible())


def press(qtbot: Any, box: QMessageBox, text: str) -> None:
    (button,) = [b for b in box.buttons() if b.text() == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_damaged_history_offers_repair_and_the_window_opens_rebuilt(
    qtbot: Any,
    qloop: asyncio.AbstractEventLoop,
    sessions: Sessions,  # noqa: F811
    paths: Paths,
) -> None:
    for n in (1, 2):
        # Without the clip: the window's thumbnails would load QtMultimedia, which is not
        # what this test is about (the sidecar alone brings the job back).
        save(paths.videos, saved_job(n)).unlink()
    damaged = b"a history a bad sector ate " * 200
    paths.history_db.write_bytes(damaged)
    session = sessions.new()
    starting = qloop.create_task(application.start_session(session, DEMO, FAST, welcome=False))
    box = wait_for_box(qtbot)
    assert box.textFormat() is Qt.TextFormat.PlainText
    assert f"The history file {paths.history_db} is damaged." in box.text()
    assert "reeldesk repair" in box.informativeText()
    press(qtbot, box, "&Repair…")

    dialog = repair_dialog(qtbot)
    assert "is damaged" in dialog.intro.text()
    assert not dialog.restore_button.isEnabled()  # no backups yet
    qtbot.mouseClick(dialog.rebuild_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "jobs added" in dialog.status.text(), timeout=5000)
    assert "2 jobs added" in dialog.status.text()
    assert "kept as" in dialog.status.text()
    qtbot.mouseClick(
        dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton
    )  # Close, after a repair: the start goes on
    qtbot.waitUntil(starting.done, timeout=10_000)
    window = starting.result()
    assert window is not None
    assert sorted(job.id for job in session.core.engine.jobs) == ["job-1", "job-2"]
    (aside,) = paths.data.glob("history.sqlite3.set-aside-*")
    assert aside.read_bytes() == damaged


def test_a_locked_history_offers_try_again_and_quit(
    qtbot: Any,
    qloop: asyncio.AbstractEventLoop,
    sessions: Sessions,  # noqa: F811
    paths: Paths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    HistoryStore(paths.history_db).close()
    real = HistoryStore
    monkeypatch.setattr(  # a short wait for the lock, not the real five seconds
        "app.core.HistoryStore", lambda path, **kw: real(path, **kw, busy_timeout=0.05)
    )
    other = sqlite3.connect(paths.history_db, isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")  # as some database browsers do
    other.execute("BEGIN EXCLUSIVE")
    session = sessions.new()
    try:
        starting = qloop.create_task(application.start_session(session, DEMO, FAST, welcome=False))
        box = wait_for_box(qtbot)
        assert f"The history file {paths.history_db} is locked by another program." in box.text()
        assert [b.text() for b in box.buttons()] == ["&Try again", "&Quit"]
        press(qtbot, box, "&Try again")
        box = wait_for_box(qtbot)  # still locked: asked again
        press(qtbot, box, "&Quit")
        qtbot.waitUntil(starting.done, timeout=5000)
    finally:
        other.close()
    assert starting.result() is None and session.core is None
    with InstanceLock(paths.lock_file):
        pass  # the lock went with the core that never opened


def test_repair_from_the_menu_lets_go_of_the_history_first(
    qtbot: Any,
    qloop: asyncio.AbstractEventLoop,
    sessions: Sessions,  # noqa: F811
    paths: Paths,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = HistoryStore(paths.history_db)
    store.insert_many([saved_job(1)])
    store.close()
    monkeypatch.setattr(application, "install_quit_signals", lambda app, on_quit: None)
    session = sessions.new()
    session.deadline = QuitDeadline(3600)  # the test ends the run, not a timer
    caplog.set_level(logging.INFO, logger="ui.application")
    running = qloop.create_task(application._main(session, DEMO, FAST))
    qtbot.waitUntil(lambda: "window shown" in caplog.text, timeout=10_000)
    first = session.window
    assert first is not None
    (action,) = [a for a in first.menuBar().actions() if a.text() == "&Help"]
    (repair,) = [a for a in action.menu().actions() if a.text() == "&Repair history…"]
    repair.trigger()

    dialog = repair_dialog(qtbot)
    assert session.core is None  # the engine and its store thread are closed
    with InstanceLock(paths.lock_file):
        pass  # and nobody holds the history
    assert dialog.backups.count() == 1 and dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Restored" in dialog.status.text(), timeout=5000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(
        lambda: session.window is not None and session.window is not first, timeout=10_000
    )
    assert session.core is not None
    qtbot.waitUntil(lambda: caplog.text.count("window shown") == 2, timeout=10_000)
    session.window.quit(ask=False)
    qtbot.waitUntil(running.done, timeout=10_000)
    assert running.result() == 0
    assert list(paths.data.glob("history.sqlite3.set-aside-*"))


# -- as real processes --------------------------------------------------------------------------


def start(home: Path, **extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "ui.launcher", "--demo"],
        cwd=ROOT,
        env=child_env(home, QT_QPA_PLATFORM="offscreen", **extra),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen[bytes]) -> tuple[int, float, str]:
    process.send_signal(signal.SIGTERM)
    started = time.monotonic()
    try:
        code = process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.stdout is not None
    output = process.stdout.read().decode(errors="replace")
    process.stdout.close()
    return code, time.monotonic() - started, output


HOLDER = """
import sys, time
from app.engine.lock import InstanceLock
lock = InstanceLock(__import__("pathlib").Path(sys.argv[1]))
lock.acquire()
print("holding", flush=True)
time.sleep(60)
"""


def test_the_already_running_box_answers_sigterm(home: Path) -> None:
    lock_file = home / "state" / "engine.lock"
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock_file)],
        cwd=ROOT,
        env=child_env(home),
        stdout=subprocess.PIPE,
        text=True,
    ) as first:
        try:
            assert first.stdout is not None and first.stdout.readline() == "holding\n"
            second = start(home)
            wait_for_log(home, "does not answer", second, timeout=60)
            time.sleep(0.3)  # the box is up
            code, seconds, output = stop(second)
        finally:
            first.kill()
    assert seconds < SIGTERM_BOUND, output
    assert code in (0, 1) and "Traceback" not in output


@pytest.fixture
def shared_home() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="reeldesk-home-"))
    folder.chmod(0o755)
    yield folder / "home"
    shutil.rmtree(folder, ignore_errors=True)


def test_an_unwritable_home_is_said_by_the_window_and_sigterm_closes_it(
    shared_home: Path,
) -> None:
    shared_home.mkdir()
    shared_home.chmod(0o555)
    prefix = bound_by_permissions()
    process = subprocess.Popen(
        [*prefix, sys.executable, "-m", "ui.launcher", "--demo"],
        cwd=ROOT,
        env=child_env(shared_home, QT_QPA_PLATFORM="offscreen"),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert process.stdout is not None
    try:
        line = process.stdout.readline().decode()
        while line and not line.startswith("reeldesk:"):
            line = process.stdout.readline().decode()
        assert f"cannot write to its own folder {shared_home / 'config'}" in line
        time.sleep(0.5)  # the box is up
        assert process.poll() is None
    except BaseException:
        process.kill()
        process.wait(timeout=10)
        process.stdout.close()
        raise
    code, seconds, output = stop(process)
    assert code == 1 and seconds < SIGTERM_BOUND, output
    assert "Traceback" not in output

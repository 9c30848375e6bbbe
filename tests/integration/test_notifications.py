"""Notifications when videos are saved: the desktop's notification service on a real session bus
(a private ``dbus-daemon`` with a small ``org.freedesktop.Notifications`` server), and the tray
where there is no such service."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from app.api.models import GenerationRequest
from app.engine.jobs import JobStatus
from app.paths import Paths
from app.simulator.faults import FaultySimulator
from tests.conftest import run_async
from ui.notify import NOTIFY_SIGNATURE, SERVICE
from ui.tray import Tray

from .helpers import EngineParts, build_engine

PROMPT = "Paper lanterns rising over a dark lake"


@dataclass
class NotificationServer:
    """``org.freedesktop.Notifications`` on the test's bus: records each ``Notify`` and can
    say that the user clicked one."""

    address: str
    calls: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    _clicks: list[int] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    ready: threading.Event = field(default_factory=threading.Event)

    def click(self, notification: int) -> None:
        self._clicks.append(notification)

    def run(self) -> None:
        from jeepney import DBusAddress, MessageType, new_method_return, new_signal
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection
        from jeepney.low_level import HeaderFields

        with open_dbus_connection(self.address) as connection:
            connection.send_and_get_reply(message_bus.RequestName(SERVICE))
            self.ready.set()
            here = DBusAddress("/org/freedesktop/Notifications", interface=SERVICE)
            number = 0
            while not self._stop.is_set():
                while self._clicks:
                    connection.send(
                        new_signal(here, "ActionInvoked", "us", (self._clicks.pop(), "default"))
                    )
                try:
                    message = connection.receive(timeout=0.05)
                except TimeoutError:
                    continue
                header = message.header
                if header.message_type is not MessageType.method_call:
                    continue
                signature = str(header.fields.get(HeaderFields.signature, ""))
                self.calls.append((signature, message.body))
                number += 1
                connection.send(new_method_return(message, "u", (number,)))

    def stop(self) -> None:
        self._stop.set()


@pytest.fixture
def session_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("no dbus-daemon on this machine")
    socket = tmp_path / "bus"
    process = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address=1", f"--address=unix:path={socket}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    address = process.stdout.readline().strip()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    yield address
    process.terminate()
    process.wait(timeout=5)
    process.stdout.close()


@pytest.fixture
def notification_server(session_bus: str) -> Iterator[NotificationServer]:
    server = NotificationServer(session_bus)
    thread = threading.Thread(target=server.run, name="notification-server", daemon=True)
    thread.start()
    assert server.ready.wait(timeout=5)
    yield server
    server.stop()
    thread.join(timeout=5)


@pytest.fixture
def engine(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, paths: Paths, sim: FaultySimulator
) -> Iterator[EngineParts]:
    parts = build_engine(paths, sim.base_url)
    run_async(qtbot, qloop, parts.engine.start())
    yield parts
    run_async(qtbot, qloop, parts.close())


def make_tray(qtbot: Any, parts: EngineParts, revealed: list[Path]) -> Tray:
    window = QWidget()
    qtbot.addWidget(window)
    picture = QPixmap(16, 16)
    picture.fill(QColor("orange"))
    tray = Tray(
        parts.engine,
        window,
        icon=QIcon(picture),
        show_window=window.show,
        quit=window.close,
        notifications=lambda: True,
        batch_finished=lambda _jobs: None,
        reveal=revealed.append,
    )
    tray.show()
    return tray


def save_one(qtbot: Any, loop: asyncio.AbstractEventLoop, parts: EngineParts) -> Path:
    (job,) = run_async(qtbot, loop, parts.engine.submit(GenerationRequest(PROMPT)))

    def saved() -> bool:
        current = parts.engine.job(job.id)
        return current is not None and current.status is JobStatus.SAVED

    qtbot.waitUntil(saved, timeout=10_000)
    current = parts.engine.job(job.id)
    assert current is not None and current.path
    return Path(current.path)


def test_the_desktop_service_announces_a_saved_video_and_a_click_reveals_it(
    qtbot: Any,
    qloop: asyncio.AbstractEventLoop,
    engine: EngineParts,
    notification_server: NotificationServer,
) -> None:
    revealed: list[Path] = []
    tray = make_tray(qtbot, engine, revealed)
    qtbot.waitUntil(lambda: tray.desktop_notifications, timeout=5000)
    video = save_one(qtbot, qloop, engine)

    qtbot.waitUntil(lambda: bool(notification_server.calls), timeout=5000)
    ((signature, body),) = notification_server.calls
    assert signature == NOTIFY_SIGNATURE  # replaces_id is a uint32, as the service expects
    app_name, replaces, _icon, summary, text, actions, _hints, _timeout = body
    assert (app_name, replaces, summary, text) == ("ReelDesk", 0, "1 saved", PROMPT)
    assert actions[:2] == ["default", "Show in folder"]

    notification_server.click(1)
    qtbot.waitUntil(lambda: revealed == [video], timeout=5000)
    tray.close()


# The offscreen platform has no tray window to connect to: Qt says so, and it is not news here.
@pytest.mark.qt_log_ignore("systemTrayWindowChanged")
def test_without_a_notification_service_the_tray_says_it(
    qtbot: Any,
    qloop: asyncio.AbstractEventLoop,
    engine: EngineParts,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    # No session bus at all (a console session, a container).
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    # The platform's tray cannot run offscreen: it is said to be there, and what it is asked to
    # show is kept.
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    monkeypatch.setattr(
        QSystemTrayIcon,
        "showMessage",
        lambda _icon, title, text, *_args: shown.append((title, text)),
    )
    revealed: list[Path] = []
    tray = make_tray(qtbot, engine, revealed)
    assert tray.available
    qtbot.wait(100)  # the bus is asked for once, after the first paint
    assert not tray.desktop_notifications
    save_one(qtbot, qloop, engine)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown == [("1 saved", PROMPT)]
    tray.close()

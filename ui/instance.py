"""A second launch brings the running ReelDesk's window forward.

The instance lock (``app/engine/lock.py``) keeps one ReelDesk per history. Over a local socket
named after that lock, a second launch asks the running one to show its window (it may be
hidden in the tray). When nobody answers, the running process is still starting or stuck, and
the second launch says so with its process id, rather than pointing at a window that does not
exist.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

log = logging.getLogger(__name__)

SHOW = b"show\n"
SHOWN = b"shown\n"
#: How long a second launch waits for the running one (busy for longer means stuck).
ANSWER_SECONDS = 2.0


def server_name(lock_file: Path) -> str:
    """One name per history (the lock file), short enough for a socket path."""
    digest = hashlib.sha256(str(lock_file.resolve()).encode()).hexdigest()[:16]
    return f"reeldesk-{digest}"


def holder_pid(lock_file: Path) -> str:
    """The process id the lock holder wrote into the lock file ("?" if unreadable)."""
    with contextlib.suppress(OSError):
        text = lock_file.read_text(encoding="ascii", errors="replace").strip()
        if text.isdigit():
            return text
    return "?"


def bring_forward(window: QWidget) -> None:
    if window.isMinimized():
        window.showNormal()
    else:
        window.show()
    window.raise_()
    window.activateWindow()


class ShowServer(QObject):
    """Listens, in the running ReelDesk, for a second launch; shows ``window`` when asked."""

    def __init__(self, name: str, window: QWidget) -> None:
        super().__init__()  # owned by the session, which closes it after the window is gone
        self._window = window
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # A socket file left by a process that died; this process holds the lock, so it is
        # nobody else's.
        QLocalServer.removeServer(name)
        if not self._server.listen(name):
            log.warning("no show server: %s", self._server.errorString())
        self._server.newConnection.connect(self._on_server_new_connection)

    def close(self) -> None:
        self._server.close()

    def _on_server_new_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.disconnected.connect(socket.deleteLater)
            socket.readyRead.connect(lambda socket=socket: self._on_socket_ready_read(socket))

    def _on_socket_ready_read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        if bytes(socket.readLine().data()) == SHOW and isValid(self._window):
            log.info("another launch asked for the window")
            bring_forward(self._window)
            socket.write(SHOWN)
            socket.flush()
        socket.disconnectFromServer()


async def ask_to_show(name: str) -> bool:
    """True once the running ReelDesk says it has shown its window; False if there is no one
    listening or no answer within ``ANSWER_SECONDS``."""
    socket = QLocalSocket()
    answered: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    def settle(shown: bool) -> None:
        if not answered.done():
            answered.set_result(shown)

    def read() -> None:
        if socket.canReadLine():
            settle(bytes(socket.readLine().data()) == SHOWN)

    socket.connected.connect(lambda: socket.write(SHOW))
    socket.readyRead.connect(read)

    def failed() -> None:
        read()  # the answer may be waiting behind the closed connection
        settle(False)

    socket.errorOccurred.connect(lambda _error: failed())
    socket.connectToServer(name)
    try:
        async with asyncio.timeout(ANSWER_SECONDS):
            return await answered
    except TimeoutError:
        return False
    finally:
        socket.abort()
        socket.deleteLater()

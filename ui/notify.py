"""Desktop notifications through the freedesktop notification service, where there is one.

On a Linux desktop the session bus carries ``org.freedesktop.Notifications`` (GNOME, KDE, dunst,
…): a notification from there sits in the desktop's own list, and its "Show in folder" action
(or a click on it) reveals the saved file. Where there is no session bus or no such service,
``DesktopNotifications.open`` answers ``None`` and the tray shows the message (``ui.tray``).

The messages go through jeepney (pure Python, on the event loop; on Linux it comes with
keyring) rather than QtDBus: ``Notify`` takes its ``replaces_id`` as a ``uint32``, and PySide6
marshals every Python ``int`` as ``int32``, a call every notification service refuses.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from app import PRODUCT

if TYPE_CHECKING:
    from jeepney import Message
    from jeepney.io.asyncio import DBusConnection

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
INTERFACE = SERVICE
#: ``Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout)``.
NOTIFY_SIGNATURE = "susssasa{sv}i"
#: The action a click on the notification itself invokes.
DEFAULT_ACTION = "default"
#: Seconds to wait for the bus while connecting; a bus that is slower is as good as none.
CONNECT_SECONDS = 3.0
#: How long a notification stays up, in milliseconds (the service may decide otherwise).
SHOWN_MS = 8000


class DesktopNotifications:
    """A connection to the notification service. ``open`` makes one; ``close`` ends it."""

    def __init__(self, connection: DBusConnection, reveal: Callable[[Path], None]) -> None:
        self._connection = connection
        self._reveal = reveal
        #: Serial of a ``Notify`` call → the file its notification reveals, until the reply.
        self._waiting: dict[int, Path] = {}
        #: Notification id → the file it reveals, until it is closed or used.
        self._shown: dict[int, Path] = {}
        self._receiver = asyncio.get_running_loop().create_task(
            self._receive(), name="desktop-notifications"
        )

    @classmethod
    async def open(cls, reveal: Callable[[Path], None]) -> DesktopNotifications | None:
        """Connect to the session bus; ``None`` where there is no notification service."""
        try:
            from jeepney import MessageType
            from jeepney.bus_messages import MatchRule, message_bus
            from jeepney.io.asyncio import open_dbus_connection
        except ImportError:  # jeepney comes with keyring on Linux only
            return None
        connection: DBusConnection | None = None
        try:
            async with asyncio.timeout(CONNECT_SECONDS):
                connection = await open_dbus_connection("SESSION")
                there = await _call(connection, message_bus.NameHasOwner(SERVICE))
                available = there.header.message_type is MessageType.method_return and bool(
                    there.body[0]
                )
                if not available:
                    activatable = await _call(connection, message_bus.ListActivatableNames())
                    available = activatable.header.message_type is MessageType.method_return and (
                        SERVICE in activatable.body[0]
                    )
                if available:
                    for member in ("ActionInvoked", "NotificationClosed"):
                        rule = MatchRule(
                            type="signal",
                            sender=SERVICE,
                            interface=INTERFACE,
                            path=OBJECT_PATH,
                            member=member,
                        )
                        await _call(connection, message_bus.AddMatch(rule))
        except (OSError, EOFError, KeyError, ValueError, TimeoutError) as exc:
            # No session bus (a console, a container), or one that does not answer.
            log.info("no desktop notifications: %s", exc or type(exc).__name__)
            available = False
        if not available:
            if connection is not None:
                _close(connection)
            return None
        assert connection is not None
        return cls(connection, reveal)

    @property
    def alive(self) -> bool:
        """Whether the connection still stands (the bus may go away)."""
        return not self._receiver.done()

    async def show(self, summary: str, body: str, reveal: Path | None = None) -> None:
        """Show a notification; with ``reveal``, clicking it (or its action) reveals that
        file. Raises ``OSError`` when the bus is gone."""
        from jeepney import DBusAddress, new_method_call

        actions: list[str] = []
        if reveal is not None:
            label = QCoreApplication.translate("Notifications", "Show in folder")
            actions = [DEFAULT_ACTION, label, "reveal", label]
        address = DBusAddress(OBJECT_PATH, bus_name=SERVICE, interface=INTERFACE)
        message = new_method_call(
            address,
            "Notify",
            NOTIFY_SIGNATURE,
            (PRODUCT, 0, "reeldesk", summary, body, actions, {}, SHOWN_MS),
        )
        serial = next(self._connection.outgoing_serial)
        if reveal is not None:
            self._waiting[serial] = reveal
        await self._connection.send(message, serial=serial)

    def close(self) -> None:
        """Stop listening and hang up (notifications already shown stay on the desktop)."""
        self._receiver.cancel()
        _close(self._connection)

    async def _receive(self) -> None:
        from jeepney import HeaderFields, MessageType

        while True:
            try:
                message = await self._connection.receive()
            except (OSError, EOFError, ValueError) as exc:
                log.info("the session bus went away: %s", exc or type(exc).__name__)
                return
            header = message.header
            if header.message_type is MessageType.method_return:
                file = self._waiting.pop(header.fields.get(HeaderFields.reply_serial, -1), None)
                if file is not None and message.body:
                    self._shown[int(message.body[0])] = file
            elif header.message_type is MessageType.error:
                self._waiting.pop(header.fields.get(HeaderFields.reply_serial, -1), None)
                log.warning("the notification service refused: %s", message.body)
            elif header.message_type is MessageType.signal:
                self._on_signal(header.fields.get(HeaderFields.member), message.body)

    def _on_signal(self, member: Any, body: tuple[Any, ...]) -> None:
        if member == "ActionInvoked" and len(body) == 2:
            file = self._shown.pop(int(body[0]), None)
            if file is not None:
                self._reveal(file)
        elif member == "NotificationClosed" and body:
            self._shown.pop(int(body[0]), None)


async def _call(connection: DBusConnection, message: Message) -> Message:
    """Send a method call and wait for its answer (before the receiver task runs)."""
    from jeepney import HeaderFields, MessageType

    serial = next(connection.outgoing_serial)
    await connection.send(message, serial=serial)
    while True:
        answer = await connection.receive()
        kind = answer.header.message_type
        replying = answer.header.fields.get(HeaderFields.reply_serial)
        if kind in (MessageType.method_return, MessageType.error) and replying == serial:
            return answer


def _close(connection: DBusConnection) -> None:
    with contextlib.suppress(OSError, RuntimeError):  # RuntimeError: the loop is closing
        connection.writer.close()

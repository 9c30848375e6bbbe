"""Ending ReelDesk within a bound, whatever state its tasks are in.

- SIGTERM and SIGINT reach the Qt loop through a wake-up fd and quit like the Quit menu.
- Closing (tasks, engine, connections) gets ``CLOSE_SECONDS``. A task still waiting then (one
  that ignores cancellation, or one a bug left never to wake) is abandoned and logged.
- From the first request to quit, ``QuitDeadline`` ends the process after ``QUIT_DEADLINE``
  seconds, even if the event loop never gets to closing or a thread never finishes.
- A submit whose POST is on its way gets up to ``REPLY_GRACE`` of those seconds for its answer
  (the task id of a paid video) before the engine closes, as the command line waits on Ctrl+C.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import threading
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from app.core import Core

log = logging.getLogger(__name__)

CLOSE_SECONDS = 3.0
#: A logout or ``kill`` waits about 5 s before killing outright.
QUIT_DEADLINE = 4.5
#: Of ``CLOSE_SECONDS``, what a submit reply already on its way may take; the rest closes.
REPLY_GRACE = 2.0


def install_quit_signals(app: QApplication, on_quit: Callable[[], None]) -> None:
    """SIGTERM and SIGINT (logout, ``kill``, Ctrl+C in a terminal) close ReelDesk cleanly.

    Python runs signal handlers only when the interpreter gets control, which Qt's loop does
    not give it; the wake-up fd turns a signal into a readable socket Qt watches."""
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def woke() -> None:
        with contextlib.suppress(OSError):
            reader.recv(64)
        on_quit()

    notifier.activated.connect(woke)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_args: None)
    app.setProperty("reeldesk_quit_signals", True)
    _KEEP_ALIVE.extend([reader, writer, notifier])


_KEEP_ALIVE: list[object] = []


async def close_within(steps: Coroutine[Any, Any, None], grace: float) -> list[str]:
    """Run the closing ``steps`` for at most ``grace`` seconds. Returns what was abandoned:
    the names of the tasks still waiting (nothing when the steps finished)."""
    closing = asyncio.get_running_loop().create_task(steps, name="closing")
    # Not asyncio.timeout around the steps: cancelling a gather of tasks that never wake never
    # finishes either. asyncio.wait returns at the deadline, whatever the steps are doing.
    done, _pending = await asyncio.wait({closing}, timeout=grace)
    if closing in done and closing.exception() is None:
        return []
    current = asyncio.current_task()
    abandoned = sorted(
        task.get_name() for task in asyncio.all_tasks() if not task.done() and task is not current
    )
    if closing in done:
        log.error("closing failed", exc_info=closing.exception())
        abandoned.append(f"closing ({closing.exception()!r})")
    log.warning("closing took more than %.1f s; abandoned: %s", grace, ", ".join(abandoned))
    return abandoned


async def close_core(core: Core, reply_grace: float = REPLY_GRACE) -> None:
    """Close the core once the answers to POSTs already sent have come (bounded by
    ``reply_grace``): cancelling them would leave paid jobs without their task ids."""
    await core.let_replies_arrive(reply_grace)
    await core.close()


class QuitDeadline:
    """Once armed, the process ends within ``seconds``, whatever the event loop is doing."""

    def __init__(self, seconds: float = QUIT_DEADLINE) -> None:
        self.seconds = seconds
        self._timer: threading.Timer | None = None

    def arm(self) -> None:
        if self._timer is None:
            self._timer = threading.Timer(self.seconds, self._passed)
            self._timer.daemon = True
            self._timer.start()

    def _passed(self) -> None:
        # Logged from a thread of its own: the one that would write may be what is stuck.
        note = threading.Thread(
            target=log.error,
            args=("quitting took more than %.1f s; exiting now", self.seconds),
            daemon=True,
        )
        note.start()
        note.join(0.3)
        os._exit(1)


def exit_now(code: int) -> None:
    """Exit without waiting for threads: Python joins every worker thread at exit, and an
    abandoned one may never finish."""
    logging.shutdown()
    os._exit(code)

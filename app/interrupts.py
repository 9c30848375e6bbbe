"""Ctrl+C and SIGTERM for a command that may have a paid POST on its way.

The first signal asks the command to stop once the answers already on their way have come
(a task id on disk is a video ``resume`` can save; a job cut off mid-POST can only become
``unknown``). The second stops it now. After that the usual handlers are back, so a third
ends the process however busy it is.
"""

from __future__ import annotations

import asyncio
import signal
from types import FrameType
from typing import Any

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupts:
    """Turns SIGINT and SIGTERM into two events on the running loop: ``asked`` (the first
    signal) and ``forced`` (the second). Install from the loop's (main) thread."""

    def __init__(self) -> None:
        self.asked = asyncio.Event()
        self.forced = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        self._previous: dict[int, Any] = {}

    def install(self) -> None:
        for signum in _SIGNALS:
            self._previous[signum] = signal.getsignal(signum)
            signal.signal(signum, self._on_signal)

    def restore(self) -> None:
        """Put back the handlers found at ``install``."""
        previous, self._previous = self._previous, {}
        for signum, handler in previous.items():
            signal.signal(signum, handler)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        # A signal handler runs between two bytecodes of the loop's thread: hand the work to
        # the loop, which this also wakes up from its wait.
        self._loop.call_soon_threadsafe(self._note)

    def _note(self) -> None:
        if not self.asked.is_set():
            self.asked.set()
        else:
            self.forced.set()
            self.restore()

    async def wait_unless_forced(self, done: asyncio.Event, seconds: float) -> bool:
        """Wait until ``done``, the second signal, or ``seconds``; True when ``done``."""
        waits = [asyncio.ensure_future(done.wait()), asyncio.ensure_future(self.forced.wait())]
        try:
            await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()
        return done.is_set()

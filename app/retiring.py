"""Handing a long-lived connection over when the settings change (new key, address, proxy).

Once retired, a connection takes no new work: new work goes to its successor. Work already
under way finishes on it, and it closes when idle, or after a grace period at the latest.
The API client and the downloader both work this way (``Core.reconnect``).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Self


class Retiring:
    #: How long work under way may go on before a retired connection closes anyway.
    RETIRE_GRACE = 60.0

    def __init__(self) -> None:
        #: Set by ``retire`` and ``aclose``: new work goes to ``_successor`` (or is refused).
        self._retired = False
        self._successor: Self | None = None
        self._idle: asyncio.Event | None = None

    def _is_busy(self) -> bool:
        """Whether work is under way on this connection."""
        raise NotImplementedError

    def _closed_error(self) -> Exception:
        """The error for new work once the last in the line is closed."""
        raise NotImplementedError

    def _current(self) -> Self:
        """Where new work goes now: this one until it is retired, then its successor (and
        theirs); the closed error once the line ends."""
        current = self
        while current._retired:
            if current._successor is None:
                raise self._closed_error()
            current = current._successor
        return current

    def _work_ended(self) -> None:
        """Called when a piece of work ends: the last one lets a waiting close go ahead."""
        if self._idle is not None and not self._is_busy():
            self._idle.set()

    def retire(self, successor: Self | None) -> None:
        """Take no new work: from now on it goes to ``successor`` (or is refused when there is
        none). Work under way finishes here; close with ``aclose_when_idle``."""
        self._successor = successor
        self._retired = True

    async def aclose_when_idle(self, grace: float | None = None) -> None:
        """Close once the work under way has ended, or after ``grace`` seconds."""
        try:
            if self._is_busy():
                self._idle = asyncio.Event()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._idle.wait(), self.RETIRE_GRACE if grace is None else grace
                    )
        finally:
            await self.aclose()

    async def aclose(self) -> None:
        raise NotImplementedError

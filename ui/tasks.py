"""The one way widgets start core coroutines on the qasync loop.

Running tasks are kept in a set (the loop holds only weak references). Every operation either
gets a failure handler from its caller or its expected error is shown to the user; unexpected
exceptions go to the loop's exception handler, which shows the report dialog.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QObject
from shiboken6 import isValid

from app.errors import ReelDeskError

T = TypeVar("T")


class TaskRunner:
    def __init__(self, show_error: Callable[[ReelDeskError], None]) -> None:
        self._show_error = show_error
        self._running: set[asyncio.Task[Any]] = set()

    def run(
        self,
        coro: Coroutine[Any, Any, T],
        *,
        name: str,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[ReelDeskError], None] | None = None,
        owner: QObject | None = None,
    ) -> asyncio.Task[T]:
        """Start ``coro``. With an ``owner`` (the widget the handlers touch), the handlers
        are skipped if that widget is gone by the time the work ends."""
        task = asyncio.get_event_loop().create_task(coro, name=name)
        self._running.add(task)

        def finished(done: asyncio.Task[T]) -> None:
            self._running.discard(done)
            if done.cancelled():
                return
            error = done.exception()
            gone = owner is not None and not isValid(owner)
            if gone and (error is None or isinstance(error, ReelDeskError)):
                return  # the widget is gone: its result, or an expected failure, concerns no one
            if error is None:
                if on_success is not None:
                    on_success(done.result())
            elif isinstance(error, ReelDeskError):
                (on_failure or self._show_error)(error)
            else:
                done.get_loop().call_exception_handler(
                    {"message": f"{name} failed", "exception": error, "task": done}
                )

        task.add_done_callback(finished)
        return task

    @property
    def running(self) -> int:
        return len(self._running)

    async def cancel_all(self) -> None:
        tasks = list(self._running)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

"""The send queue: jobs wait here, ``queued`` and unsent, until a submission slot is free.

```
 record ──> queued ──(slot free, not paused, not held back)──> submitting ──POST──> pending
              ▲                                                    │
              └──── 402: pause · 429/503: halve the window, wait ◀─┘  (nothing was made)
```
- A job is written to the history as ``queued`` before anything is sent; it becomes an intent
  (``submitting``) only when the dispatcher is about to send it, one at a time, oldest first,
  so each is sent at most once.
- ``SendWindow`` (AIMD) says how many submissions may be under way at once.
- A 402 pauses the queue; so does a person. The pause is a small file in the data folder,
  shared by every ReelDesk process of this history: ``reeldesk queue pause`` from a terminal is
  seen by a running window before its next send, and a paused window sees a resume within
  ``PAUSE_CHECK_SECONDS``.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from app import errors
from app.engine.events import EngineEvents
from app.engine.jobs import Job, JobStatus
from app.engine.policy import SendWindow
from app.engine.registry import JobRegistry
from app.fsutil import atomic_write

log = logging.getLogger(__name__)

#: The pause file's name in the data folder.
PAUSE_FILE = "queue-paused.json"
#: How often a paused queue with jobs waiting looks whether another process resumed it.
PAUSE_CHECK_SECONDS = 2.0
#: Refusals for pressure (429/503) one job may meet before it fails with the service's words.
PRESSURE_ATTEMPTS = 6


class PauseReason(enum.StrEnum):
    #: A person paused it (window or ``reeldesk queue pause``).
    USER = "user"
    #: The service said the balance is too low (402): top up, then resume.
    QUOTA = "quota"


@dataclass(frozen=True, slots=True)
class Pause:
    reason: PauseReason
    since: float


def read_pause(path: Path | None) -> Pause | None:
    """The pause on record, or ``None`` when the queue runs. A file that cannot be read as a
    pause still pauses (as a person's): a queue must never start sending by mistake."""
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        log.warning("unreadable queue pause file %s: taken as paused", path)
        return Pause(PauseReason.USER, 0.0)
    try:
        return Pause(PauseReason(data["reason"]), float(data["since"]))
    except (TypeError, KeyError, ValueError):
        return Pause(PauseReason.USER, 0.0)


def write_pause(path: Path, reason: PauseReason) -> Pause:
    pause = Pause(reason, time.time())
    body = json.dumps({"reason": pause.reason.value, "since": pause.since})
    atomic_write(path, body.encode(), mode=0o600)
    return pause


def clear_pause(path: Path) -> None:
    path.unlink(missing_ok=True)


class SendQueue:
    """Holds the ids of the jobs waiting to be sent, in order, and sends them through
    ``start`` (which makes the job's one POST) as the window, the pause and the service allow.
    The engine tells it how each submission ended: ``finished``, ``accepted``, ``held_back``.
    """

    def __init__(
        self,
        registry: JobRegistry,
        events: EngineEvents,
        window: SendWindow,
        *,
        pause_file: Path | None,
        sendable: Callable[[Job], bool],
        start: Callable[[str], None],
        released: Callable[[Iterable[str]], None],
    ) -> None:
        """``sendable``: whether a job may go to the backend in use now (asked just before it
        is sent); ``start``: make its one POST; ``released``: nothing more happens to these
        jobs without a person (the queue paused)."""
        self._registry = registry
        self._events = events
        self.window = window
        self.pause_file = pause_file
        self._sendable = sendable
        self._start = start
        self._released = released
        self._waiting: list[str] = []
        self._order: dict[str, int] = {}
        self._sending: dict[str, int] = {}  # job id -> the window's epoch it was sent in
        self._pressure: dict[str, int] = {}
        #: Jobs refused without anything made, to wait again once their submission ends.
        self._again: set[str] = set()
        self._next = 0
        self.paused: Pause | None = None
        #: Whether the pause in force is the one in the file (only such a pause is lifted by
        #: the file going away: one that could not be saved stays until ``resume``).
        self._pause_on_disk = False
        self._wake = asyncio.Event()
        self._dispatcher: asyncio.Task[None] | None = None
        self._watcher: asyncio.Task[None] | None = None
        self._reverting: asyncio.Future[Job] | None = None
        self._pausing: asyncio.Task[None] | None = None
        self._closed = False

    # -- reading --------------------------------------------------------------------------------

    @property
    def waiting(self) -> list[str]:
        """The ids of the jobs waiting to be sent, next first."""
        return list(self._waiting)

    def is_paused(self) -> bool:
        return self.paused is not None

    def holds(self, job_id: str) -> bool:
        """Being sent, or waiting here while the queue runs: something is still going to happen
        to it."""
        if job_id in self._sending:
            return True  # picked to be sent: its task is starting (even if paused meanwhile)
        return (job_id in self._again or job_id in self._order) and self.paused is None

    def __contains__(self, job_id: object) -> bool:
        return job_id in self._order

    # -- changing -------------------------------------------------------------------------------

    async def load_pause(self) -> None:
        """Read the pause on record (at start)."""
        self._set_paused(await asyncio.to_thread(read_pause, self.pause_file), on_disk=True)

    def add(self, job_ids: Iterable[str]) -> None:
        """Jobs recorded as ``queued`` wait their turn behind the ones already waiting."""
        for job_id in job_ids:
            if job_id in self._order:
                continue
            self._order[job_id] = self._next
            self._next += 1
            self._waiting.append(job_id)
        self.kick()

    def discard(self, job_id: str) -> None:
        """The job left the queue another way (removed by a person)."""
        self._order.pop(job_id, None)
        self._pressure.pop(job_id, None)
        with contextlib.suppress(ValueError):
            self._waiting.remove(job_id)
        self._events.queue_changed.emit()

    def clear(self) -> None:
        """Forget every waiting job (another backend is in use now); they stay ``queued``."""
        self._waiting.clear()
        self._order = {k: v for k, v in self._order.items() if k in self._sending}
        self._events.queue_changed.emit()

    async def pause(self, reason: PauseReason = PauseReason.USER) -> None:
        """Send nothing more until ``resume``; the submissions under way finish."""
        if self.paused is not None and self.paused.reason is PauseReason.QUOTA:
            reason = PauseReason.QUOTA  # a person's pause does not hide "top up"
        # Paused here at once, whatever the disk says: nothing more goes from this process.
        self._set_paused(Pause(reason, time.time()))
        if self.pause_file is not None:
            try:
                pause = await asyncio.to_thread(write_pause, self.pause_file, reason)
            except OSError as exc:
                raise errors.StorageError(f"queue pause not saved: {exc}") from exc
            self._set_paused(pause, on_disk=True)

    async def resume(self) -> None:
        if self.pause_file is not None:
            try:
                await asyncio.to_thread(clear_pause, self.pause_file)
            except OSError as exc:
                # Left paused: the file would pause it again at the next send.
                raise errors.StorageError(f"queue pause not cleared: {exc}") from exc
        self._set_paused(None)

    def kick(self) -> None:
        """Make sure the dispatcher runs while jobs wait."""
        self._wake.set()
        if self._closed or not self._waiting:
            return
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.create_task(self._dispatch(), name="send-queue")
            self._dispatcher.add_done_callback(_report_crash)

    async def close(self) -> None:
        self._closed = True
        tasks = [t for t in (self._dispatcher, self._watcher) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        finishing = [f for f in (self._reverting, self._pausing) if f is not None]
        await asyncio.gather(*finishing, return_exceptions=True)

    # -- what the submissions say ---------------------------------------------------------------

    def accepted(self) -> None:
        self.window.accepted()

    def held_back(self, job_id: str, exc: errors.ReelDeskError) -> bool:
        """The service refused the job's POST and made nothing: 402 pauses the queue, 429 and
        503 slow it. True when the job should wait again (``queued``), False when it should
        fail as refused (too many refusals for pressure)."""
        if isinstance(exc, errors.InsufficientQuota):
            log.warning("balance too low: the queue pauses")
            if self.paused is None or self.paused.reason is not PauseReason.QUOTA:
                self._spawn_pause()
            return self._wait_again(job_id)
        attempts = self._pressure.get(job_id, 0) + 1
        if attempts >= PRESSURE_ATTEMPTS:
            self._pressure.pop(job_id, None)
            return False
        self._pressure[job_id] = attempts
        retry_after = getattr(exc, "retry_after", None)
        delay = self.window.pressed(self._sending.get(job_id, self.window.epoch), retry_after)
        log.info(
            "service pressure (%s): %d at once, next send in %.1f s",
            exc.code,
            self.window.size,
            delay,
        )
        return self._wait_again(job_id)

    def finished(self, job_id: str) -> None:
        """The job's submission ended, whatever its outcome: its slot is free."""
        self._sending.pop(job_id, None)
        if job_id in self._again:
            # Back in its place: it was ahead of every job still waiting.
            self._again.discard(job_id)
            self._waiting.append(job_id)
            self._waiting.sort(key=lambda j: self._order.get(j, 0))
        else:
            self._order.pop(job_id, None)
            self._pressure.pop(job_id, None)
        self._events.queue_changed.emit()
        self.kick()

    def _wait_again(self, job_id: str) -> bool:
        if job_id not in self._order:
            return False  # removed meanwhile
        self._again.add(job_id)
        return True

    # -- the dispatcher -------------------------------------------------------------------------

    async def _dispatch(self) -> None:
        while self._waiting and not self._closed:
            self._wake.clear()
            if self.paused is not None:
                return
            if len(self._sending) >= self.window.size:
                await self._wake.wait()
                continue
            delay = self.window.wait_time()
            if delay > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), delay)
                continue
            # Another process (``reeldesk queue pause``) may have paused it since. One stat of
            # a local file, on the loop: a thread hop here could wait behind slow work on the
            # shared executor and hold every submission back.
            pause = None
            if self.pause_file is not None and self.pause_file.exists():
                pause = await asyncio.to_thread(read_pause, self.pause_file)
            if pause is not None:
                self._set_paused(pause, on_disk=True)
                return
            if not self._waiting or self.paused is not None:
                continue
            job_id = self._waiting.pop(0)
            job = self._registry.get(job_id)
            if job is None or job.status is not JobStatus.QUEUED or not self._sendable(job):
                self._order.pop(job_id, None)
                continue
            self._sending[job_id] = self.window.epoch
            # The intent: on disk before the POST, as for every submission.
            try:
                await self._registry.update(job_id, status=JobStatus.SUBMITTING, note="")
            except asyncio.CancelledError:
                # Closing before the POST was made: it waits again, truthfully unsent.
                self._sending.pop(job_id, None)
                self._reverting = asyncio.ensure_future(
                    self._registry.update(job_id, status=JobStatus.QUEUED)
                )
                raise
            if job_id not in self._order or job_id not in self._registry:
                self._sending.pop(job_id, None)  # removed by a person meanwhile: never sent
                continue
            self._start(job_id)
            self._events.queue_changed.emit()

    def _spawn_pause(self) -> None:
        # Paused at once in memory: the dispatcher must not send the next one meanwhile.
        self._set_paused(Pause(PauseReason.QUOTA, time.time()))
        self._pausing = asyncio.create_task(self._pause_for_quota(), name="send-queue-pause")
        self._pausing.add_done_callback(_report_crash)

    async def _pause_for_quota(self) -> None:
        try:
            await self.pause(PauseReason.QUOTA)
        except errors.StorageError as exc:
            log.error("%s; this process stays paused", exc.details)

    def _set_paused(self, pause: Pause | None, *, on_disk: bool = False) -> None:
        was = self.paused
        self.paused = pause
        self._pause_on_disk = pause is not None and on_disk
        if pause is not None and was is None:
            # Nothing more happens to the waiting jobs without a person: let waiters go.
            self._released(list(self._waiting))
        if pause is not None and self._watcher is None and not self._closed:
            self._watcher = asyncio.create_task(self._watch_pause(), name="send-queue-watch")
            self._watcher.add_done_callback(_report_crash)
        if was != pause:
            self._events.queue_changed.emit()
        if pause is None:
            self.kick()

    async def _watch_pause(self) -> None:
        """While paused, look now and then whether another process resumed the queue."""
        try:
            while self.is_paused() and self.pause_file is not None:
                await asyncio.sleep(PAUSE_CHECK_SECONDS)
                if not self.is_paused():
                    break
                if not self._pause_on_disk:
                    continue
                if await asyncio.to_thread(read_pause, self.pause_file) is None:
                    self._set_paused(None)
        finally:
            self._watcher = None


def _report_crash(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        task.get_loop().call_exception_handler(
            {"message": f"ReelDesk {task.get_name()} failed", "exception": task.exception()}
        )

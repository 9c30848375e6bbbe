"""The job engine: one facade over the parts that each do one thing.

```
   submit ──> SendQueue ──> Submitter ──POST──> Tracker ──link──> Saver ──> file + sidecar
                  │             │                  │                 │
                  └─────────────┴─ JobRegistry (history, events) ────┘
```
- ``JobRegistry`` owns the jobs: every change goes to the history before it is announced.
- ``SendQueue``: jobs wait ``queued`` (unsent) for a slot; 402 pauses it, 429/503 slow it.
- ``Submitter``: the intent row is on disk before the POST; the POST is made once.
- ``Tracker``: polls a task until it is final or has a link; pauses behind one probe offline.
- ``Saver``: downloads, checks, publishes and writes the sidecar.

One named task per job follows it from the POST (or from where it stood at start) to
``saved``; a new task of the same name cancels the old one. Every request to the API draws from
one ``RequestBudget``. Nothing is ever submitted twice by the engine itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine, Iterable
from pathlib import Path
from typing import Any, Protocol

from app import errors, review, rules
from app.api.client import FoxClient
from app.api.models import GenerationRequest
from app.engine.context import EngineContext, EngineOptions
from app.engine.downloader import Downloader, part_path
from app.engine.events import EngineEvents
from app.engine.jobs import SAVING, Flag, Job, JobStatus
from app.engine.policy import RequestBudget, SendWindow
from app.engine.queue import PauseReason, SendQueue
from app.engine.registry import JobRegistry
from app.engine.saver import REVIEW_FIELDS, Saver, update_sidecar
from app.engine.store import HistoryStore
from app.engine.submitter import Submitter
from app.engine.tracker import Tracker
from app.pictures import beside_paths

__all__ = ["Engine", "EngineListener", "EngineOptions"]

log = logging.getLogger(__name__)


class EngineListener(Protocol):
    """An object that takes all three job events (the window's model, the CLI's reporter)."""

    def job_added(self, job: Job) -> None: ...

    def job_changed(self, job: Job) -> None: ...

    def job_removed(self, job_id: str) -> None: ...


class Engine:
    """Create with its services, ``await start()``, and ``await close()`` at the end."""

    def __init__(
        self,
        *,
        store: HistoryStore,
        client: FoxClient | None,
        downloader: Downloader,
        options: EngineOptions,
        budget: RequestBudget | None = None,
        pause_file: Path | None = None,
    ) -> None:
        """``pause_file``: where the queue's pause is kept, shared with other processes
        (``None``: the pause lasts as long as this engine)."""
        self.events = EngineEvents()
        self._registry = JobRegistry(store, self.events)
        self._context = EngineContext(
            self._registry, options, client, downloader, budget or RequestBudget()
        )
        self.queue = SendQueue(
            self._registry,
            self.events,
            SendWindow(options.max_in_flight, base_delay=options.policy.min_interval),
            pause_file=pause_file,
            sendable=self._can_queue,
            start=lambda job_id: self._spawn(job_id, self._run(job_id, send=True)),
            released=self._release_all,
        )
        self._submitter = Submitter(self._context, self.queue)
        self._tracker = Tracker(self._context)
        self._saver = Saver(self._context, self._tracker.refetch_link)
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._waiters: dict[str, list[asyncio.Future[None]]] = {}
        self._listeners: list[EngineListener] = []
        self._closed = False
        #: One review change at a time: the history and the sidecar then agree on the last one.
        self._reviewing = asyncio.Lock()
        self.events.job_changed.connect(self._on_job_changed)

    @property
    def options(self) -> EngineOptions:
        return self._context.options

    # -- life -----------------------------------------------------------------------------------

    async def start(self, *, resume: bool = True) -> None:
        """Load the history and, with ``resume``, pick up every unfinished job: queued jobs
        wait their turn to be sent (unless the queue is paused)."""
        await self.queue.load_pause()
        jobs = await self._registry.load()
        if resume:
            # Only unfinished jobs have anything to resume: in a large history, a few.
            for job in [job for job in jobs if not job.status.is_final]:
                await self._resume(job)
            self.queue.add(job.id for job in jobs if self._can_queue(job))

    async def _resume(self, job: Job) -> None:
        if job.status in (JobStatus.DRAFT, JobStatus.SUBMITTING):
            # The POST may or may not have reached the service; only a person may resend.
            await self._registry.update(
                job.id,
                status=JobStatus.UNKNOWN,
                error_code="reply_lost",
                error_message="ReelDesk stopped while this job was being submitted.",
            )
        elif self._can_follow(job):
            self._follow(job)

    def _can_follow(self, job: Job) -> bool:
        """Unfinished, known to the service, and made with the backend in use now: demo jobs
        wait while a real key is in use, and real jobs wait in demo mode (the other service
        does not know their task ids)."""
        return rules.is_followed(job, demo=self.options.demo)

    def _can_queue(self, job: Job) -> bool:
        """Waiting to be sent, to the backend it was queued for: a demo job never goes to the
        paid service (nor a live one to the simulator)."""
        current = self._registry.get(job.id)
        return (
            current is not None
            and current.status is JobStatus.QUEUED
            and rules.is_same_backend(current, demo=self.options.demo)
        )

    async def close(self) -> None:
        """Stop every task (their jobs resume on the next start) and release resources."""
        self._closed = True
        await self.queue.close()
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self._tracker.close()
        self._tasks.clear()
        for waiters in self._waiters.values():
            for waiter in waiters:
                if not waiter.done():
                    waiter.cancel()
        self._registry.close()
        self._context.close()

    def set_services(self, client: FoxClient | None, downloader: Downloader) -> None:
        """Use another client and downloader (new key, address or proxy) for the next
        requests. Work already under way finishes on the old ones, which the caller retires."""
        self._context.client = client
        self._context.downloader = downloader

    def configure(self, **changes: Any) -> None:
        options = self.options
        switched = "demo" in changes and changes["demo"] != options.demo
        for name, value in changes.items():
            setattr(options, name, value)
        if "max_in_flight" in changes:
            self.queue.window.set_limit(options.max_in_flight)
        if switched:
            self.queue.clear()
            self.queue.add(job.id for job in self._registry.all() if self._can_queue(job))
            # Jobs of the other backend pause; this backend's unfinished jobs carry on.
            for job in self._registry.all():
                task = self._tasks.get(_task_name(job.id))
                if job.demo != options.demo and task is not None:
                    task.cancel()
                elif self._can_follow(job) and not self.is_active(job.id):
                    self._follow(job)

    # -- observing ------------------------------------------------------------------------------

    def subscribe(self, listener: EngineListener) -> Callable[[], None]:
        """Connect all three job events to ``listener``; returns the way to disconnect."""
        self._listeners.append(listener)  # psygnal holds methods weakly
        self.events.job_added.connect(listener.job_added)
        self.events.job_changed.connect(listener.job_changed)
        self.events.job_removed.connect(listener.job_removed)

        def unsubscribe() -> None:
            self.events.job_added.disconnect(listener.job_added)
            self.events.job_changed.disconnect(listener.job_changed)
            self.events.job_removed.disconnect(listener.job_removed)
            with contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return unsubscribe

    @property
    def jobs(self) -> list[Job]:
        """All jobs, oldest first."""
        return self._registry.all()

    async def recent(self, limit: int) -> list[Job]:
        """The newest ``limit`` jobs of the history, oldest first, before ``start`` has loaded
        it all (a large history takes seconds)."""
        return await self._registry.recent(limit)

    def job(self, job_id: str) -> Job | None:
        return self._registry.get(job_id)

    async def reply(self, job_id: str) -> dict[str, Any] | None:
        """The service's last reply for a job (a finished one's is read from the history)."""
        return await self._registry.reply(job_id)

    def in_flight(self) -> int:
        """Jobs not finished: queued, being sent, generated or saved (as the Running view)."""
        return len(self._registry.unfinished())

    def queued(self) -> int:
        """Jobs waiting on this computer, not sent."""
        return sum(1 for job in self._registry.unfinished() if job.status is JobStatus.QUEUED)

    @property
    def online(self) -> bool:
        return self._tracker.online

    def is_active(self, job_id: str) -> bool:
        """Whether something is still working on the job (a queue that runs counts)."""
        task = self._tasks.get(_task_name(job_id))
        return (task is not None and not task.done()) or self.queue.holds(job_id)

    async def wait_sent(self, job_ids: Iterable[str]) -> None:
        """Until none of these jobs waits to be sent or is being sent: each was taken, refused,
        or waits for a person (the queue paused)."""
        ids = list(job_ids)
        changed = asyncio.Event()

        def on_change(*_args: object) -> None:
            changed.set()

        self.events.job_changed.connect(on_change)
        self.events.queue_changed.connect(on_change)
        try:
            while any(self._unsent(job_id) for job_id in ids):
                changed.clear()
                await changed.wait()
        finally:
            self.events.job_changed.disconnect(on_change)
            self.events.queue_changed.disconnect(on_change)

    def _unsent(self, job_id: str) -> bool:
        job = self._registry.get(job_id)
        if job is None:
            return False
        if job.status is JobStatus.SUBMITTING:
            return True
        return job.status is JobStatus.QUEUED and self.queue.holds(job_id)

    async def wait(self, job_ids: Iterable[str]) -> None:
        """Until nothing more happens to these jobs without a person: final, or stalled (for
        instance disk full) with their task ended."""
        futures = []
        loop = asyncio.get_running_loop()
        for job_id in job_ids:
            if not self.is_active(job_id):
                continue
            future: asyncio.Future[None] = loop.create_future()
            self._waiters.setdefault(job_id, []).append(future)
            futures.append(future)
        if futures:
            await asyncio.gather(*futures)

    # -- actions --------------------------------------------------------------------------------

    async def submit(
        self,
        request: GenerationRequest,
        *,
        count: int = 1,
        out_dir: str | None = None,
        plan_id: str = "",
        parent_id: str | None = None,
    ) -> list[Job]:
        """Record ``count`` jobs as ``queued`` and let the queue send them. Returns once they
        are on disk (as they were recorded: ask ``job()`` for how they stand later). Each
        variation has its own seed: S, S+1, … from a fixed seed S, else a random one each.
        ``out_dir`` (the command line's ``--out``) is where they save, whoever saves them
        later; ``plan_id`` ties together the submits of one plan (a matrix); ``parent_id``:
        the job they continue from its last frame."""
        return await self._submitter.record(
            request,
            count,
            started=lambda job: self.queue.add([job.id]),
            out_dir=out_dir,
            plan_id=plan_id,
            parent_id=parent_id,
        )

    async def pause_queue(self) -> None:
        """Send nothing more until ``resume_queue`` (this and every other ReelDesk process of
        this history); submissions under way finish."""
        await self.queue.pause(PauseReason.USER)

    async def resume_queue(self) -> None:
        await self.queue.resume()

    async def stop_sending(self) -> None:
        """Send nothing more in this run, without pausing the queue for anyone else (an
        interrupted command: its queued jobs wait for the next ``resume``)."""
        await self.queue.close()

    async def stop_tracking(self, job_id: str) -> None:
        """Stop following a job locally. FoxAPI has no cancel: the credits are spent anyway."""
        job = self._registry.get(job_id)
        if job is None or job.status.is_final:
            return
        await self._cancel_task(job_id)
        job = self._registry.require(job_id)
        if job.path and job.status in SAVING:
            with contextlib.suppress(OSError):
                part_path(Path(job.path)).unlink(missing_ok=True)
        await self._registry.update(job_id, status=JobStatus.STOPPED, note="note.stopped")
        self._release_waiters(job_id)

    async def retry(self, job_id: str) -> None:
        """Try again to save a job that stalled (disk full, network), expired or was stopped."""
        job = self._registry.get(job_id)
        if job is None or self.is_active(job_id):
            return
        if not rules.can_retry_saving(job, demo=self.options.demo):
            return
        # Read back the link a job from the history left on disk (``COLD_FIELDS``), then check
        # again: meanwhile it may have been removed, or taken up by another retry.
        job = await self._registry.thaw(job_id)
        if job is None or self.is_active(job_id):
            return
        status = JobStatus.COMPLETED if job.result_url else JobStatus.PROCESSING
        job = await self._registry.update(
            job_id, status=status, error_code="", error_message="", note=""
        )
        self._follow(job)

    async def remove(self, job_id: str, *, delete_file: bool = False) -> None:
        """Forget a job (and, when asked, delete its video, its sidecar and the copies of its
        pictures). A job being submitted stays: its POST may be on the way, and its row is what
        says it may be charged."""
        job = self._registry.get(job_id)
        if job is None or not rules.can_remove(job):
            return
        await self._cancel_task(job_id)
        self.queue.discard(job_id)
        removed = await self._registry.remove(job_id)
        if removed is not None and removed.path:
            video = Path(removed.path)
            targets = [part_path(video)]
            if delete_file:
                targets += [video, video.with_suffix(".json")]
                if removed.request.pictures:
                    targets += beside_paths(video)  # the pictures it was made from
            for target in targets:
                with contextlib.suppress(OSError):
                    target.unlink(missing_ok=True)
        self._release_waiters(job_id)

    async def mark(
        self, job_id: str, *, rating: int | None = None, flag: Flag | None = None
    ) -> Job | None:
        """Review a take: stars 0-5 and/or a flag (``None`` leaves that mark as it is). The
        history is written first, then the sidecar beside the video is brought up to date;
        ``job_changed`` announces it as every change. Returns the job as it is now, ``None``
        for a job that is gone. Raises ``InvalidParameter`` for a bad mark or a job that
        cannot be reviewed (``rules.can_review``)."""
        changes = review.mark_changes(rating=rating, flag=flag)
        job = self._registry.get(job_id)
        if job is None:
            return None
        if not rules.can_review(job):
            raise errors.InvalidParameter(
                "task", "reason.not_reviewable", value=job.task_id or job.id
            )
        return await self._change_reviewed(job_id, changes)

    async def set_project(self, job_ids: Iterable[str], name: str) -> list[Job]:
        """Put jobs into project ``name`` ("" takes them out of any). Their files stay where
        they are; their sidecars say the new project. Returns the jobs as they are now (those still
        in the history)."""
        project = review.check_project(name)
        changed = []
        for job_id in job_ids:
            if job_id in self._registry:
                changed.append(await self._change_reviewed(job_id, {"project": project}))
        return changed

    async def reload_marks(self) -> list[Job]:
        """Take up the marks and projects the command line (``reeldesk rate|pick|…``) wrote to
        the history while this engine ran; ``job_changed`` announces each job that changed.
        Nothing once the engine is closing: the window is activated again as it goes away."""
        try:
            return await self._registry.adopt_stored(REVIEW_FIELDS)
        except RuntimeError:
            # The engine closed (before, or while this waited): the history's thread is gone.
            if self._closed:
                return []
            raise

    async def _change_reviewed(self, job_id: str, changes: dict[str, Any]) -> Job:
        async with self._reviewing:
            before = self._registry.require(job_id)
            job = await self._registry.update(job_id, **changes)
            if job is not before:
                try:
                    await self._context.in_thread(update_sidecar, job)
                except OSError as exc:
                    # The history holds the marks; the sidecar catches up on the next change.
                    log.warning("job %s: sidecar not updated: %s", job_id, exc)
            return job

    # -- a job's task ---------------------------------------------------------------------------

    def _follow(self, job: Job) -> None:
        self._spawn(job.id, self._run(job.id, refresh_first=job.status in SAVING))

    async def _run(self, job_id: str, *, send: bool = False, refresh_first: bool = False) -> None:
        """One job's way from the POST (``send``) or from where it stands to the end."""
        if send:
            try:
                sent = await self._submitter.send(job_id)
            finally:
                self.queue.finished(job_id)
            if not sent:
                return
        if await self._tracker.follow(job_id, refresh_first=refresh_first):
            await self._saver.save(job_id)

    def _on_job_changed(self, job: Job) -> None:
        if job.status.is_final:
            self._release_waiters(job.id)

    def _release_all(self, job_ids: Iterable[str]) -> None:
        for job_id in job_ids:
            self._release_waiters(job_id)

    def _release_waiters(self, job_id: str) -> None:
        for waiter in self._waiters.pop(job_id, []):
            if not waiter.done():
                waiter.set_result(None)

    def _spawn(self, job_id: str, coro: Coroutine[Any, Any, None]) -> None:
        name = _task_name(job_id)
        old = self._tasks.get(name)
        if old is not None and not old.done():
            old.cancel()
        task = asyncio.create_task(coro, name=name)
        self._tasks[name] = task
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[None]) -> None:
        name = task.get_name()
        if self._tasks.get(name) is task:
            del self._tasks[name]
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            if isinstance(exc, errors.StorageError):
                log.error("%s: %s", name, exc.details)
            else:
                task.get_loop().call_exception_handler(
                    {"message": f"ReelDesk task {name} failed", "exception": exc, "task": task}
                )
        job_id = name.removeprefix("job:")
        if not self._closed and self._tasks.get(name) is None and not self.queue.holds(job_id):
            self._release_waiters(job_id)

    async def _cancel_task(self, job_id: str) -> None:
        task = self._tasks.pop(_task_name(job_id), None)
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def _task_name(job_id: str) -> str:
    return f"job:{job_id}"

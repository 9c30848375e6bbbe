"""The job engine: submits, tracks, saves, and announces every change.

It owns the job list. Every state change is written to the history before it is announced, so
whatever a listener has seen survives a crash. Submitting follows design.md: the intent row is
on disk before the POST, the task id before the UI hears of it, and a lost reply makes the job
``unknown``; nothing is ever submitted twice by the engine itself.

One named task per job follows it from ``pending`` to ``saved``; a new task of the same name
cancels the old one. All requests to the API share one ``RequestBudget``. When the service is
unreachable, polling pauses behind a single probe and jobs show "offline, will retry".
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import time
from collections.abc import Callable, Coroutine, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from app import PRODUCT, __version__
from app.api import errors
from app.api.client import FoxClient
from app.api.models import MAX_SEED, MODEL, GenerationRequest, TaskSnapshot, TaskStatus
from app.engine.downloader import (
    Downloader,
    looks_like_mp4,
    part_path,
    publish,
    storage_error,
)
from app.engine.jobs import LINK_LIFETIME, SAVING, TRACKED, Job, JobStatus, new_id
from app.engine.naming import claim_video_path, render_stem
from app.engine.policy import PollPolicy, RequestBudget
from app.engine.store import HistoryStore
from app.fsutil import atomic_write
from app.settings import DEFAULT_TEMPLATE

log = logging.getLogger(__name__)
T = TypeVar("T")

_CONTENT_POLICY_WORDS = ("policy", "sensitive", "moderation", "safety", "inappropriate", "nsfw")


class EngineListener(Protocol):
    """What the engine announces. Called on the event loop's thread."""

    def job_added(self, job: Job) -> None: ...

    def job_changed(self, job_id: str, fields: Mapping[str, object]) -> None: ...

    def job_removed(self, job_id: str) -> None: ...


@dataclass(slots=True)
class EngineOptions:
    """What the engine needs from the settings; ``Engine.configure`` changes it at run time."""

    videos_dir: Path
    filename_template: str = DEFAULT_TEMPLATE
    max_in_flight: int = 3
    demo: bool = False
    policy: PollPolicy = field(default_factory=PollPolicy)


def error_code_for_task(code: str, message: str) -> str:
    """Our code for a task the service failed: content policy or a general failure."""
    text = f"{code} {message}".lower()
    if any(word in text for word in _CONTENT_POLICY_WORDS):
        return "content_policy"
    return "task_failed"


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
    ) -> None:
        self._store = store
        self._client = client
        self._downloader = downloader
        self.options = options
        self._budget = budget or RequestBudget()
        self._jobs: dict[str, Job] = {}
        self._intents: dict[str, list[Job]] = {}
        self._listeners: list[EngineListener] = []
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._waiters: dict[str, list[asyncio.Future[None]]] = {}
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="reeldesk-history")
        self._files = ThreadPoolExecutor(2, thread_name_prefix="reeldesk-files")
        self._submit_slots = asyncio.Semaphore(options.max_in_flight)
        self._online = asyncio.Event()
        self._online.set()
        self._probe: asyncio.Task[None] | None = None
        self._closed = False

    # -- life -----------------------------------------------------------------------------------

    async def start(self, *, resume: bool = True) -> None:
        """Load the history and, with ``resume``, pick up every unfinished job."""
        jobs = await self._db(self._store.load_all)
        for job in jobs:
            self._jobs[job.id] = job
            if job.intent_id:
                self._intents.setdefault(job.intent_id, []).append(job)
        if resume:
            for job in jobs:
                await self._resume(job)

    async def _resume(self, job: Job) -> None:
        if job.status in (JobStatus.DRAFT, JobStatus.SUBMITTING):
            # The POST may or may not have reached the service; only a person may resend.
            await self._update(
                job,
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
        return (
            bool(job.task_id)
            and (job.status in TRACKED or job.status in SAVING)
            and job.demo == self.options.demo
        )

    async def close(self) -> None:
        """Stop every task (their jobs resume on the next start) and release resources."""
        self._closed = True
        tasks = [*self._tasks.values(), *([self._probe] if self._probe else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        for waiters in self._waiters.values():
            for waiter in waiters:
                if not waiter.done():
                    waiter.cancel()
        self._executor.shutdown(wait=True)
        self._files.shutdown(wait=True)

    def set_services(self, client: FoxClient | None, downloader: Downloader) -> None:
        """Use another client and downloader (new key, address or proxy) from now on. The
        caller closes the old ones; requests on them fail and are retried on the new ones."""
        self._client = client
        self._downloader = downloader

    def configure(self, **changes: Any) -> None:
        switched = "demo" in changes and changes["demo"] != self.options.demo
        for name, value in changes.items():
            setattr(self.options, name, value)
        if "max_in_flight" in changes:
            self._submit_slots = asyncio.Semaphore(self.options.max_in_flight)
        if switched:
            # Jobs of the other backend pause; this backend's unfinished jobs carry on.
            for job in self._jobs.values():
                task = self._tasks.get(f"job:{job.id}")
                if job.demo != self.options.demo and task is not None:
                    task.cancel()
                elif self._can_follow(job) and not self.is_active(job.id):
                    self._follow(job)

    # -- observing ------------------------------------------------------------------------------

    def subscribe(self, listener: EngineListener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @property
    def jobs(self) -> list[Job]:
        """All jobs, oldest first."""
        return list(self._jobs.values())

    def job(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def in_flight(self) -> int:
        return sum(1 for job in self._jobs.values() if not job.status.is_final)

    @property
    def online(self) -> bool:
        return self._online.is_set()

    def is_active(self, job_id: str) -> bool:
        """Whether something is still working on the job."""
        task = self._tasks.get(f"job:{job_id}")
        return task is not None and not task.done()

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
        self, request: GenerationRequest, *, count: int = 1, intent_id: str | None = None
    ) -> list[Job]:
        """Record ``count`` jobs and start sending them. Returns once the intents are on disk.

        The same ``intent_id`` twice returns the first call's jobs and sends nothing (a double
        click, a repeated call). Variations without a fixed seed get a fresh random seed each;
        with a seed S they get S, S+1, …"""
        if count < 1:
            raise errors.InvalidParameter("count", "reason.range", low=1, high=99)
        request.validate()
        intent = intent_id or new_id()
        if intent in self._intents:
            return list(self._intents[intent])
        requests = _variations(request, count)
        batch = new_id()
        now = time.time()
        jobs = [
            Job(
                id=new_id(),
                request=req,
                status=JobStatus.SUBMITTING,
                intent_id=intent,
                batch_id=batch,
                demo=self.options.demo,
                created_at=now,
                updated_at=now,
                transitions={JobStatus.SUBMITTING.value: now},
            )
            for req in requests
        ]
        self._intents[intent] = jobs
        try:
            for job in jobs:
                await self._db(self._store.insert, job)
                self._jobs[job.id] = job
                self._emit_added(job)
        except BaseException:
            if not any(job.id in self._jobs for job in jobs):
                del self._intents[intent]
            raise
        for job in jobs:
            if job.id in self._jobs:
                self._spawn(f"job:{job.id}", self._send(job))
        return jobs

    async def stop_tracking(self, job_id: str) -> None:
        """Stop following a job locally. FoxAPI has no cancel: the credits are spent anyway."""
        job = self._jobs.get(job_id)
        if job is None or job.status.is_final:
            return
        await self._cancel_task(f"job:{job_id}")
        if job.path and job.status in SAVING:
            with contextlib.suppress(OSError):
                part_path(Path(job.path)).unlink(missing_ok=True)
        await self._update(job, status=JobStatus.STOPPED, note="note.stopped")
        self._release_waiters(job_id)

    async def retry(self, job_id: str) -> None:
        """Try again to save a job that stalled (disk full, network) or a stopped one."""
        job = self._jobs.get(job_id)
        if job is None or not job.task_id or self.is_active(job_id):
            return
        if job.demo != self.options.demo:
            return  # its service is not the one in use now
        if job.status in (JobStatus.STOPPED, JobStatus.EXPIRED) or job.status in SAVING:
            status = JobStatus.COMPLETED if job.result_url else JobStatus.PROCESSING
            await self._update(job, status=status, error_code="", error_message="", note="")
            self._follow(job)

    async def remove(self, job_id: str, *, delete_file: bool = False) -> None:
        """Forget a job (and, when asked, delete its video and sidecar)."""
        job = self._jobs.get(job_id)
        if job is None:
            return
        await self._cancel_task(f"job:{job_id}")
        await self._db(self._store.delete, job_id)
        self._jobs.pop(job_id, None)
        if job.intent_id in self._intents:
            self._intents[job.intent_id] = [j for j in self._intents[job.intent_id] if j is not job]
        if job.path:
            video = Path(job.path)
            targets = [part_path(video)]
            if delete_file:
                targets += [video, video.with_suffix(".json")]
            for target in targets:
                with contextlib.suppress(OSError):
                    target.unlink(missing_ok=True)
        for listener in list(self._listeners):
            listener.job_removed(job_id)
        self._release_waiters(job_id)

    # -- submitting -----------------------------------------------------------------------------

    async def _send(self, job: Job) -> None:
        client = self._client
        if client is None:
            await self._fail(job, errors.NoApiKey("no API key configured"))
            return
        async with self._submit_slots:
            try:
                snapshot = await client.submit(job.request)
            except errors.ReplyLost as exc:
                log.warning("job %s: submit reply lost: %s", job.id, exc)
                await self._update(
                    job,
                    status=JobStatus.UNKNOWN,
                    error_code=exc.code,
                    error_message=exc.details,
                )
                return
            except errors.ReelDeskError as exc:
                log.warning("job %s: submit refused: %s", job.id, exc.details)
                await self._fail(job, exc)
                return
        await self._update(
            job,
            task_id=snapshot.id,
            status=JobStatus.PENDING,
            progress=snapshot.progress,
            server_created=snapshot.created,
            estimated_time=snapshot.estimated_time,
            credits=snapshot.credits,
            raw_reply=snapshot.raw,
        )
        await self._track(job)

    # -- tracking -------------------------------------------------------------------------------

    def _follow(self, job: Job) -> None:
        self._spawn(f"job:{job.id}", self._track(job, refresh_first=job.status in SAVING))

    async def _track(self, job: Job, *, refresh_first: bool = False) -> None:
        policy = self.options.policy
        failures = no_url = not_found = 0
        retry_after: float | None = None
        ask_now = refresh_first
        while True:
            if job.status in SAVING and not ask_now:
                await self._save(job)
                return
            if not ask_now:
                elapsed = time.time() - (job.submitted_at or job.created_at)
                if failures:
                    delay = policy.backoff(failures, retry_after)
                elif no_url:
                    delay = policy.min_interval
                else:
                    delay = policy.next_delay(elapsed, job.estimated_time)
                await asyncio.sleep(delay)
            ask_now = False
            elapsed = time.time() - (job.submitted_at or job.created_at)
            sync = policy.wants_sync(elapsed, job.estimated_time) or no_url % 2 == 1
            try:
                snapshot = await self._get_task(job, sync_upstream=sync)
            except errors.TaskNotFound as exc:
                not_found += 1
                failures += 1
                if not_found >= policy.not_found_attempts:
                    await self._fail(job, exc)
                    return
                continue
            except errors.NetworkError as exc:
                failures += 1
                await self._went_offline(job, exc)
                continue
            except errors.ReelDeskError as exc:
                failures += 1
                retry_after = getattr(exc, "retry_after", None)
                log.info("job %s: poll failed (%s), retry %d", job.id, exc.code, failures)
                await self._touch(job, note=f"error.{exc.code}")
                continue
            failures = not_found = 0
            retry_after = None
            await self._apply(job, snapshot)
            if snapshot.awaiting_result:
                no_url += 1
                if no_url >= policy.no_url_attempts:
                    await self._settle(
                        job, JobStatus.FAILED, "no_result", "completed without a result URL"
                    )
                    return
            if job.status.is_final:
                return

    async def _get_task(self, job: Job, *, sync_upstream: bool) -> TaskSnapshot:
        client = self._client
        if client is None:
            raise errors.NoApiKey("no API key configured")
        assert job.task_id is not None
        await self._online.wait()
        await self._budget.acquire()
        return await client.get_task(job.task_id, sync_upstream=sync_upstream)

    async def _apply(self, job: Job, snapshot: TaskSnapshot) -> None:
        changes: dict[str, Any] = {"raw_reply": snapshot.raw}
        if job.note:
            changes["note"] = ""
        if snapshot.credits is not None:
            changes["credits"] = snapshot.credits
        if snapshot.created is not None:
            changes["server_created"] = snapshot.created
        if snapshot.estimated_time is not None:
            changes["estimated_time"] = snapshot.estimated_time
        progress = max(job.progress, snapshot.progress)
        if snapshot.status is TaskStatus.PENDING:
            changes.update(status=JobStatus.PENDING, progress=progress)
        elif snapshot.status is TaskStatus.PROCESSING or snapshot.awaiting_result:
            changes.update(status=JobStatus.PROCESSING, progress=progress)
            if snapshot.awaiting_result:
                changes["note"] = "note.waiting_for_link"
        elif snapshot.status is TaskStatus.COMPLETED:
            now = time.time()
            expires = now + LINK_LIFETIME
            if snapshot.result_url == job.result_url and job.url_expires_at:
                expires = job.url_expires_at
            changes.update(
                progress=100,
                result_url=snapshot.result_url,
                url_expires_at=expires,
            )
            if job.status not in SAVING:
                changes["status"] = JobStatus.COMPLETED
        else:
            error = snapshot.error
            code = error.code if error else snapshot.status.value
            message = error.message if error else ""
            our_code = "cancelled" if snapshot.status is TaskStatus.CANCELLED else None
            changes.update(
                status=JobStatus.FAILED,
                error_code=our_code or error_code_for_task(code, message),
                error_message=message or code,
            )
        await self._update(job, **changes)

    async def _went_offline(self, job: Job, exc: errors.ReelDeskError) -> None:
        log.info("job %s: service unreachable (%s)", job.id, exc.details)
        if self._online.is_set():
            self._online.clear()
            for other in self._jobs.values():
                if not other.status.is_final and other.task_id:
                    await self._touch(other, note="note.offline")
            self._probe = asyncio.create_task(self._probe_until_online(job), name="probe")

    async def _probe_until_online(self, job: Job) -> None:
        """One request at a time, backing off, until the service answers again."""
        policy = self.options.policy
        failures = 0
        client = self._client
        while client is not None and job.task_id:
            failures += 1
            await asyncio.sleep(policy.backoff(failures))
            client = self._client
            if client is None:
                break
            try:
                await self._budget.acquire()
                await client.get_task(job.task_id)
            except errors.NetworkError:
                continue
            except errors.ReelDeskError:
                pass
            break
        self._online.set()
        self._probe = None
        for other in self._jobs.values():
            if other.note == "note.offline":
                await self._touch(other, note="")

    # -- saving ---------------------------------------------------------------------------------

    async def _save(self, job: Job) -> None:
        policy = self.options.policy
        refetched = False
        failures = 0
        while True:
            if job.url_expires_at is not None and time.time() > job.url_expires_at:
                if refetched or not await self._refetch_link(job):
                    await self._expire(job)
                    return
                refetched = True
            final = Path(job.path) if job.path else None
            if final is None or not (final.exists() or part_path(final).exists()):
                try:
                    final = await self._plan_path(job)
                except errors.StorageError as exc:
                    await self._stall(job, exc)
                    return
            elif final.exists() and not part_path(final).exists():
                if await self._in_thread(self._published_here, job, final):
                    # Published before a crash; the sidecar or the status was not written.
                    await self._finish(job, final, final.stat().st_size)
                    return
                # Someone else's file has the name: download again under a new one.
                await self._update(job, path=None)
                continue
            if job.status is not JobStatus.DOWNLOADING or job.path != str(final):
                await self._update(job, status=JobStatus.DOWNLOADING, path=str(final))
            assert job.result_url is not None
            try:
                result = await self._downloader.fetch(
                    job.result_url,
                    final,
                    validator=job.download_validator,
                    on_progress=self._progress_reporter(job),
                    on_validator=lambda v: self._update(job, download_validator=v),
                )
            except errors.LinkExpired as exc:
                log.info("job %s: link expired (%s)", job.id, exc.details)
                if refetched or not await self._refetch_link(job):
                    await self._expire(job)
                    return
                refetched = True
                continue
            except errors.StorageError as exc:
                await self._stall(job, exc)
                return
            except errors.DownloadFailed as exc:
                failures += 1
                log.info("job %s: download attempt %d failed: %s", job.id, failures, exc.details)
                if failures >= policy.download_attempts:
                    await self._stall(job, exc)
                    return
                await asyncio.sleep(policy.backoff(failures))
                continue
            try:
                target = await self._in_thread(publish, part_path(final), final)
            except OSError as exc:
                await self._stall(job, storage_error(exc, final.parent))
                return
            await self._finish(job, target, result.size)
            return

    @staticmethod
    def _published_here(job: Job, video: Path) -> bool:
        """Whether ``video`` is the file this job's download published: an MP4 written after
        the download began."""
        began = job.transitions.get(JobStatus.DOWNLOADING.value)
        try:
            written = video.stat().st_mtime
        except OSError:
            return False
        return began is not None and written >= began - 1 and looks_like_mp4(video)

    async def _plan_path(self, job: Job) -> Path:
        folder = self.options.videos_dir
        stem = render_stem(
            self.options.filename_template,
            job.request,
            task_id=job.task_id,
            job_id=job.id,
            when=job.created_at,
        )
        try:
            await self._in_thread(folder.mkdir, parents=True, exist_ok=True)
            return await self._in_thread(claim_video_path, folder, stem)
        except OSError as exc:
            raise storage_error(exc, folder) from exc

    def _progress_reporter(self, job: Job) -> Callable[[int, int], None]:
        last = 0.0

        def report(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= 0.25 or done == total:
                last = now
                job.bytes_done = done
                job.bytes_total = max(total, 0)
                self._emit_changed(job, {"bytes_done": done, "bytes_total": job.bytes_total})

        return report

    async def _refetch_link(self, job: Job) -> bool:
        """Ask the task for a fresh link once; True when one came back."""
        try:
            snapshot = await self._get_task(job, sync_upstream=False)
        except errors.ReelDeskError as exc:
            log.info("job %s: could not refresh the link: %s", job.id, exc.code)
            return False
        if not snapshot.result_url:
            return False
        await self._update(
            job,
            result_url=snapshot.result_url,
            url_expires_at=time.time() + LINK_LIFETIME,
            raw_reply=snapshot.raw,
        )
        return True

    async def _expire(self, job: Job) -> None:
        if job.path:
            with contextlib.suppress(OSError):
                part_path(Path(job.path)).unlink(missing_ok=True)
        await self._settle(job, JobStatus.EXPIRED, "link_expired")

    async def _stall(self, job: Job, exc: errors.ReelDeskError) -> None:
        """Saving cannot go on without help; the job stays resumable."""
        log.warning("job %s: saving stalled: %s", job.id, exc.details)
        await self._settle(job, JobStatus.COMPLETED, exc.code, exc.details)

    async def _finish(self, job: Job, video: Path, size: int) -> None:
        now = time.time()
        sidecar = _sidecar(job, video, now)
        data = (json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n").encode()
        try:
            await self._in_thread(atomic_write, video.with_suffix(".json"), data)
        except OSError as exc:
            log.warning("job %s: sidecar not written: %s", job.id, exc)
        await self._update(
            job,
            status=JobStatus.SAVED,
            path=str(video),
            bytes_done=size,
            bytes_total=size,
            progress=100,
            error_code="",
            error_message="",
            note="",
        )

    # -- plumbing -------------------------------------------------------------------------------

    async def _fail(self, job: Job, exc: errors.ReelDeskError) -> None:
        message = getattr(exc, "service_message", "") or exc.details
        await self._settle(job, JobStatus.FAILED, exc.code, message)

    async def _settle(self, job: Job, status: JobStatus, code: str, message: str = "") -> None:
        """Leave the job in ``status`` with an error for a person to read."""
        await self._update(job, status=status, error_code=code, error_message=message, note="")

    async def _update(self, job: Job, **changes: Any) -> None:
        """Apply, write to the history, then announce."""
        changes = {k: v for k, v in changes.items() if getattr(job, k) != v}
        if not changes:
            return
        now = time.time()
        if "status" in changes:
            job.transitions = {**job.transitions, str(changes["status"]): now}
            changes["transitions"] = job.transitions
        changes["updated_at"] = now
        for name, value in changes.items():
            setattr(job, name, value)
        if job.id in self._jobs:
            await self._db(self._store.update, job, changes.keys())
        self._emit_changed(job, changes)
        if job.status.is_final:
            self._release_waiters(job.id)

    async def _touch(self, job: Job, **changes: Any) -> None:
        """Change transient fields (not written to the history) and announce them."""
        changes = {k: v for k, v in changes.items() if getattr(job, k) != v}
        if changes:
            for name, value in changes.items():
                setattr(job, name, value)
            self._emit_changed(job, changes)

    def _emit_added(self, job: Job) -> None:
        for listener in list(self._listeners):
            listener.job_added(job)

    def _emit_changed(self, job: Job, changes: Mapping[str, object]) -> None:
        if job.id not in self._jobs:
            return
        for listener in list(self._listeners):
            listener.job_changed(job.id, changes)

    def _release_waiters(self, job_id: str) -> None:
        for waiter in self._waiters.pop(job_id, []):
            if not waiter.done():
                waiter.set_result(None)

    def _spawn(self, name: str, coro: Coroutine[Any, Any, None]) -> None:
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
        job_id = name.removeprefix("job:")
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            if isinstance(exc, errors.StorageError):
                log.error("%s: %s", name, exc.details)
            else:
                task.get_loop().call_exception_handler(
                    {"message": f"ReelDesk task {name} failed", "exception": exc, "task": task}
                )
        if not self._closed and self._tasks.get(name) is None:
            self._release_waiters(job_id)

    async def _cancel_task(self, name: str) -> None:
        task = self._tasks.pop(name, None)
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _db(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a history call on the history thread. Shielded: cancelling the caller (closing
        the app) must not cancel a write that is already queued, or the disk would lag behind
        what was announced."""
        work = asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)
        try:
            return await asyncio.shield(work)
        except asyncio.CancelledError:
            work.add_done_callback(_log_failed_write)
            raise

    async def _in_thread(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._files, lambda: fn(*args, **kwargs))


def _log_failed_write(future: asyncio.Future[Any]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.error("history write after shutdown failed: %s", future.exception())


def _variations(request: GenerationRequest, count: int) -> list[GenerationRequest]:
    if count == 1:
        return [request]
    if request.seed is not None:
        return [request.with_seed((request.seed + i) % (MAX_SEED + 1)) for i in range(count)]
    seeds = random.sample(range(MAX_SEED + 1), count)
    return [request.with_seed(seed) for seed in seeds]


def _sidecar(job: Job, video: Path, saved_at: float) -> dict[str, Any]:
    """Everything needed to restore the form from the file alone."""
    return {
        "app": PRODUCT,
        "app_version": __version__,
        "file": video.name,
        "model": MODEL,
        "prompt": job.request.prompt,
        "request": job.request.to_json(),
        "seed": job.request.seed,
        "task_id": job.task_id,
        "job_id": job.id,
        "credits": job.credits,
        "demo": job.demo,
        "created": job.created_at,
        "submitted": job.submitted_at,
        "completed": job.transitions.get(JobStatus.COMPLETED.value),
        "saved": saved_at,
    }

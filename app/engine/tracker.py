"""Following a task on the service until it is final or has a link to save.

Intervals come from the poll policy and the service's estimate; errors back off; every request
draws from the shared budget. When the service is unreachable, polling pauses behind a single
probe and jobs show "offline, will retry".
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from app import errors
from app.api.models import TaskSnapshot, TaskStatus
from app.api.replies import excerpt
from app.engine.context import EngineContext
from app.engine.jobs import LINK_LIFETIME, SAVING, Job, JobStatus
from app.engine.submitter import fail

log = logging.getLogger(__name__)

_CONTENT_POLICY_WORDS = ("policy", "sensitive", "moderation", "safety", "inappropriate", "nsfw")


def error_code_for_task(code: str, message: str) -> str:
    """Our code for a task the service failed: content policy or a general failure."""
    text = f"{code} {message}".lower()
    if any(word in text for word in _CONTENT_POLICY_WORDS):
        return "content_policy"
    return "task_failed"


class Tracker:
    def __init__(self, context: EngineContext) -> None:
        self._context = context
        self._online = asyncio.Event()
        self._online.set()
        self._probe: asyncio.Task[None] | None = None

    @property
    def online(self) -> bool:
        return self._online.is_set()

    async def follow(self, job_id: str, *, refresh_first: bool = False) -> bool:
        """Poll until the job is final (False) or its file is ready to save (True)."""
        registry = self._context.registry
        failures = no_url = not_found = 0
        retry_after: float | None = None
        ask_now = refresh_first
        while True:
            policy = self._context.options.policy
            job = registry.require(job_id)
            if job.status in SAVING and not ask_now:
                return True
            elapsed = time.time() - (job.submitted_at or job.created_at)
            if not ask_now:
                if failures:
                    delay = policy.backoff(failures, retry_after)
                elif no_url:
                    delay = policy.min_interval
                else:
                    delay = policy.next_delay(elapsed, job.estimated_time)
                await asyncio.sleep(delay)
                job = registry.require(job_id)
                elapsed = time.time() - (job.submitted_at or job.created_at)
            ask_now = False
            sync = policy.wants_sync(elapsed, job.estimated_time) or no_url % 2 == 1
            try:
                snapshot = await self.get_task(job, sync_upstream=sync)
            except errors.TaskNotFound as exc:
                not_found += 1
                failures += 1
                if not_found >= policy.not_found_attempts:
                    await fail(self._context, job_id, exc)
                    return False
                continue
            except errors.NetworkError as exc:
                failures += 1
                await self._went_offline(job_id, exc)
                continue
            except errors.ReelDeskError as exc:
                failures += 1
                retry_after = getattr(exc, "retry_after", None)
                log.info("job %s: poll failed (%s), retry %d", job_id, exc.code, failures)
                registry.touch(job_id, note=f"error.{exc.code}")
                continue
            failures = not_found = 0
            retry_after = None
            job = await self._apply(job_id, snapshot)
            if snapshot.awaiting_result:
                no_url += 1
                if no_url >= policy.no_url_attempts:
                    await registry.settle(
                        job_id, JobStatus.FAILED, "no_result", "completed without a result URL"
                    )
                    return False
            if job.status.is_final:
                return False

    async def get_task(self, job: Job, *, sync_upstream: bool) -> TaskSnapshot:
        client = self._context.client
        if client is None:
            raise errors.NoApiKey("no API key configured")
        assert job.task_id is not None
        await self._online.wait()
        await self._context.budget.acquire()
        client = self._context.client or client  # a new one may have come while waiting
        return await client.get_task(job.task_id, sync_upstream=sync_upstream)

    async def refetch_link(self, job_id: str) -> bool:
        """Ask the task for a fresh link once; True when one came back."""
        try:
            snapshot = await self.get_task(
                self._context.registry.require(job_id), sync_upstream=False
            )
        except errors.ReelDeskError as exc:
            log.info("job %s: could not refresh the link: %s", job_id, exc.code)
            return False
        if not snapshot.result_url:
            return False
        await self._context.registry.update(
            job_id,
            result_url=snapshot.result_url,
            url_expires_at=time.time() + LINK_LIFETIME,
            raw_reply=excerpt(snapshot.raw),
        )
        return True

    async def _apply(self, job_id: str, snapshot: TaskSnapshot) -> Job:
        job = self._context.registry.require(job_id)
        changes: dict[str, Any] = {"raw_reply": excerpt(snapshot.raw)}
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
            expires = time.time() + LINK_LIFETIME
            if snapshot.result_url == job.result_url and job.url_expires_at:
                expires = job.url_expires_at
            changes.update(progress=100, result_url=snapshot.result_url, url_expires_at=expires)
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
        return await self._context.registry.update(job_id, **changes)

    # -- offline --------------------------------------------------------------------------------

    async def _went_offline(self, job_id: str, exc: errors.ReelDeskError) -> None:
        log.info("job %s: service unreachable (%s)", job_id, exc.details)
        if not self._online.is_set():
            return
        self._online.clear()
        registry = self._context.registry
        for other in registry.unfinished():
            if other.task_id:
                registry.touch(other.id, note="note.offline")
        task_id = registry.require(job_id).task_id or ""
        self._probe = asyncio.create_task(self._probe_until_online(task_id), name="probe")

    async def _probe_until_online(self, task_id: str) -> None:
        """One request at a time, backing off, until the service answers again. Whatever
        happens to the probe, polling resumes after it."""
        registry = self._context.registry
        failures = 0
        try:
            while task_id:
                failures += 1
                await asyncio.sleep(self._context.options.policy.backoff(failures))
                client = self._context.client
                if client is None:
                    break
                try:
                    await self._context.budget.acquire()
                    await client.get_task(task_id)
                except errors.NetworkError:
                    continue
                except errors.ReelDeskError:
                    pass
                break
        finally:
            self._online.set()
            self._probe = None
            for other in registry.all():
                if other.note == "note.offline":
                    registry.touch(other.id, note="")

    async def close(self) -> None:
        probe = self._probe
        if probe is not None:
            probe.cancel()
            await asyncio.gather(probe, return_exceptions=True)

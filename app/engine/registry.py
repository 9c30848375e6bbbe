"""The job list and its history: the one place a job changes.

Each change is written to the history database (on its own thread) before it is visible or
announced, so whatever anyone has read or heard of survives a crash. Jobs are immutable: a
change replaces the job and announces the new one.

A submit reply is the one change that cannot wait for the history: its task id is a paid
video. It goes to the task journal (``app.engine.journal``) first, and is replayed into the
history before the next write and at the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from app import errors
from app.engine.events import EngineEvents
from app.engine.jobs import Job, JobStatus
from app.engine.journal import TaskJournal, journal_path
from app.engine.store import HistoryStore
from app.redact import redact, redact_json

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Fields that ``touch`` changes without writing them: what a job shows in passing.
_TRANSIENT = ("note", "bytes_done", "bytes_total")
#: Fields that carry the service's words, which may echo the key ("Invalid token: Bearer …").
_REDACTED: dict[str, Callable[[Any], Any]] = {
    "error_message": redact,
    "raw_reply": redact_json,
}
#: What a submit reply brings that the journal keeps (the raw reply waits for the history).
_JOURNALLED = ("task_id", "status", "progress", "server_created", "estimated_time", "credits")


class JobRegistry:
    """Owns every ``Job`` of one process; the engine's parts change jobs only through it."""

    def __init__(
        self, store: HistoryStore, events: EngineEvents, journal: TaskJournal | None = None
    ) -> None:
        self._store = store
        self._journal = journal or TaskJournal(journal_path(store.path))
        self.events = events
        self._jobs: dict[str, Job] = {}
        #: Ids of the jobs not final yet, kept as jobs change: the window counts them at
        #: every change, and a large history holds far more finished jobs than running ones.
        self._unfinished: set[str] = set()
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="reeldesk-history")
        self._writing = asyncio.Lock()

    # -- reading --------------------------------------------------------------------------------

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def require(self, job_id: str) -> Job:
        """The job now; a part that follows a job holds its id, never an old snapshot."""
        return self._jobs[job_id]

    def __contains__(self, job_id: object) -> bool:
        return job_id in self._jobs

    def all(self) -> list[Job]:
        """Every job, oldest first."""
        return list(self._jobs.values())

    def unfinished(self) -> list[Job]:
        """The jobs not final yet (in a large history, a few of many)."""
        return [self._jobs[job_id] for job_id in self._unfinished]

    def _put(self, job: Job) -> None:
        self._jobs[job.id] = job
        if job.status.is_final:
            self._unfinished.discard(job.id)
        else:
            self._unfinished.add(job.id)

    # -- changing -------------------------------------------------------------------------------

    async def load(self) -> list[Job]:
        loaded = await self._db(self._fold_and_load)
        # Jobs added while the history loaded stay (and stay newest).
        loaded.update(self._jobs)
        self._jobs = loaded
        self._unfinished = {job.id for job in loaded.values() if not job.status.is_final}
        self.events.history_loaded.emit()
        return list(loaded.values())

    async def reply(self, job_id: str) -> dict[str, Any] | None:
        """The service's last reply for a job: the one in memory while the job is followed,
        else the one kept in the history."""
        job = self._jobs.get(job_id)
        if job is not None and job.raw_reply is not None:
            return job.raw_reply
        return await self._db(self._store.load_reply, job_id)

    async def thaw(self, job_id: str) -> Job | None:
        """The job with what reading the history left on disk for a finished one
        (``COLD_FIELDS``: its link, the download's validator) read back, before it is taken up
        again; None if it was removed meanwhile. Nothing a listener shows changes, so nothing
        is announced."""
        stored = await self._db(self._store.load_cold, job_id)
        job = self._jobs.get(job_id)
        if job is None:
            return None
        missing = {name: value for name, value in stored.items() if not getattr(job, name)}
        if missing:
            job = job.replace(**missing)
            self._put(job)
        return job

    async def recent(self, limit: int) -> list[Job]:
        """The newest ``limit`` jobs in the history, oldest first, read without loading it
        (what the window lists while a large history loads)."""
        return await self._db(self._store.load_recent, limit)

    async def add(self, *jobs: Job) -> None:
        """Record new jobs in one write, all or none, and announce them once they are on disk:
        a batch of takes in one transaction, and in one turn of the loop, so the window makes
        room for them in one repaint instead of one per take."""
        jobs = tuple(
            job.replace(**_redacted({name: getattr(job, name) for name in _REDACTED}))
            for job in jobs
        )
        async with self._writing:
            await self._db(self._store.insert_many, jobs)
            for job in jobs:
                self._put(job)
        for job in jobs:
            self.events.job_added.emit(job)

    async def update(self, job_id: str, **changes: Any) -> Job:
        """Apply ``changes``: write them to the history, then make them visible and announce
        the new job. Until the write is done, readers see the job as it was: what anyone can
        read or has heard of is on disk.

        Writes are made one at a time, each building on the last, so two parts changing the
        same job (the saver and a stop, say) never lose each other's change."""
        changes = _redacted(changes)
        async with self._writing:
            job = self._jobs[job_id]
            changes = {k: v for k, v in changes.items() if getattr(job, k) != v}
            if not changes:
                return job
            now = time.time()
            if "status" in changes:
                changes["transitions"] = {**job.transitions, str(changes["status"]): now}
            changes["updated_at"] = now
            new = job.replace(**changes)
            work = asyncio.get_running_loop().run_in_executor(
                self._executor, self._write, new, list(changes)
            )
            # Published from the write's own callback, so a change on disk is always visible
            # and announced, even if whoever asked for it was cancelled meanwhile.
            work.add_done_callback(lambda done: self._publish(done, new, changes))
            try:
                await asyncio.shield(work)
            except asyncio.CancelledError:
                # Keep the gate until the write lands: the next change must build on it.
                with contextlib.suppress(Exception):
                    await asyncio.shield(work)
                raise
            return self._jobs.get(job_id, new)

    async def record_reply(self, job_id: str, **changes: Any) -> Job:
        """The service took the job: ``changes`` carry its task id. Journalled (fsynced)
        before the history is written, so a history that refuses the write (locked by another
        program, read-only for a moment) never leaves a paid task id in memory only: the job
        goes on with it, and the history gets it at its next write or the next start."""
        job = self._jobs[job_id]
        now = time.time()
        values: dict[str, Any] = {name: changes[name] for name in _JOURNALLED if name in changes}
        values["status"] = str(values["status"])
        values.update(
            transitions={**job.transitions, values["status"]: now},
            updated_at=now,
            error_code="",
            error_message="",
        )
        record = functools.partial(
            self._journal.record, job_id, job.intent_id, changes["task_id"], now, values
        )
        try:
            await asyncio.shield(asyncio.to_thread(record))
        except OSError as exc:
            log.error("job %s: task %s not journalled: %s", job_id, changes["task_id"], exc)
            return await self.update(job_id, **changes)
        try:
            return await self.update(job_id, **changes)
        except errors.StorageError as exc:
            log.error(
                "job %s: the history refused task %s (%s); it is kept in %s",
                job_id,
                changes["task_id"],
                exc.details,
                self._journal.path,
            )
        # On disk in the journal: as durable as any change, so visible and announced like one.
        async with self._writing:
            current = self._jobs.get(job_id)
            if current is None:
                raise KeyError(job_id)
            new = current.replace(**{**_redacted(changes), **_from_json(values)})
            self._put(new)
        self.events.job_changed.emit(new)
        return new

    def _publish(self, done: asyncio.Future[None], new: Job, changes: dict[str, Any]) -> None:
        if done.cancelled() or done.exception() is not None:
            return  # not on disk: the caller hears of the error
        current = self._jobs.get(new.id)
        if current is None:
            return  # removed meanwhile
        # Transient fields may have moved on while the write was under way.
        moved = {name: getattr(current, name) for name in _TRANSIENT if name not in changes}
        job = new.replace(**moved)
        self._put(job)
        self.events.job_changed.emit(job)

    def touch(self, job_id: str, **changes: Any) -> Job:
        """Change fields that are not kept in the history (a note, bytes so far) and announce."""
        job = self._jobs[job_id]
        changes = {k: v for k, v in changes.items() if getattr(job, k) != v}
        if not changes:
            return job
        if not set(changes) <= set(_TRANSIENT):
            raise ValueError(f"not transient: {sorted(set(changes) - set(_TRANSIENT))}")
        job = job.replace(**changes)
        self._put(job)
        self.events.job_changed.emit(job)
        return job

    async def settle(self, job_id: str, status: JobStatus, code: str, message: str = "") -> Job:
        """Leave the job in ``status`` with an error for a person to read."""
        return await self.update(
            job_id, status=status, error_code=code, error_message=message, note=""
        )

    async def adopt_stored(self, names: Iterable[str]) -> list[Job]:
        """Take up the stored fields ``names`` as another process (the command line) left them
        in the history, and announce each job that changed. Read under the write gate, so a
        change made here meanwhile is never undone by an older copy."""
        names = tuple(names)
        changed = []
        async with self._writing:
            stored = await self._db(self._store.load_fields, names)
            for job_id, values in stored.items():
                current = self._jobs.get(job_id)
                if current is None:
                    continue
                diff = {n: v for n, v in values.items() if getattr(current, n) != v}
                if diff:
                    job = current.replace(**diff)
                    self._put(job)
                    changed.append(job)
        for job in changed:
            self.events.job_changed.emit(job)
        return changed

    async def remove(self, job_id: str) -> Job | None:
        async with self._writing:
            job = self._jobs.get(job_id)
            if job is None:
                return None
            await self._db(self._store.delete, job_id)
            self._jobs.pop(job_id, None)
            self._unfinished.discard(job_id)
        self.events.job_removed.emit(job_id)
        return job

    # -- the history thread ---------------------------------------------------------------------

    def _write(self, job: Job, fields: list[str]) -> None:
        """One change; task ids still in the journal go first, so the history never holds a
        later state of a job without the task id it came from."""
        self._replay()
        self._store.update(job, fields)

    def _replay(self) -> None:
        """Write the journal's task ids into the history (``StorageError`` when it still
        refuses), then empty the journal."""
        entries = self._journal.pending()
        if not entries:
            return
        for entry in entries:
            if self._store.fill_task(entry["job"], entry["values"]):
                log.info("job %s: task %s folded in from the journal", entry["job"], entry["task"])
        self._journal.settled(entries)

    def _fold_and_load(self) -> dict[str, Job]:
        """The history with the journal folded in, by id, oldest first (made here, on the
        history thread: for a large history, not on the event loop). A history that still
        refuses writes keeps the journal; its task ids are taken in memory, and written at
        the next write."""
        try:
            self._replay()
        except errors.StorageError as exc:
            log.error("task journal not folded into the history yet: %s", exc.details)
        jobs = {job.id: job for job in self._store.load_all()}
        for job_id, values in (
            (entry["job"], entry["values"]) for entry in self._journal.pending()
        ):
            job = jobs.get(job_id)
            if job is not None and job.task_id is None:
                jobs[job_id] = job.replace(**_from_json(values))
        return jobs

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

    def close(self) -> None:
        """Wait for queued writes; the store itself is closed by its owner."""
        self._executor.shutdown(wait=True)


def _redacted(changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` with no secret left in the service's words: the one gate before a job is
    written, shown or announced, so the history, sidecars, the window and the CLI only ever
    get the redacted text."""
    return {
        name: _REDACTED[name](value) if name in _REDACTED and value is not None else value
        for name, value in changes.items()
    }


def _from_json(values: dict[str, Any]) -> dict[str, Any]:
    """Journalled values as ``Job`` fields."""
    return {**values, "status": JobStatus(values["status"])}


def _log_failed_write(future: asyncio.Future[Any]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.error("history write after shutdown failed: %s", future.exception())

"""Saving a finished video: download to ``NAME.mp4.part``, check, write the settings into it
(``app.metadata``), publish, write the sidecar, run the command after saving (``app.hooks``).

A half-written file never sits at a final path (``downloader.publish``); a file someone else
put at the planned name is never taken for ours; an expired link is fetched again once; a link
ReelDesk will not open (``app.links``) fails the job without a request.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from app import PRODUCT, __version__, errors
from app.engine.context import EngineContext
from app.engine.downloader import looks_like_mp4, part_path, publish, storage_error
from app.engine.jobs import Job, JobStatus
from app.engine.naming import claim_video_path, render_name
from app.fsutil import atomic_write
from app.hooks import run_hook
from app.links import check_result_link
from app.metadata import file_record, write_tags
from app.pictures import keep_beside
from app.redact import redact

log = logging.getLogger(__name__)


class Saver:
    def __init__(
        self, context: EngineContext, refetch_link: Callable[[str], Awaitable[bool]]
    ) -> None:
        self._context = context
        self._refetch_link = refetch_link

    async def save(self, job_id: str) -> None:
        """Bring the job to ``saved``, or leave it resumable with the reason (disk full,
        network), or ``expired`` when its link ran out."""
        context = self._context
        registry = context.registry
        refetched = False
        failures = 0
        while True:
            job = registry.require(job_id)
            if job.url_expires_at is not None and time.time() > job.url_expires_at:
                if refetched or not await self._refetch_link(job_id):
                    await self._expire(job_id)
                    return
                refetched = True
                job = registry.require(job_id)
            link = job.result_url
            assert link is not None
            api = context.client.base_url if context.client else None
            try:
                # Judged here, the one step every link (first or fetched again) passes on its
                # way to a request, and before a file name is reserved for it.
                check_result_link(link, api)
            except errors.LinkRefused as exc:
                log.warning("job %s: link refused: %s", job_id, exc.details)
                await registry.settle(job_id, JobStatus.FAILED, exc.code, exc.details)
                return
            final = Path(job.path) if job.path else None
            if final is None or not (final.exists() or part_path(final).exists()):
                try:
                    final = await self._plan_path(job)
                except errors.StorageError as exc:
                    await self._stall(job_id, exc)
                    return
            elif final.exists() and not part_path(final).exists():
                if await context.in_thread(_published_here, job, final):
                    # Published before a crash; the sidecar or the status was not written.
                    await self._finish(job_id, final, final.stat().st_size)
                    return
                # Someone else's file has the name: download again under a new one.
                await registry.update(job_id, path=None)
                continue
            if job.status is not JobStatus.DOWNLOADING or job.path != str(final):
                job = await registry.update(job_id, status=JobStatus.DOWNLOADING, path=str(final))

            async def remember(validator: str) -> None:
                await registry.update(job_id, download_validator=validator)

            try:
                await context.downloader.fetch(
                    link,
                    final,
                    validator=job.download_validator,
                    on_progress=self._progress_reporter(job_id),
                    on_validator=remember,
                    api_base_url=api,
                )
            except errors.LinkRefused as exc:
                # A redirect to where the link itself could not point.
                log.warning("job %s: redirect refused: %s", job_id, exc.details)
                with contextlib.suppress(OSError):
                    part_path(final).unlink(missing_ok=True)
                await registry.settle(job_id, JobStatus.FAILED, exc.code, exc.details)
                return
            except errors.LinkExpired as exc:
                log.info("job %s: link expired (%s)", job_id, exc.details)
                if refetched or not await self._refetch_link(job_id):
                    await self._expire(job_id)
                    return
                refetched = True
                continue
            except (errors.StorageError, errors.CertificateRejected, errors.SettingsError) as exc:
                # A disk, a certificate or a CA file a person has to see to: no retry helps.
                await self._stall(job_id, exc)
                return
            except errors.DownloadFailed as exc:
                failures += 1
                log.info("job %s: download attempt %d failed: %s", job_id, failures, exc.details)
                policy = context.options.policy
                if failures >= policy.download_attempts:
                    await self._stall(job_id, exc)
                    return
                await asyncio.sleep(policy.backoff(failures))
                continue
            await self._tag(job_id, part_path(final))
            try:
                target = await context.in_thread(publish, part_path(final), final)
            except OSError as exc:
                await self._stall(job_id, storage_error(exc, final.parent))
                return
            # Tagged, so larger than what was downloaded.
            size = (await context.in_thread(target.stat)).st_size
            await self._finish(job_id, target, size)
            return

    async def _tag(self, job_id: str, part: Path) -> None:
        """Write the settings into the checked ``.part``, before it gets its final name. A file
        that cannot be tagged is saved all the same (the sidecar holds the settings too)."""
        job = self._context.registry.require(job_id)
        record = file_record(job.request, task_id=job.task_id, job_id=job.id, demo=job.demo)
        try:
            await self._context.in_thread(write_tags, part, record)
        except (OSError, ValueError) as exc:
            log.warning("job %s: settings not written into the video: %s", job_id, exc)

    async def _plan_path(self, job: Job) -> Path:
        options = self._context.options
        folders, stem = render_name(
            options.filename_template,
            job.request,
            task_id=job.task_id,
            job_id=job.id,
            when=job.created_at,
            project=job.project,
        )
        # A job started with ``--out`` saves there, also when ``resume`` or the window saves it.
        base = Path(job.out_dir) if job.out_dir else options.videos_dir
        folder = base.joinpath(*folders)
        try:
            await self._context.in_thread(folder.mkdir, parents=True, exist_ok=True)
            return await self._context.in_thread(claim_video_path, folder, stem)
        except OSError as exc:
            raise storage_error(exc, folder) from exc

    def _progress_reporter(self, job_id: str) -> Callable[[int, int], None]:
        registry = self._context.registry

        # The downloader already reports a few times a second (and once at the end).
        def report(done: int, total: int) -> None:
            if job_id in registry:
                registry.touch(job_id, bytes_done=done, bytes_total=max(total, 0))

        return report

    async def _expire(self, job_id: str) -> None:
        job = self._context.registry.require(job_id)
        if job.path:
            with contextlib.suppress(OSError):
                part_path(Path(job.path)).unlink(missing_ok=True)
        await self._context.registry.settle(job_id, JobStatus.EXPIRED, "link_expired")

    async def _stall(self, job_id: str, exc: errors.ReelDeskError) -> None:
        """Saving cannot go on without help; the job stays resumable."""
        log.warning("job %s: saving stalled: %s", job_id, exc.details)
        await self._context.registry.settle(job_id, JobStatus.COMPLETED, exc.code, exc.details)

    async def _finish(self, job_id: str, video: Path, size: int) -> None:
        job = self._context.registry.require(job_id)
        now = time.time()
        pictures: dict[str, str] = {}
        if job.request.pictures:
            try:
                pictures = await self._context.in_thread(keep_beside, video, job.request)
            except OSError as exc:
                log.warning("job %s: pictures not copied beside the video: %s", job_id, exc)
        record = sidecar(job, video, now, pictures)
        data = (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode()
        try:
            await self._context.in_thread(atomic_write, video.with_suffix(".json"), data)
        except OSError as exc:
            log.warning("job %s: sidecar not written: %s", job_id, exc)
        # Before the job reads as saved, so that whoever waits for it (the command line) waits
        # for its hook too; whatever the hook does, the video stays saved.
        hook_failed = await self._run_hook(job, video)
        await self._context.registry.update(
            job_id,
            status=JobStatus.SAVED,
            path=str(video),
            bytes_done=size,
            bytes_total=size,
            progress=100,
            error_code=errors.ProblemCode.HOOK_FAILED if hook_failed else "",
            error_message=hook_failed,
            note="",
        )

    async def _run_hook(self, job: Job, video: Path) -> str:
        """Run the command after saving, if there is one: "" when it succeeded, else why not."""
        command = self._context.options.save_hook
        if not command.strip():
            return ""
        values = {
            "path": str(video),
            "task_id": job.task_id or "",
            "prompt": job.request.prompt,
            "project": job.project,
        }
        failure = await run_hook(command, values)
        if failure:
            failure = redact(failure)
            log.warning("job %s: the command after saving failed: %s", job.id, failure)
        return failure


def _published_here(job: Job, video: Path) -> bool:
    """Whether ``video`` is the file this job's download published: an MP4 written after the
    download began."""
    began = job.transitions.get(JobStatus.DOWNLOADING.value)
    try:
        written = video.stat().st_mtime
    except OSError:
        return False
    return began is not None and written >= began - 1 and looks_like_mp4(video)


def sidecar(
    job: Job, video: Path, saved_at: float, pictures: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Everything needed to restore the form from the file alone. ``pictures``: the file
    names of the copies of its pictures beside the video, by field (``keep_beside``)."""
    return {
        "app": PRODUCT,
        "app_version": __version__,
        "file": video.name,
        "model": job.request.model,
        "mode": job.request.mode.value,
        "parent_id": job.parent_id,
        "pictures": dict(pictures or {}),
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
        "rating": job.rating,
        "flag": job.flag,
        "project": job.project,
    }


#: The sidecar's fields a review changes (``update_sidecar``).
REVIEW_FIELDS = ("rating", "flag", "project")


def update_sidecar(job: Job) -> bool:
    """Bring the review fields (stars, flag, project) of a saved job's sidecar up to date,
    atomically; the rest of the sidecar is kept as it was written. A sidecar that is missing
    or unreadable while the video is there is written afresh from the job. False when there is
    no video to describe (not saved, moved or deleted). Raises ``OSError``."""
    if job.status is not JobStatus.SAVED or not job.path:
        return False
    video = Path(job.path)
    if not video.is_file():
        return False
    path = video.with_suffix(".json")
    data: Any = None
    with contextlib.suppress(OSError, ValueError):
        data = json.loads(path.read_bytes())
    if not isinstance(data, dict):
        saved = job.transitions.get(JobStatus.SAVED.value) or job.updated_at
        data = sidecar(job, video, saved)
    data.update({name: getattr(job, name) for name in REVIEW_FIELDS})
    atomic_write(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())
    return True

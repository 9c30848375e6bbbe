"""Submitting: the intent is on disk before the POST, the task id before anyone hears of it.

``record`` writes one row per variation, ``queued`` (not sent); the send queue
(``app.engine.queue``) turns it into an intent (``submitting``) when its turn comes, and
``send`` makes the one POST of the job. The POST is never repeated by the program: a lost reply
leaves the job ``unknown`` for a person. A refusal that made nothing at the service (402, 429,
503 from the service itself) puts the job back in the queue, still unsent.

A job that starts from pictures uploads them right before its POST (the service may evict old
uploads). Uploading is not sending: the job reads ``queued`` again meanwhile, so a crash during
the upload leaves it to be uploaded (again: it costs nothing) and sent at the next start. Its
request, with the URLs, becomes the intent (``submitting``) in one write just before the POST.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from app import errors
from app.api.models import MAX_SEED, GenerationRequest, takes
from app.api.replies import excerpt
from app.engine.context import EngineContext
from app.engine.jobs import Job, JobStatus, new_id
from app.pictures import check_picture

if TYPE_CHECKING:
    from app.api.client import FoxClient

log = logging.getLogger(__name__)

#: The most jobs one submission may make (each one paid); the command line's ``--count`` too.
MAX_BATCH = 20


#: Refusals after which nothing exists at the service: the job may wait and go again.
HELD_BACK = (errors.InsufficientQuota, errors.RateLimited, errors.ServiceUnavailable)


class QueueHooks(Protocol):
    """What the send queue hears of a submission (``app.engine.queue.SendQueue``)."""

    def accepted(self) -> None: ...

    def held_back(self, job_id: str, exc: errors.ReelDeskError) -> bool: ...


class Submitter:
    def __init__(self, context: EngineContext, queue: QueueHooks) -> None:
        self._context = context
        self._queue = queue

    async def record(
        self,
        request: GenerationRequest,
        count: int,
        *,
        started: Callable[[Job], None],
        out_dir: str | None = None,
        plan_id: str = "",
        parent_id: str | None = None,
    ) -> list[Job]:
        """Write ``count`` variations as ``queued``, all in one write (none if it fails: the
        error is raised); each is then announced and handed to ``started`` (which queues it).
        ``out_dir``: the folder they save in, kept with each job (``None``: the settings'
        folder at the time of saving). ``parent_id``: the job they continue (from its last
        frame)."""
        if not 1 <= count <= MAX_BATCH:
            raise errors.InvalidParameter("count", "reason.range", low=1, high=MAX_BATCH)
        request.validate()
        intent, batch, now = new_id(), new_id(), time.time()
        jobs = [
            Job(
                id=new_id(),
                request=variation,
                status=JobStatus.QUEUED,
                intent_id=intent,
                batch_id=batch,
                demo=self._context.options.demo,
                project=self._context.options.project,
                created_at=now,
                updated_at=now,
                transitions={JobStatus.QUEUED.value: now},
                out_dir=out_dir,
                plan_id=plan_id,
                parent_id=parent_id,
            )
            for variation in variations(request, count)
        ]
        await self._context.registry.add(*jobs)
        for job in jobs:
            started(job)
        return jobs

    async def send(self, job_id: str) -> bool:
        """POST the job (``submitting``, its intent on disk) once. True when the service took it
        (task id recorded, ``pending``)."""
        registry = self._context.registry
        # Read at the moment of sending: new settings apply to the next POST.
        client = self._context.client
        if client is None:
            await fail(self._context, job_id, errors.NoApiKey("no API key configured"))
            return False
        job = registry.require(job_id)
        if job.request.pictures:
            uploaded = await self._upload(client, job)
            if uploaded is None:
                return False
            job = uploaded
        try:
            snapshot = await client.submit(job.request)
        except HELD_BACK as exc:
            await self._hold_back(job_id, exc)
            return False
        except (errors.ReplyLost, errors.BadResponse) as exc:
            # No usable answer to a POST that reached the service (lost, a gateway's page,
            # or a reply that breaks the contract): the task may exist and be charged.
            log.warning("job %s: no usable submit reply: %s", job_id, exc)
            await registry.update(
                job_id,
                status=JobStatus.UNKNOWN,
                error_code=exc.code,
                error_message=exc.details,
            )
            return False
        except errors.ConnectionNotMade as exc:
            # Final for this job, but nothing exists at the service and nothing was spent:
            # the person may send it again without paying twice.
            log.warning("job %s: not sent: %s", job_id, exc.details)
            await registry.settle(
                job_id, JobStatus.FAILED, errors.ProblemCode.NOT_SENT, exc.details
            )
            return False
        except errors.ReelDeskError as exc:
            log.warning("job %s: submit refused: %s", job_id, exc.details)
            await fail(self._context, job_id, exc)
            return False
        self._queue.accepted()
        await registry.record_reply(
            job_id,
            task_id=snapshot.id,
            status=JobStatus.PENDING,
            progress=snapshot.progress,
            server_created=snapshot.created,
            estimated_time=snapshot.estimated_time,
            credits=snapshot.credits,
            raw_reply=excerpt(snapshot.raw),
        )
        return True

    async def _hold_back(self, job_id: str, exc: errors.ReelDeskError) -> None:
        log.warning("job %s: held back: %s", job_id, exc.details)
        if not self._queue.held_back(job_id, exc):
            await fail(self._context, job_id, exc)
            return
        # Nothing more is said per job for a 402: the queue's pause says it once.
        note = "" if isinstance(exc, errors.InsufficientQuota) else "note.held_back"
        await self._context.registry.update(job_id, status=JobStatus.QUEUED, note=note)

    async def _upload(self, client: FoxClient, job: Job) -> Job | None:
        """Check and upload the job's pictures, then write its intent with their URLs. The job
        is ``submitting`` again when this returns it; ``None`` when it ended here (failed, or
        waiting again), with nothing sent."""
        registry = self._context.registry
        await registry.update(job.id, status=JobStatus.QUEUED, note="note.uploading")
        request = job.request
        try:
            for name, picture in request.pictures.items():
                if not picture.path:
                    continue  # known only by its URL (a request read from the wire)
                checked = await self._context.in_thread(check_picture, picture.path, name)
                sent = await client.upload(checked.path, mime=checked.kind.mime, field=name)
                # The picture as it was uploaded: it may have changed since it was chosen.
                request = request.with_picture(
                    name, replace(picture, url=sent.url, sha256=checked.sha256)
                )
        except HELD_BACK as exc:
            await self._hold_back(job.id, exc)
            return None
        except errors.NetworkError as exc:
            # No POST was made: nothing exists at the service, nothing was spent.
            log.warning("job %s: upload failed: %s", job.id, exc.details)
            await registry.settle(
                job.id, JobStatus.FAILED, errors.ProblemCode.NOT_SENT, exc.details
            )
            return None
        except errors.ReelDeskError as exc:
            log.warning("job %s: upload refused: %s", job.id, exc.details)
            await fail(self._context, job.id, exc)
            return None
        return await registry.update(job.id, request=request, status=JobStatus.SUBMITTING, note="")


async def fail(context: EngineContext, job_id: str, exc: errors.ReelDeskError) -> None:
    """The service (or the lack of a key) said no: the job failed, with the service's words."""
    message = getattr(exc, "service_message", "") or exc.details
    await context.registry.settle(job_id, JobStatus.FAILED, exc.code, message)


def variations(request: GenerationRequest, count: int) -> list[GenerationRequest]:
    """Each job gets its own seed, so every file can be made again: a fixed seed S gives
    S, S+1, …; no seed gives distinct random ones. A single job without a seed gets a random
    seed too, so the seed that made it is known and recorded (the service does not say).
    A model that takes no seed (transition) gets none."""
    if not takes(request.mode, "seed"):
        return [request] * count
    if request.seed is not None:
        return [request.with_seed((request.seed + i) % (MAX_SEED + 1)) for i in range(count)]
    seeds = random.sample(range(MAX_SEED + 1), count)
    return [request.with_seed(seed) for seed in seeds]

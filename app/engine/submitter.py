"""Submitting: the intent is on disk before the POST, the task id before anyone hears of it.

``record`` writes one intent row per variation; ``send`` makes the one POST of a job. The POST
is never repeated by the program: a lost reply leaves the job ``unknown`` for a person.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable

from app import errors
from app.api.models import MAX_SEED, GenerationRequest, takes
from app.api.replies import excerpt
from app.engine.context import EngineContext
from app.engine.jobs import Job, JobStatus, new_id

log = logging.getLogger(__name__)

#: The most jobs one submission may make (each one paid); the command line's ``--count`` too.
MAX_BATCH = 20


class Submitter:
    def __init__(self, context: EngineContext) -> None:
        self._context = context
        self._slots = asyncio.Semaphore(context.options.max_in_flight)

    def set_max_in_flight(self, count: int) -> None:
        # POSTs already waiting keep the old gate; new ones use the new size.
        self._slots = asyncio.Semaphore(count)

    async def record(
        self,
        request: GenerationRequest,
        count: int,
        *,
        started: Callable[[Job], None],
        out_dir: str | None = None,
    ) -> list[Job]:
        """Write the intents of ``count`` variations. Each is announced once it is on disk and
        handed to ``started`` (which sends it); if a write fails, the jobs recorded before it
        are still sent and the error is raised. ``out_dir``: the folder they save in, kept
        with each job (``None``: the settings' folder at the time of saving)."""
        if not 1 <= count <= MAX_BATCH:
            raise errors.InvalidParameter("count", "reason.range", low=1, high=MAX_BATCH)
        request.validate()
        intent, batch, now = new_id(), new_id(), time.time()
        jobs = [
            Job(
                id=new_id(),
                request=variation,
                status=JobStatus.SUBMITTING,
                intent_id=intent,
                batch_id=batch,
                demo=self._context.options.demo,
                created_at=now,
                updated_at=now,
                transitions={JobStatus.SUBMITTING.value: now},
                out_dir=out_dir,
            )
            for variation in variations(request, count)
        ]
        for job in jobs:
            await self._context.registry.add(job)
            started(job)
        return jobs

    async def send(self, job_id: str) -> bool:
        """POST the job once. True when the service took it (task id recorded, ``pending``)."""
        registry = self._context.registry
        async with self._slots:
            # Read after the wait for a slot: new settings apply to the next POST.
            client = self._context.client
            if client is None:
                await fail(self._context, job_id, errors.NoApiKey("no API key configured"))
                return False
            job = registry.require(job_id)
            try:
                snapshot = await client.submit(job.request)
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

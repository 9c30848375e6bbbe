"""The send queue against the simulator over loopback, with real SQLite and files: jobs wait
``queued`` (not sent), a 402 pauses the queue, 429s slow it, and each job is sent once."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import pytest

from app.api.client import FoxClient, RetryPolicy
from app.api.models import GenerationRequest
from app.engine.downloader import Downloader
from app.engine.engine import Engine, EngineOptions
from app.engine.jobs import Job, JobStatus
from app.engine.policy import PollPolicy, RequestBudget
from app.engine.queue import PAUSE_FILE, PauseReason, clear_pause, read_pause, write_pause
from app.engine.store import HistoryStore
from app.paths import Paths
from app.simulator.faults import FaultySimulator

from .helpers import FAST_POLICY, KEY

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("loop_guard")]


@contextlib.asynccontextmanager
async def queue_engine(
    paths: Paths,
    sim: FaultySimulator,
    *,
    max_in_flight: int = 3,
    policy: PollPolicy = FAST_POLICY,
    resume: bool = True,
) -> AsyncIterator[Engine]:
    """An engine whose queue keeps its pause in the data folder, as the app's does."""
    client = FoxClient(sim.base_url, KEY, retry=RetryPolicy(attempts=2, base_delay=0.01))
    downloader = Downloader()
    store = HistoryStore(paths.history_db)
    engine = Engine(
        store=store,
        client=client,
        downloader=downloader,
        options=EngineOptions(videos_dir=paths.videos, policy=policy, max_in_flight=max_in_flight),
        budget=RequestBudget(rate=200, burst=50),
        pause_file=paths.data / PAUSE_FILE,
    )
    await engine.start(resume=resume)
    try:
        yield engine
    finally:
        await engine.close()
        await client.aclose()
        await downloader.aclose()
        store.close()


def posts_by_seed(sim: FaultySimulator) -> Counter[int]:
    return Counter(int(r.json()["seed"]) for r in sim.submissions())


def statuses(engine: Engine, jobs: list[Job]) -> list[JobStatus]:
    return [engine.job(job.id).status for job in jobs]  # type: ignore[union-attr]


async def test_a_402_mid_batch_leaves_the_rest_queued_and_after_top_up_each_is_sent_once(
    paths: Paths, sim: FaultySimulator
) -> None:
    sim.run_out_after(2)
    async with queue_engine(paths, sim, max_in_flight=1) as engine:
        jobs = await engine.submit(GenerationRequest("lanterns", seed=10), count=5)
        await engine.wait(job.id for job in jobs)
        assert statuses(engine, jobs) == [JobStatus.SAVED] * 2 + [JobStatus.QUEUED] * 3
        # None failed; the one message is the queue's, paused for the balance.
        assert all(not engine.job(job.id).error_code for job in jobs)  # type: ignore[union-attr]
        assert engine.queue.paused is not None
        assert engine.queue.paused.reason is PauseReason.QUOTA
    refused = len(sim.submissions())
    assert refused == 3  # two made, one refused; nothing more was tried while paused
    pause = read_pause(paths.data / PAUSE_FILE)
    assert pause is not None and pause.reason is PauseReason.QUOTA

    sim.top_up()
    async with queue_engine(paths, sim) as engine:
        await asyncio.sleep(0.3)
        assert len(sim.submissions()) == refused  # still paused on disk: nothing is sent
        await engine.resume_queue()
        await engine.wait(job.id for job in jobs)
        assert statuses(engine, jobs) == [JobStatus.SAVED] * 5
    # Each job was made exactly once: the refused POST of job 3 made nothing.
    assert posts_by_seed(sim) == Counter({10: 1, 11: 1, 12: 2, 13: 1, 14: 1})
    assert len(sim.task_ids()) == 5
    assert read_pause(paths.data / PAUSE_FILE) is None


async def test_queued_jobs_are_written_before_anything_is_sent(
    paths: Paths, sim: FaultySimulator
) -> None:
    write_pause(paths.data / PAUSE_FILE, PauseReason.USER)
    async with queue_engine(paths, sim) as engine:
        jobs = await engine.submit(GenerationRequest("x"), count=2)
        await engine.wait(job.id for job in jobs)
    store = HistoryStore(paths.history_db)
    stored = store.load_all()
    store.close()
    assert [job.status for job in stored] == [JobStatus.QUEUED] * 2
    assert all(job.task_id is None and "submitting" not in job.transitions for job in stored)
    assert sim.submissions() == []


async def test_a_pause_from_another_process_is_seen_before_the_next_send_and_so_is_a_resume(
    paths: Paths, sim: FaultySimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.engine.queue.PAUSE_CHECK_SECONDS", 0.05)
    pause_file = paths.data / PAUSE_FILE
    async with queue_engine(paths, sim) as engine:
        changes: list[bool] = []
        engine.events.queue_changed.connect(lambda: changes.append(engine.queue.is_paused()))
        write_pause(pause_file, PauseReason.USER)  # as `reeldesk queue pause` does
        (job,) = await engine.submit(GenerationRequest("x"))
        await engine.wait([job.id])
        assert engine.job(job.id).status is JobStatus.QUEUED  # type: ignore[union-attr]
        assert sim.submissions() == [] and engine.queue.is_paused()
        clear_pause(pause_file)  # `reeldesk queue resume`
        async with asyncio.timeout(5):
            while engine.job(job.id).status is JobStatus.QUEUED:  # type: ignore[union-attr]
                await asyncio.sleep(0.02)
        await engine.wait([job.id])
        assert engine.job(job.id).status is JobStatus.SAVED  # type: ignore[union-attr]
        assert True in changes and changes[-1] is False
    assert len(sim.submissions()) == 1


async def test_queued_jobs_survive_a_restart_and_are_sent_once(
    paths: Paths, sim: FaultySimulator
) -> None:
    async with queue_engine(paths, sim) as engine:
        await engine.pause_queue()
        jobs = await engine.submit(GenerationRequest("x", seed=3), count=3)
    assert sim.submissions() == []
    # A person resumed the queue meanwhile (another process); the next start sends them.
    clear_pause(paths.data / PAUSE_FILE)
    async with queue_engine(paths, sim) as engine:
        await engine.wait(job.id for job in jobs)
        assert statuses(engine, jobs) == [JobStatus.SAVED] * 3
    assert posts_by_seed(sim) == Counter({3: 1, 4: 1, 5: 1})


async def test_a_queued_job_removed_is_never_sent(paths: Paths, sim: FaultySimulator) -> None:
    async with queue_engine(paths, sim) as engine:
        await engine.pause_queue()
        first, second = await engine.submit(GenerationRequest("x", seed=1), count=2)
        await engine.remove(first.id)
        await engine.resume_queue()
        await engine.wait([second.id])
        assert engine.job(first.id) is None
    assert posts_by_seed(sim) == Counter({2: 1})


async def test_429s_halve_how_many_go_at_once_and_retry_after_is_honoured(
    paths: Paths, sim: FaultySimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    sim.queue_error("post", 429, error_type="rate_limit_error", retry_after="0.5", count=2)
    async with queue_engine(paths, sim, max_in_flight=4) as engine:
        window = engine.queue.window
        pressed = window.pressed
        sizes: list[int] = []  # how many may go at once, after each 429

        def pressed_and_seen(sent_epoch: int, retry_after: float | None = None) -> float:
            delay = pressed(sent_epoch, retry_after)
            sizes.append(window.size)
            return delay

        monkeypatch.setattr(window, "pressed", pressed_and_seen)
        held: list[Job] = []
        engine.events.job_changed.connect(lambda job: held.append(job) if job.note else None)
        jobs = await engine.submit(GenerationRequest("x", seed=20), count=6)
        await engine.wait(job.id for job in jobs)
        assert statuses(engine, jobs) == [JobStatus.SAVED] * 6
        assert all(not engine.job(job.id).error_code for job in jobs)  # type: ignore[union-attr]
    posts = sim.submissions()
    assert len(posts) == 8 and len(sim.task_ids()) == 6
    # The two held back said why while they waited.
    assert {(job.status, job.note) for job in held} == {(JobStatus.QUEUED, "note.held_back")}
    assert len({job.id for job in held}) == 2
    # The first 429 halves it (4 -> 2); by the end it has grown back, one step per window.
    assert len(sizes) == 2 and sizes[0] == 2
    assert window.size > min(sizes)
    # Nothing was sent in the half second the service asked for.
    refused_at = posts[1].at
    assert all(p.at >= refused_at + 0.45 for p in posts[4:])
    assert sorted(posts_by_seed(sim).values()) == [1, 1, 1, 1, 2, 2]


async def test_a_queued_job_waits_for_the_backend_it_was_queued_for(
    paths: Paths, sim: FaultySimulator
) -> None:
    # Queued with a real key: switching to demo mode must not send it to the simulator (its
    # task would be unknown to the real service), and back again it goes, once.
    async with queue_engine(paths, sim) as engine:
        await engine.pause_queue()
        (job,) = await engine.submit(GenerationRequest("x"))
        engine.configure(demo=True)
        await engine.resume_queue()
        await asyncio.sleep(0.3)
        assert engine.job(job.id).status is JobStatus.QUEUED  # type: ignore[union-attr]
        assert sim.submissions() == []
        engine.configure(demo=False)
        await engine.wait([job.id])
        assert engine.job(job.id).status is JobStatus.SAVED  # type: ignore[union-attr]
    assert len(sim.submissions()) == 1


async def test_closing_between_the_intent_and_the_post_leaves_the_job_queued_not_unknown(
    paths: Paths, sim: FaultySimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with queue_engine(paths, sim) as engine:
        registry = engine._registry
        update = registry.update
        intent_written = asyncio.Event()

        async def update_then_hang(job_id: str, **changes: Any) -> Job:
            job = await update(job_id, **changes)
            if changes.get("status") is JobStatus.SUBMITTING:
                intent_written.set()
                await asyncio.Event().wait()  # closing comes before the POST would
            return job

        monkeypatch.setattr(registry, "update", update_then_hang)
        (job,) = await engine.submit(GenerationRequest("x"))
        await intent_written.wait()
        monkeypatch.setattr(registry, "update", update)
    # Closed: the intent was on disk, but nothing was sent.
    assert sim.submissions() == []
    async with queue_engine(paths, sim) as engine:
        assert engine.job(job.id).status is not JobStatus.UNKNOWN  # type: ignore[union-attr]
        await engine.wait([job.id])
        assert engine.job(job.id).status is JobStatus.SAVED  # type: ignore[union-attr]
    assert len(sim.submissions()) == 1

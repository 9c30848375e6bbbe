"""What a person can do to a job (stop, retry, remove) and how the engine picks up after a
crash or a long pause: against the simulator over loopback, with real SQLite and files."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.api.models import GenerationRequest
from app.engine.downloader import Downloader, part_path
from app.engine.engine import Engine, EngineOptions
from app.engine.jobs import Job, JobStatus
from app.engine.store import HistoryStore
from app.errors import ProblemCode
from app.paths import Paths
from app.simulator import JobFaults
from app.simulator.faults import FaultySimulator
from tests.videos import same_video

from .helpers import running_engine
from .test_cli import SilentService

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("loop_guard")]


async def until(condition: Callable[[], bool], limit: float = 10) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        await asyncio.sleep(0.01)


def current(engine: Engine, job_id: str) -> Job:
    """The job as the engine has it now: jobs are immutable snapshots, replaced on each change."""
    job = engine.job(job_id)
    assert job is not None
    return job


def downloading_with_bytes(engine: Engine, job_id: str) -> bool:
    job = engine.job(job_id)
    if job is None or job.status is not JobStatus.DOWNLOADING or not job.path:
        return False
    part = part_path(Path(job.path))
    return part.exists() and part.stat().st_size > 0


def set_status(paths: Paths, job_id: str, status: JobStatus, **columns: object) -> None:
    """Change a stored job the way a crash at some moment would have left it."""
    assignments = ", ".join(f"{name} = ?" for name in ["status", *columns])
    with sqlite3.connect(paths.history_db) as db:
        db.execute(
            f"UPDATE jobs SET {assignments} WHERE id = ?", [status.value, *columns.values(), job_id]
        )


async def test_stopping_mid_download_leaves_no_partial_file_and_retry_saves_it(
    paths: Paths, sim: FaultySimulator
) -> None:
    sim.config.file_size = 1_000_000
    sim.next_job_faults(JobFaults(slow_bps=500_000))
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await until(lambda: downloading_with_bytes(engine, job.id))
        planned = Path(current(engine, job.id).path or "")
        await engine.stop_tracking(job.id)
        assert current(engine, job.id).status is JobStatus.STOPPED
        assert not part_path(planned).exists() and not planned.exists()
        await engine.stop_tracking(job.id)  # a second click changes nothing
        assert current(engine, job.id).status is JobStatus.STOPPED

        await engine.retry(job.id)
        await engine.wait([job.id])
        job = current(engine, job.id)
    assert job.status is JobStatus.SAVED
    assert same_video(Path(job.path or ""), sim.file_bytes(job.task_id or ""))


async def test_a_stopped_job_from_the_history_is_saved_from_its_stored_link(
    paths: Paths, sim: FaultySimulator
) -> None:
    """Read from the history, a finished job leaves its link on disk (``COLD_FIELDS``); a
    retry reads it back and goes straight to saving, not back to waiting for the service."""
    sim.config.file_size = 1_000_000
    sim.next_job_faults(JobFaults(slow_bps=500_000))
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await until(lambda: downloading_with_bytes(engine, job.id))
        await engine.stop_tracking(job.id)
        assert current(engine, job.id).result_url
    async with running_engine(paths, sim) as engine:
        stored = current(engine, job.id)
        assert stored.status is JobStatus.STOPPED and stored.result_url is None
        await engine.retry(job.id)
        await engine.wait([job.id])
        job = current(engine, job.id)
        assert job.status is JobStatus.SAVED
        # Straight from stopped to saving (the first look at the task may renew the link).
        moments = job.transitions
        assert moments["processing"] < moments["stopped"] < moments["completed"]
    assert same_video(Path(job.path or ""), sim.file_bytes(job.task_id or ""))


async def test_a_batch_of_takes_is_written_at_once_and_announced_together(
    paths: Paths, sim: FaultySimulator
) -> None:
    """One write for the batch (all or none), and every take is on disk by the time the first
    is announced: the window makes room for them in one repaint."""
    async with running_engine(paths, sim) as engine:
        await engine.pause_queue()
        on_disk: list[int] = []

        def count_rows(_job: Job) -> None:
            with sqlite3.connect(paths.history_db) as db:
                on_disk.append(db.execute("SELECT COUNT(*) FROM jobs").fetchone()[0])

        engine.events.job_added.connect(count_rows)
        jobs = await engine.submit(GenerationRequest("x"), count=4)
    assert len(jobs) == 4 and on_disk == [4, 4, 4, 4]


async def test_a_stalled_save_is_retried_once_the_folder_is_fixed(
    paths: Paths, sim: FaultySimulator, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    async with running_engine(paths, sim, videos=blocker / "videos") as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await engine.wait([job.id])
        job = current(engine, job.id)
        assert job.status is JobStatus.COMPLETED and job.error_code
        engine.configure(videos_dir=tmp_path / "fine")
        await engine.retry(job.id)
        await engine.wait([job.id])
        job = current(engine, job.id)
        assert job.status is JobStatus.SAVED and not job.error_code
        await engine.retry(job.id)  # nothing left to retry
        assert current(engine, job.id) is job
    assert Path(job.path or "").parent == tmp_path / "fine"
    assert len(sim.received("api", "POST")) == 1


async def test_removing_a_running_job_stops_it_and_cleans_up(
    paths: Paths, sim: FaultySimulator
) -> None:
    sim.config.file_size = 1_000_000
    sim.next_job_faults(JobFaults(slow_bps=500_000))
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await until(lambda: downloading_with_bytes(engine, job.id))
        planned = Path(current(engine, job.id).path or "")
        await engine.remove(job.id)
        await engine.remove("no-such-job")
        assert engine.jobs == [] and not engine.is_active(job.id)
        downloads = len(sim.received("cdn", "GET"))
        await asyncio.sleep(0.3)
        assert len(sim.received("cdn", "GET")) == downloads  # nothing fetched any more
    assert not part_path(planned).exists()
    store = HistoryStore(paths.history_db)
    assert store.load_all() == []
    store.close()


async def test_a_job_whose_post_is_on_the_way_cannot_be_removed(paths: Paths) -> None:
    with SilentService() as service:
        async with running_engine(paths, None, base_url=service.base_url) as engine:
            (job,) = await engine.submit(GenerationRequest("x"))
            await until(lambda: len(service.posts) == 1)
            await engine.remove(job.id)
            # Its row is what tells a person this job may have been charged.
            assert current(engine, job.id).status is JobStatus.SUBMITTING
    store = HistoryStore(paths.history_db)
    assert [stored.id for stored in store.load_all()] == [job.id]
    store.close()


async def test_a_task_the_service_no_longer_knows_fails_after_a_few_asks(
    paths: Paths, sim: FaultySimulator
) -> None:
    store = HistoryStore(paths.history_db)
    store.insert(
        Job(
            id="gone",
            request=GenerationRequest("x"),
            status=JobStatus.PROCESSING,
            task_id="task-unified-1-16x9-00000000",
        )
    )
    store.close()
    async with running_engine(paths, sim) as engine:
        await engine.wait(["gone"])
        job = engine.job("gone")
    assert job is not None and job.status is JobStatus.FAILED and job.error_code
    asked = [r for r in sim.received("api", "GET") if r.path.endswith("00000000")]
    assert 2 <= len(asked) <= 5
    assert sim.submissions() == []  # never made again behind the person's back


async def test_without_a_key_a_job_fails_saying_so_and_nothing_is_sent(
    paths: Paths, sim: FaultySimulator
) -> None:
    store = HistoryStore(paths.history_db)
    engine = Engine(
        store=store,
        client=None,
        downloader=Downloader(),
        options=EngineOptions(videos_dir=paths.videos),
    )
    await engine.start()
    (job,) = await engine.submit(GenerationRequest("x"))
    await engine.wait([job.id])
    job = current(engine, job.id)
    await engine.close()
    store.close()
    assert job.status is JobStatus.FAILED and job.error_code == ProblemCode.NO_KEY
    assert sim.received() == []


async def test_a_crash_after_publishing_is_finished_without_downloading_again(
    paths: Paths, sim: FaultySimulator
) -> None:
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await engine.wait([job.id])
        job = current(engine, job.id)
    video = Path(job.path or "")
    # The crash came after the file got its name, before the sidecar and the status.
    video.with_suffix(".json").unlink()
    set_status(paths, job.id, JobStatus.DOWNLOADING)
    downloads = len(sim.received("cdn", "GET"))
    async with running_engine(paths, sim) as engine:
        await engine.wait([job.id])
        again = engine.job(job.id)
    assert again is not None and again.status is JobStatus.SAVED and again.path == str(video)
    assert video.with_suffix(".json").exists()
    assert len(sim.received("cdn", "GET")) == downloads
    assert same_video(video, sim.file_bytes(job.task_id or ""))


async def test_a_link_that_ran_out_while_closed_is_fetched_again(
    paths: Paths, sim: FaultySimulator
) -> None:
    sim.config.job_seconds = 0.2
    sim.config.file_size = 1_000_000
    # A download slow enough to be caught under way: ReelDesk closes in the middle of it.
    sim.next_job_faults(JobFaults(slow_bps=2_000_000))
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await until(lambda: downloading_with_bytes(engine, job.id))
        job = current(engine, job.id)
    # Closed for longer than the link lives: ReelDesk knows its link is out of date.
    Path(job.path or "").with_name(Path(job.path or "").name + ".part").unlink(missing_ok=True)
    set_status(paths, job.id, JobStatus.COMPLETED, url_expires_at=time.time() - 60, path=None)
    polls = len(sim.received("api", "GET"))
    async with running_engine(paths, sim) as engine:
        await engine.wait([job.id])
        saved = engine.job(job.id)
    assert saved is not None and saved.status is JobStatus.SAVED
    assert len(sim.received("api", "GET")) > polls  # asked the task for a fresh link
    assert same_video(Path(saved.path or ""), sim.file_bytes(job.task_id or ""))

"""Replacing and closing connections while work is under way (the settings changed, or quitting).

New requests go to the client that replaced a retired one; work under way ends on the old one;
a request that meets a closed client gets a typed network error, never a ``RuntimeError``."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from app import errors
from app.api.client import FoxClient
from app.api.models import GenerationRequest
from app.engine.downloader import Downloader, looks_like_mp4, part_path
from app.engine.engine import Engine
from app.engine.jobs import Job, JobStatus
from app.paths import Paths
from app.simulator import JobFaults, Simulator

from .helpers import KEY, build_engine

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("loop_guard")]

NEW_KEY = "sk-replacement-8Hd3Wq"
SIZE = 100_000
RATE = 50_000


async def until(condition: Callable[[], bool], within: float = 10.0) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), within)


def job_has(engine: Engine, job_id: str, check: Callable[[Job], bool]) -> Callable[[], bool]:
    def condition() -> bool:
        job = engine.job(job_id)
        return job is not None and check(job)

    return condition


async def finished_link(sim: Simulator) -> str:
    async with FoxClient(sim.base_url, KEY) as client:
        task = await client.submit(GenerationRequest("a fox"))
        sim.finish_now(task.id)
        done = await client.get_task(task.id)
    assert done.result_url is not None
    return done.result_url


async def test_a_retired_client_sends_new_requests_on_its_successor(sim: Simulator) -> None:
    old = FoxClient(sim.base_url, KEY)
    new = FoxClient(sim.base_url, NEW_KEY)
    old.retire(new)
    await old.aclose_when_idle()  # nothing under way: closes at once
    task = await old.submit(GenerationRequest("after the change"))
    await old.get_task(task.id)
    assert [r.headers["Authorization"] for r in sim.received("api")] == [f"Bearer {NEW_KEY}"] * 2
    await new.aclose()
    with pytest.raises(errors.ConnectionNotMade):  # a typed network error, never RuntimeError
        await old.get_task(task.id)


async def test_a_request_under_way_ends_on_the_retired_client() -> None:
    arrived, answer = asyncio.Event(), asyncio.Event()

    async def slow_service(request: httpx.Request) -> httpx.Response:
        arrived.set()
        await answer.wait()
        return httpx.Response(200, json={"id": "task-1", "status": "processing", "progress": 40})

    old = FoxClient("http://127.0.0.1:9", KEY, transport=httpx.MockTransport(slow_service))
    new = FoxClient("http://127.0.0.1:9", NEW_KEY)
    polling = asyncio.create_task(old.get_task("task-1"))
    await arrived.wait()
    old.retire(new)
    closing = asyncio.create_task(old.aclose_when_idle())
    await asyncio.sleep(0.05)
    assert not closing.done()  # waits for the poll instead of cutting it
    answer.set()
    assert (await polling).progress == 40
    await asyncio.wait_for(closing, 5)
    await new.aclose()


async def test_tracking_survives_a_client_closed_under_it(paths: Paths, sim: Simulator) -> None:
    parts = build_engine(paths, sim.base_url)
    engine = parts.engine
    await engine.start()
    replacement = FoxClient(sim.base_url, KEY)
    try:
        sim.config.job_seconds = 1.0
        (job,) = await engine.submit(GenerationRequest("closed under the poller"))
        await until(job_has(engine, job.id, lambda j: j.task_id is not None))
        # Closed without a successor under the poller (the old close-on-save did this): the
        # poller takes it for a network failure, and the probe finds the next client.
        await parts.client.aclose()
        await until(job_has(engine, job.id, lambda j: j.note == "note.offline"))
        engine.set_services(replacement, parts.downloader)
        await asyncio.wait_for(engine.wait([job.id]), 15)
        saved = engine.job(job.id)
        assert saved is not None and saved.status is JobStatus.SAVED
    finally:
        await parts.close()
        await replacement.aclose()


async def test_a_retired_downloader_lets_its_download_finish(
    tmp_path: Path, sim: Simulator
) -> None:
    sim.next_job_faults(JobFaults(slow_bps=RATE))
    sim.config.file_size = SIZE
    link = await finished_link(sim)
    old, new = Downloader(), Downloader()
    progress: list[int] = []
    target = tmp_path / "slow.mp4"
    download = asyncio.create_task(
        old.fetch(link, target, on_progress=lambda done, _total: progress.append(done))
    )
    await until(lambda: bool(progress))
    old.retire(new)
    closing = asyncio.create_task(old.aclose_when_idle())
    # A new download starts on the successor at once, while the old one keeps streaming.
    quick = await new.fetch(await finished_link(sim), tmp_path / "quick.mp4")
    assert quick.size == SIZE and not download.done() and not closing.done()
    result = await download
    await asyncio.wait_for(closing, 5)
    assert result.size == SIZE and part_path(target).stat().st_size == SIZE
    assert looks_like_mp4(part_path(target))
    await new.aclose()
    with pytest.raises(errors.DownloadFailed):  # closed, no successor: typed, and no new pool
        await old.fetch(link, tmp_path / "late.mp4")


async def test_closing_cuts_a_download_and_it_resumes_elsewhere(
    tmp_path: Path, sim: Simulator
) -> None:
    sim.next_job_faults(JobFaults(slow_bps=RATE))
    sim.config.file_size = SIZE
    link = await finished_link(sim)
    first = Downloader()
    progress: list[int] = []
    target = tmp_path / "cut.mp4"
    download = asyncio.create_task(
        first.fetch(link, target, on_progress=lambda done, _total: progress.append(done))
    )
    await until(lambda: bool(progress))
    await asyncio.wait_for(first.aclose(), 5)  # bounded: does not wait for the whole file
    with pytest.raises(errors.DownloadFailed):
        await download
    kept = part_path(target).stat().st_size
    assert 0 < kept < SIZE
    second = Downloader()
    try:
        result = await second.fetch(link, target)
    finally:
        await second.aclose()
    assert result.size == SIZE and looks_like_mp4(part_path(target))
    ranges = [r.headers.get("Range") for r in sim.received("cdn", "GET")]
    assert ranges[-1] == f"bytes={kept}-"

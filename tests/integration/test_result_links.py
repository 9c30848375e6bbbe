"""The video link a task reports is followed only where ReelDesk allows (``app.links``): the
simulator's loopback links are, a link to the cloud's metadata address or to ``ftp://`` is not.
A refused link fails its job with the reason, and no request goes to it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from app.api.client import FoxClient, RetryPolicy
from app.api.models import GenerationRequest
from app.engine.downloader import Downloader
from app.engine.engine import Engine, EngineOptions
from app.engine.jobs import Job, JobStatus
from app.engine.policy import RequestBudget
from app.engine.store import HistoryStore
from app.errors import ProblemCode
from app.paths import Paths
from app.simulator.faults import FaultySimulator

from .helpers import FAST_POLICY, KEY, running_engine
from .hostile import (
    TASK_ID,
    VIDEO,
    HostileServer,
    completed,
    json_reply,
    redirect_to,
    serving,
    video_reply,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("loop_guard")]


@pytest.fixture
def server() -> Iterator[HostileServer]:
    with serving() as hostile:
        yield hostile


async def run_one(engine: Engine) -> Job:
    (job,) = await engine.submit(GenerationRequest("x"))
    await asyncio.wait_for(engine.wait([job.id]), 15)
    found = engine.job(job.id)
    assert found is not None
    return found


async def test_the_simulators_loopback_link_is_followed(paths: Paths, sim: FaultySimulator) -> None:
    async with running_engine(paths, sim) as engine:
        job = await run_one(engine)
    assert job.status is JobStatus.SAVED
    assert Path(job.path or "").stat().st_size > 0


@contextlib.asynccontextmanager
async def engine_through(paths: Paths, server: HostileServer) -> AsyncIterator[Engine]:
    """An engine whose API is ``server`` and whose downloads also go through it, as a proxy:
    any request for a video, wherever its link points, would reach ``server`` and be seen."""
    client = FoxClient(server.url, KEY, retry=RetryPolicy(attempts=2, base_delay=0.01))
    downloader = Downloader(proxy=server.url)
    store = HistoryStore(paths.history_db)
    engine = Engine(
        store=store,
        client=client,
        downloader=downloader,
        options=EngineOptions(videos_dir=paths.videos, policy=FAST_POLICY),
        budget=RequestBudget(rate=200, burst=50),
    )
    await engine.start(resume=False)
    try:
        yield engine
    finally:
        await engine.close()
        await client.aclose()
        await downloader.aclose()
        store.close()


@pytest.mark.parametrize(
    ("link", "code"),
    [
        ("http://169.254.169.254/latest/meta-data/iam/v.mp4", ProblemCode.LINK_REFUSED),
        ("https://169.254.169.254/latest/meta-data/iam/v.mp4", ProblemCode.LINK_REFUSED),
        # Reading the reply already passes over anything but an http(s) link: the task
        # never gave one it could use.
        ("ftp://127.0.0.1/v.mp4", ProblemCode.NO_RESULT),
    ],
    ids=["http-link-local", "https-link-local", "ftp"],
)
async def test_a_link_reeldesk_will_not_open_fails_the_job_and_is_never_requested(
    paths: Paths, server: HostileServer, link: str, code: ProblemCode
) -> None:
    server.serve_task(json_reply(completed(link)))
    async with engine_through(paths, server) as engine:
        job = await run_one(engine)
    assert job.status is JobStatus.FAILED
    assert job.error_code == code
    # Only the submit and the polls of the task: nothing for the video.
    paths_seen = {path.split("?")[0] for _method, path, _headers in server.seen}
    assert paths_seen == {"/v1/videos/generations", f"/v1/tasks/{TASK_ID}"}
    # No file name was reserved for it either.
    assert not paths.videos.exists() or not any(paths.videos.iterdir())


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/iam/v.mp4",
        "http://10.1.2.3/v.mp4",
        "http://[fd00::7]/v.mp4",
    ],
    ids=["link-local", "private", "private-ipv6"],
)
async def test_a_redirect_to_where_a_link_may_not_point_fails_the_job_unasked(
    paths: Paths, server: HostileServer, target: str
) -> None:
    link = f"{server.url}/v.mp4"  # allowed: loopback, like the API
    server.serve_task(json_reply(completed(link)))
    # Downloads go through ``server`` as a proxy: it sees (and would answer) every hop.
    server.route("GET", link, redirect_to(target))
    server.route("GET", target, video_reply())
    async with engine_through(paths, server) as engine:
        job = await run_one(engine)
    assert job.status is JobStatus.FAILED
    assert job.error_code == ProblemCode.LINK_REFUSED
    assert "address" in job.error_message
    asked = [path for _method, path, _headers in server.seen]
    assert link in asked and target not in asked
    assert not any(paths.videos.rglob("*.mp4*"))


async def test_a_redirect_within_the_same_place_is_followed(
    paths: Paths, server: HostileServer
) -> None:
    link, moved = f"{server.url}/v.mp4", f"{server.url}/cdn/v.mp4"
    server.serve_task(json_reply(completed(link)))
    server.route("GET", link, redirect_to(moved))
    server.route("GET", moved, video_reply())
    async with engine_through(paths, server) as engine:
        job = await run_one(engine)
    assert job.status is JobStatus.SAVED
    assert Path(job.path or "").read_bytes() == VIDEO

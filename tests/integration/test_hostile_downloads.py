"""Downloads from a misbehaving CDN on loopback: a redirect loop, a file larger than the free
space, a server that goes silent or trickles. Each attempt ends; the saver retries (with
``Range``) or stalls the job with a reason, and never leaves it stuck in "Saving"."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import errors
from app.api.models import GenerationRequest
from app.engine import downloader as downloader_module
from app.engine.downloader import Downloader, part_path
from app.engine.jobs import Job, JobStatus
from app.paths import Paths

from .helpers import running_engine
from .hostile import (
    VIDEO,
    HostileServer,
    Reply,
    body_reply,
    completed,
    json_reply,
    redirect_to,
    serving,
    trickle_reply,
    video_reply,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("loop_guard")]


@pytest.fixture
def server() -> Iterator[HostileServer]:
    with serving() as hostile:
        yield hostile


@pytest.fixture
def quick_stall(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stall detection scaled down: under 1 KiB in half a second is a stall."""
    monkeypatch.setattr(downloader_module, "STALL_SECONDS", 0.5)
    monkeypatch.setattr(downloader_module, "STALL_BYTES", 1024)


async def finished_job(paths: Paths, server: HostileServer, *cdn: Reply) -> Job:
    """Submit one job whose link is ``/v.mp4`` on ``server``, answered by ``cdn`` in turn."""
    server.serve_task(json_reply(completed(f"{server.url}/v.mp4")))
    server.route("GET", "/v.mp4", *cdn)
    async with running_engine(paths, None, base_url=server.url) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await asyncio.wait_for(engine.wait([job.id]), 15)
        found = engine.job(job.id)
    assert found is not None
    return found


async def test_a_redirect_loop_fails_each_attempt_and_then_stalls_with_the_reason(
    paths: Paths, server: HostileServer
) -> None:
    job = await finished_job(paths, server, redirect_to("/v.mp4"))
    assert job.status is JobStatus.COMPLETED
    assert job.error_code == errors.ProblemCode.DOWNLOAD
    assert "redirect" in job.error_message.lower()
    # Five attempts of six requests each (the first and five redirects).
    assert len(server.requests("GET", "/v.mp4")) == 5 * 6


async def test_a_file_larger_than_the_free_space_is_refused_and_nothing_written(
    paths: Paths, server: HostileServer
) -> None:
    paths.videos.mkdir(parents=True, exist_ok=True)
    claim = shutil.disk_usage(paths.videos).free + 10 * 2**30
    headers = {"Content-Length": str(claim), "Connection": "close"}
    lying = body_reply(VIDEO, content_type="video/mp4", headers=headers)
    job = await finished_job(paths, server, lying)
    assert job.status is JobStatus.COMPLETED
    assert job.error_code == errors.ProblemCode.DISK_FULL
    assert str(paths.videos) in job.error_message
    assert len(server.requests("GET", "/v.mp4")) == 1
    # The name stays reserved (an empty ``.part``) for a resume once there is room.
    assert [f.stat().st_size for f in paths.videos.iterdir()] == [0]


async def test_a_resume_larger_than_the_free_space_keeps_the_partial_file(
    tmp_path: Path, server: HostileServer
) -> None:
    final = tmp_path / "v.mp4"
    part_path(final).write_bytes(VIDEO[:1000])
    total = shutil.disk_usage(tmp_path).free + 10 * 2**30
    server.route(
        "GET",
        "/v.mp4",
        body_reply(
            VIDEO[1000:],
            status=206,
            content_type="video/mp4",
            headers={
                "Content-Range": f"bytes 1000-{total - 1}/{total}",
                "Content-Length": str(total - 1000),
                "Connection": "close",
            },
        ),
    )
    downloader = Downloader()
    try:
        with pytest.raises(errors.DiskFull, match=str(tmp_path)):
            await downloader.fetch(f"{server.url}/v.mp4", final)
    finally:
        await downloader.aclose()
    assert part_path(final).read_bytes() == VIDEO[:1000]
    assert server.requests("GET", "/v.mp4")[0]["Range"] == "bytes=1000-"


@pytest.mark.usefixtures("quick_stall")
@pytest.mark.parametrize("every", [0.0, 0.05], ids=["silent", "trickling"])
async def test_a_stalled_download_is_cut_and_resumed_with_range(
    paths: Paths, server: HostileServer, every: float
) -> None:
    job = await finished_job(paths, server, trickle_reply(first=100, every=every), video_reply())
    assert job.status is JobStatus.SAVED
    first, second = server.requests("GET", "/v.mp4")
    assert "Range" not in first
    assert int(second["Range"].removeprefix("bytes=").rstrip("-")) >= 100
    assert Path(job.path or "").read_bytes() == VIDEO

"""Jobs that start from pictures, through the engine against the simulator on loopback, with
real SQLite and files: uploaded right before the POST, sent once, a crash while uploading
recovered, the pictures kept beside the take, and a take continued from its last frame."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from app.api.client import FoxClient
from app.api.models import GenerationRequest, Mode, Picture, Resolution
from app.continuation import chain, continue_frame, continued
from app.engine.jobs import Job, JobStatus
from app.engine.store import read_history
from app.paths import Paths
from app.simulator.faults import FaultySimulator
from tests.pictures import mean_difference, picture_frame, small_rgb, video_frames, write_picture

from .helpers import running_engine
from .test_send_queue import queue_engine

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("loop_guard")]


def saved(engine: Any, job: Job) -> Job:
    current = engine.job(job.id)
    assert current is not None
    assert current.status is JobStatus.SAVED, (current.status, current.error_message)
    return current


def stored(paths: Paths, job_id: str) -> Job:
    return next(job for job in read_history(paths.history_db) if job.id == job_id)


async def test_an_image_job_uploads_then_posts_once_and_keeps_its_picture(
    paths: Paths, sim: FaultySimulator, tmp_path: Path
) -> None:
    still = write_picture(tmp_path / "still.png", 192, 108, seed=3)
    request = GenerationRequest("the lake ripples", image=Picture(str(still)))
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(request)
        await engine.wait([job.id])
        job = saved(engine, job)
    api = [r for r in sim.received("api", "POST")]
    assert [r.path for r in api] == ["/v1/files/upload/stream", "/v1/videos/generations"]
    body = api[1].json()
    assert body["model"] == "pixverse-v6-image-to-video" and "aspect_ratio" not in body
    assert body["image_url"].startswith(sim.cdn_url) and isinstance(body["seed"], int)
    # The history keeps the local picture, its digest and where it was uploaded.
    kept = stored(paths, job.id).request
    assert kept.mode is Mode.IMAGE and kept.image is not None
    assert (kept.image.path, kept.image.url) == (str(still), body["image_url"])
    assert len(kept.image.sha256) == 64
    video = Path(job.path or "")
    beside = video.with_name(video.stem + ".first.png")
    assert beside.read_bytes() == still.read_bytes()
    sidecar = json.loads(video.with_suffix(".json").read_text())
    assert sidecar["mode"] == "image" and sidecar["model"] == "pixverse-v6-image-to-video"
    assert sidecar["pictures"] == {"image": beside.name}
    assert sidecar["request"]["image"]["path"] == str(still)
    first = video_frames(video)[0]
    assert mean_difference(small_rgb(first), small_rgb(picture_frame(still.read_bytes()))) < 3
    async with running_engine(paths, sim) as engine:
        await engine.remove(job.id, delete_file=True)
    assert not video.exists() and not beside.exists() and still.exists()


async def test_a_transition_sends_both_pictures_and_no_seed(
    paths: Paths, sim: FaultySimulator, tmp_path: Path
) -> None:
    first = write_picture(tmp_path / "a.png", 128, 128, seed=0)
    last = write_picture(tmp_path / "b.jpg", 128, 128, "jpeg", seed=1)
    request = GenerationRequest(
        "dusk to dawn",
        resolution=Resolution.P540,
        image=Picture(str(first)),
        image_tail=Picture(str(last)),
    )
    async with running_engine(paths, sim) as engine:
        jobs = await engine.submit(request, count=2)
        await engine.wait(job.id for job in jobs)
        videos = [Path(saved(engine, job).path or "") for job in jobs]
    bodies = [r.json() for r in sim.submissions()]
    assert len(bodies) == 2 and len(sim.uploads()) == 4  # each job uploads right before it
    for body in bodies:
        assert body["model"] == "pixverse-c1-transition" and "seed" not in body
        assert body["image_tail_url"] != body["image_url"]
    frames = video_frames(videos[0])
    assert mean_difference(small_rgb(frames[-1]), small_rgb(picture_frame(last.read_bytes()))) < 3
    assert videos[0].with_name(videos[0].stem + ".last.jpg").read_bytes() == last.read_bytes()


async def test_a_picture_gone_before_its_turn_fails_the_job_with_nothing_sent(
    paths: Paths, sim: FaultySimulator, tmp_path: Path
) -> None:
    still = write_picture(tmp_path / "still.webp", kind="webp")
    async with queue_engine(paths, sim) as engine:
        await engine.pause_queue()
        (job,) = await engine.submit(GenerationRequest("x", image=Picture(str(still))))
        still.unlink()
        await engine.resume_queue()
        await engine.wait([job.id])
        job = engine.job(job.id) or job
    assert job.status is JobStatus.FAILED and job.error_code == "invalid_picture"
    assert str(still) in job.error_message or job.error_message
    assert sim.uploads() == [] and sim.submissions() == []


async def test_a_busy_upload_waits_and_goes_again_and_a_refused_key_sends_nothing(
    paths: Paths, sim: FaultySimulator, tmp_path: Path
) -> None:
    still = write_picture(tmp_path / "still.png")
    sim.queue_error("upload", 503, error_type="service_unavailable_error", message="busy")
    async with queue_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x", image=Picture(str(still))))
        await engine.wait([job.id])
        saved(engine, job)
    assert len(sim.uploads()) == 2 and len(sim.submissions()) == 1
    sim.queue_error("upload", 401, error_type="authentication_error", message="bad key")
    async with queue_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x", image=Picture(str(still))))
        await engine.wait([job.id])
        job = engine.job(job.id) or job
    assert job.status is JobStatus.FAILED and job.error_code == "auth"
    assert len(sim.submissions()) == 1


async def test_closing_while_uploading_leaves_the_job_queued_and_it_is_sent_once_later(
    paths: Paths, sim: FaultySimulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    still = write_picture(tmp_path / "still.png")
    uploaded = asyncio.Event()
    real_upload = FoxClient.upload

    async def upload_then_hang(self: FoxClient, *args: Any, **kwargs: Any) -> Any:
        await real_upload(self, *args, **kwargs)  # the service has the picture now
        uploaded.set()
        await asyncio.Event().wait()  # the process ends before the POST would go

    monkeypatch.setattr(FoxClient, "upload", upload_then_hang)
    async with queue_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x", image=Picture(str(still))))
        await uploaded.wait()
    monkeypatch.setattr(FoxClient, "upload", real_upload)
    assert len(sim.uploads()) == 1 and sim.submissions() == []
    assert stored(paths, job.id).status is JobStatus.QUEUED  # not sent, and known to be
    async with queue_engine(paths, sim) as engine:
        await engine.wait([job.id])
        saved(engine, job)
    assert len(sim.uploads()) == 2 and len(sim.submissions()) == 1


async def test_a_continued_take_starts_on_its_parents_last_frame(
    paths: Paths, sim: FaultySimulator, tmp_path: Path
) -> None:
    async with running_engine(paths, sim) as engine:
        (parent,) = await engine.submit(GenerationRequest("a red fox", duration=3))
        await engine.wait([parent.id])
        parent = saved(engine, parent)
        frame = await asyncio.to_thread(continue_frame, parent, paths.data)
        request = continued(parent.request, frame, "the fox runs into the woods")
        (child,) = await engine.submit(request, parent_id=parent.id)
        await engine.wait([child.id])
        child = saved(engine, child)
        links = chain(parent, engine.jobs)
        assert links.parent is None and [job.id for job in links.children] == [child.id]
        assert chain(child, engine.jobs).parent == engine.job(parent.id)
    assert Path(frame.path).parent == paths.data / "frames"
    assert child.request.duration == 3 and child.request.mode is Mode.IMAGE
    assert stored(paths, child.id).parent_id == parent.id
    parent_last = video_frames(Path(parent.path or ""))[-1]
    child_first = video_frames(Path(child.path or ""))[0]
    assert (child_first.width, child_first.height) == (parent_last.width, parent_last.height)
    assert mean_difference(small_rgb(child_first), small_rgb(parent_last)) < 3
    parent_first = video_frames(Path(parent.path or ""))[0]
    assert mean_difference(small_rgb(child_first), small_rgb(parent_first)) > 3

"""Pictures in, against the real simulator on loopback: uploads (stream and base64), the two
picture models with the service's refusals, and clips that start on the uploaded picture."""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path

import httpx
import pytest

from app import errors
from app.api.client import FoxClient
from app.api.models import GenerationRequest, Picture, Resolution, TaskStatus
from app.simulator.faults import FaultySimulator
from tests.pictures import (
    mean_difference,
    picture_bytes,
    picture_frame,
    small_rgb,
    video_frames,
    write_picture,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("loop_guard")]

AUTH = {"Authorization": "Bearer sk-test"}


async def _finished(client: FoxClient, task_id: str) -> str:
    for _ in range(100):
        task = await client.get_task(task_id)
        if task.status is TaskStatus.COMPLETED and task.result_url:
            return task.result_url
        await asyncio.sleep(0.05)
    raise AssertionError("the task never finished")


async def test_an_uploaded_picture_is_served_by_the_cdn_and_starts_the_video(
    sim: FaultySimulator, tmp_path: Path
) -> None:
    still = write_picture(tmp_path / "still.png", 160, 90, seed=1)
    async with FoxClient(sim.base_url, "sk-test") as client:
        uploaded = await client.upload(still, mime="image/png")
        assert uploaded.url.startswith(sim.cdn_url + "/uploads/")
        assert uploaded.filename == "still.png" and uploaded.size == still.stat().st_size
        request = GenerationRequest(
            "the lake ripples", image=Picture(str(still)).uploaded(uploaded.url)
        )
        task = await client.submit(request)
        url = await _finished(client, task.id)
    assert sim.submissions()[-1].json()["image_url"] == uploaded.url
    upload = sim.uploads()[-1]
    assert upload.path == "/v1/files/upload/stream"
    assert upload.headers["Content-Type"].startswith("multipart/form-data")
    async with httpx.AsyncClient() as cdn:
        served = await cdn.get(uploaded.url)
        video = await cdn.get(url)
    assert served.content == still.read_bytes()
    assert served.headers["Content-Type"] == "image/png"
    frames = video_frames(video.content)
    assert (frames[0].width, frames[0].height) == (320, 180)
    picture = small_rgb(picture_frame(still.read_bytes()))
    assert mean_difference(small_rgb(frames[0]), picture) < 3
    assert mean_difference(small_rgb(frames[-1]), picture) > 4, "the clip does not move"


async def test_a_transition_starts_on_the_first_picture_and_ends_on_the_last(
    sim: FaultySimulator, tmp_path: Path
) -> None:
    first = write_picture(tmp_path / "a.jpg", 90, 160, "jpeg", seed=0)
    last = write_picture(tmp_path / "b.webp", 180, 320, "webp", seed=1)
    async with FoxClient(sim.base_url, "sk-test") as client:
        urls = {
            "image": (await client.upload(first)).url,
            "image_tail": (await client.upload(last)).url,
        }
        request = GenerationRequest(
            "day turns to night",
            resolution=Resolution.P540,
            image=Picture(str(first)),
            image_tail=Picture(str(last)),
        ).with_uploads(urls)
        task = await client.submit(request)
        url = await _finished(client, task.id)
    async with httpx.AsyncClient() as cdn:
        frames = video_frames((await cdn.get(url)).content)
    assert (frames[0].width, frames[0].height) == (180, 320)
    start, end = (
        small_rgb(picture_frame(first.read_bytes())),
        small_rgb(picture_frame(last.read_bytes())),
    )
    assert mean_difference(small_rgb(frames[0]), start) < 3
    assert mean_difference(small_rgb(frames[-1]), end) < 3
    assert mean_difference(start, end) > 10


async def test_the_base64_twin_takes_a_picture_too(sim: FaultySimulator) -> None:
    data = picture_bytes(40, 30, "jpeg")
    async with httpx.AsyncClient(base_url=sim.base_url, headers=AUTH) as raw:
        reply = await raw.post(
            "/v1/files/upload/base64",
            json={"file_data": base64.b64encode(data).decode(), "file_name": "x.jpg"},
        )
        assert reply.status_code == 200
        served = await raw.get(reply.json()["url"])
        refused = await raw.post("/v1/files/upload/base64", json={"file_data": "%%%"})
    assert served.content == data and served.headers["Content-Type"] == "image/jpeg"
    assert refused.status_code == 400


async def _post(sim: FaultySimulator, body: dict[str, object]) -> httpx.Response:
    async with httpx.AsyncClient(base_url=sim.base_url, headers=AUTH) as raw:
        return await raw.post("/v1/videos/generations", json=body)


async def _uploaded(sim: FaultySimulator, data: bytes, name: str = "p.png") -> str:
    async with httpx.AsyncClient(base_url=sim.base_url, headers=AUTH) as raw:
        reply = await raw.post("/v1/files/upload/stream", files={"file": (name, data)})
    assert reply.status_code == 200, reply.text
    return str(reply.json()["url"])


async def test_picture_models_are_refused_as_the_service_would(sim: FaultySimulator) -> None:
    good = await _uploaded(sim, picture_bytes(64, 48))
    gif = await _uploaded(sim, b"GIF89a" + bytes(64), "a.gif")
    wide = await _uploaded(sim, picture_bytes(10_001, 2))
    i2v = {"model": "pixverse-v6-image-to-video", "prompt": "p"}
    cases = [
        ({**i2v}, 400, "image_url is required"),
        ({**i2v, "image_url": good, "aspect_ratio": "16:9"}, 422, "aspect_ratio"),
        ({**i2v, "image_url": good, "style": "anime"}, 422, "style"),
        ({**i2v, "image_url": "not a url"}, 422, "image_url"),
        ({**i2v, "image_url": sim.cdn_url + "/uploads/nothing.png"}, 422, "fetched"),
        ({**i2v, "image_url": gif}, 422, "PNG, JPEG or WebP"),
        ({**i2v, "image_url": wide}, 422, "10001x2"),
        (
            {
                "model": "pixverse-c1-transition",
                "prompt": "p",
                "image_url": good,
                "image_tail_url": good,
                "resolution": "1080p",
            },
            422,
            "resolution",
        ),
        (
            {"model": "pixverse-c1-transition", "prompt": "p", "image_url": good, "seed": 1},
            422,
            "seed",
        ),
    ]
    for body, status, words in cases:
        reply = await _post(sim, body)
        assert reply.status_code == status, (body, reply.text)
        assert reply.json()["error"]["type"] == "invalid_request_error"
        assert words in reply.json()["error"]["message"], reply.text
    assert sim.task_ids() == []
    accepted = await _post(sim, {**i2v, "image_url": good, "resolution": "540p"})
    assert accepted.status_code == 200
    assert accepted.json()["model"] == "pixverse-v6-image-to-video"


async def test_an_upload_is_refused_like_other_calls(sim: FaultySimulator, tmp_path: Path) -> None:
    still = write_picture(tmp_path / "still.png")
    async with FoxClient(sim.base_url, "") as anonymous:
        with pytest.raises(errors.AuthenticationFailed):
            await anonymous.upload(still)
    sim.queue_error("upload", 503, error_type="service_unavailable_error", message="busy")
    async with FoxClient(sim.base_url, "sk-test") as client:
        with pytest.raises(errors.ServiceUnavailable):
            await client.upload(still)
        first = await client.upload(still)
        again = await client.upload(still)  # costs nothing: may be repeated
    assert first.url != again.url
    assert sim.submissions() == []

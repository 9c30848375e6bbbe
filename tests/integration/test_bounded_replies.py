"""Replies from a misbehaving API on loopback: too deep, too large. Each is a bad reply the
tracker survives (and asks again later), never a crash or a process full of one reply."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app import errors
from app.api.client import FoxClient
from app.api.models import GenerationRequest
from app.api.replies import MAX_REPLY_BYTES, RAW_REPLY_LIMIT, TRUNCATED
from app.engine.engine import Engine
from app.engine.jobs import Job, JobStatus
from app.engine.store import HistoryStore
from app.paths import Paths

from .helpers import KEY, running_engine
from .hostile import (
    TASK_ID,
    VIDEO,
    HostileServer,
    body_reply,
    completed,
    endless_reply,
    json_reply,
    serving,
    task,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("loop_guard")]

DEEP = b"[" * 100_000 + b"]" * 100_000
TASK_PATH = f"/v1/tasks/{TASK_ID}"


@pytest.fixture
def server() -> Iterator[HostileServer]:
    with serving() as hostile:
        yield hostile


async def saved_job(paths: Paths, server: HostileServer) -> Job:
    """Submit one job to ``server`` and follow it until nothing more happens."""
    async with running_engine(paths, None, base_url=server.url) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await asyncio.wait_for(engine.wait([job.id]), 20)
        return current(engine, job)


def current(engine: Engine, job: Job) -> Job:
    found = engine.job(job.id)
    assert found is not None
    return found


def sixty_megabytes() -> Iterator[bytes]:
    """A valid task reply of 60 MB: the padding is one long string."""
    yield b'{"id": "' + TASK_ID.encode() + b'", "status": "pending", "padding": "'
    for _ in range(60):
        yield b"x" * (1024 * 1024)
    yield b'"}'


async def test_a_deeply_nested_task_reply_is_a_bad_reply_and_polling_goes_on(
    paths: Paths, server: HostileServer
) -> None:
    server.route("GET", "/v.mp4", body_reply(VIDEO, content_type="video/mp4"))
    server.serve_task(body_reply(DEEP), json_reply(completed(f"{server.url}/v.mp4")))
    job = await saved_job(paths, server)
    assert job.status is JobStatus.SAVED
    assert len(server.requests("GET", TASK_PATH)) >= 2
    assert Path(job.path or "").read_bytes() == VIDEO


async def test_nesting_just_past_the_limit_is_refused_below_it_read(
    server: HostileServer,
) -> None:
    # 200 levels decode without running out of stack; they are still refused, so nothing
    # downstream (the history, the raw reply view) ever meets them.
    nested: object = task("pending")
    for _ in range(200):
        nested = [nested]
    server.route(
        "GET", "/v1/tasks/a", json_reply({**task("pending"), "extra": nested}), json_reply({})
    )
    async with FoxClient(server.url, KEY) as client:
        with pytest.raises(errors.BadResponse, match="nested deeper"):
            await client.get_task("a")


async def test_a_deeply_nested_error_page_keeps_its_status(server: HostileServer) -> None:
    server.route("GET", "/v1/tasks/a", body_reply(DEEP, status=503))
    async with FoxClient(server.url, KEY) as client:
        with pytest.raises(errors.ServiceUnavailable):
            await client.get_task("a")


async def test_a_sixty_megabyte_reply_is_cut_off_and_refused(server: HostileServer) -> None:
    server.route("GET", "/v1/tasks/big", endless_reply(sixty_megabytes()))
    async with FoxClient(server.url, KEY) as client:
        with pytest.raises(errors.BadResponse, match="larger than"):
            await client.get_task("big")
    await asyncio.sleep(0.1)  # the server notices the hang-up at its next write
    # Loopback buffers hold a few MB more than was read: far from all of it.
    assert server.sent["/v1/tasks/big"] < 30 * 1024 * 1024


async def test_a_reply_announcing_too_many_bytes_is_refused_unread(server: HostileServer) -> None:
    body = json.dumps(task("pending", padding="x" * MAX_REPLY_BYTES)).encode()
    server.route("GET", "/v1/tasks/big", body_reply(body))
    async with FoxClient(server.url, KEY) as client:
        with pytest.raises(errors.BadResponse, match="larger than"):
            await client.get_task("big")


async def test_a_huge_error_page_is_cut_and_still_mapped_by_status(server: HostileServer) -> None:
    page = iter([b"<html>" * 200_000] * 50)  # 60 MB
    server.route("POST", "/v1/videos/generations", endless_reply(page, status=429))
    async with FoxClient(server.url, KEY) as client:
        with pytest.raises(errors.RateLimited) as caught:
            await client.submit(GenerationRequest("x"))
    assert len(caught.value.body) <= 2000
    await asyncio.sleep(0.1)
    assert server.sent.get("/v1/videos/generations", 0) < 30 * 1024 * 1024


async def test_a_job_keeps_a_bounded_excerpt_of_a_large_reply(
    paths: Paths, server: HostileServer
) -> None:
    padding = "p" * (MAX_REPLY_BYTES // 2)
    server.route("GET", "/v.mp4", body_reply(VIDEO, content_type="video/mp4"))
    server.serve_task(json_reply(completed(f"{server.url}/v.mp4", padding=padding)))
    job = await saved_job(paths, server)
    assert job.status is JobStatus.SAVED
    for kept in (job.raw_reply, _stored_reply(paths, job.id)):
        assert kept is not None
        assert len(json.dumps(kept)) <= RAW_REPLY_LIMIT + 1000
        assert kept["status"] == "completed" and kept["id"] == TASK_ID
        assert kept[TRUNCATED] == ["padding"]


def _stored_reply(paths: Paths, job_id: str) -> dict[str, Any] | None:
    store = HistoryStore(paths.history_db)
    try:
        return store.load_reply(job_id)
    finally:
        store.close()


async def test_a_submit_reply_too_deep_to_read_makes_the_job_unknown_not_failed(
    paths: Paths, server: HostileServer
) -> None:
    # The POST reached the service, which may have made (and charged) the task: only a
    # person may send it again.
    server.route("POST", "/v1/videos/generations", body_reply(DEEP))
    async with running_engine(paths, None, base_url=server.url) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await asyncio.wait_for(engine.wait([job.id]), 20)
        job = current(engine, job)
    assert job.status is JobStatus.UNKNOWN and job.error_code == "bad_response"
    assert len(server.requests("POST", "/v1/videos/generations")) == 1


async def test_an_upload_reply_is_bounded_like_any_other(
    server: HostileServer, tmp_path: Path
) -> None:
    still = tmp_path / "still.png"
    still.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    server.route("POST", "/v1/files/upload/stream", endless_reply(sixty_megabytes()))
    async with FoxClient(server.url, KEY) as client:
        with pytest.raises(errors.BadResponse, match="larger than"):
            await client.upload(still)
    page = iter([b"<html>" * 200_000] * 50)
    server.route("POST", "/v1/files/upload/stream", endless_reply(page, status=503))
    async with FoxClient(server.url, KEY) as client:
        with pytest.raises(errors.ServiceUnavailable) as caught:
            await client.upload(still)
    assert len(caught.value.body) <= 2000
    (sent, *_rest) = server.requests("POST", "/v1/files/upload/stream")
    assert sent["Content-Type"].startswith("multipart/form-data")
    assert sent["Authorization"] == f"Bearer {KEY}"

"""A submit whose reply trickles in a byte a second never trips the read timeout; the overall
deadline ends it, and the job is ``unknown`` (the POST went out: it may be charged)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest

from app import errors
from app.api import client as client_module
from app.api.models import GenerationRequest
from app.engine.jobs import JobStatus
from app.paths import Paths

from .helpers import running_engine
from .hostile import Handler, HostileServer, Reply, serving, task

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("loop_guard")]

REPLY = json.dumps(task("pending")).encode()
WHOLE_REPLY = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    + f"Content-Length: {len(REPLY)}\r\n\r\n".encode()
    + REPLY
)


@pytest.fixture
def server() -> Iterator[HostileServer]:
    with serving() as hostile:
        yield hostile


def dribble(head: bytes) -> Reply:
    """Send ``head`` at once, then the rest of a valid reply one byte a second."""

    def reply(handler: Handler) -> None:
        handler.close_connection = True
        handler.wfile.write(head)
        handler.wfile.flush()
        for byte in WHOLE_REPLY[len(head) :]:
            if handler.server.released.wait(1.0):
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()

    return reply


@pytest.mark.parametrize(
    "head",
    [b"", WHOLE_REPLY[: WHOLE_REPLY.index(b"\r\n\r\n") + 4]],
    ids=["status-line", "body"],
)
async def test_a_trickling_submit_reply_is_cut_at_the_deadline_and_left_unknown(
    paths: Paths, server: HostileServer, monkeypatch: pytest.MonkeyPatch, head: bytes
) -> None:
    monkeypatch.setattr(client_module, "SUBMIT_DEADLINE", 1.5)
    server.route("POST", "/v1/videos/generations", dribble(head))
    async with running_engine(paths, None, base_url=server.url) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await asyncio.wait_for(engine.wait([job.id]), 10)
        found = engine.job(job.id)
    assert found is not None
    assert found.status is JobStatus.UNKNOWN
    assert found.error_code == errors.ProblemCode.REPLY_LOST
    assert found.task_id is None
    # Sent once, never again: a second POST could be charged a second time.
    assert len(server.requests("POST", "/v1/videos/generations")) == 1

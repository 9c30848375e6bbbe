"""A video's body read straight from the connection (``app.engine.downloader._body``), over
loopback: the same bytes as httpx would give, in large reads, and the same endings when the
CDN sends a short body, goes silent halfway, resumes with ``Range`` or sends chunks."""

from __future__ import annotations

import asyncio
import os
import socket
import struct
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app import errors
from app.engine import downloader as downloader_module
from app.engine.downloader import Downloader, part_path

from .hostile import Handler, HostileServer, Reply, serving, trickle_reply, video_reply

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("loop_guard")]

#: An MP4 to the downloader, of some 1.5 MB: well past the first chunk httpx reads with the
#: headers (64 KiB) and past one direct read (1 MiB).
BIG = struct.pack(">I4s", 24, b"ftyp") + b"isom" + bytes(12) + struct.pack(">I4s", 8, b"free")
BIG += bytes(range(256)) * (1_500_000 // 256)


@pytest.fixture
def server() -> Iterator[HostileServer]:
    with serving() as hostile:
        yield hostile


async def download(url: str, final: Path) -> None:
    downloader = Downloader()
    try:
        await downloader.fetch(url, final)
    finally:
        await downloader.aclose()


def chunked_reply(body: bytes, piece: int = 100_000) -> Reply:
    """A body in chunked transfer coding, with no ``Content-Length``."""

    def reply(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "video/mp4")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        for start in range(0, len(body), piece):
            part = body[start : start + piece]
            handler.write_counted(b"%x\r\n%s\r\n" % (len(part), part))
        handler.write_counted(b"0\r\n\r\n")

    return reply


def cut_reply(body: bytes, keep: int) -> Reply:
    """Announces all of ``body``, sends ``keep`` bytes of it and hangs up."""

    def reply(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "video/mp4")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.write_counted(body[:keep])
        handler.close_connection = True

    return reply


def padded_reply(body: bytes) -> Reply:
    """``body`` as announced, then bytes past its end that belong to no answer."""

    def reply(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "video/mp4")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.write_counted(body + b"<html>not the video</html>" * 100)
        handler.close_connection = True

    return reply


def read_body(server: HostileServer) -> list[bytes]:
    """The pieces ``_body`` gives for ``/v.mp4``, once the server has sent all of it."""
    # A receive buffer that holds the whole body, so the reads' sizes do not depend on how
    # fast the server writes.
    roomy = [(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * len(BIG))]
    transport = httpx.HTTPTransport(socket_options=roomy)
    with (
        httpx.Client(transport=transport) as client,
        client.stream("GET", f"{server.url}/v.mp4") as response,
    ):
        deadline = time.monotonic() + 10
        while server.sent.get("/v.mp4", 0) < len(BIG) and time.monotonic() < deadline:
            time.sleep(0.01)
        stream = downloader_module._direct(response)
        return list(downloader_module._body(response, stream, 5.0))


async def test_a_body_of_known_length_is_read_in_large_pieces(server: HostileServer) -> None:
    """The bytes past the first chunk come a megabyte a time, not httpx's 64 KiB at a time
    through its parser (which held the window's thread back while videos streamed)."""
    server.route("GET", "/v.mp4", video_reply(BIG))
    chunks = await asyncio.to_thread(read_body, server)
    assert b"".join(chunks) == BIG
    assert max(map(len, chunks)) > 64 * 1024


async def test_a_large_video_arrives_whole(tmp_path: Path, server: HostileServer) -> None:
    server.route("GET", "/v.mp4", video_reply(BIG))
    final = tmp_path / "v.mp4"
    await download(f"{server.url}/v.mp4", final)
    assert part_path(final).read_bytes() == BIG


async def test_bytes_past_the_announced_length_are_not_kept(
    tmp_path: Path, server: HostileServer
) -> None:
    server.route("GET", "/v.mp4", padded_reply(BIG))
    final = tmp_path / "v.mp4"
    await download(f"{server.url}/v.mp4", final)
    assert part_path(final).read_bytes() == BIG


async def test_a_chunked_body_arrives_whole(tmp_path: Path, server: HostileServer) -> None:
    server.route("GET", "/v.mp4", chunked_reply(BIG))
    final = tmp_path / "v.mp4"
    await download(f"{server.url}/v.mp4", final)
    assert part_path(final).read_bytes() == BIG


async def test_a_resume_continues_where_the_partial_file_ends(
    tmp_path: Path, server: HostileServer
) -> None:
    server.route("GET", "/v.mp4", video_reply(BIG))
    final = tmp_path / "v.mp4"
    part_path(final).write_bytes(BIG[:300_000])
    await download(f"{server.url}/v.mp4", final)
    assert server.requests("GET", "/v.mp4")[0]["Range"] == "bytes=300000-"
    assert part_path(final).read_bytes() == BIG


async def test_a_body_cut_short_keeps_its_bytes_for_the_resume(
    tmp_path: Path, server: HostileServer
) -> None:
    server.route("GET", "/v.mp4", cut_reply(BIG, 1_200_000))
    final = tmp_path / "v.mp4"
    with pytest.raises(errors.DownloadFailed):
        await download(f"{server.url}/v.mp4", final)
    assert part_path(final).read_bytes() == BIG[:1_200_000]


async def test_a_cdn_silent_halfway_is_cut_as_a_stall(
    tmp_path: Path, server: HostileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(downloader_module, "STALL_SECONDS", 0.5)
    server.route("GET", "/v.mp4", trickle_reply(BIG, first=400_000, every=0))
    final = tmp_path / "v.mp4"
    with pytest.raises(errors.DownloadFailed, match=r"stalled: no data for 0\.5 s"):
        await download(f"{server.url}/v.mp4", final)
    assert part_path(final).read_bytes() == BIG[:400_000]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SCHED_IDLE is Linux's")
async def test_a_body_is_copied_on_a_thread_that_gives_way_to_the_window(
    tmp_path: Path, server: HostileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The request and its headers (much Python, holding the interpreter lock) go out on a
    thread at a lower priority; the body is copied on one that runs only when a CPU has
    nothing else to do, so the window's thread never waits for a CPU behind it."""
    asked: list[tuple[int, int]] = []
    copied: list[int] = []
    real_open, real_body = downloader_module._open, downloader_module._body

    def watched_open(*args: Any) -> httpx.Response:
        thread = threading.get_native_id()
        asked.append((os.sched_getscheduler(0), os.getpriority(os.PRIO_PROCESS, thread)))
        return real_open(*args)

    def watched_body(*args: Any) -> Iterator[bytes]:
        for chunk in real_body(*args):
            copied.append(os.sched_getscheduler(0))
            yield chunk

    monkeypatch.setattr(downloader_module, "_open", watched_open)
    monkeypatch.setattr(downloader_module, "_body", watched_body)
    server.route("GET", "/v.mp4", video_reply(BIG))
    final = tmp_path / "v.mp4"
    await download(f"{server.url}/v.mp4", final)
    assert part_path(final).read_bytes() == BIG
    nice = os.getpriority(os.PRIO_PROCESS, 0) + downloader_module.BACKGROUND_NICE
    assert asked == [(os.SCHED_OTHER, min(nice, 19))]
    assert copied and set(copied) == {os.SCHED_IDLE}

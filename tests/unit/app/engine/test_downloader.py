"""What the downloader keeps when the CDN misbehaves: never a file that is not the video, and a
partial file only when a later attempt can continue it. Real files; the CDN's odd answers come
from httpx's MockTransport (the simulator's CDN always answers correctly)."""

from __future__ import annotations

import asyncio
import struct
import threading
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from app import errors
from app.engine.downloader import Downloader, looks_like_mp4, part_path
from app.resources import demo_clip

URL = "https://cdn.example/v/clip.mp4"
VIDEO = demo_clip("16:9")


def cdn(answer: Callable[[httpx.Request], httpx.Response]) -> Downloader:
    return Downloader(transport=httpx.MockTransport(answer))


def body(status: int, content: bytes = b"", **headers: str) -> httpx.Response:
    """An answer whose body streams (as over a network), with only the headers given."""
    return httpx.Response(status, headers=headers, stream=httpx.ByteStream(content))


async def fetch(downloader: Downloader, final: Path) -> None:
    try:
        await downloader.fetch(URL, final)
    finally:
        await downloader.aclose()


@pytest.mark.asyncio
async def test_a_page_instead_of_a_video_is_never_kept(tmp_path: Path) -> None:
    page = b"<!DOCTYPE html><html><body>Access denied by the firewall</body></html>"
    final = tmp_path / "clip.mp4"
    with pytest.raises(errors.DownloadFailed, match="not an MP4"):
        await fetch(cdn(lambda _r: body(200, page)), final)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.asyncio
async def test_a_short_body_keeps_its_bytes_for_the_resume(tmp_path: Path) -> None:
    half = VIDEO[: len(VIDEO) // 2]
    final = tmp_path / "clip.mp4"

    def short(_request: httpx.Request) -> httpx.Response:
        return body(200, half, **{"Content-Length": str(len(VIDEO))})

    with pytest.raises(errors.DownloadFailed, match=f"got {len(half)} of {len(VIDEO)}"):
        await fetch(cdn(short), final)
    assert not final.exists()
    assert part_path(final).read_bytes() == half


@pytest.mark.asyncio
async def test_a_resume_the_cdn_cannot_serve_starts_over(tmp_path: Path) -> None:
    final = tmp_path / "clip.mp4"
    part_path(final).write_bytes(b"bytes of some other file")
    seen: list[str | None] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Range"))
        return body(416)

    with pytest.raises(errors.DownloadFailed, match="starting over"):
        await fetch(cdn(refuse), final)
    assert seen == ["bytes=24-"]
    assert not part_path(final).exists()  # the next attempt asks for the whole file


@pytest.mark.asyncio
async def test_a_resume_at_another_offset_starts_over(tmp_path: Path) -> None:
    final = tmp_path / "clip.mp4"
    part_path(final).write_bytes(VIDEO[:100])

    def elsewhere(_request: httpx.Request) -> httpx.Response:
        return body(206, VIDEO[50:], **{"Content-Range": f"bytes 50-{len(VIDEO) - 1}/{len(VIDEO)}"})

    with pytest.raises(errors.DownloadFailed, match="another offset"):
        await fetch(cdn(elsewhere), final)
    assert not part_path(final).exists()


@pytest.mark.asyncio
async def test_a_server_error_leaves_the_partial_file_alone(tmp_path: Path) -> None:
    final = tmp_path / "clip.mp4"
    part_path(final).write_bytes(VIDEO[:100])
    with pytest.raises(errors.DownloadFailed, match="HTTP 502"):
        await fetch(cdn(lambda _r: body(502)), final)
    assert part_path(final).read_bytes() == VIDEO[:100]


@pytest.mark.asyncio
async def test_a_resume_without_a_total_still_finishes(tmp_path: Path) -> None:
    final = tmp_path / "clip.mp4"
    part_path(final).write_bytes(VIDEO[:100])

    def rest(request: httpx.Request) -> httpx.Response:
        assert request.headers["Range"] == "bytes=100-"
        return body(206, VIDEO[100:], **{"Content-Range": f"bytes 100-{len(VIDEO) - 1}/*"})

    downloader = cdn(rest)
    try:
        result = await downloader.fetch(URL, final)
    finally:
        await downloader.aclose()
    assert result.size == len(VIDEO)
    assert part_path(final).read_bytes() == VIDEO  # publishing is the engine's step


@pytest.mark.asyncio
async def test_a_folder_that_is_a_file_is_a_storage_problem(tmp_path: Path) -> None:
    blocker = tmp_path / "videos"
    blocker.write_text("not a folder")
    answer = cdn(lambda _r: body(200, VIDEO))
    with pytest.raises(errors.StorageError):
        await fetch(answer, blocker / "clip.mp4")
    assert blocker.read_text() == "not a folder"


def box(kind: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


@pytest.mark.parametrize(
    ("content", "is_video"),
    [
        (VIDEO, True),
        (box(b"free", b"\0" * 8) + box(b"ftyp", b"isom"), True),
        # A 64-bit box size (size field 1, then the real size).
        (struct.pack(">I4sQ", 1, b"free", 24) + b"\0" * 8 + box(b"ftyp", b"isom"), True),
        (box(b"free") * 4 + box(b"ftyp"), False),  # ftyp too late to be an MP4 header
        (struct.pack(">I4s", 4, b"free") + box(b"ftyp"), False),  # a box smaller than its header
        (box(b"free", b"\0" * 8)[:10], False),  # a box running past the end of the file
        (b"\0\0\0", False),
        (b"", False),
    ],
)
def test_what_counts_as_an_mp4(tmp_path: Path, content: bytes, is_video: bool) -> None:
    path = tmp_path / "file.mp4"
    path.write_bytes(content)
    assert looks_like_mp4(path) is is_video


def test_a_missing_file_is_not_an_mp4(tmp_path: Path) -> None:
    assert not looks_like_mp4(tmp_path / "nothing.mp4")


@pytest.mark.asyncio
async def test_a_few_downloads_stream_at_once_and_the_rest_wait(tmp_path: Path) -> None:
    """Each streaming body takes the interpreter lock from the window's thread a chunk at a
    time: however many videos are ready, only ``PARALLEL`` stream at once."""
    lock = threading.Lock()
    inside = most = 0
    release = threading.Event()

    def slow(_request: httpx.Request) -> httpx.Response:
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
        release.wait(10)
        with lock:
            inside -= 1
        return body(200, VIDEO, **{"Content-Length": str(len(VIDEO))})

    downloader = cdn(slow)
    try:
        work = [
            asyncio.ensure_future(downloader.fetch(URL, tmp_path / f"clip-{n}.mp4"))
            for n in range(Downloader.PARALLEL + 3)
        ]
        for _ in range(200):
            if inside == Downloader.PARALLEL:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)  # room for one more to start, were it allowed
        assert inside == most == Downloader.PARALLEL
        release.set()
        await asyncio.gather(*work)
    finally:
        release.set()
        await downloader.aclose()
    assert most == Downloader.PARALLEL
    assert all(part_path(tmp_path / f"clip-{n}.mp4").exists() for n in range(len(work)))

"""Verified, resumable downloads from the CDN, on a client that never carries the API key.

Bytes stream into ``NAME.mp4.part`` beside the final name. A partial file resumes with ``Range``
and ``If-Range``; a ``200`` answer to a range request starts over. The finished file must match
the announced size and be an MP4 (an ``ftyp`` box) before it is fsynced and published under its
final name, which is never overwritten.

When the settings change, the running downloader is retired (``retire``): downloads under way
finish on it in the background, new ones start on its successor, and it closes once idle.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import functools
import logging
import os
import re
import shutil
import struct
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from app import errors
from app.api.client import USER_AGENT, refused_certificate
from app.fsutil import fsync_dir
from app.links import check_result_link
from app.present import format_size
from app.redact import redact_url
from app.retiring import Retiring
from app.tls import tls_context

if TYPE_CHECKING:
    import httpx  # loaded on a download thread at the first download, not at start-up

log = logging.getLogger(__name__)

#: Seconds between progress reports to the event loop.
PROGRESS_INTERVAL = 0.2
#: A download that brings fewer than ``STALL_BYTES`` in ``STALL_SECONDS`` (a silent server, or
#: one trickling a byte every few seconds) is cut; the next attempt resumes with ``Range``.
STALL_SECONDS = 30.0
STALL_BYTES = 4096
#: Redirects one download follows; each one is judged like the link itself (``app.links``).
MAX_REDIRECTS = 5
#: Bytes asked of the socket at a time once a body is read straight from the connection
#: (``_body``): the kernel copies them while no Python runs, so a larger read costs the
#: window's thread nothing.
DIRECT_READ = 1024 * 1024
_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)")

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Downloaded:
    size: int
    validator: str


def part_path(final: Path) -> Path:
    return final.with_name(final.name + ".part")


#: How much lower than the window's thread download threads run (nice steps).
BACKGROUND_NICE = 10


def background_priority() -> None:
    """Lower the calling thread's CPU priority (Linux, where ``nice`` is per thread).

    A download streaming at disk speed competes with the window's thread for the CPU and for
    Python's interpreter lock; at a lower priority it gives way whenever the window has work,
    and loses nothing while the window is idle (tests/bench: loop stalls under 20 downloads)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)


def streaming_priority() -> None:
    """Run the calling thread only when a CPU has nothing else to do: Linux's ``SCHED_IDLE``,
    else ``background_priority``. For threads that run almost no Python: those that copy a
    body from the connection to its file (``_body``), and those that flush files.

    At ``nice`` +10 a download thread kept its CPU for the rest of its time slice when the
    window's thread woke; under ``SCHED_IDLE`` the window's thread takes the CPU at once, and
    the longest stalls while 20 videos streamed fell from 30-45 to 16-28 ms (tests/bench:
    load). The price: an idle thread put aside while it holds the interpreter lock keeps the
    window's thread waiting until a CPU is free. A body read straight from the connection
    holds the lock a few microseconds a megabyte; a request, its headers and a body through
    httpx hold it far longer, so they run on threads at ``nice`` +10 (``background_priority``).
    (An unprivileged thread cannot leave ``SCHED_IDLE``: these threads stay in it.)"""
    if sys.platform.startswith("linux"):
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
            return
        except OSError:
            pass
    background_priority()


def storage_error(exc: OSError, where: Path) -> errors.StorageError:
    """Turn an OSError into ``DiskFull``, ``FolderNotWritable`` or ``StorageError``."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return errors.DiskFull(f"{where}: {exc}")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR):
        return errors.FolderNotWritable(f"{where}: {exc}")
    return errors.StorageError(f"{where}: {exc}")


def looks_like_mp4(path: Path) -> bool:
    """True when one of the first top-level boxes is ``ftyp``."""
    try:
        with path.open("rb") as handle:
            offset = 0
            size_on_disk = path.stat().st_size
            for _ in range(4):
                handle.seek(offset)
                header = handle.read(16)
                if len(header) < 8:
                    return False
                size, kind = struct.unpack(">I4s", header[:8])
                if kind == b"ftyp":
                    return True
                if size == 1 and len(header) == 16:
                    size = struct.unpack(">Q", header[8:16])[0]
                if size < 8 or offset + size > size_on_disk:
                    return False
                offset += size
    except OSError:
        return False
    return False


def publish(part: Path, final: Path) -> Path:
    """Move a checked ``.part`` to ``final`` without overwriting anything; returns where it
    went (``final`` or the next free ``-N`` name)."""
    from app.engine.naming import unique_video_path

    target = final
    for _ in range(100):
        try:
            os.link(part, target)
        except FileExistsError:
            target = unique_video_path(final.parent, final.stem)
            continue
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                raise
            # No hard links here (some network and FAT drives): rename, after a last check.
            if target.exists():
                target = unique_video_path(final.parent, final.stem)
                continue
            os.rename(part, target)
            return target
        os.unlink(part)
        fsync_dir(target.parent)
        return target
    raise FileExistsError(final)


class _BackgroundSync:
    """Flushes a file being written on a side thread every ``step`` bytes, so the disk works
    while the network does and the final fsync has little left to wait for."""

    def __init__(self, fd: int, step: int = 32 * 1024 * 1024) -> None:
        self._fd = fd
        self._step = step
        self._written = 0
        self._wake = threading.Event()
        self._done = False
        self._thread = threading.Thread(target=self._run, name="reeldesk-flush", daemon=True)
        self._thread.start()

    def wrote(self, count: int) -> None:
        self._written += count
        if self._written >= self._step:
            self._written = 0
            self._wake.set()

    def _run(self) -> None:
        streaming_priority()
        sync = getattr(os, "fdatasync", os.fsync)
        while True:
            self._wake.wait()
            self._wake.clear()
            if self._done:
                return
            with contextlib.suppress(OSError):
                sync(self._fd)

    def close(self) -> None:
        self._done = True
        self._wake.set()
        self._thread.join()


class _Cancelled(Exception):
    """The awaiting task was cancelled; the worker thread stops at the next chunk."""


class Downloader(Retiring):
    """One long-lived client for the CDN origin(s). No API key, ever: not even on redirects.

    Bodies stream on worker threads with a blocking client: on loopback that runs about three
    times faster than an asyncio stream (tests/bench), and the event loop only hears of
    progress a few times a second."""

    #: Seconds a retired downloader lets the downloads under way run on. Past it they are
    #: cut; their ``.part`` files resume (``Range``) on the downloader that replaced it.
    RETIRE_GRACE = 600.0

    #: Downloads streaming at once; the rest wait their turn. When each body passed through
    #: httpx's parser a chunk at a time (taking the interpreter lock from the window's
    #: thread), six at loopback speed made the window's longest stalls 53-59 ms, three 27-34
    #: ms (tests/bench: load, alternating runs); bodies now mostly bypass it (``_body``). A
    #: video of the service is a few MB, saved in seconds at any of these counts.
    PARALLEL = 3

    def __init__(
        self,
        *,
        proxy: str | None = None,
        timeout: httpx.Timeout | None = None,
        transport: httpx.BaseTransport | None = None,
        parallel: int = PARALLEL,
        ca_file: str = "",
    ) -> None:
        super().__init__()
        #: An extra CA file (PEM) trusted on top of the system's store (``app.tls``).
        self._ca_file = ca_file
        self._options: dict[str, Any] = dict(
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "video/mp4,*/*",
                "Accept-Encoding": "identity",
            },
            timeout=timeout,
            proxy=proxy,
            transport=transport,
            # Followed by ``_open`` one hop at a time, so that each is judged before it is asked.
            follow_redirects=False,
            trust_env=False,
        )
        self._parallel = parallel
        self._client: httpx.Client | None = None
        self._pool: ThreadPoolExecutor | None = None
        #: Where bodies read straight from the connection are copied to their files.
        self._copiers: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._closed = False
        #: One cancel flag per download under way; closing sets them all.
        self._under_way: set[threading.Event] = set()

    def _http(self) -> httpx.Client:
        with self._lock:  # made on first use, on a download thread
            if self._closed:
                raise _closed_error()
            if self._client is None:
                import httpx

                timeout = self._options["timeout"] or httpx.Timeout(
                    connect=15.0, read=60.0, write=30.0, pool=30.0
                )
                limits = httpx.Limits(
                    max_connections=self._parallel, max_keepalive_connections=self._parallel
                )
                options = dict(self._options, timeout=timeout)
                verify = tls_context(self._ca_file)
                self._client = httpx.Client(verify=verify, limits=limits, **options)
            return self._client

    def _copier(self) -> ThreadPoolExecutor:
        with self._lock:  # made on the first body read straight from a connection
            if self._closed:
                raise _closed_error()
            if self._copiers is None:
                self._copiers = ThreadPoolExecutor(
                    self._parallel,
                    thread_name_prefix="reeldesk-copy",
                    initializer=streaming_priority,
                )
            return self._copiers

    def _closed_error(self) -> Exception:
        return _closed_error()

    def _is_busy(self) -> bool:
        return bool(self._under_way)

    async def aclose(self) -> None:
        """Close now. Downloads still under way stop at their next chunk (``DownloadFailed``;
        their ``.part`` files stay for a resume)."""
        with self._lock:
            self._closed = self._retired = True
            pool, client, copiers = self._pool, self._client, self._copiers
            self._pool = self._client = self._copiers = None
        for cancel in self._under_way:
            cancel.set()
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, wait=True)
        if copiers is not None:
            await asyncio.to_thread(copiers.shutdown, wait=True)
        if client is not None:
            client.close()

    async def fetch(
        self,
        url: str,
        final: Path,
        *,
        validator: str = "",
        on_progress: Progress | None = None,
        on_validator: Callable[[str], Awaitable[None]] | None = None,
        api_base_url: str | None = None,
    ) -> Downloaded:
        """Download ``url`` into ``final``'s ``.part`` file (resuming it) and check it.
        Publishing the file under ``final`` is the caller's step. A redirect is followed only
        where ``url`` itself could point (``check_result_link`` with ``api_base_url``, the API
        that gave the link); one that points elsewhere raises ``LinkRefused`` unasked."""
        downloader = self._current()
        if downloader is not self:
            return await downloader.fetch(
                url,
                final,
                validator=validator,
                on_progress=on_progress,
                on_validator=on_validator,
                api_base_url=api_base_url,
            )
        loop = asyncio.get_running_loop()
        cancel = threading.Event()

        def progress(done: int, total: int) -> None:
            if on_progress is not None:
                loop.call_soon_threadsafe(on_progress, done, total)

        def remember(value: str) -> None:
            if on_validator is not None:
                save = on_validator(value)
                asyncio.run_coroutine_threadsafe(_as_coroutine(save), loop).result(timeout=30)

        if self._pool is None:
            self._pool = ThreadPoolExecutor(
                self._parallel,
                thread_name_prefix="reeldesk-download",
                initializer=background_priority,
            )
        work = loop.run_in_executor(
            self._pool,
            self._fetch,
            url,
            final,
            validator,
            progress,
            remember,
            cancel,
            api_base_url,
        )
        self._under_way.add(cancel)
        work.add_done_callback(lambda _work: self._ended(cancel))
        try:
            return await asyncio.shield(work)
        except asyncio.CancelledError:
            cancel.set()
            # The worker stops at its next chunk; nobody waits for its "cancelled" error.
            work.add_done_callback(_consume)
            raise

    def _ended(self, cancel: threading.Event) -> None:
        """A download's worker is done (not merely abandoned): the downloader may close."""
        self._under_way.discard(cancel)
        self._work_ended()

    def _fetch(
        self,
        url: str,
        final: Path,
        validator: str,
        on_progress: Progress,
        on_validator: Callable[[str], None],
        cancel: threading.Event,
        api_base_url: str | None,
    ) -> Downloaded:
        part = part_path(final)
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            have = part.stat().st_size if part.exists() else 0
        except OSError as exc:
            raise storage_error(exc, final.parent) from exc
        headers: dict[str, str] = {}
        if have > 0:
            headers["Range"] = f"bytes={have}-"
            if validator:
                headers["If-Range"] = validator
        http = self._http()
        import httpx  # loaded by ``_http``

        # A silent server fails the read at once; a trickling one is caught in ``_receive``.
        limits = http.timeout
        read = STALL_SECONDS if limits.read is None else min(limits.read, STALL_SECONDS)
        timeout = httpx.Timeout(
            connect=limits.connect, read=read, write=limits.write, pool=limits.pool
        )
        try:
            request = http.build_request("GET", url, headers=headers, timeout=timeout)
            response = _open(http, request, api_base_url)
            try:
                return self._receive(response, read, part, have, on_progress, on_validator, cancel)
            finally:
                response.close()
        except httpx.ReadTimeout as exc:
            raise errors.DownloadFailed(f"stalled: no data for {read:g} s") from exc
        except httpx.RequestError as exc:
            refused = refused_certificate(exc)
            if refused is not None:
                raise refused from exc
            # Transport errors, and a redirect loop (``TooManyRedirects``): a failed attempt.
            raise errors.DownloadFailed(f"{type(exc).__name__}: {redact_url(str(exc))}") from exc
        except _Cancelled:
            raise errors.DownloadFailed("cancelled") from None

    def _receive(
        self,
        response: httpx.Response,
        timeout: float,
        part: Path,
        have: int,
        on_progress: Progress,
        on_validator: Callable[[str], None],
        cancel: threading.Event,
    ) -> Downloaded:
        status = response.status_code
        if status in (401, 403, 404, 410):
            raise errors.LinkExpired(f"CDN answered HTTP {status}")
        if status == 416 and have > 0:
            # Our partial file is not a prefix of this one: start over next time.
            part.unlink(missing_ok=True)
            raise errors.DownloadFailed("range not satisfiable; starting over")
        if status not in (200, 206):
            raise errors.DownloadFailed(f"CDN answered HTTP {status}")
        validator = response.headers.get("ETag") or response.headers.get("Last-Modified") or ""
        if validator:
            on_validator(validator)
        if status == 206:
            match = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", "").strip())
            if not match or int(match.group(1)) != have:
                part.unlink(missing_ok=True)
                raise errors.DownloadFailed("the CDN resumed at another offset; starting over")
            total = int(match.group(3)) if match.group(3) != "*" else -1
            offset = have
        else:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else -1
            offset = 0
        if total > offset:
            _ensure_room(part.parent, total - offset)
        stream = _direct(response)
        try:
            with part.open("ab" if offset else "wb", buffering=0) as handle:
                if offset:
                    handle.truncate(offset)
                copy = functools.partial(
                    self._copy,
                    _body(response, stream, timeout),
                    handle,
                    offset,
                    total,
                    on_progress,
                    cancel,
                )
                # Copied on a thread that gives way to the window (``streaming_priority``)
                # when no Python but a loop runs meanwhile; this one waits.
                done = copy() if stream is None else self._copier().submit(copy).result()
        except OSError as exc:
            raise storage_error(exc, part.parent) from exc
        on_progress(done, total)
        if total >= 0 and done != total:
            raise errors.DownloadFailed(f"got {done} of {total} bytes")
        if not looks_like_mp4(part):
            part.unlink(missing_ok=True)
            raise errors.DownloadFailed("the file is not an MP4 video")
        return Downloaded(size=done, validator=validator)

    @staticmethod
    def _copy(
        body: Iterator[bytes],
        handle: BinaryIO,
        offset: int,
        total: int,
        on_progress: Progress,
        cancel: threading.Event,
    ) -> int:
        """Write ``body`` to ``handle`` from ``offset``, fsynced; returns the size reached."""
        done = offset
        reported = window_began = time.monotonic()
        window_bytes = 0
        flusher = _BackgroundSync(handle.fileno())
        try:
            # Raw and unbuffered: what arrived before a cut is kept for the resume.
            for chunk in body:
                if cancel.is_set():
                    raise _Cancelled
                handle.write(chunk)
                done += len(chunk)
                flusher.wrote(len(chunk))
                now = time.monotonic()
                window_bytes += len(chunk)
                if window_bytes >= STALL_BYTES:
                    window_began, window_bytes = now, 0
                elif now - window_began >= STALL_SECONDS:
                    raise errors.DownloadFailed(
                        f"stalled: {window_bytes} bytes in {now - window_began:.0f} s"
                    )
                if now - reported >= PROGRESS_INTERVAL:
                    reported = now
                    on_progress(done, total)
        finally:
            flusher.close()
        os.fsync(handle.fileno())
        return done


def _open(http: httpx.Client, request: httpx.Request, api_base_url: str | None) -> httpx.Response:
    """Send ``request``, following redirects one hop at a time: each place a redirect points to
    is judged like the link itself before any request goes there (a CDN that bounces to a
    cloud's metadata address or a private network is refused, not asked). The caller closes
    the response."""
    for _hop in range(MAX_REDIRECTS + 1):
        response = http.send(request, stream=True)
        following = response.next_request
        if following is None:
            return response
        response.close()
        check_result_link(str(following.url), api_base_url)
        request = following
    raise errors.DownloadFailed(f"more than {MAX_REDIRECTS} redirects")


def _direct(response: httpx.Response) -> Any:
    """The connection ``response``'s body can be read from straight (``_body``), or None.

    A plain HTTP/1.1 body of a known length (no chunked transfer coding) on a real
    connection: httpx hands it out as the ``network_stream`` extension."""
    stream = response.extensions.get("network_stream")
    if (
        stream is None
        or not hasattr(stream, "read")
        or response.http_version not in ("HTTP/1.1", "HTTP/1.0")
        or "Transfer-Encoding" in response.headers
        or not response.headers.get("Content-Length", "").isdigit()
    ):
        return None
    return stream


def _body(response: httpx.Response, stream: Any, timeout: float) -> Iterator[bytes]:
    """The raw bytes of ``response``'s body, as ``iter_raw`` gives them.

    With ``stream`` (``_direct``) the body is read from it after its first chunk, a megabyte
    at a time, instead of through httpx's parser, which copies every 64 KiB chunk three times
    in Python while holding the interpreter lock: with several downloads at loopback speed,
    that lock held the window's thread back (tests/bench: load). The connection is then
    closed with the response, not kept for another request: the parser never saw the body's
    end."""
    import httpcore
    import httpx

    raw = response.iter_raw()
    if stream is None:
        yield from raw
        return
    remaining = int(response.headers["Content-Length"])
    # The first chunk comes through httpx: what arrived with the headers (or one read), so
    # that the connection holds the rest of the body and nothing else waits in the parser.
    for chunk in raw:
        remaining -= len(chunk)
        yield chunk
        break
    while remaining > 0:
        try:
            chunk = stream.read(min(DIRECT_READ, remaining), timeout)
        except httpcore.TimeoutException as exc:
            raise httpx.ReadTimeout(str(exc), request=response.request) from exc
        except httpcore.NetworkError as exc:
            raise httpx.ReadError(str(exc), request=response.request) from exc
        if not chunk:
            return  # closed early: the caller finds the body short
        remaining -= len(chunk)
        yield chunk


def _ensure_room(folder: Path, needed: int) -> None:
    """``DiskFull`` naming ``folder`` when the ``needed`` bytes the server announced will not
    fit: nothing is written, rather than filling the disk and failing at the end."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        raise storage_error(exc, folder) from exc
    if needed > free:
        raise errors.DiskFull(
            f"{folder}: the video needs {format_size(needed)}, {format_size(free)} are free"
        )


def _closed_error() -> errors.DownloadFailed:
    return errors.DownloadFailed(
        "the downloader was closed (the settings changed or ReelDesk is closing)"
    )


def _consume(future: asyncio.Future[Any]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.debug("download ended after it was abandoned: %s", future.exception())


async def _as_coroutine(awaitable: Awaitable[None]) -> None:
    await awaitable

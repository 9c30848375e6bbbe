"""A loopback server that misbehaves on purpose: each route answers from a script.

It plays both the API (a task that is submitted, then polled) and the CDN, so a test can drive
the real engine into a reply or a download no healthy service would send.
"""

from __future__ import annotations

import contextlib
import json
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = Callable[["Handler"], None]

TASK_ID = "task-hostile-1"
#: A small file the downloader takes for an MP4: an ``ftyp`` box, then a ``free`` box.
VIDEO = (
    struct.pack(">I4s", 24, b"ftyp")
    + b"isom"
    + bytes(12)
    + struct.pack(">I4s", 8 + 40_000, b"free")
    + bytes(40_000)
)


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], deque[Reply]] = {}
        #: (method, path, headers) of every request, in order.
        self.seen: list[tuple[str, str, dict[str, str]]] = []
        #: Bytes of body each route managed to write before the client went away.
        self.sent: dict[str, int] = {}
        #: Set at shutdown: replies that hang wait on it.
        self.released = threading.Event()
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def route(self, method: str, path: str, *replies: Reply) -> None:
        """Answer ``method path`` with ``replies`` in turn; the last one repeats."""
        with self.lock:
            self.routes[(method, path)] = deque(replies)

    def serve_task(self, *polls: Reply) -> None:
        """Take one submission (task ``TASK_ID``) and answer its polls with ``polls``."""
        self.route("POST", "/v1/videos/generations", json_reply(task("pending")))
        self.route("GET", f"/v1/tasks/{TASK_ID}", *polls)

    def requests(self, method: str, path: str) -> list[dict[str, str]]:
        """The headers of each ``method path`` request seen."""
        with self.lock:
            return [h for m, p, h in self.seen if m == method and p.split("?")[0] == path]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: HostileServer

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        path = self.path.split("?")[0]
        with self.server.lock:
            self.server.seen.append((self.command, self.path, dict(self.headers.items())))
            script = self.server.routes.get((self.command, path))
            reply = None
            if script:
                reply = script.popleft() if len(script) > 1 else script[0]
        if reply is None:
            reply = json_reply({"error": {"message": "no such route"}}, status=404)
        # The client hanging up mid-reply is what several tests are about.
        with contextlib.suppress(ConnectionError):
            reply(self)

    do_GET = _answer
    do_POST = _answer

    def write_counted(self, data: bytes) -> None:
        self.wfile.write(data)
        path = self.path.split("?")[0]
        with self.server.lock:
            self.server.sent[path] = self.server.sent.get(path, 0) + len(data)


@contextlib.contextmanager
def serving() -> Iterator[HostileServer]:
    server = HostileServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.released.set()
        server.shutdown()
        server.server_close()


def task(status: str, **fields: Any) -> dict[str, Any]:
    """A task reply in FoxAPI's shape."""
    return {"id": TASK_ID, "status": status, "progress": 0, "created": int(time.time()), **fields}


def completed(url: str, **fields: Any) -> dict[str, Any]:
    return task("completed", progress=100, results=[{"url": url}], **fields)


def json_reply(data: object, status: int = 200) -> Reply:
    return body_reply(json.dumps(data).encode(), status=status)


def body_reply(
    body: bytes,
    *,
    status: int = 200,
    content_type: str = "application/json",
    headers: dict[str, str] | None = None,
) -> Reply:
    def reply(handler: Handler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        for name, value in {"Content-Length": str(len(body)), **(headers or {})}.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.write_counted(body)

    return reply


def endless_reply(chunks: Iterator[bytes], *, status: int = 200) -> Reply:
    """A body of unannounced length (no ``Content-Length``; it ends when the connection
    closes), written chunk by chunk while the client reads."""

    def reply(handler: Handler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True
        for chunk in chunks:
            handler.write_counted(chunk)

    return reply


def redirect_to(location: str) -> Reply:
    def reply(handler: Handler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return reply


def video_reply(body: bytes = VIDEO) -> Reply:
    """A CDN that honours ``Range``: ``206`` from the offset asked, else the whole file."""

    def reply(handler: Handler) -> None:
        asked = handler.headers.get("Range", "")
        start = int(asked.removeprefix("bytes=").rstrip("-")) if asked else 0
        handler.send_response(206 if start else 200)
        handler.send_header("Content-Type", "video/mp4")
        handler.send_header("Content-Length", str(len(body) - start))
        if start:
            handler.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        handler.end_headers()
        handler.write_counted(body[start:])

    return reply


def trickle_reply(body: bytes = VIDEO, *, first: int = 100, every: float = 0.05) -> Reply:
    """Announces the whole file, sends ``first`` bytes, then one byte every ``every`` seconds
    until the client hangs up; with ``every=0``, nothing more until the server stops."""

    def reply(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "video/mp4")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.write_counted(body[:first])
        handler.wfile.flush()
        if not every:
            handler.server.released.wait()
            return
        sent = first
        while sent < len(body) and not handler.server.released.wait(every):
            handler.write_counted(body[sent : sent + 1])
            handler.wfile.flush()
            sent += 1

    return reply

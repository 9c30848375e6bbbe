"""An offline FoxAPI look-alike with a separate CDN origin, over real HTTP (or HTTPS) on loopback.

Demo mode, ``reeldesk simulator``, the tests and the benchmarks all use it. Two threaded HTTP/1.1
servers run in background threads: the API (``/v1/videos/generations``, ``/v1/tasks/{id}``,
balance) and the CDN that serves a real, playable MP4 for each finished task, matching its
aspect ratio.

The ``Simulator`` here is a healthy service: it has no way to misbehave on purpose. Tests
construct ``app.simulator.faults.FaultySimulator`` for that; its jobs carry ``JobFaults``. The
last requests are kept (``received``) in a log of bounded size.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import email.parser
import email.policy
import hashlib
import hmac
import json
import logging
import re
import secrets
import socket
import ssl
import struct
import threading
import time
from collections import deque
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from app.api.models import (
    IMAGE_MODEL,
    MAX_DURATION,
    MAX_PROMPT_CHARS,
    MAX_SEED,
    MIN_DURATION,
    MODEL,
    TRANSITION_MODEL,
    AspectRatio,
    Mode,
    Resolution,
    Style,
    ThinkingType,
    resolutions,
)
from app.pictures import MAX_BYTES, MAX_SIDE, read_header
from app.resources import demo_clip

log = logging.getLogger(__name__)

#: Credits per second of video by resolution (the simulator's own price list).
_CREDITS_PER_SECOND = {"360p": 1.0, "540p": 1.5, "720p": 2.0, "1080p": 4.0}
_CHUNK = 256 * 1024
#: How long a result link stays valid, as on the real service.
LINK_TTL = 24 * 3600.0
#: Requests kept in the log of the shipped simulator: enough to look at, bounded for a long
#: demo session (each holds its headers and body).
LOG_SIZE = 500
_HTML_ERROR = (
    "<!DOCTYPE html><html><head><title>{status} Bad Gateway</title></head>"
    "<body><h1>{status}</h1><p>The upstream server is unreachable.</p></body></html>"
)


@dataclass(frozen=True, slots=True)
class JobFaults:
    """How one simulated job misbehaves; only a ``FaultySimulator`` sets any."""

    #: Finish as ``failed`` with this (code, message).
    fail: tuple[str, str] | None = None
    #: Answer ``completed`` with no result URL this many times first.
    no_url_polls: int = 0
    #: Use the older ``output: {url, urls}`` shape instead of ``results``.
    old_shape: bool = False
    #: The first link handed out is already expired (403 from the CDN).
    expired_link: bool = False
    #: Every link handed out is expired.
    always_expired: bool = False
    #: The first download attempt is cut off after this many bytes.
    cut_after: int | None = None
    #: Downloads are throttled to this many bytes per second.
    slow_bps: int | None = None


NO_FAULTS = JobFaults()


@dataclass(slots=True)
class SimulatorConfig:
    """Per-run settings."""

    #: Seconds from submit to ``completed``.
    job_seconds: float = 12.0
    #: Share of that time spent ``pending``.
    pending_share: float = 0.15
    #: When set, a finished file is padded with an MP4 ``free`` box to this many bytes.
    file_size: int | None = None
    #: Treat unknown task ids this simulator could have made as its own (demo mode, where the
    #: history outlives the in-process simulator): they continue from their ``created`` time.
    adopt_unknown: bool = False
    #: Starting balance, in credits.
    balance: float = 1000.0


@dataclass(frozen=True, slots=True)
class Received:
    """One request as the simulator saw it."""

    origin: str  # "api" or "cdn"
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    at: float

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True, slots=True)
class ErrorReply:
    """An error answer as the service (or a gateway in front of it) would send it."""

    status: int
    error_type: str = ""
    code: str = ""
    message: str = ""
    retry_after: str | None = None
    html: bool = False
    plain: str | None = None


@dataclass(slots=True)
class _Job:
    id: str
    request: dict[str, Any]
    started: float
    duration: float
    faults: JobFaults
    #: ``None`` for an adopted task: this simulator never saw what it cost.
    credits: float | None
    created: int
    polls_without_url: int = 0
    link_generation: int = 0
    expired_served: bool = False
    downloads: int = 0


def _validate(body: Any) -> tuple[int, str, str, str] | None:
    """The error (status, type, code, message) the real service would give, if any."""
    bad = (422, "invalid_request_error", "invalid_parameter")
    if not isinstance(body, dict):
        return 400, "invalid_request_error", "invalid_json", "Request body must be a JSON object"
    if body.get("model") not in (MODEL, IMAGE_MODEL, TRANSITION_MODEL):
        return (
            422,
            "service_unavailable_error",
            "model_not_found",
            f"Model {body.get('model')!r} is not available for this key",
        )
    prompt = body.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip() or len(prompt) > MAX_PROMPT_CHARS:
        return (*bad, "prompt is required (1 to 5000 characters)")
    choices: dict[str, frozenset[str]] = {
        "aspect_ratio": frozenset(a.value for a in AspectRatio),
        "resolution": frozenset(r.value for r in Resolution),
        "style": frozenset(s.value for s in Style),
        "thinking_type": frozenset(t.value for t in ThinkingType),
    }
    for key, allowed in choices.items():
        if key in body and body[key] not in allowed:
            return (*bad, f"{key} must be one of {sorted(allowed)}")
    duration = body.get("duration", 5)
    if isinstance(duration, bool) or not isinstance(duration, int):
        return (*bad, "duration must be an integer")
    if not MIN_DURATION <= duration <= MAX_DURATION:
        return (*bad, f"duration must be between {MIN_DURATION} and {MAX_DURATION}")
    for key in ("generate_audio", "generate_multi_clip"):
        if key in body and not isinstance(body[key], bool):
            return (*bad, f"{key} must be a boolean")
    if "seed" in body:
        seed = body["seed"]
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
            return (*bad, "seed must be an integer in 0..2147483647")
    if "negative_prompt" in body and not isinstance(body["negative_prompt"], str):
        return (*bad, "negative_prompt must be a string")
    for key, value in body.items():
        if value is None:
            return (*bad, f"{key} must not be null")
    return None


def _mp4_with_padding(clip: bytes, size: int | None) -> tuple[bytes, int]:
    """The clip plus the header of a ``free`` box that pads the file to ``size`` bytes.
    Returns (prefix bytes, count of zero bytes that follow)."""
    if size is None or size <= len(clip) + 8:
        return clip, 0
    pad = size - len(clip)
    header = struct.pack(">I4s", pad, b"free")
    return clip + header, pad - len(header)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def __init__(
        self,
        port: int,
        handler: type[BaseHTTPRequestHandler],
        sim: Simulator,
        tls: ssl.SSLContext | None = None,
        listening: socket.socket | None = None,
    ) -> None:
        self.sim = sim
        self.tls = tls
        if listening is None:
            super().__init__(("127.0.0.1", port), handler)
            return
        super().__init__(listening.getsockname(), handler, bind_and_activate=False)
        # The socket bound and listening beforehand (``Simulator``'s ``api_socket``) replaces
        # the one the base class made and did not bind.
        self.socket.close()
        self.socket = listening
        self.server_address = listening.getsockname()
        self.server_port = self.server_address[1]

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self.tls is None:
            super().finish_request(request, client_address)
            return
        # The handshake runs on the connection's own thread, so a client that refuses the
        # certificate (or says nothing) holds up no one else.
        request.settimeout(10)
        try:
            secured = self.tls.wrap_socket(request, server_side=True)
        except OSError:
            log.debug("simulator: TLS handshake with %s failed", client_address, exc_info=True)
            return
        try:
            super().finish_request(secured, client_address)
        finally:
            secured.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hang up mid-answer all the time (cut downloads, shutdowns): not news.
        log.debug("simulator: connection from %s ended abruptly", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, the body waits for the client's
    # delayed ACK of the headers (40 ms a request on Linux).
    disable_nagle_algorithm = True
    server: _Server
    origin = "api"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.origin, format % args)

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _record(self, body: bytes) -> tuple[str, dict[str, list[str]]]:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        self.server.sim._record(
            Received(
                origin=self.origin,
                method=self.command,
                path=parts.path,
                query=query,
                headers={k: v for k, v in self.headers.items()},
                body=body,
                at=time.monotonic(),
            )
        )
        return parts.path, query

    def _send(
        self,
        status: int,
        payload: Any = None,
        *,
        text: str | None = None,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        if text is not None:
            data = text.encode("utf-8")
        else:
            data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _send_error(self, err: ErrorReply) -> None:
        headers = {"Retry-After": err.retry_after} if err.retry_after is not None else None
        if err.plain is not None:
            self._send(err.status, text=err.plain, content_type="text/plain", headers=headers)
        elif err.html:
            self._send(
                err.status,
                text=_HTML_ERROR.format(status=err.status),
                content_type="text/html",
                headers=headers,
            )
        else:
            error: dict[str, str] = {"message": err.message or HTTPStatus(err.status).phrase}
            error["type"] = err.error_type or "server_error"
            if err.code:
                error["code"] = err.code
            self._send(err.status, {"error": error}, headers=headers)

    def _drop(self) -> None:
        """Close the connection without answering."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)


class _ApiHandler(_Handler):
    origin = "api"

    def _refused(self, kind: str) -> bool:
        """Answer an error queued for this kind of request ("get", "post", "upload"), or a 401
        for a wrong key; True when the request was answered so."""
        sim = self.server.sim
        injected = sim._injected_error(kind)
        if injected is None and not sim._authorised(self.headers.get("Authorization")):
            injected = ErrorReply(401, "authentication_error", "", "Invalid API key")
        if injected is not None:
            self._send_error(injected)
        return injected is not None

    def do_GET(self) -> None:
        path, query = self._record(b"")
        sim = self.server.sim
        if self._refused("get"):
            return
        if path.startswith("/v1/tasks/"):
            task_id = path.removeprefix("/v1/tasks/")
            reply = sim._task_reply(task_id, sync="true" in query.get("sync_upstream", []))
            if reply is None:
                self._send_error(ErrorReply(404, "not_found", "", f"Task {task_id} not found"))
            else:
                self._send(200, reply)
        elif path == "/v1/account/credits":
            self._send(200, sim._credits_reply())
        elif path == "/api/usage/token/":
            self._send(200, sim._usage_reply())
        else:
            self._send_error(ErrorReply(404, "not_found", "", "Unknown path"))

    def do_POST(self) -> None:
        body = self._read_body()
        path, _query = self._record(body)
        sim = self.server.sim
        if path in _UPLOAD_PATHS:
            _upload(self, path, body)
            return
        if path != "/v1/videos/generations":
            self._send_error(ErrorReply(404, "not_found", "", "Unknown path"))
            return
        if self._refused("post"):
            return
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        problem = _picture_problem(data, sim) or _validate(data)
        if problem is not None:
            status, etype, code, message = problem
            self._send_error(ErrorReply(status, etype, code, message))
            return
        if sim._balance_left() <= 0:
            self._send_error(
                ErrorReply(402, "insufficient_quota", "insufficient_quota", "Balance too low")
            )
            return
        reply = sim._create_job(data)
        if sim._injected_drop():
            self._drop()
            return
        self._send(200, reply)


class _CdnHandler(_Handler):
    origin = "cdn"

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        path, query = self._record(b"")
        sim = self.server.sim
        if path.startswith("/uploads/"):
            _serve_upload(self, path)
            return
        match = re.fullmatch(r"/files/([^/]+)\.mp4", path)
        job = sim._job(match.group(1)) if match else None
        if job is None:
            self._send(404, text="Not Found", content_type="text/plain")
            return
        if not sim._link_valid(job, query):
            self._send(
                403,
                text="<Error><Code>AccessDenied</Code><Message>Expired</Message></Error>",
                content_type="application/xml",
            )
            return
        prefix, zeros = sim._file(job)
        total = len(prefix) + zeros
        etag = f'"{job.id}-{total}"'
        start, end = 0, total - 1
        status = 200
        range_header = self.headers.get("Range")
        if_range = self.headers.get("If-Range")
        if range_header and (if_range is None or if_range == etag):
            m = re.fullmatch(r"bytes=(\d+)-(\d*)", range_header.strip())
            if m:
                start = int(m.group(1))
                end = min(int(m.group(2)), total - 1) if m.group(2) else total - 1
                if start >= total or start > end:
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{total}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status = 206
        with sim._lock:
            job.downloads += 1
            first_download = job.downloads == 1
        self.send_response(status)
        self.send_header("Content-Type", "video/mp4")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", etag)
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{total}")
        self.end_headers()
        if self.command == "HEAD":
            return
        cut = job.faults.cut_after if first_download else None
        self._stream(prefix, start, end, cut, job.faults.slow_bps)

    def _stream(
        self, prefix: bytes, start: int, end: int, cut: int | None, slow_bps: int | None
    ) -> None:
        sent = 0
        limit = end - start + 1 if cut is None else min(cut, end - start + 1)
        position = start
        zeros = bytes(_CHUNK)
        began = time.monotonic()
        try:
            while sent < limit:
                size = min(_CHUNK, limit - sent)
                if slow_bps:
                    size = min(size, max(1024, slow_bps // 10))
                if position < len(prefix):
                    chunk = prefix[position : position + size]
                else:
                    chunk = zeros[:size]
                self.wfile.write(chunk)
                sent += len(chunk)
                position += len(chunk)
                if slow_bps:
                    ahead = sent / slow_bps - (time.monotonic() - began)
                    if ahead > 0:
                        time.sleep(ahead)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
            return
        if cut is not None and sent < end - start + 1:
            self.wfile.flush()
            self._drop()


class Simulator:
    """Runs the API and CDN servers. Use as a context manager or call ``start``/``stop``."""

    def __init__(
        self,
        config: SimulatorConfig | None = None,
        *,
        port: int = 0,
        cdn_port: int = 0,
        log_size: int = LOG_SIZE,
        tls: ssl.SSLContext | None = None,
        api_socket: socket.socket | None = None,
    ) -> None:
        """``tls``: a server context (certificate and key) to serve both origins over HTTPS,
        as ``https://127.0.0.1:PORT``; plain HTTP without it. ``api_socket``: a loopback
        socket already listening, to serve the API on instead of ``port`` (the simulator
        takes it over): clients may be pointed at it, and connect, before the simulator is
        even loaded; their requests wait in the socket's queue until it starts."""
        self.config = config or SimulatorConfig()
        self._lock = threading.RLock()
        self._jobs: dict[str, _Job] = {}
        self._received: deque[Received] = deque(maxlen=log_size)
        self._spent = 0.0
        self._secret = secrets.token_bytes(16)
        #: Uploaded files by their path on the CDN (``/uploads/…``).
        self._uploads: dict[str, _Upload] = {}
        self._clips: dict[str, bytes] = {}
        self._scheme = "https" if tls is not None else "http"
        self._api = _Server(port, _ApiHandler, self, tls, api_socket)
        self._cdn = _Server(cdn_port, _CdnHandler, self, tls)
        self._threads: list[threading.Thread] = []

    # -- lifecycle ------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"{self._scheme}://127.0.0.1:{self._api.server_address[1]}"

    @property
    def cdn_url(self) -> str:
        return f"{self._scheme}://127.0.0.1:{self._cdn.server_address[1]}"

    def start(self) -> Simulator:
        for name, server in (("api", self._api), ("cdn", self._cdn)):
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.1},
                name=f"simulator-{name}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for server in (self._api, self._cdn):
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- what it saw -------------------------------------------------------------------------

    def received(self, origin: str | None = None, method: str | None = None) -> list[Received]:
        with self._lock:
            return [
                r
                for r in self._received
                if (origin is None or r.origin == origin) and (method is None or r.method == method)
            ]

    def submissions(self) -> list[Received]:
        return [r for r in self.received("api", "POST") if r.path == "/v1/videos/generations"]

    def task_ids(self) -> list[str]:
        with self._lock:
            return list(self._jobs)

    # -- the account -------------------------------------------------------------------------

    def top_up(self, credits: float) -> None:
        """Add ``credits`` to the balance, as paying the service would."""
        with self._lock:
            self.config.balance += credits

    # -- internals (called from server threads) ---------------------------------------------------

    def _record(self, received: Received) -> None:
        with self._lock:
            self._received.append(received)

    # Hooks where a ``FaultySimulator`` misbehaves; a healthy service never does.

    def _injected_error(self, method: str) -> ErrorReply | None:
        """An error to answer the next ``method`` request with instead of the real answer."""
        return None

    def _injected_drop(self) -> bool:
        """Whether to hang up on this submission after creating its task."""
        return False

    def _faults_for(self, body: dict[str, Any]) -> JobFaults:
        """How the job this submission creates misbehaves. Called under the lock."""
        return NO_FAULTS

    def _authorised(self, header: str | None) -> bool:
        """Any bearer key will do: the simulator has no accounts."""
        return bool(header and header.startswith("Bearer ") and header[7:].strip())

    def _balance_left(self) -> float:
        with self._lock:
            return self.config.balance - self._spent

    def _credits_reply(self) -> dict[str, Any]:
        with self._lock:
            return {"credits": round(self.config.balance - self._spent, 2), "used": self._spent}

    def _usage_reply(self) -> dict[str, Any]:
        left = self._balance_left()
        return {
            "data": {
                "total_granted": int(self.config.balance * 5000),
                "total_used": int(self._spent * 5000),
                "total_available": int(left * 5000),
                "unlimited_quota": False,
                "expires_at": 0,
            }
        }

    def _create_job(self, body: dict[str, Any]) -> dict[str, Any]:
        now = time.time()
        with self._lock:
            faults = self._faults_for(body)
            ratio = self._ratio(body).replace(":", "x")
            task_id = f"task-unified-{int(now)}-{ratio}-{secrets.token_hex(4)}"
            duration = int(body.get("duration", 5))
            credits = duration * _CREDITS_PER_SECOND[str(body.get("resolution", "720p"))]
            if body.get("generate_audio"):
                credits *= 4 / 3
            credits = round(credits, 2)
            job = _Job(
                id=task_id,
                request=body,
                started=time.monotonic(),
                duration=self.config.job_seconds,
                faults=faults,
                credits=credits,
                created=int(now),
            )
            self._jobs[task_id] = job
            self._spent += credits
        return {
            "id": task_id,
            "object": "video.generation.task",
            "type": "video",
            "model": body.get("model", MODEL),
            "status": "pending",
            "progress": 0,
            "created": job.created,
            "task_info": {"can_cancel": True, "estimated_time": max(1, round(job.duration))},
            "results": None,
            "error": None,
            "usage": {"credits_reserved": credits},
        }

    def _job(self, task_id: str) -> _Job | None:
        with self._lock:
            job = self._jobs.get(task_id)
            if job is None and self.config.adopt_unknown:
                job = self._adopt(task_id)
            return job

    def _adopt(self, task_id: str) -> _Job | None:
        match = re.fullmatch(r"task-unified-(\d+)-(\d+)x(\d+)-[0-9a-f]{8}", task_id)
        if match is None:
            return None
        created = int(match.group(1))
        ratio = f"{match.group(2)}:{match.group(3)}"
        if ratio not in {a.value for a in AspectRatio} or created > time.time() + 60:
            return None
        job = _Job(
            id=task_id,
            request={"model": MODEL, "prompt": "", "aspect_ratio": ratio},
            started=time.monotonic() - (time.time() - created),
            duration=self.config.job_seconds,
            faults=NO_FAULTS,
            credits=None,
            created=created,
        )
        self._jobs[task_id] = job
        return job

    def _file(self, job: _Job) -> tuple[bytes, int]:
        """What the CDN serves for a job: the bytes, then a count of zero bytes of padding."""
        return _mp4_with_padding(self._clip(job), self.config.file_size)

    def _clip(self, job: _Job) -> bytes:
        if job.request.get("model") in (IMAGE_MODEL, TRANSITION_MODEL):
            return self._picture_clip(job.request)
        ratio = str(job.request.get("aspect_ratio", "16:9"))
        with self._lock:
            if ratio not in self._clips:
                self._clips[ratio] = demo_clip(ratio)
            return self._clips[ratio]

    # -- pictures (uploads, image to video, transition) ------------------------------------------

    def uploads(self) -> list[Received]:
        """The upload requests it saw, either endpoint."""
        return [r for r in self.received("api", "POST") if r.path in _UPLOAD_PATHS]

    def _store_upload(self, name: str, data: bytes) -> dict[str, Any]:
        now = int(time.time())
        token = secrets.token_hex(6)
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", name)[:100] or "upload"
        path = f"/uploads/{time.strftime('%Y%m%d')}/{token}/{safe}"
        with self._lock:
            self._uploads[path] = _Upload(data=data, content_type=_content_type(data))
        return {
            "id": f"file-{now}-{token}",
            "filename": name,
            "url": self.cdn_url + path,
            "size": len(data),
            "created": now,
        }

    def _upload_at(self, url: object) -> _Upload | None:
        """The file an ``image_url`` points at, when it is one of this simulator's uploads."""
        if not isinstance(url, str):
            return None
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.cdn_url:
            return None
        with self._lock:
            return self._uploads.get(parts.path)

    def _picture_size(self, body: dict[str, Any]) -> tuple[int, int] | None:
        upload = self._upload_at(body.get("image_url"))
        header = None if upload is None else read_header(upload.data)
        return None if header is None else header[1:]

    def _ratio(self, body: dict[str, Any]) -> str:
        """The aspect ratio a job's id carries: asked for, or the nearest to its picture's."""
        size = self._picture_size(body) if body.get("model") == IMAGE_MODEL else None
        if size is None:
            return str(body.get("aspect_ratio", "16:9"))
        shape = size[0] / size[1]
        nearest = min(AspectRatio, key=lambda r: abs(r.ratio[0] / r.ratio[1] - shape))
        return nearest.value

    def _size(self, request: dict[str, Any]) -> tuple[int, int]:
        """Width and height the task reports: the picture's shape for image to video."""
        size = self._picture_size(request) if request.get("model") == IMAGE_MODEL else None
        if size is None:
            return _dimensions(request)
        short = int(str(request.get("resolution", "720p")).removesuffix("p"))
        width, height = size
        if width >= height:
            return round(short * width / height) // 2 * 2, short
        return short, round(short * height / width) // 2 * 2

    def _picture_clip(self, request: dict[str, Any]) -> bytes:
        first = self._upload_at(request.get("image_url"))
        last = self._upload_at(request.get("image_tail_url"))
        if first is None:  # evicted since: the service would have failed the task instead
            return demo_clip("16:9")
        key = "pictures:" + hashlib.sha256(first.data + (last.data if last else b"")).hexdigest()
        with self._lock:
            cached = self._clips.get(key)
        if cached is None:
            # Made outside the lock (a fraction of a second): other requests go on meanwhile.
            # PyAV loads here, on first use: a demo that never meets a picture never needs it.
            from app.simulator import pictures

            cached = pictures.make_clip(first.data, last.data if last else None)
            with self._lock:
                self._clips[key] = cached
        return cached

    def _sign(self, task_id: str, expires: int, generation: int) -> str:
        message = f"{task_id}:{expires}:{generation}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()[:32]

    def _link(self, job: _Job) -> str:
        expired = job.faults.always_expired or (job.faults.expired_link and not job.expired_served)
        expires = int(time.time() - 60) if expired else int(time.time() + LINK_TTL)
        sig = self._sign(job.id, expires, job.link_generation)
        return (
            f"{self.cdn_url}/files/{job.id}.mp4"
            f"?expires={expires}&gen={job.link_generation}&signature={sig}"
        )

    def _link_valid(self, job: _Job, query: dict[str, list[str]]) -> bool:
        try:
            expires = int(query["expires"][0])
            generation = int(query["gen"][0])
            signature = query["signature"][0]
        except (KeyError, IndexError, ValueError):
            return False
        if not hmac.compare_digest(signature, self._sign(job.id, expires, generation)):
            return False
        if expires >= time.time():
            return True
        with self._lock:
            # The next time the task is read, it hands out a fresh link.
            job.expired_served = True
            job.link_generation = max(job.link_generation, generation + 1)
        return False

    def _task_reply(self, task_id: str, *, sync: bool) -> dict[str, Any] | None:
        job = self._job(task_id)
        if job is None:
            return None
        with self._lock:
            elapsed = time.monotonic() - job.started
            pending_for = job.duration * self.config.pending_share
            reply: dict[str, Any] = {
                "id": job.id,
                "object": "video.generation.task",
                "type": "video",
                "model": job.request.get("model", MODEL),
                "created": job.created,
                "results": None,
                "error": None,
            }
            if job.credits is not None:  # "usage" is optional in the contract
                reply["usage"] = {"credits_reserved": job.credits, "user_group": "default"}
            if elapsed < pending_for:
                reply.update(status="pending", progress=0)
            elif elapsed < job.duration:
                share = (elapsed - pending_for) / max(job.duration - pending_for, 1e-6)
                reply.update(status="processing", progress=min(99, max(1, int(share * 100))))
            elif job.faults.fail is not None:
                code, message = job.faults.fail
                reply.update(
                    status="failed",
                    progress=100,
                    error={"code": code, "message": message, "type": "task_error"},
                )
            elif job.polls_without_url < job.faults.no_url_polls:
                job.polls_without_url += 1
                reply.update(status="completed", progress=95, results=[])
            else:
                url = self._link(job)
                width, height = self._size(job.request)
                reply.update(status="completed", progress=100)
                if job.faults.old_shape:
                    del reply["results"]
                    reply["output"] = {
                        "url": url,
                        "urls": [url],
                        "duration": job.request.get("duration", 5),
                        "width": width,
                        "height": height,
                    }
                else:
                    reply["results"] = [
                        {
                            "url": url,
                            "content_type": "video/mp4",
                            "width": width,
                            "height": height,
                            "duration": job.request.get("duration", 5),
                        }
                    ]
            return reply


def _dimensions(request: dict[str, Any]) -> tuple[int, int]:
    w, h = (int(x) for x in str(request.get("aspect_ratio", "16:9")).split(":"))
    short = {"360p": 360, "540p": 540, "720p": 720, "1080p": 1080}.get(
        str(request.get("resolution", "720p")), 720
    )
    if w >= h:
        return round(short * w / h) // 2 * 2, short
    return short, round(short * h / w) // 2 * 2


# -- pictures: uploads and the two picture models -----------------------------------------------

_UPLOAD_PATHS = frozenset({"/v1/files/upload/stream", "/v1/files/upload/base64"})
#: The fields each picture model takes (foxapi.md); anything else is refused.
_PICTURE_FIELDS: dict[str, frozenset[str]] = {
    IMAGE_MODEL: frozenset(
        {
            "model",
            "prompt",
            "image_url",
            "resolution",
            "duration",
            "generate_audio",
            "generate_multi_clip",
            "thinking_type",
            "seed",
            "negative_prompt",
        }
    ),
    TRANSITION_MODEL: frozenset(
        {
            "model",
            "prompt",
            "image_url",
            "image_tail_url",
            "aspect_ratio",
            "resolution",
            "duration",
            "generate_audio",
        }
    ),
}


@dataclass(frozen=True, slots=True)
class _Upload:
    data: bytes
    content_type: str


def _content_type(data: bytes) -> str:
    header = read_header(data)
    return "application/octet-stream" if header is None else header[0].mime


def _upload(handler: _ApiHandler, path: str, body: bytes) -> None:
    """``POST /v1/files/upload/stream`` (multipart) or ``…/base64`` (JSON): keep the bytes and
    answer with their public URL on the CDN."""
    sim = handler.server.sim
    if handler._refused("upload"):
        return
    if path.endswith("/base64"):
        parsed = _base64_upload(body)
    else:
        parsed = _multipart_upload(handler.headers.get("Content-Type", ""), body)
    if isinstance(parsed, ErrorReply):
        handler._send_error(parsed)
        return
    name, data = parsed
    if len(data) > MAX_BYTES:
        handler._send_error(
            ErrorReply(413, "invalid_request_error", "file_too_large", "File exceeds 20 MB")
        )
        return
    handler._send(200, sim._store_upload(name, data))


def _missing_file() -> ErrorReply:
    return ErrorReply(400, "invalid_request_error", "invalid_file", "file is required")


def _multipart_upload(content_type: str, body: bytes) -> tuple[str, bytes] | ErrorReply:
    if not content_type.lower().startswith("multipart/form-data"):
        return ErrorReply(
            400, "invalid_request_error", "invalid_request", "Expected multipart/form-data"
        )
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    name, data = "", None
    for part in message.iter_parts() if message.is_multipart() else ():
        field = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if field == "file" and isinstance(payload, bytes):
            data = payload
            name = name or (part.get_filename() or "")
        elif field == "file_name" and isinstance(payload, bytes):
            name = payload.decode("utf-8", "replace").strip()
    if not data:
        return _missing_file()
    return name or "upload", data


def _base64_upload(body: bytes) -> tuple[str, bytes] | ErrorReply:
    try:
        request = json.loads(body)
        encoded = request["file_data"]
        if "," in encoded and encoded.startswith("data:"):
            encoded = encoded.split(",", 1)[1]  # a data: URL
        data = base64.b64decode(encoded, validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error):
        return _missing_file()
    if not data:
        return _missing_file()
    return str(request.get("file_name") or "upload"), data


def _serve_upload(handler: _CdnHandler, path: str) -> None:
    sim = handler.server.sim
    with sim._lock:
        upload = sim._uploads.get(path)
    if upload is None:
        handler._send(404, text="Not Found", content_type="text/plain")
        return
    handler.send_response(200)
    handler.send_header("Content-Type", upload.content_type)
    handler.send_header("Content-Length", str(len(upload.data)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(upload.data)


def _picture_problem(body: Any, sim: Simulator) -> tuple[int, str, str, str] | None:
    """What the service says to a request of a picture model whose pictures or fields are not
    right; ``None`` for anything else (``_validate`` checks the fields all models share)."""
    if not isinstance(body, dict) or body.get("model") not in _PICTURE_FIELDS:
        return None
    model = str(body["model"])
    bad = (422, "invalid_request_error", "invalid_parameter")
    for key in body:
        if key not in _PICTURE_FIELDS[model]:
            return (*bad, f"{key} is not supported by {model}")
    mode = Mode.IMAGE if model == IMAGE_MODEL else Mode.TRANSITION
    allowed = [r.value for r in resolutions(mode)]
    if "resolution" in body and body["resolution"] not in allowed:
        return (*bad, f"resolution must be one of {allowed} for {model}")
    for key in ("image_url", "image_tail_url"):
        if key not in body:
            if key == "image_url":
                return 400, "invalid_request_error", "missing_parameter", "image_url is required"
            continue
        problem = _image_problem(key, body[key], sim)
        if problem is not None:
            return problem
    return None


def _image_problem(key: str, url: object, sim: Simulator) -> tuple[int, str, str, str] | None:
    bad = (422, "invalid_request_error", "invalid_image")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return (*bad, f"{key} must be a public http(s) URL")
    upload = sim._upload_at(url)
    if upload is None:
        return (*bad, f"{key} could not be fetched")
    header = read_header(upload.data)
    if header is None:
        return (*bad, f"{key} is not a PNG, JPEG or WebP image")
    _kind, width, height = header
    if len(upload.data) > MAX_BYTES:
        return (*bad, f"{key} is larger than 20 MB")
    if width > MAX_SIDE or height > MAX_SIDE:
        return (*bad, f"{key} is {width}x{height}; each side must be at most {MAX_SIDE} px")
    return None

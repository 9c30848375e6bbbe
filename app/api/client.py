"""The async FoxAPI client: one long-lived ``httpx.AsyncClient`` for the API origin.

Every httpx exception is turned into the error tree of ``app.errors`` here, at the boundary.
A POST is sent at most once unless the connection was never made. A GET is asked once: whoever
asks again (the engine's pollers, ``app.engine.policy``) owns the backoff and ``Retry-After``,
which the error carries.

When the settings change, the running client is retired (``retire``): requests already under
way finish on it, new ones go to the client that replaced it, and it closes once idle. A request
that meets a closed client gets ``ConnectionNotMade``, never a bare ``RuntimeError``.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import importlib
import importlib.util
import logging
import math
import os
import random
import sys
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar
from urllib.parse import quote

from app import PRODUCT, __version__, errors
from app.api import replies
from app.api.models import GenerationRequest, TaskSnapshot, UploadedFile, parse_task, parse_upload
from app.redact import redact_url
from app.retiring import Retiring
from app.tls import certificate_problem, tls_context

if TYPE_CHECKING:
    # httpx (with httpcore, h11, idna and certifi) is about sixty modules: it loads on first
    # use, on a worker thread, so that the window paints without waiting for it.
    import httpx

log = logging.getLogger(__name__)

UPLOAD_PATH = "/v1/files/upload/stream"
PRESET_BASE_URLS = ("https://api.foxapi.cc", "https://api.aihubmax.com")
USER_AGENT = f"{PRODUCT}/{__version__} (desktop video studio)"
#: "New API" gateways count quota in these units per US dollar.
QUOTA_UNITS_PER_USD = 500_000
_BODY_LOG_LIMIT = 2000
#: Seconds one submit POST may take from sending to the last byte of its reply. The read
#: timeout alone cannot end a reply that trickles a byte at a time; past this the job is
#: ``unknown`` (the request went out, so the task may exist and be charged).
SUBMIT_DEADLINE = 60.0

P = ParamSpec("P")
R = TypeVar("R")


def default_timeout() -> httpx.Timeout:
    import httpx

    return httpx.Timeout(connect=10.0, read=30.0, write=30.0, pool=10.0)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How a submit whose connection was never made is tried again: exponential backoff with
    jitter. ``attempts`` is small, so the longest wait is ``base_delay * 2 ** (attempts - 2)``."""

    attempts: int = 4
    base_delay: float = 1.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based)."""
        ceiling = self.base_delay * (2 ** (attempt - 1))
        return random.uniform(ceiling / 2, ceiling)


@dataclass(frozen=True, slots=True)
class Balance:
    """What the service says is left. Either figure may be unknown."""

    usd: float | None = None
    credits: float | None = None
    unlimited: bool = False


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if math.isnan(seconds):
        return None
    return max(0.0, min(seconds, 3600.0))


def _short_body(response: httpx.Response) -> str:
    try:
        text = response.text
    except (UnicodeDecodeError, LookupError):
        text = repr(response.content[:_BODY_LOG_LIMIT])
    return text[:_BODY_LOG_LIMIT]


def error_from_response(response: httpx.Response) -> errors.ApiError:
    """Map an error answer (status, ``error.type``, ``error.code``) onto the error tree."""
    status = response.status_code
    body = _short_body(response)
    service_type = service_code = service_message = ""
    try:
        data = replies.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        data = None
    if isinstance(data, dict):
        err = data.get("error")
        if isinstance(err, dict):
            service_type = str(err.get("type") or "")
            service_code = str(err.get("code") or "")
            service_message = str(err.get("message") or "")
        elif isinstance(err, str):
            service_message = err
        elif isinstance(data.get("message"), str):
            service_message = str(data["message"])
    retry_after = parse_retry_after(response.headers.get("Retry-After"))
    kw: dict[str, Any] = {
        "status": status,
        "body": body,
        "service_code": service_code or service_type,
        "service_message": service_message,
    }
    detail = f"HTTP {status} {service_type or ''} {service_code or ''} {service_message}".strip()
    if status == 401:
        return errors.AuthenticationFailed(detail, **kw)
    if status == 402 or service_type == "insufficient_quota":
        return errors.InsufficientQuota(detail, **kw)
    if status == 403:
        return errors.FirewallBlocked(detail, **kw)
    if status == 404:
        return errors.TaskNotFound(detail, **kw)
    if status == 429:
        return errors.RateLimited(detail, retry_after=retry_after, **kw)
    if status in (400, 413, 422):
        if service_code == "model_not_found":
            return errors.ModelNotEnabled(detail, **kw)
        if service_code == "unsupported_advanced_options":
            return errors.UnsupportedOptions(detail, **kw)
        if service_code == "no_compatible_channel" or service_type == "service_unavailable_error":
            return errors.ServiceUnavailable(detail, retry_after=retry_after, **kw)
        return errors.RequestRejected(detail, **kw)
    if status >= 500:
        return errors.ServiceUnavailable(detail, retry_after=retry_after, **kw)
    return errors.ApiError(detail, **kw)


#: What a proxy or load balancer answers when the service behind it failed or was slow.
_GATEWAY_STATUSES = frozenset({502, 503, 504})


def _submit_error(response: httpx.Response) -> errors.ApiError | errors.GatewayAfterPost:
    """The error for a POST answered with ``response`` (status >= 400). A 502/503/504 without
    the service's own JSON error came from a gateway, which may have passed the request on
    before failing: the task may exist and be charged, so it is not a refusal."""
    error = error_from_response(response)
    from_service = error.service_code or error.service_message
    if response.status_code in _GATEWAY_STATUSES and not from_service:
        # The body (a proxy's page, logged above) says nothing about the task.
        return errors.GatewayAfterPost(f"HTTP {response.status_code} from a gateway after the POST")
    return error


def refused_certificate(exc: httpx.RequestError) -> errors.CertificateRejected | None:
    """The certificate problem behind a failed request, naming the host it came from."""
    try:
        host = exc.request.url.host
    except RuntimeError:  # an error raised before a request was attached
        host = ""
    return certificate_problem(exc, host)


def _decode_json(response: httpx.Response) -> Any:
    try:
        return replies.loads(response.content)
    except replies.ReplyTooDeep as exc:
        raise errors.BadResponse(
            f"reply is {exc}", body=_short_body(response), status=response.status_code
        ) from None
    except (ValueError, UnicodeDecodeError):
        raise errors.BadResponse(
            "reply is not JSON", body=_short_body(response), status=response.status_code
        ) from None


async def _send_bounded(http: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
    """Send ``request`` and read at most ``MAX_REPLY_BYTES`` of the (decoded) reply: a larger
    answer is a ``BadResponse``, and an error page is cut there. Transport errors are the
    caller's to map, as with ``send``."""
    import httpx

    limit = replies.MAX_REPLY_BYTES
    response = await http.send(request, stream=True)
    try:
        failed = response.status_code >= 400
        declared = response.headers.get("Content-Length", "")
        if not failed and declared.isdigit() and int(declared) > limit:
            raise _too_large(response, limit)
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > limit:
                if not failed:
                    raise _too_large(response, limit)
                del body[limit:]
                break
    finally:
        await response.aclose()
    # The body is decoded already: the copy must not claim an encoding or another length.
    headers = [
        (name, value)
        for name, value in response.headers.multi_items()
        if name.lower() not in ("content-encoding", "content-length", "transfer-encoding")
    ]
    return httpx.Response(
        response.status_code, headers=headers, content=bytes(body), request=response.request
    )


def _too_large(response: httpx.Response, limit: int) -> errors.BadResponse:
    return errors.BadResponse(
        f"reply is larger than {limit // (1024 * 1024)} MB", status=response.status_code
    )


def _closed_error() -> errors.ConnectionNotMade:
    return errors.ConnectionNotMade(
        "the connection was closed (the settings changed or ReelDesk is closing)"
    )


def _in_use(
    request: Callable[Concatenate[FoxClient, P], Coroutine[Any, Any, R]],
) -> Callable[Concatenate[FoxClient, P], Coroutine[Any, Any, R]]:
    """Send ``request`` on the client in use: this one, or the one that replaced it once this
    one was retired. It counts as under way meanwhile, so retiring waits for it."""

    @functools.wraps(request)
    async def send(self: FoxClient, /, *args: P.args, **kwargs: P.kwargs) -> R:
        client = self._current()
        client._under_way += 1
        try:
            return await request(client, *args, **kwargs)
        except RuntimeError as exc:
            if not client._closed:
                raise
            # httpx refuses a request on a closed client before anything is sent.
            raise _closed_error() from exc
        finally:
            client._under_way -= 1
            client._work_ended()

    return send


class FoxClient(Retiring):
    """Talks to FoxAPI. Create once, share, and ``await aclose()`` at shutdown."""

    #: Seconds a retired client keeps its connection for the requests under way: twice the
    #: read timeout, so a slow submit gets its reply rather than being cut (and left unknown).
    RETIRE_GRACE = 60.0

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        proxy: str | None = None,
        timeout: httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        ca_file: str = "",
    ) -> None:
        super().__init__()
        self.base_url = base_url.rstrip("/")
        #: An extra CA file (PEM) trusted on top of the system's store (``app.tls``).
        self._ca_file = ca_file
        self._retry = retry or RetryPolicy()
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self._options: dict[str, Any] = {
            "base_url": self.base_url,
            "headers": headers,
            "timeout": timeout,
            "proxy": proxy,
            "transport": transport,
            "follow_redirects": False,
            "trust_env": False,
        }
        self._client: httpx.AsyncClient | None = None
        self._building = threading.Lock()
        self._closed = False
        self._under_way = 0

    def warm_up(self) -> None:
        """Build the HTTP client now, from a worker thread. Blocking: it loads httpx, httpcore,
        anyio's asyncio backend and the system's trust store (about 0.1 s), which on the event
        loop would be a frozen window. Safe to call more than once, from any thread. Raises
        ``SettingsError`` when the extra CA file cannot be read."""
        with self._building:
            if self._client is not None or self._closed:
                return
            import httpx

            importlib.import_module("anyio._backends._asyncio")
            _remember_no_sniffio()
            options = dict(self._options, timeout=self._options["timeout"] or default_timeout())
            self._client = httpx.AsyncClient(
                verify=tls_context(self._ca_file),
                limits=httpx.Limits(max_connections=8, max_keepalive_connections=8),
                **options,
            )

    async def _http(self) -> httpx.AsyncClient:
        """The HTTP client; the first call builds it on a worker thread (see ``warm_up``)."""
        if self._client is None:
            await asyncio.to_thread(self.warm_up)
        if self._client is None:
            raise _closed_error()
        return self._client

    def _closed_error(self) -> Exception:
        return _closed_error()

    def _is_busy(self) -> bool:
        return self._under_way > 0

    async def aclose(self) -> None:
        """Close now. Requests still under way end with a ``NetworkError``."""
        self._closed = self._retired = True
        if self._building.locked():
            # A warm-up is building the client on a worker thread: let it finish, then close it.
            await asyncio.to_thread(self._wait_for_build)
        if self._client is not None:
            await self._client.aclose()

    def _wait_for_build(self) -> None:
        with self._building:
            pass

    async def __aenter__(self) -> FoxClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # -- requests -----------------------------------------------------------------------------

    @_in_use
    async def submit(self, request: GenerationRequest) -> TaskSnapshot:
        """Send one generation request. Raises ``ReplyLost`` when the request may have reached
        the service but no answer came back, or none in full by ``SUBMIT_DEADLINE``
        (``GatewayAfterPost`` when a gateway answered in its place): the task may exist, and
        is never resent here."""
        body = request.body()
        http = await self._http()
        import httpx  # loaded by now: ``_http`` made sure of it

        attempt = 0
        while True:
            attempt += 1
            try:
                post = http.build_request("POST", "/v1/videos/generations", json=body)
                async with asyncio.timeout(SUBMIT_DEADLINE):
                    response = await _send_bounded(http, post)
                break
            except TimeoutError as exc:
                raise errors.ReplyLost(
                    f"no complete reply within {SUBMIT_DEADLINE:g}s of sending"
                ) from exc
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                refused = refused_certificate(exc)
                if refused is not None:  # the same certificate comes back on every attempt
                    raise refused from exc
                if attempt >= self._retry.attempts:
                    raise errors.ConnectionNotMade(f"{type(exc).__name__}: {exc}") from exc
                delay = self._retry.delay(attempt)
                log.info("submit: connection not made (%s); retrying in %.1fs", exc, delay)
                await asyncio.sleep(delay)
            except httpx.ProxyError as exc:
                raise errors.ConnectionNotMade(f"proxy: {exc}") from exc
            except httpx.TransportError as exc:
                raise errors.ReplyLost(f"{type(exc).__name__}: {exc}") from exc
        self._log_response(response)
        if response.status_code >= 400:
            raise _submit_error(response)
        if response.status_code != 200 and response.status_code != 201:
            raise errors.BadResponse(
                f"unexpected HTTP {response.status_code}", body=_short_body(response)
            )
        return parse_task(_decode_json(response))

    @_in_use
    async def upload(
        self, path: str | os.PathLike[str], *, mime: str | None = None, field: str = "image"
    ) -> UploadedFile:
        """Upload a local file through ``/v1/files/upload/stream`` and return where the service
        keeps it. An upload makes no task and costs nothing, so a caller may repeat it; here it
        is sent once, like a GET. The file is read on a worker thread (up to 20 MB); one that
        cannot be read is a ``PictureRejected`` for ``field``."""
        file = Path(path)
        try:
            data = await asyncio.to_thread(file.read_bytes)
        except OSError as exc:
            raise errors.PictureRejected(
                field, "reason.picture_unreadable", path=str(file)
            ) from exc
        http = await self._http()
        import httpx  # loaded by now: ``_http`` made sure of it

        files = {"file": (file.name, data, mime or "application/octet-stream")}
        form = {"file_name": file.name}
        request = http.build_request("POST", UPLOAD_PATH, files=files, data=form)
        try:
            response = await _send_bounded(http, request)
        except httpx.TransportError as exc:
            raise errors.NetworkError(f"{type(exc).__name__}: {exc}") from exc
        self._log_response(response)
        if response.status_code >= 400:
            raise error_from_response(response)
        return parse_upload(_decode_json(response))

    @_in_use
    async def get_task(self, task_id: str, *, sync_upstream: bool = False) -> TaskSnapshot:
        """The task's current state, asked once."""
        params = {"sync_upstream": "true"} if sync_upstream else None
        path = f"/v1/tasks/{quote(task_id, safe='')}"
        data = await self._get_json(path, params=params)
        snapshot = parse_task(data)
        if snapshot.id != task_id:
            log.warning("task %s answered with id %s", task_id, snapshot.id)
        return snapshot

    @_in_use
    async def balance(self) -> Balance | None:
        """Best effort: ``None`` when the service offers no balance we understand."""
        for path in ("/v1/account/credits", "/api/usage/token/"):
            try:
                data = await self._get_json(path)
            except (errors.TaskNotFound, errors.RequestRejected, errors.BadResponse):
                continue
            except errors.ApiError as exc:
                if exc.status in (405, 501):
                    continue
                raise
            parsed = _parse_balance(data)
            if parsed is not None:
                return parsed
        return None

    async def _get_json(self, path: str, *, params: dict[str, str] | None = None) -> Any:
        http = await self._http()
        import httpx  # loaded by now: ``_http`` made sure of it

        try:
            response = await _send_bounded(http, http.build_request("GET", path, params=params))
        except httpx.TransportError as exc:
            raise refused_certificate(exc) or errors.NetworkError(
                f"{type(exc).__name__}: {exc}"
            ) from exc
        self._log_response(response)
        if response.status_code >= 400:
            raise error_from_response(response)
        return _decode_json(response)

    def _log_response(self, response: httpx.Response) -> None:
        request = response.request
        if response.status_code >= 400:
            log.warning(
                "%s %s -> %d %s",
                request.method,
                redact_url(str(request.url)),
                response.status_code,
                _short_body(response),
            )
        else:
            log.debug(
                "%s %s -> %d", request.method, redact_url(str(request.url)), response.status_code
            )


def _first_number(data: dict[str, Any], *keys: str) -> float | None:
    for key in keys:
        value = data.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                continue
    return None


def _parse_balance(data: Any) -> Balance | None:
    if not isinstance(data, dict):
        return None
    inner = data.get("data")
    if isinstance(inner, dict) and "total_available" in inner:
        units = _first_number(inner, "total_available")
        unlimited = bool(inner.get("unlimited_quota"))
        usd = None if units is None else units / QUOTA_UNITS_PER_USD
        return Balance(usd=usd, unlimited=unlimited)
    source = inner if isinstance(inner, dict) else data
    credits = _first_number(source, "credits", "balance", "remaining_credits", "available")
    usd = _first_number(source, "usd", "balance_usd")
    if credits is None and usd is None:
        return None
    return Balance(usd=usd, credits=credits)


def _remember_no_sniffio() -> None:
    """httpcore runs ``import sniffio`` several times a request, to tell asyncio from trio.
    Without sniffio installed each of them searched ``sys.path`` again: a dozen ``stat`` calls,
    every one giving up Python's interpreter lock on the window's thread and waiting to get it
    back from the download threads (tests/bench: load). A ``None`` entry in ``sys.modules``
    makes the import fail at once, as Python documents; httpcore then takes asyncio."""
    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]

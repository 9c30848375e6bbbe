"""Builds the core services (settings, key, client, history, engine, simulator) for a front end.

The CLI and the window both start here, so both read the same settings, key and history the
same way. This module only wires; each piece lives in its own module.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from app.api.client import FoxClient
from app.engine.downloader import Downloader
from app.engine.engine import Engine, EngineOptions
from app.engine.jobs import Job, JobStatus
from app.engine.lock import InstanceLock
from app.engine.policy import PollPolicy
from app.engine.queue import PAUSE_FILE
from app.engine.store import HistoryStore
from app.errors import KeychainUnavailable, SettingsError
from app.paths import Paths
from app.secrets import KeyStore, environment_key
from app.settings import Settings, check_base_url
from app.tls import ca_file_from

if TYPE_CHECKING:
    from app.simulator import Simulator

log = logging.getLogger(__name__)

BASE_URL_ENV = "REELDESK_BASE_URL"
#: Developer knob: scales polling intervals and demo job length (tests run at 0.02).
TIME_SCALE_ENV = "REELDESK_TIME_SCALE"
DEMO_KEY = "demo-no-cost"
DEMO_JOB_SECONDS = 8.0
DEMO_POLICY = PollPolicy(min_interval=1.0, max_interval=2.0, error_cap=10.0)
#: Connections the demo simulator's address queues until it serves (``Core``'s
#: ``simulator_later``): every resumed job may ask at once.
DEMO_BACKLOG = 128


@dataclass(frozen=True, slots=True)
class Connection:
    """Where requests go and with which key."""

    base_url: str
    api_key: str
    demo: bool
    proxy: str | None
    #: An extra CA file (PEM) to trust on top of the system's store; "" for none.
    ca_file: str = ""

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc


def start_demo_simulator(scale: float, api_socket: socket.socket | None = None) -> Simulator:
    """The in-process simulator of demo mode (imported only when demo mode is used), serving
    its API on ``api_socket`` when given (see ``demo_address``)."""
    from app.simulator import Simulator, SimulatorConfig

    config = SimulatorConfig(job_seconds=DEMO_JOB_SECONDS * scale, adopt_unknown=True)
    return Simulator(config, api_socket=api_socket).start()


def demo_address() -> tuple[socket.socket, str]:
    """A loopback socket listening on a free port, and its URL: the demo simulator's address,
    taken before the simulator is loaded (it takes the socket over when it starts)."""
    listening = socket.create_server(("127.0.0.1", 0), backlog=DEMO_BACKLOG)
    host, port = listening.getsockname()[:2]
    return listening, f"http://{host}:{port}"


def time_scale(environ: Mapping[str, str]) -> float:
    try:
        scale = float(environ.get(TIME_SCALE_ENV, "1") or 1)
    except ValueError:
        return 1.0
    return min(max(scale, 0.001), 100.0)


def stored_key(settings: Settings, keys: KeyStore) -> str:
    try:
        return keys.load(settings.key_storage) or ""
    except KeychainUnavailable as exc:
        log.warning("could not read the API key: %s", exc.details)
        return ""


def resolve_connection(
    settings: Settings,
    keys: KeyStore,
    environ: Mapping[str, str],
    *,
    demo: bool = False,
    base_url: str | None = None,
    demo_without_key: bool = False,
) -> Connection | None:
    """The connection to use, or ``None`` when there is no key and demo mode was not chosen.
    ``demo_without_key`` makes the simulator the default where no key is configured."""
    if demo:
        return Connection("", DEMO_KEY, True, None)
    url = check_base_url(base_url or environ.get(BASE_URL_ENV) or settings.base_url)
    key = environment_key(environ)
    if not key and not settings.demo_mode:
        key = stored_key(settings, keys)
    if not key:
        if settings.demo_mode or demo_without_key:
            return Connection("", DEMO_KEY, True, None)
        return None
    return Connection(url, key, False, settings.proxy(), ca_file_from(environ, settings.ca_bundle))


def _services(connection: Connection | None) -> tuple[FoxClient | None, Downloader]:
    """The API client (none without a connection) and the downloader for ``connection``."""
    if connection is None:
        return None, Downloader()
    client = FoxClient(
        connection.base_url,
        connection.api_key,
        proxy=connection.proxy,
        ca_file=connection.ca_file,
    )
    return client, Downloader(proxy=connection.proxy, ca_file=connection.ca_file)


class Core:
    """The running core services of one process. ``close()`` releases all of them."""

    def __init__(
        self,
        paths: Paths,
        settings: Settings,
        connection: Connection | None,
        *,
        environ: Mapping[str, str] | None = None,
        lock: bool = True,
        simulator_later: bool = False,
        backup_later: bool = False,
    ) -> None:
        """``simulator_later``: in demo mode, only take the simulator's address now; it is
        loaded and serves from ``warm_up`` (requests sent before then wait for it).
        ``backup_later``: the history's daily backup is made in ``warm_up``, not while it opens
        (a 200 MB history takes some 0.4 s to copy, which the window's first paint would wait
        for once a day)."""
        env = os.environ if environ is None else environ
        scale = time_scale(env)
        self._scale = scale
        #: The history's daily backup waits for ``warm_up``.
        self._backup_later = backup_later
        self.paths = paths
        self.connection = connection
        self.simulator: Simulator | None = None
        #: The demo simulator's address while it waits to serve (``simulator_later``).
        self._demo_socket: socket.socket | None = None
        #: ``warm_up`` (a worker thread) and the event loop may both start it.
        self._starting_simulator = threading.Lock()
        #: Connections replaced by ``reconnect``, closing once their work has ended.
        self._retiring: set[asyncio.Task[None]] = set()
        paths.ensure()  # before the lock, which lives in one of these folders
        self._lock = InstanceLock(paths.lock_file) if lock else None
        if self._lock is not None:
            self._lock.acquire()
        try:
            policy = PollPolicy().scaled(scale)
            if connection is not None and connection.demo:
                if simulator_later:
                    self._demo_socket, base_url = demo_address()
                else:
                    self.simulator = start_demo_simulator(scale)
                    base_url = self.simulator.base_url
                connection = Connection(base_url, DEMO_KEY, True, None)
                self.connection = connection
                policy = DEMO_POLICY.scaled(scale)
            self.client, self.downloader = _services(connection)
            self.store = HistoryStore(paths.history_db, backup_later=backup_later)
            self.engine = Engine(
                store=self.store,
                client=self.client,
                downloader=self.downloader,
                options=EngineOptions(
                    videos_dir=settings.videos_folder(paths.videos),
                    filename_template=settings.filename_template,
                    max_in_flight=settings.max_in_flight,
                    demo=connection is not None and connection.demo,
                    policy=policy,
                    save_hook=settings.save_hook,
                    project=settings.current_project,
                ),
                pause_file=paths.data / PAUSE_FILE,
            )
        except BaseException:
            self.release()
            raise

    def start_simulator(self) -> None:
        """Start the demo simulator on the address taken for it (``simulator_later``); nothing
        to do otherwise. Blocking (it loads the simulator): for a worker thread."""
        with self._starting_simulator:
            listening, self._demo_socket = self._demo_socket, None
            if listening is not None:
                self.simulator = start_demo_simulator(self._scale, listening)

    def warm_up(self) -> None:
        """Blocking preparation best done on a worker thread once the window is up: the demo
        simulator (``simulator_later``) and the HTTP client. (Downloads already build their
        client on their own threads.) Then the day's backup of the history, if it waited."""
        self.start_simulator()
        if self.client is not None:
            try:
                self.client.warm_up()
            except SettingsError as exc:
                # An unreadable CA file: said by the first request, which tries again.
                log.warning("the HTTP client was not prepared: %s", exc.details)
        if self._backup_later:
            self._backup_later = False
            self.store.daily_backup()

    async def reconnect(self, connection: Connection | None, settings: Settings) -> None:
        """Switch to another connection (key, address, proxy, demo) and folder settings
        without a restart. New requests use the new connection at once; requests and downloads
        under way finish on the old one, which closes in the background once they have
        (``retired`` waits for that). Unfinished jobs carry on over the new connection."""
        old_client, old_downloader = self.client, self.downloader
        leaving_demo: Simulator | None = None
        # Before ``warm_up`` started it: requests sent to its address are answered either way.
        self.start_simulator()
        if connection is not None and connection.demo:
            if self.simulator is None:
                self.simulator = start_demo_simulator(self._scale)
            connection = Connection(self.simulator.base_url, DEMO_KEY, True, None)
            policy = DEMO_POLICY.scaled(self._scale)
        else:
            policy = PollPolicy().scaled(self._scale)
            # Stopped once the old connection is idle: a download under way may be from it.
            leaving_demo, self.simulator = self.simulator, None
        self.connection = connection
        self.client, self.downloader = _services(connection)
        self.engine.set_services(self.client, self.downloader)
        self.engine.configure(
            videos_dir=settings.videos_folder(self.paths.videos),
            filename_template=settings.filename_template,
            max_in_flight=settings.max_in_flight,
            demo=self.demo,
            policy=policy,
            save_hook=settings.save_hook,
            project=settings.current_project,
        )
        if old_client is not None:
            old_client.retire(self.client)
        old_downloader.retire(self.downloader)
        retiring = asyncio.create_task(
            self._close_retired(old_client, old_downloader, leaving_demo),
            name="close-retired-connection",
        )
        self._retiring.add(retiring)
        retiring.add_done_callback(self._retiring.discard)

    async def _close_retired(
        self, client: FoxClient | None, downloader: Downloader, simulator: Simulator | None
    ) -> None:
        try:
            await asyncio.gather(
                *([client.aclose_when_idle()] if client is not None else []),
                downloader.aclose_when_idle(),
            )
        except Exception:  # closing is best effort; the new connection is already in use
            log.exception("closing the previous connection failed")
        finally:
            if simulator is not None:
                await asyncio.to_thread(simulator.stop)

    async def retired(self) -> None:
        """Wait until every connection ``reconnect`` replaced is closed. Bounded: closing the
        engine first stops the downloads, and each retiring client has a grace period."""
        await asyncio.gather(*self._retiring, return_exceptions=True)

    @property
    def demo(self) -> bool:
        return self.connection is not None and self.connection.demo

    async def let_replies_arrive(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for the answers to POSTs already sent: each is the task id
        of a paid video, which the next start can save only if it is on disk. Returns True
        when none is left on its way. For a front end about to close."""
        engine = self.engine

        def on_their_way() -> list[str]:
            return [
                job.id
                for job in engine.jobs
                if job.status is JobStatus.SUBMITTING and engine.is_active(job.id)
            ]

        waiting = on_their_way()
        if not waiting:
            return True
        log.info("closing: waiting up to %.1f s for %d submit replies", seconds, len(waiting))
        changed = asyncio.Event()

        def on_changed(_job: Job) -> None:
            changed.set()

        engine.events.job_changed.connect(on_changed)
        deadline = asyncio.get_running_loop().time() + seconds
        try:
            while waiting:
                left = deadline - asyncio.get_running_loop().time()
                if left <= 0:
                    log.warning("closing: %d submit replies did not come in time", len(waiting))
                    return False
                changed.clear()
                # A job's task may also end without a change (a history error): look again
                # now and then, not only when a job changes.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(changed.wait(), min(left, 0.1))
                waiting = on_their_way()
        finally:
            engine.events.job_changed.disconnect(on_changed)
        return True

    async def close(self) -> None:
        await self.engine.close()
        await self.retired()
        if self.client is not None:
            await self.client.aclose()
        await self.downloader.aclose()
        self.store.close()
        self.release()

    def release(self) -> None:
        """Let go of the instance lock and stop the demo simulator: all that ``close()`` does
        which must happen even when closing cannot finish."""
        with self._starting_simulator:
            if self._demo_socket is not None:
                self._demo_socket.close()
                self._demo_socket = None
        if self.simulator is not None:
            self.simulator.stop()
            self.simulator = None
        if self._lock is not None:
            self._lock.release()

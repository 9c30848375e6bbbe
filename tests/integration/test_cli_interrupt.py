"""Ctrl+C or SIGTERM while a paid POST is on its way: the real ``reeldesk`` in a child process,
the simulator behind a loopback gateway that holds the POST's answer back."""

from __future__ import annotations

import contextlib
import http.client
import signal
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app.engine.jobs import JobStatus
from app.simulator import SimulatorConfig
from app.simulator.faults import FaultySimulator
from tests.children import ROOT

from .helpers import KEY
from .test_cli import REELDESK, cli_env, history, run_cli


class SlowGateway(ThreadingHTTPServer):
    """Passes every request on to ``upstream`` at once, and holds a POST's answer back for
    ``delay`` seconds: the service has made (and charged) the task, its id is on its way."""

    daemon_threads = True

    def __init__(self, upstream: str, delay: float) -> None:
        self.upstream = urlsplit(upstream)
        self.delay = delay
        self.post_arrived = threading.Event()
        self.released = threading.Event()
        super().__init__(("127.0.0.1", 0), _GatewayHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _GatewayHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: SlowGateway

    def log_message(self, *args: object) -> None:
        pass

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        target = self.server.upstream
        upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
        upstream.request(self.command, self.path, body=body, headers=headers)
        answer = upstream.getresponse()
        data = answer.read()
        upstream.close()
        if self.command == "POST":
            self.server.post_arrived.set()
            self.server.released.wait(self.server.delay)
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.getheader("Content-Type") or "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = _forward
    do_POST = _forward


@pytest.fixture
def sim() -> Iterator[FaultySimulator]:
    with FaultySimulator(SimulatorConfig(job_seconds=0.3)) as simulator:
        yield simulator


@contextlib.contextmanager
def gateway(sim: FaultySimulator, delay: float) -> Iterator[SlowGateway]:
    server = SlowGateway(sim.base_url, delay)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.released.set()
        server.shutdown()
        server.server_close()


def generate_through(home: Path, slow: SlowGateway, *extra: str) -> subprocess.Popen[str]:
    """``reeldesk generate x EXTRA…`` sent through ``slow``, its output piped."""
    return subprocess.Popen(
        [*REELDESK, "generate", "x", *extra, "--base-url", slow.url],
        cwd=ROOT,
        env=cli_env(home, REELDESK_API_KEY=KEY),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["sigint", "sigterm"])
def test_an_interrupt_during_the_post_keeps_the_task_id_and_resume_saves_the_video(
    home: Path, sim: FaultySimulator, signum: signal.Signals
) -> None:
    with gateway(sim, delay=1.0) as slow:
        process = generate_through(home, slow)
        try:
            assert slow.post_arrived.wait(30), "the POST never came"
            process.send_signal(signum)
            out, err = process.communicate(timeout=30)
        finally:
            process.kill()
            process.wait()

    assert process.returncode == 1, err
    assert "waiting up to 10 s" in err and "reeldesk resume" in err
    (job,) = history(home)
    assert job.task_id is not None and job.task_id in sim.task_ids()
    assert job.status is JobStatus.PENDING
    assert job.task_id in out  # the line of the job names its task

    resumed = run_cli(home, "resume", "--base-url", sim.base_url, REELDESK_API_KEY=KEY)

    assert resumed.returncode == 0, resumed.stderr
    (job,) = history(home)
    assert job.status is JobStatus.SAVED and Path(job.path or "").is_file()
    assert len(sim.submissions()) == 1


def test_a_second_interrupt_quits_without_waiting_for_the_answer(
    home: Path, sim: FaultySimulator
) -> None:
    with gateway(sim, delay=60.0) as slow:
        process = generate_through(home, slow)
        try:
            assert slow.post_arrived.wait(30), "the POST never came"
            process.send_signal(signal.SIGINT)
            assert process.stderr is not None
            assert "waiting up to 10 s" in process.stderr.readline()
            process.send_signal(signal.SIGINT)
            _, err = process.communicate(timeout=8)  # well before the 10 s grace ends
        finally:
            process.kill()
            process.wait()

    assert process.returncode == 1, err
    (job,) = history(home)
    assert job.task_id is None and job.status is JobStatus.SUBMITTING  # resume: unknown

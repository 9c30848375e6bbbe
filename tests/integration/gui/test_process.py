"""The window as a real process (offscreen) against a simulator in this process: killed with
SIGKILL mid-render it loses nothing and sends nothing twice; SIGTERM closes it promptly.

The jobs are submitted with ``reeldesk generate --no-wait`` against the same home (another
process cannot type into the child's window); the window then takes them over."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from app.engine.jobs import JobStatus
from app.engine.store import HistoryStore
from app.paths import Paths
from app.simulator import JobFaults, SimulatorConfig
from app.simulator.faults import FaultySimulator
from tests.children import ROOT, child_env
from tests.integration.helpers import KEY
from tests.videos import same_video

SHOWN = "window shown"


def environment(home: Path, sim: FaultySimulator) -> dict[str, str]:
    return child_env(
        home,
        QT_QPA_PLATFORM="offscreen",
        REELDESK_API_KEY=KEY,
        REELDESK_BASE_URL=sim.base_url,
        REELDESK_TIME_SCALE="0.02",
    )


def submit(home: Path, sim: FaultySimulator, prompt: str, count: int) -> list[dict[str, Any]]:
    """``reeldesk generate PROMPT --count N --no-wait --json``: the jobs, as it printed them."""
    command = ["generate", prompt, "--count", str(count), "--no-wait", "--json"]
    result = subprocess.run(
        [sys.executable, "-m", "app", *command],
        cwd=ROOT,
        env=environment(home, sim),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    jobs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(jobs) == count and all(job["task_id"] for job in jobs), result.stdout
    return jobs


class Window:
    """``reeldesk`` (the window) as a child process; its output goes to a file, which cannot
    fill up and block it the way an unread pipe would."""

    def __init__(self, home: Path, sim: FaultySimulator, output: Path) -> None:
        self.home = home
        self.output = output
        self._out: IO[bytes] = output.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ui.launcher"],
            cwd=ROOT,
            env=environment(home, sim),
            stdin=subprocess.DEVNULL,
            stdout=self._out,
            stderr=subprocess.STDOUT,
        )

    def log(self) -> str:
        path = self.home / "logs" / "reeldesk.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if self.process.poll() is not None:
                raise AssertionError(
                    f"the window exited ({self.process.returncode}) before {what}: "
                    + self.output.read_text(errors="replace")[-2000:]
                )
            assert time.monotonic() < deadline, f"{what}: not within {timeout} s"
            time.sleep(0.02)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self._out.close()


@pytest.fixture
def windows(tmp_path: Path) -> Iterator[Callable[[Path, FaultySimulator], Window]]:
    """Starts window processes; kills whatever is still running at the end."""
    started: list[Window] = []

    def start(home: Path, sim: FaultySimulator) -> Window:
        window = Window(home, sim, tmp_path / "window-output.txt")
        started.append(window)
        return window

    yield start
    for window in started:
        window.close()


def statuses(paths: Paths) -> list[str]:
    """The jobs' statuses in the history, read while the window has it open (read-only)."""
    if not paths.history_db.exists():
        return []
    db = sqlite3.connect(f"{paths.history_db.as_uri()}?mode=ro", uri=True)
    try:
        return sorted(status for (status,) in db.execute("SELECT status FROM jobs"))
    finally:
        db.close()


def polled_since(sim: FaultySimulator, task_ids: list[str], since: float) -> bool:
    """Whether every task was asked about after ``since`` (``time.monotonic()``)."""
    asked = {r.path.removeprefix("/v1/tasks/") for r in sim.received("api", "GET") if r.at > since}
    return set(task_ids) <= asked


def test_a_window_killed_mid_render_saves_everything_on_restart_posting_each_job_once(
    home: Path, paths: Paths, windows: Callable[[Path, FaultySimulator], Window]
) -> None:
    with FaultySimulator(SimulatorConfig(job_seconds=30, pending_share=0)) as sim:
        submitted = submit(home, sim, "Killed mid-render", count=2)
        task_ids = [job["task_id"] for job in submitted]
        first = windows(home, sim)
        first.wait_for(lambda: SHOWN in first.log(), "the window showed")
        shown = time.monotonic()
        first.wait_for(lambda: polled_since(sim, task_ids, shown), "the window followed the jobs")
        first.process.send_signal(signal.SIGKILL)
        assert first.process.wait(timeout=10) == -signal.SIGKILL
        assert not list(paths.videos.glob("*.mp4")), "saved before the render finished"

        sim.finish_now()
        second = windows(home, sim)

        second.wait_for(lambda: statuses(paths) == ["saved", "saved"], "both jobs were saved")
        second.process.send_signal(signal.SIGTERM)
        assert second.process.wait(timeout=10) == 0

        store = HistoryStore(paths.history_db)
        try:
            jobs = store.load_all()
        finally:
            store.close()
        assert sorted(job.task_id or "" for job in jobs) == sorted(task_ids)
        assert {job.status for job in jobs} == {JobStatus.SAVED}
        for job in jobs:
            video = Path(job.path or "")
            assert same_video(video, sim.file_bytes(job.task_id or ""))
            assert json.loads(video.with_suffix(".json").read_text())["task_id"] == job.task_id
        assert not list(paths.videos.glob("*.part"))
        posted = sim.submissions()
        assert len(posted) == 2, "a job was submitted twice"
    output = first.output.read_text(errors="replace")  # both runs wrote here
    assert "Traceback" not in output, output


def test_sigterm_closes_the_window_within_five_seconds_with_jobs_running(
    home: Path, paths: Paths, windows: Callable[[Path, FaultySimulator], Window]
) -> None:
    # One job keeps rendering; the other downloads 2 MB at 50 kB/s (forty seconds).
    config = SimulatorConfig(job_seconds=30, pending_share=0, file_size=2_000_000)
    with FaultySimulator(config, faults=JobFaults(slow_bps=50_000)) as sim:
        task_ids = [job["task_id"] for job in submit(home, sim, "Interrupted", count=2)]
        window = windows(home, sim)
        window.wait_for(lambda: SHOWN in window.log(), "the window showed")
        shown = time.monotonic()
        window.wait_for(lambda: polled_since(sim, task_ids, shown), "the window followed the jobs")
        sim.finish_now(task_ids[0])
        window.wait_for(lambda: bool(sim.received("cdn", "GET")), "the download began")

        window.process.send_signal(signal.SIGTERM)
        asked = time.monotonic()
        try:
            code = window.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            raise AssertionError("still running 5 s after SIGTERM") from None
        took = time.monotonic() - asked
        print(
            "TOOK",
            took,
            [r.path for r in sim.received("cdn", "GET")],
            len(sim.received("api", "GET")),
        )
    assert code == 0, window.output.read_text(errors="replace")
    assert took < 5
    assert "Traceback" not in window.output.read_text(errors="replace")
    store = HistoryStore(paths.history_db)
    try:
        jobs = store.load_all()
    finally:
        store.close()
    # Nothing given up: both jobs continue at the next start.
    assert {job.status for job in jobs} <= {JobStatus.PROCESSING, JobStatus.DOWNLOADING}

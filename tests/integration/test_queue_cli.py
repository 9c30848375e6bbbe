"""The queue from the command line, as scripts use it: the real ``reeldesk`` in child processes,
the simulator on loopback; each job sent once, counted at the server."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.engine.jobs import Job, JobStatus
from app.engine.store import HistoryStore
from app.simulator import SimulatorConfig
from app.simulator.faults import FaultySimulator
from tests.children import ROOT

from .helpers import KEY
from .test_cli import REELDESK, cli_env, run_cli


@pytest.fixture
def live_sim() -> Iterator[FaultySimulator]:
    with FaultySimulator(SimulatorConfig(job_seconds=0.8)) as simulator:
        yield simulator


def history(home: Path) -> list[Job]:
    store = HistoryStore(home / "data" / "history.sqlite3")
    try:
        return store.load_all()
    finally:
        store.close()


def made_by_seed(sim: FaultySimulator, before: int = 0) -> Counter[int]:
    """POSTs per seed, from the ``before``-th on."""
    return Counter(int(r.json()["seed"]) for r in sim.submissions()[before:])


def queue_status(home: Path) -> dict[str, object]:
    result = run_cli(home, "queue", "status", "--json")
    assert result.returncode == 0, result.stderr
    status: dict[str, object] = json.loads(result.stdout)
    return status


def test_a_402_mid_generate_leaves_the_rest_queued_and_resume_after_top_up_sends_each_once(
    home: Path, live_sim: FaultySimulator
) -> None:
    live_sim.run_out_after(2)
    url = ["--base-url", live_sim.base_url]
    result = run_cli(
        home, "generate", "x", "--count", "5", "--seed", "10", "--json", *url, REELDESK_API_KEY=KEY
    )
    assert result.returncode == 1
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("3 jobs queued, not sent: the FoxAPI balance is too low. Top up")
    assert "reeldesk queue resume" in line and "reeldesk resume" in line
    jobs = [json.loads(line) for line in result.stdout.splitlines()]
    assert Counter(job["status"] for job in jobs) == {"saved": 2, "queued": 3}
    assert all(job["error"] is None for job in jobs)  # none failed
    listed = run_cli(home, "tasks", "--json")
    assert Counter(json.loads(row)["status"] for row in listed.stdout.splitlines()) == {
        "saved": 2,
        "queued": 3,
    }
    status = queue_status(home)
    assert (status["paused"], status["reason"], status["queued"]) == (True, "quota", 3)
    sent = len(live_sim.submissions())

    # `resume` sends queued jobs only while the queue runs: nothing goes while it is paused.
    paused = run_cli(home, "resume", *url, REELDESK_API_KEY=KEY)
    assert paused.returncode == 1
    assert "3 jobs queued, not sent: the FoxAPI balance is too low" in paused.stderr
    assert len(live_sim.submissions()) == sent

    live_sim.top_up()
    resumed = run_cli(home, "queue", "resume")
    assert resumed.returncode == 0 and "3 waiting" in resumed.stdout
    finished = run_cli(home, "resume", *url, REELDESK_API_KEY=KEY)
    assert finished.returncode == 0, finished.stderr
    queued_seeds = {job["seed"] for job in jobs if job["status"] == "queued"}
    assert made_by_seed(live_sim, sent) == Counter(dict.fromkeys(queued_seeds, 1))
    assert [job.status for job in history(home)] == [JobStatus.SAVED] * 5
    assert len(live_sim.task_ids()) == 5


def test_queued_jobs_survive_kill_9_of_generate(home: Path, live_sim: FaultySimulator) -> None:
    # One 429 with a long Retry-After holds the queue back: the rest wait, queued, in the history.
    live_sim.queue_error("post", 429, error_type="rate_limit_error", retry_after="60")
    url = ["--base-url", live_sim.base_url]
    process = subprocess.Popen(
        [*REELDESK, "generate", "x", "--count", "4", "--seed", "1", *url],
        cwd=ROOT,
        env=cli_env(home, REELDESK_API_KEY=KEY),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if (home / "data" / "history.sqlite3").exists():
                statuses = Counter(job.status for job in history(home))
                if statuses[JobStatus.QUEUED] == 2 and len(live_sim.submissions()) == 3:
                    break
            time.sleep(0.05)
        else:
            pytest.fail("the queue never held two jobs back")
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
    left = history(home)
    assert Counter(job.status for job in left)[JobStatus.QUEUED] == 2
    assert all(job.task_id is None for job in left if job.status is JobStatus.QUEUED)
    sent = len(live_sim.submissions())

    finished = run_cli(home, "resume", *url, REELDESK_API_KEY=KEY)
    assert finished.returncode == 0, finished.stderr
    queued_seeds = {job.request.seed for job in left if job.status is JobStatus.QUEUED}
    assert made_by_seed(live_sim, sent) == Counter(dict.fromkeys(queued_seeds, 1))
    assert [job.status for job in history(home)] == [JobStatus.SAVED] * 4
    assert len(live_sim.task_ids()) == 4


def test_queue_pause_holds_generate_back_and_status_says_so(
    home: Path, live_sim: FaultySimulator
) -> None:
    assert queue_status(home) == {"paused": False, "reason": None, "since": None, "queued": 0}
    paused = run_cli(home, "queue", "pause")
    assert paused.returncode == 0 and paused.stdout.startswith("Queue paused — 0 waiting")
    result = run_cli(
        home, "generate", "x", "--count", "2", "--base-url", live_sim.base_url, REELDESK_API_KEY=KEY
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "2 jobs queued, not sent: the queue is paused. Run `reeldesk queue resume`, then "
        "`reeldesk resume` to send them."
    )
    assert live_sim.submissions() == []
    status = queue_status(home)
    assert status["paused"] is True and status["reason"] == "user" and status["queued"] == 2
    assert run_cli(home, "queue", "resume").returncode == 0
    assert queue_status(home)["paused"] is False


def test_queue_needs_an_action(home: Path) -> None:
    result = run_cli(home, "queue", "stop")
    assert result.returncode == 2 and "invalid choice" in result.stderr

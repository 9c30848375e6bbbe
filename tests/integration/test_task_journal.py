"""A history that refuses the write right after a paid POST (another program holds it locked)
never loses the task id that came back: it is in the task journal, and folded into the history
at the next start or the next write. The real ``reeldesk`` in a child process, the simulator
behind a loopback gateway that holds the POST's answer until the history is locked."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sqlite3
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.api.models import GenerationRequest
from app.engine.jobs import Job, JobStatus
from app.engine.journal import journal_path
from app.engine.store import HistoryStore
from app.paths import Paths
from app.simulator import SimulatorConfig
from app.simulator.faults import FaultySimulator

from .helpers import KEY, build_engine
from .test_cli import history, run_cli
from .test_cli_interrupt import gateway, generate_through


@pytest.fixture
def sim() -> Iterator[FaultySimulator]:
    with FaultySimulator(SimulatorConfig(job_seconds=0.3)) as simulator:
        yield simulator


@contextlib.contextmanager
def locked(database: Path) -> Iterator[None]:
    """Another program holds the history: every write waits, then fails ("database is
    locked")."""
    other = sqlite3.connect(database, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def wait_for_text(path: Path, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with contextlib.suppress(OSError):
            if path.read_bytes():
                return
        time.sleep(0.02)


def test_a_task_id_the_locked_history_refused_is_saved_by_resume_after_a_kill(
    home: Path, sim: FaultySimulator
) -> None:
    database = home / "data" / "history.sqlite3"
    journal = journal_path(database)
    with gateway(sim, delay=30.0) as slow:
        process = generate_through(home, slow)
        try:
            assert slow.post_arrived.wait(30), "the POST never came"
            with locked(database):
                slow.released.set()  # the task id is on its way to a history that is locked
                # Killed while the write of the task id waits for the lock (5 s at most).
                wait_for_text(journal, 3.0)
                process.send_signal(signal.SIGKILL)
                process.wait(10)
        finally:
            process.kill()
            process.communicate()

    (paid,) = sim.task_ids()
    (job,) = history(home)
    assert job.task_id is None and job.status is JobStatus.SUBMITTING  # only the journal knows

    resumed = run_cli(home, "resume", "--base-url", sim.base_url, REELDESK_API_KEY=KEY)

    assert resumed.returncode == 0, resumed.stderr
    (job,) = history(home)
    assert job.task_id == paid
    assert job.status is JobStatus.SAVED and Path(job.path or "").is_file()
    assert len(sim.submissions()) == 1
    assert journal.read_bytes() == b""  # folded in, then emptied
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600


@pytest.mark.asyncio
@pytest.mark.usefixtures("loop_guard")
async def test_the_job_goes_on_with_its_task_id_and_the_history_gets_it_once_writable(
    paths: Paths, sim: FaultySimulator
) -> None:
    journal = journal_path(paths.history_db)
    with gateway(sim, delay=30.0) as slow:
        parts = build_engine(paths, slow.url)
        # The other program's lock is found out in 0.2 s rather than the usual 5 s.
        parts.store._db.execute("PRAGMA busy_timeout=200")
        engine = parts.engine
        try:
            await engine.start(resume=False)
            (job,) = await engine.submit(GenerationRequest("lanterns", duration=1))
            assert await asyncio.to_thread(slow.post_arrived.wait, 30), "the POST never came"
            with locked(paths.history_db):
                slow.released.set()
                for _ in range(250):
                    if (engine.job(job.id) or job).task_id is not None:
                        break
                    await asyncio.sleep(0.02)
                held = engine.job(job.id)
                assert held is not None and held.task_id in sim.task_ids()
                assert (await asyncio.to_thread(stored, paths)).task_id is None
                assert held.task_id in journal.read_text()
            await asyncio.wait_for(engine.wait([job.id]), 30)
            saved = engine.job(job.id)
        finally:
            await parts.close()
    assert saved is not None and saved.status is JobStatus.SAVED
    row = await asyncio.to_thread(stored, paths)
    assert row.task_id == held.task_id and row.status is JobStatus.SAVED
    assert journal.read_bytes() == b""


def stored(paths: Paths) -> Job:
    store = HistoryStore(paths.history_db)
    try:
        (job,) = store.load_all()
        return job
    finally:
        store.close()

"""The engine's promises, against the simulator over loopback, with real SQLite and files."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from app.api.models import GenerationRequest
from app.engine.downloader import BACKGROUND_NICE
from app.engine.engine import Engine
from app.engine.jobs import Job, JobStatus
from app.engine.policy import PollPolicy, RequestBudget
from app.engine.queue import PRESSURE_ATTEMPTS
from app.engine.store import HistoryStore
from app.messages import Catalogue
from app.paths import Paths
from app.simulator import JobFaults, Simulator, SimulatorConfig
from app.simulator.faults import FaultySimulator
from tests.videos import same_video

from .helpers import FAST_POLICY, KEY, running_engine

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("loop_guard")]

#: Polls as fast, and a busy service's backoff starts at 10 ms.
QUICK_BACKOFF = PollPolicy(min_interval=0.01, max_interval=0.1, error_cap=0.3, no_url_attempts=6)

#: What saving a video leaves on disk: the file, its partial download, its sidecar.
VIDEO_FILES = (".mp4", ".part", ".json")


def now(engine: Engine, job: Job) -> Job:
    """The job as the engine has it now (jobs are immutable snapshots)."""
    current = engine.job(job.id)
    assert current is not None
    return current


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, str, object]] = []

    def job_added(self, job: Job) -> None:
        self.events.append(("added", job.id, job))

    def job_changed(self, job: Job) -> None:
        self.events.append(("changed", job.id, job))

    def job_removed(self, job_id: str) -> None:
        self.events.append(("removed", job_id, None))

    def statuses(self, job_id: str) -> list[str]:
        """The statuses the job was announced in, in order, each once per change."""
        out: list[str] = []
        for kind, jid, payload in self.events:
            if not (jid == job_id and kind == "changed" and isinstance(payload, Job)):
                continue
            if not out or out[-1] != payload.status.value:
                out.append(payload.status.value)
        return out


async def test_a_job_is_submitted_tracked_and_saved(paths: Paths, sim: Simulator) -> None:
    recorder = Recorder()
    async with running_engine(paths, sim) as engine:
        engine.subscribe(recorder)
        (job,) = await engine.submit(GenerationRequest("a red fox in snow", duration=3))
        await engine.wait([job.id])
        job = now(engine, job)
    assert job.status is JobStatus.SAVED
    assert recorder.statuses(job.id)[:2] == ["submitting", "pending"]
    assert recorder.statuses(job.id)[-3:] == ["completed", "downloading", "saved"]
    video = Path(job.path or "")
    assert video.parent == paths.videos
    assert same_video(video, sim.file_bytes(job.task_id or ""))
    assert not list(paths.videos.glob("*.part"))
    sidecar = json.loads(video.with_suffix(".json").read_text())
    assert sidecar["prompt"] == "a red fox in snow"
    assert sidecar["task_id"] == job.task_id
    assert GenerationRequest.from_json(sidecar["request"]) == job.request


async def test_history_survives_and_matches_what_was_announced(
    paths: Paths, sim: Simulator
) -> None:
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("lanterns", seed=7))
        await engine.wait([job.id])
        job = now(engine, job)
    store = HistoryStore(paths.history_db)
    (stored,) = store.load_all()
    reply = store.load_reply(job.id)
    store.close()
    assert stored.status is JobStatus.SAVED
    assert stored.task_id == job.task_id and stored.path == job.path
    assert stored.request == job.request
    assert stored.credits == job.credits and stored.credits
    assert set(stored.transitions) >= {"submitting", "pending", "completed", "downloading", "saved"}
    # A finished job's last reply is kept on disk, read when asked for, not held in memory.
    assert stored.raw_reply is None
    assert reply and reply["status"] == "completed"


async def test_a_finished_jobs_reply_is_read_from_the_history_when_asked_for(
    paths: Paths, sim: Simulator
) -> None:
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("lanterns"))
        await engine.wait([job.id])
    async with running_engine(paths, sim) as engine:  # the next start: the history is read
        loaded = engine.job(job.id)
        assert loaded is not None and loaded.raw_reply is None
        reply = await engine.reply(job.id)
        assert reply is not None and reply["id"] == loaded.task_id
        assert reply["status"] == "completed"
        assert await engine.reply("no-such-job") is None


async def test_variations_get_distinct_or_consecutive_seeds(paths: Paths, sim: Simulator) -> None:
    async with running_engine(paths, sim) as engine:
        randoms = await engine.submit(GenerationRequest("x"), count=3)
        fixed = await engine.submit(GenerationRequest("x", seed=41), count=3)
        await engine.wait(j.id for j in randoms + fixed)
    assert len({j.request.seed for j in randoms}) == 3
    assert [j.request.seed for j in fixed] == [41, 42, 43]
    bodies = [r.json() for r in sim.submissions()]
    assert len(bodies) == 6
    single = GenerationRequest("y")
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(single)
        await engine.wait([job.id])
        job = now(engine, job)
    # A single job without a seed gets one too, so the seed that made it is on record.
    seed = sim.submissions()[-1].json()["seed"]
    assert isinstance(seed, int) and job.request.seed == seed
    sidecar = json.loads(Path(job.path or "").with_suffix(".json").read_text())
    assert sidecar["seed"] == seed


async def test_lost_reply_makes_the_job_unknown_and_sends_nothing_more(
    paths: Paths, sim: Simulator
) -> None:
    sim.drop_next_submit()
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await engine.wait([job.id])
        job = now(engine, job)
        await asyncio.sleep(0.3)
    assert job.status is JobStatus.UNKNOWN
    assert job.error_code == "reply_lost"
    assert len(sim.submissions()) == 1
    async with running_engine(paths, sim) as engine:
        await asyncio.sleep(0.3)
        assert engine.job(job.id).status is JobStatus.UNKNOWN  # type: ignore[union-attr]
    assert len(sim.submissions()) == 1


@pytest.mark.parametrize(
    ("status", "reply"),
    [(502, {"html": True}), (504, {"html": True}), (503, {"plain": ""})],
    ids=["html-502", "html-504", "empty-503"],
)
async def test_a_gateway_error_after_the_post_makes_the_job_unknown_never_failed(
    paths: Paths, sim: FaultySimulator, status: int, reply: dict[str, Any]
) -> None:
    # A proxy's own page, not the service's JSON: the task behind it may exist and be charged.
    sim.queue_error("post", status, **reply)
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await engine.wait([job.id])
        job = now(engine, job)
    assert job.status is JobStatus.UNKNOWN
    assert job.error_code == "gateway_after_post"
    headline, action = Catalogue("en").problem(job.error_code)
    assert "may have been made and charged" in headline
    assert action == Catalogue("en").text("action.check_before_resubmit")
    assert len(sim.submissions()) == 1


async def test_the_service_saying_it_is_unavailable_holds_the_job_back_then_fails_it(
    paths: Paths, sim: FaultySimulator
) -> None:
    # FoxAPI's own JSON error: the service answered, and made nothing. The job waits and goes
    # again; only when the service keeps saying so does it fail, with the service's words.
    sim.queue_error(
        "post", 503, error_type="service_unavailable_error", message="Busy", count=PRESSURE_ATTEMPTS
    )
    async with running_engine(paths, sim, policy=QUICK_BACKOFF) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await engine.wait([job.id])
        job = now(engine, job)
    assert job.status is JobStatus.FAILED
    assert job.error_code == "unavailable" and job.error_message == "Busy"
    assert len(sim.submissions()) == PRESSURE_ATTEMPTS


async def test_a_job_held_back_by_a_busy_service_goes_again_and_is_saved(
    paths: Paths, sim: FaultySimulator
) -> None:
    sim.queue_error("post", 503, error_type="service_unavailable_error", message="Busy")
    async with running_engine(paths, sim, policy=QUICK_BACKOFF) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await engine.wait([job.id])
        job = now(engine, job)
    assert job.status is JobStatus.SAVED and not job.error_code
    assert len(sim.submissions()) == 2 and len(sim.task_ids()) == 1


async def test_a_402_leaves_the_job_queued_and_pauses_the_queue(
    paths: Paths, sim: Simulator
) -> None:
    sim.queue_error("post", 402, error_type="insufficient_quota", message="Balance too low")
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await engine.wait([job.id])
        job = now(engine, job)
        assert engine.queue.paused is not None and engine.queue.paused.reason == "quota"
    assert job.status is JobStatus.QUEUED
    assert not job.error_code and job.task_id is None
    assert len(sim.submissions()) == 1


async def test_content_policy_failure_explains_itself(paths: Paths, sim: Simulator) -> None:
    sim.next_job_faults(JobFaults(fail=("generation_failed", "Prompt violates content policy")))
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await engine.wait([job.id])
        job = now(engine, job)
    assert job.status is JobStatus.FAILED
    assert job.error_code == "content_policy"
    assert job.error_message == "Prompt violates content policy"
    # Nothing downloaded, half-downloaded or described, in the videos folder or anywhere else.
    made = [p.name for p in paths.videos.parent.rglob("*") if p.suffix in VIDEO_FILES]
    assert made == []


async def test_completed_without_link_is_waited_for(paths: Paths, sim: Simulator) -> None:
    sim.next_job_faults(JobFaults(no_url_polls=3, old_shape=True))
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await engine.wait([job.id])
        job = now(engine, job)
    assert job.status is JobStatus.SAVED
    gets = [r for r in sim.received("api", "GET") if r.path.startswith("/v1/tasks/")]
    synced = [r for r in gets if r.query.get("sync_upstream") == ["true"]]
    plain = [r for r in gets if not r.query]
    assert synced and plain  # re-asked both with and without sync_upstream


async def test_never_a_link_gives_up_after_a_bounded_number_of_tries(
    paths: Paths, sim: Simulator
) -> None:
    sim.next_job_faults(JobFaults(no_url_polls=1000))
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await engine.wait([job.id])
        job = now(engine, job)
    assert job.status is JobStatus.FAILED and job.error_code == "no_result"
    polls_after_done = [r for r in sim.received("api", "GET")]
    assert len(polls_after_done) <= FAST_POLICY.no_url_attempts + 20


async def test_an_expired_link_is_fetched_again_once(paths: Paths, sim: Simulator) -> None:
    sim.next_job_faults(JobFaults(expired_link=True))
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await engine.wait([job.id])
        job = now(engine, job)
    assert job.status is JobStatus.SAVED
    cdn = sim.received("cdn", "GET")
    assert len(cdn) == 2
    assert cdn[0].query["gen"] == ["0"] and cdn[1].query["gen"] == ["1"]


async def test_a_link_that_stays_expired_ends_expired(paths: Paths, sim: Simulator) -> None:
    sim.next_job_faults(JobFaults(always_expired=True))
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await engine.wait([job.id])
        job = now(engine, job)
    assert job.status is JobStatus.EXPIRED
    assert len(sim.received("cdn", "GET")) == 2
    assert not paths.videos.exists() or not any(paths.videos.iterdir())


@pytest.mark.parametrize("offset", [1, 7, 4096, 5000, 17_321])
async def test_a_cut_download_resumes_with_range_to_identical_bytes(
    paths: Paths, sim: Simulator, offset: int
) -> None:
    sim.next_job_faults(JobFaults(cut_after=offset))
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await engine.wait([job.id])
        job = now(engine, job)
    assert job.status is JobStatus.SAVED
    first, second = sim.received("cdn", "GET")
    assert "Range" not in first.headers
    assert second.headers["Range"] == f"bytes={offset}-"
    assert second.headers["If-Range"].startswith('"task-unified-')
    assert same_video(Path(job.path or ""), sim.file_bytes(job.task_id or ""))


async def test_the_cdn_never_sees_the_key(paths: Paths, sim: Simulator) -> None:
    sim.next_job_faults(JobFaults(cut_after=3000))
    async with running_engine(paths, sim) as engine:
        jobs = await engine.submit(GenerationRequest("x"), count=2)
        await engine.wait(j.id for j in jobs)
        jobs = [now(engine, j) for j in jobs]
    cdn = sim.received("cdn")
    assert cdn
    for request in cdn:
        assert "authorization" not in {k.lower() for k in request.headers}
        assert KEY not in json.dumps(request.headers)
    assert all(r.headers.get("Authorization") == f"Bearer {KEY}" for r in sim.received("api"))


async def test_retry_after_and_backoff_are_obeyed(paths: Paths, sim: Simulator) -> None:
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        sim.queue_error("get", 429, error_type="rate_limit_error", retry_after="1")
        sim.queue_error("get", 503, html=True, count=2)
        await engine.wait([job.id])
        job = now(engine, job)
    assert job.status is JobStatus.SAVED
    gets = sim.received("api", "GET")
    gaps = [b.at - a.at for a, b in itertools.pairwise(gets)]
    assert gaps[0] >= 0.95  # Retry-After: 1
    assert all(gap >= FAST_POLICY.min_interval / 2 * 0.9 for gap in gaps[1:3])


async def test_restart_resumes_every_unfinished_job(paths: Paths) -> None:
    slow = Simulator(SimulatorConfig(job_seconds=1.5))
    with slow:
        async with running_engine(paths, slow) as engine:
            jobs = await engine.submit(GenerationRequest("x"), count=3)
            await asyncio.sleep(0.3)
            jobs = [now(engine, j) for j in jobs]
            assert all(j.status in (JobStatus.PENDING, JobStatus.PROCESSING) for j in jobs)
        async with running_engine(paths, slow) as engine:
            ids = [j.id for j in jobs]
            await engine.wait(ids)
            resumed = [engine.job(i) for i in ids]
        assert all(j is not None and j.status is JobStatus.SAVED for j in resumed)
        assert len(slow.submissions()) == 3


async def test_a_job_caught_mid_submit_becomes_unknown_on_restart(
    paths: Paths, sim: Simulator
) -> None:
    store = HistoryStore(paths.history_db)
    ghost = Job(id="ghost", request=GenerationRequest("x"), status=JobStatus.SUBMITTING)
    store.insert(ghost)
    store.close()
    async with running_engine(paths, sim) as engine:
        job = engine.job("ghost")
        assert job is not None and job.status is JobStatus.UNKNOWN
    assert sim.submissions() == []


async def test_stop_tracking_is_local_and_says_credits_are_spent(
    paths: Paths, sim: Simulator
) -> None:
    slow = Simulator(SimulatorConfig(job_seconds=5))
    with slow:
        async with running_engine(paths, slow) as engine:
            (job,) = await engine.submit(GenerationRequest("x"))
            await asyncio.sleep(0.2)
            await engine.stop_tracking(job.id)
            polls = len(slow.received("api", "GET"))
            await asyncio.sleep(0.4)
            assert len(slow.received("api", "GET")) == polls
            job = now(engine, job)
    assert job.status is JobStatus.STOPPED
    assert job.note == "note.stopped"


async def test_unreachable_service_pauses_behind_one_probe(paths: Paths) -> None:
    sim = Simulator(SimulatorConfig(job_seconds=0.5))
    port = int(sim.base_url.rsplit(":", 1)[1])
    with sim:
        async with running_engine(paths, sim) as engine:
            jobs = await engine.submit(GenerationRequest("x"), count=4)
            while any(now(engine, j).task_id is None for j in jobs):
                await asyncio.sleep(0.01)
    # The service is gone; a new engine resumes the jobs and finds nobody home.
    async with running_engine(paths, None, base_url=f"http://127.0.0.1:{port}") as engine:
        await asyncio.sleep(1.0)
        resumed = [engine.job(j.id) for j in jobs]
        assert not engine.online
        assert all(j is not None and j.note == "note.offline" for j in resumed), [
            (j.status, j.note, j.error_code) for j in resumed if j
        ]
        assert all(j is not None and not j.status.is_final for j in resumed)


async def test_folder_that_is_a_file_stalls_the_job_resumably(
    paths: Paths, sim: Simulator, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    async with running_engine(paths, sim, videos=blocker / "videos") as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await engine.wait([job.id])
        job = now(engine, job)
    assert job.status is JobStatus.COMPLETED
    assert job.error_code in ("folder_not_writable", "storage")
    async with running_engine(paths, sim, videos=tmp_path / "fine") as engine:
        await engine.wait([job.id])
        job = now(engine, job)
        saved = engine.job(job.id)
    assert saved is not None and saved.status is JobStatus.SAVED
    assert Path(saved.path or "").parent == tmp_path / "fine"


async def test_remove_keeps_the_file_unless_asked(paths: Paths, sim: Simulator) -> None:
    recorder = Recorder()
    async with running_engine(paths, sim) as engine:
        engine.subscribe(recorder)
        keep, drop = await engine.submit(GenerationRequest("x"), count=2)
        await engine.wait([keep.id, drop.id])
        keep, drop = now(engine, keep), now(engine, drop)
        await engine.remove(keep.id)
        await engine.remove(drop.id, delete_file=True)
        assert engine.jobs == []
    assert Path(keep.path or "").exists() and Path(keep.path or "").with_suffix(".json").exists()
    assert not Path(drop.path or "").exists()
    assert ("removed", keep.id, None) in recorder.events


async def test_existing_files_are_never_overwritten(paths: Paths, sim: Simulator) -> None:
    async with running_engine(paths, sim) as engine:
        engine.configure(filename_template="{prompt}")
        jobs = await engine.submit(GenerationRequest("same name"), count=3)
        await engine.wait(j.id for j in jobs)
        jobs = [now(engine, j) for j in jobs]
    names = sorted(Path(j.path or "").name for j in jobs)
    assert names == ["same-name-2.mp4", "same-name-3.mp4", "same-name.mp4"]


async def test_polling_keeps_to_the_interval(paths: Paths) -> None:
    sim = Simulator(SimulatorConfig(job_seconds=1.0))
    with sim:
        async with running_engine(paths, sim, policy=FAST_POLICY.scaled(2)) as engine:
            started = time.monotonic()
            (job,) = await engine.submit(GenerationRequest("x"))
            await engine.wait([job.id])
            job = now(engine, job)
            took = time.monotonic() - started
    polls = [r for r in sim.received("api", "GET") if r.path.startswith("/v1/tasks/")]
    assert job.status is JobStatus.SAVED
    # At most one poll per min_interval over the job's life.
    assert len(polls) <= took / (FAST_POLICY.min_interval * 2) + 2


async def test_many_jobs_share_one_request_budget(paths: Paths) -> None:
    # Six jobs whose policy alone would ask 10-20 times a second each, under a budget of
    # 10 requests a second for all of them.
    budget = RequestBudget(rate=10, burst=3)
    sim = Simulator(SimulatorConfig(job_seconds=1.0))
    with sim:
        async with running_engine(paths, sim, budget=budget) as engine:
            jobs = await engine.submit(GenerationRequest("x"), count=6)
            await engine.wait(j.id for j in jobs)
            jobs = [now(engine, j) for j in jobs]
    assert all(j.status is JobStatus.SAVED for j in jobs)
    polls = [r for r in sim.received("api", "GET") if r.path.startswith("/v1/tasks/")]
    # The service never saw more than the budget allows in any stretch of time (one request
    # of slack for the time between taking a token and the request's arrival).
    for (i, first), (j, last) in itertools.combinations(enumerate(polls), 2):
        allowed = budget.burst + budget.rate * (last.at - first.at) + 1
        assert j - i + 1 <= allowed, f"{j - i + 1} requests in {last.at - first.at:.2f} s"
    # And the budget, not each job's own interval, set the pace: every job was asked less
    # often than its policy wanted.
    for job in jobs:
        times = [r.at for r in polls if r.path.endswith(job.task_id or "?")]
        assert len(times) >= 2
        gaps = [b - a for a, b in itertools.pairwise(times)]
        assert statistics.median(gaps) > FAST_POLICY.max_interval, gaps


async def test_demo_jobs_wait_while_a_real_key_is_in_use(paths: Paths, sim: Simulator) -> None:
    from app.api.client import FoxClient

    async with FoxClient(sim.base_url, KEY) as client:
        task = await client.submit(GenerationRequest("made in demo mode"))
    store = HistoryStore(paths.history_db)
    store.insert(
        Job(
            id="demo-job",
            request=GenerationRequest("made in demo mode"),
            status=JobStatus.PROCESSING,
            task_id=task.id,
            demo=True,
        )
    )
    store.close()
    async with running_engine(paths, sim) as engine:  # a live engine: demo=False
        await asyncio.sleep(0.3)
        assert not engine.is_active("demo-job")
        assert not [r for r in sim.received("api", "GET") if task.id in r.path]
        engine.configure(demo=True)
        assert engine.is_active("demo-job")
        await engine.wait(["demo-job"])
        job = engine.job("demo-job")
        assert job is not None and job.status is JobStatus.SAVED
        engine.configure(demo=False)


async def test_a_foreign_file_at_the_planned_name_is_never_taken_for_ours(
    paths: Paths, sim: Simulator
) -> None:
    slow = JobFaults(slow_bps=20_000)
    sim.next_job_faults(slow)
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("mine"))
        while now(engine, job).status is not JobStatus.DOWNLOADING:
            await asyncio.sleep(0.02)
        job = now(engine, job)
        planned = Path(job.path or "")
    # Closed mid-download. Someone drops another file at the planned name, and the partial
    # download disappears (a cleaner ran).
    planned.with_name(planned.name + ".part").unlink()
    planned.write_bytes(b"not our video")
    async with running_engine(paths, sim) as engine:
        await engine.wait([job.id])
        job = now(engine, job)
        saved = engine.job(job.id)
    assert saved is not None and saved.status is JobStatus.SAVED
    assert saved.path != str(planned)
    assert planned.read_bytes() == b"not our video"
    assert same_video(Path(saved.path or ""), sim.file_bytes(job.task_id or ""))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
async def test_downloads_run_at_a_lower_priority_than_the_window(
    paths: Paths, sim: Simulator
) -> None:
    ours = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await engine.wait([job.id])
        job = now(engine, job)
        # The download pool's threads live until the engine closes.
        workers = [t for t in threading.enumerate() if t.name.startswith("reeldesk-download")]
        priorities = {os.getpriority(os.PRIO_PROCESS, t.native_id or 0) for t in workers}
    assert job.status is JobStatus.SAVED
    assert workers
    assert priorities == {min(ours + BACKGROUND_NICE, 19)}


async def test_a_submission_that_never_left_says_nothing_was_charged(paths: Paths) -> None:
    # Nothing listens on the discard port: the connection is never made.
    async with running_engine(paths, None, base_url="http://127.0.0.1:9") as engine:
        (job,) = await engine.submit(GenerationRequest("x"))
        await engine.wait([job.id])
        job = now(engine, job)
    assert job.status is JobStatus.FAILED and job.error_code == "not_sent"
    headline, action = Catalogue("en").problem(job.error_code)
    assert "nothing was charged" in headline and "will retry" not in action

"""The command line as scripts use it: the real ``reeldesk`` command (``ui.launcher``, its entry
point) in a child process, the simulator on loopback."""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from app.api.models import GenerationRequest
from app.engine.downloader import looks_like_mp4
from app.engine.jobs import Job, JobStatus
from app.engine.store import HistoryStore
from app.simulator import JobFaults, Simulator, SimulatorConfig
from app.simulator.faults import FaultySimulator
from tests.children import ROOT, child_env
from tests.videos import same_video

from .helpers import KEY


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    return child_env(home, REELDESK_TIME_SCALE="0.05", **extra)


REELDESK = [sys.executable, "-m", "ui.launcher"]


def run_cli(
    home: Path, *args: str, timeout: float = 60, **extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*REELDESK, *args],
        cwd=ROOT,
        env=cli_env(home, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def live_sim() -> Iterator[FaultySimulator]:
    with FaultySimulator(SimulatorConfig(job_seconds=0.8)) as simulator:
        yield simulator


def test_demo_generate_leaves_a_playable_mp4_and_sidecar(home: Path) -> None:
    result = run_cli(home, "generate", "--demo", "a red fox in snow", "--duration", "3", "--json")
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    job = json.loads(line)
    assert job["status"] == "saved" and job["error"] is None and job["demo"] is True
    video = Path(job["path"])
    assert video.is_file() and looks_like_mp4(video)
    assert video.parent == home / "videos"
    sidecar = json.loads(video.with_suffix(".json").read_text())
    assert sidecar["request"]["duration"] == 3 and sidecar["demo"] is True


@pytest.mark.parametrize(
    "args",
    [["--demo", "generate", "x"], ["generate", "x", "--demo"], ["generate", "--demo", "x"]],
    ids=["before", "after", "between"],
)
def test_demo_is_honoured_before_or_after_the_command(home: Path, args: list[str]) -> None:
    result = run_cli(home, *args, "--duration", "1", "--json")
    assert result.returncode == 0, result.stderr
    job = json.loads(result.stdout)
    assert job["status"] == "saved" and job["demo"] is True and Path(job["path"]).is_file()


def test_unknown_command_exits_2_with_the_commands_and_opens_no_window(home: Path) -> None:
    # QT_QPA_PLATFORM is offscreen here: were the window to open, it would, and the run
    # would time out instead of answering.
    result = run_cli(home, "frobnicate", "x", timeout=20)
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert "unknown command" in line.lower() and "“frobnicate”" in line
    for command in ("generate", "tasks", "resume", "simulator", "pick", "export"):
        assert command in line


def test_no_command_at_all_is_a_usage_error_for_the_headless_module(home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app"],
        cwd=ROOT,
        env=cli_env(home),
        capture_output=True,
        text=True,
        timeout=20,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "A command is needed" in line and "generate" in line


def history(home: Path) -> list[Job]:
    store = HistoryStore(home / "data" / "history.sqlite3")
    try:
        return store.load_all()
    finally:
        store.close()


@pytest.mark.parametrize("resume", [["resume"], ["--demo", "resume"]], ids=["plain", "demo"])
def test_demo_jobs_killed_mid_way_are_finished_by_resume_without_a_key(
    home: Path, resume: list[str]
) -> None:
    # Slower than the other tests (a demo job lasts 2 s) so that the kill lands mid-way.
    env = cli_env(home) | {"REELDESK_TIME_SCALE": "0.25"}
    process = subprocess.Popen(
        [*REELDESK, "--demo", "generate", "x", "--count", "2", "--resolution", "1080p"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    try:
        sent = 0
        while sent < 2:  # "[1/2] task-… Queued": the service has both jobs
            line = process.stdout.readline()
            assert line, "the command ended before both jobs were sent"
            sent += " task-" in line
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        process.stdout.close()
    killed = history(home)
    assert len(killed) == 2 and all(job.task_id for job in killed)
    assert not any(job.status.is_final for job in killed), "the kill came too late"
    credits = {job.id: job.credits for job in killed}
    assert all(credits.values())

    result = run_cli(home, *resume)  # no key anywhere: demo jobs need none

    assert result.returncode == 0, result.stderr
    assert result.stdout.count("saved: ") == 2
    resumed = history(home)
    assert {job.status for job in resumed} == {JobStatus.SAVED}
    assert all(Path(job.path or "").is_file() for job in resumed)
    # The simulator of the second run never saw these tasks: what they cost stays known.
    assert {job.id: job.credits for job in resumed} == credits


def test_resume_finishes_what_it_can_and_says_what_it_could_not(home: Path) -> None:
    with FaultySimulator(SimulatorConfig(job_seconds=30)) as live:
        sent = run_cli(
            home, "generate", "live", "--no-wait", "--base-url", live.base_url, REELDESK_API_KEY=KEY
        )
        assert sent.returncode == 0, sent.stderr
        demo = run_cli(home, "--demo", "generate", "demo", "--duration", "1", "--no-wait")
        assert demo.returncode == 0, demo.stderr

        without_key = run_cli(home, "resume", "--base-url", live.base_url)

        assert without_key.returncode == 1
        (line,) = without_key.stderr.strip().splitlines()
        assert "1 live job not resumed" in line and "REELDESK_API_KEY" in line
        jobs = {job.request.prompt: job for job in history(home)}
        assert jobs["demo"].status is JobStatus.SAVED
        assert jobs["live"].status is JobStatus.PENDING
        assert "saved: " in without_key.stdout and jobs["live"].task_id in without_key.stdout

        demo_only = run_cli(home, "resume", "--demo", "--base-url", live.base_url)
        assert demo_only.returncode == 1
        assert "--demo follows demo jobs only" in demo_only.stderr

        live.finish_now()
        with_key = run_cli(home, "resume", "--base-url", live.base_url, REELDESK_API_KEY=KEY)
        assert with_key.returncode == 0, with_key.stderr
        assert {job.status for job in history(home)} == {JobStatus.SAVED}
        assert len(live.submissions()) == 1


def test_generate_sends_only_the_flags_given(home: Path, live_sim: FaultySimulator) -> None:
    result = run_cli(
        home,
        "generate",
        "neon alley, rain",
        "--aspect-ratio",
        "9:16",
        "--duration",
        "8",
        "--audio",
        "--no-multi-clip",
        "--thinking",
        "auto",
        "--base-url",
        live_sim.base_url,
        "--out",
        str(home / "out"),
        REELDESK_API_KEY=KEY,
    )
    assert result.returncode == 0, result.stderr
    (post,) = live_sim.submissions()
    body = post.json()
    # The one option set without a flag: a random seed, so the video's seed is on record.
    assert isinstance(body.pop("seed"), int)
    assert body == {
        "model": "pixverse-v6-text-to-video",
        "prompt": "neon alley, rain",
        "aspect_ratio": "9:16",
        "resolution": "720p",
        "duration": 8,
        "generate_audio": True,
        "generate_multi_clip": False,
        "thinking_type": "auto",
    }
    assert result.stdout.startswith("[1/1]")  # plain progress lines when not a terminal
    assert "saved: " + str(home / "out") in result.stdout
    assert list((home / "out").glob("*.mp4"))


def test_count_makes_separate_jobs(home: Path, live_sim: FaultySimulator) -> None:
    result = run_cli(
        home,
        "generate",
        "x",
        "--count",
        "3",
        "--seed",
        "5",
        "--json",
        "--base-url",
        live_sim.base_url,
        REELDESK_API_KEY=KEY,
    )
    assert result.returncode == 0, result.stderr
    jobs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [j["seed"] for j in jobs] == [5, 6, 7]
    assert len({j["path"] for j in jobs}) == 3
    assert sorted(p.json()["seed"] for p in live_sim.submissions()) == [5, 6, 7]


@pytest.mark.parametrize(
    "args",
    [
        ["generate", "x", "--duration", "99"],
        ["generate", "x", "--aspect-ratio", "5:4"],
        ["generate", "   "],
        ["generate", "x", "--seed", "-3"],
        ["generate", "x", "--count", "0"],
        ["generate"],
        ["frobnicate"],
        ["--frobnicate"],
    ],
)
def test_bad_arguments_exit_2_with_one_line_and_send_nothing(
    home: Path, live_sim: FaultySimulator, args: list[str]
) -> None:
    result = run_cli(home, *args, "--base-url", live_sim.base_url, REELDESK_API_KEY=KEY)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert live_sim.received() == []


def test_no_key_exits_1_and_says_what_to_do(home: Path) -> None:
    result = run_cli(home, "generate", "x")
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "REELDESK_API_KEY" in line and "--demo" in line


def test_a_failed_video_exits_1_with_the_reason(home: Path, live_sim: FaultySimulator) -> None:
    live_sim.next_job_faults(JobFaults(fail=("generation_failed", "content policy violation")))
    result = run_cli(
        home, "generate", "x", "--json", "--base-url", live_sim.base_url, REELDESK_API_KEY=KEY
    )
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "content policy" in line and "Edit the prompt" in line
    job = json.loads(result.stdout)
    assert job["status"] == "failed" and job["error"]["code"] == "content_policy"


def test_no_wait_exits_once_submitted(home: Path) -> None:
    with Simulator(SimulatorConfig(job_seconds=30)) as slow:
        result = run_cli(
            home,
            "generate",
            "x",
            "--no-wait",
            "--json",
            "--base-url",
            slow.base_url,
            REELDESK_API_KEY=KEY,
        )
    assert result.returncode == 0, result.stderr
    job = json.loads(result.stdout)
    assert job["status"] == "pending" and job["task_id"]


def test_tasks_lists_the_history(home: Path, live_sim: FaultySimulator) -> None:
    run_cli(home, "generate", "first", "--base-url", live_sim.base_url, REELDESK_API_KEY=KEY)
    run_cli(home, "generate", "second", "--base-url", live_sim.base_url, REELDESK_API_KEY=KEY)
    listed = run_cli(home, "tasks", "--json")
    assert listed.returncode == 0
    jobs = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [j["prompt"] for j in jobs] == ["second", "first"]
    assert {j["status"] for j in jobs} == {"saved"}
    table = run_cli(home, "tasks")
    assert "second" in table.stdout and "Saved" in table.stdout


def test_key_and_signed_urls_never_reach_logs_or_files(
    home: Path, live_sim: FaultySimulator
) -> None:
    live_sim.next_job_faults(JobFaults(expired_link=True))
    live_sim.queue_error("get", 502, html=True)
    result = run_cli(home, "generate", "x", "--base-url", live_sim.base_url, REELDESK_API_KEY=KEY)
    assert result.returncode == 0, result.stderr
    logs = list((home / "logs").glob("*.log*"))
    assert logs and "502" in "".join(p.read_text() for p in logs)
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert KEY.encode() not in data, path
            if path.suffix in (".log", ".json"):
                assert b"signature=" not in data, path
    assert KEY not in result.stdout + result.stderr


def _wait_for(condition: Callable[[], bool], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.005)


def _parts_with_bytes(videos: Path) -> list[Path]:
    return [p for p in videos.glob("*.part") if p.stat().st_size > 0]


def _task_polls(sim: Simulator) -> int:
    return len([r for r in sim.received("api", "GET") if r.path.startswith("/v1/tasks/")])


@dataclass(frozen=True)
class KillPoint:
    """When to kill the child (seen from outside: the simulator and the files), and what the
    history must say about the moment it was killed."""

    reached: Callable[[Simulator, Path], bool]
    killed_at: Callable[[list[Job], Path], bool]
    #: How each job (in submit order) downloads.
    faults: tuple[JobFaults, ...] = ()


_BEFORE_DOWNLOAD = {JobStatus.PENDING, JobStatus.PROCESSING, JobStatus.COMPLETED}

KILL_POINTS: dict[str, KillPoint] = {
    "while-polling": KillPoint(
        reached=lambda sim, _v: _task_polls(sim) >= 2,
        killed_at=lambda jobs, _v: (
            len(jobs) == 2 and all(j.task_id and j.status in _BEFORE_DOWNLOAD for j in jobs)
        ),
    ),
    # Both downloads have bytes on disk (so both files are named in the history), none is done.
    "mid-download": KillPoint(
        reached=lambda _s, videos: len(_parts_with_bytes(videos)) == 2,
        killed_at=lambda jobs, videos: (
            all(j.status is JobStatus.DOWNLOADING for j in jobs) and not list(videos.glob("*.mp4"))
        ),
    ),
    # The second download runs at half speed, so the first is saved well before it.
    "after-first-saved": KillPoint(
        reached=lambda _s, videos: (
            len(list(videos.glob("*.json"))) == 1 and len(_parts_with_bytes(videos)) == 1
        ),
        # The history may not say "saved" yet: the crash can fall between publishing the file
        # and writing the status, which a restart recognises.
        killed_at=lambda jobs, videos: (
            len(list(videos.glob("*.mp4"))) == 1
            and not all(j.status is JobStatus.SAVED for j in jobs)
        ),
        faults=(JobFaults(slow_bps=2_000_000), JobFaults(slow_bps=1_000_000)),
    ),
}


def _submitted_seeds(sim: Simulator) -> list[int]:
    """The seed of each job the service accepted (a POST cut short by the kill made none)."""
    seeds = []
    for post in sim.submissions():
        with contextlib.suppress(ValueError):
            seeds.append(post.json()["seed"])
    return seeds


def _history(home: Path) -> list[Job]:
    store = HistoryStore(home / "data" / "history.sqlite3")
    try:
        return store.load_all()
    finally:
        store.close()


def _start_generate(home: Path, base_url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*REELDESK, "generate", "x", "--count", "2", "--base-url", base_url],
        cwd=ROOT,
        env=cli_env(home, REELDESK_API_KEY=KEY),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )


class SilentService:
    """A service that takes each POST and never answers it, so a submit stays in flight for
    as long as a test wants: the moment a crash loses the reply of a job already made."""

    def __init__(self) -> None:
        self.posts: list[bytes] = []
        self._release = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                outer.posts.append(self.rfile.read(int(self.headers["Content-Length"])))
                outer._release.wait(30)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> SilentService:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()


@pytest.mark.slow
def test_sigkill_while_submits_await_their_reply_leaves_unknown_jobs_never_sent_again(
    home: Path,
) -> None:
    with SilentService() as service:
        process = _start_generate(home, service.base_url)
        try:
            _wait_for(lambda: len(service.posts) == 2 or process.poll() is not None)
            assert process.poll() is None, "the command ended before both POSTs were sent"
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
        assert process.returncode == -signal.SIGKILL
        # Both intents were written before their POST went out.
        before = _history(home)
        assert [j.status for j in before] == [JobStatus.SUBMITTING] * 2
        assert sorted(json.loads(post)["seed"] for post in service.posts) == sorted(
            j.request.seed for j in before
        )

        run_cli(home, "resume", "--base-url", service.base_url, REELDESK_API_KEY=KEY)
        jobs = _history(home)
        # The service may have made them (and charged for them): a person decides.
        assert [(j.status, j.error_code) for j in jobs] == [(JobStatus.UNKNOWN, "reply_lost")] * 2
        assert len(service.posts) == 2, "a job was submitted again"


@pytest.mark.slow
@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_sigkill_at_any_step_loses_nothing_and_resume_finishes(home: Path, point: str) -> None:
    kill = KILL_POINTS[point]
    config = SimulatorConfig(job_seconds=1.0, file_size=3_000_000)
    videos = home / "videos"
    with FaultySimulator(config, faults=JobFaults(slow_bps=2_000_000)) as sim:
        for faults in kill.faults:
            sim.next_job_faults(faults)
        process = _start_generate(home, sim.base_url)
        try:
            _wait_for(lambda: kill.reached(sim, videos) or process.poll() is not None)
            assert process.poll() is None, "the command ended before the kill point"
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
        assert process.returncode == -signal.SIGKILL
        before = _history(home)
        assert kill.killed_at(before, videos), [(j.status, j.path) for j in before]

        for video in videos.glob("*.mp4"):
            assert any(same_video(video, sim.file_bytes(t)) for t in sim.task_ids()), video

        resumed = run_cli(home, "resume", "--base-url", sim.base_url, REELDESK_API_KEY=KEY)
        jobs = _history(home)

        assert len(jobs) == 2, "a job was lost"
        # Each variation has its own seed. A job killed before its POST was never sent, and
        # resuming never sends it: it is left for a person to decide.
        sent = _submitted_seeds(sim)
        assert len(sent) == len(set(sent)), "a job was submitted twice"
        assert {j.request.seed for j in jobs if j.status is JobStatus.SAVED} <= set(sent)
        assert {j.status for j in jobs} <= {JobStatus.SAVED, JobStatus.UNKNOWN}, resumed.stderr
        for job in jobs:
            if job.status is JobStatus.SAVED:
                assert same_video(Path(job.path or ""), sim.file_bytes(job.task_id or ""))
        leftovers = {p.name: p.stat().st_size for p in videos.glob("*.part")}
        assert leftovers == {}, [j.path for j in jobs]
        if all(j.status is JobStatus.SAVED for j in jobs):
            assert resumed.returncode == 0, resumed.stderr


def test_resume_lists_the_jobs_it_made_unknown_and_why_and_exits_1(home: Path) -> None:
    with FaultySimulator(SimulatorConfig(job_seconds=0.3)) as live:
        sent = run_cli(
            home, "generate", "sent", "--no-wait", "--base-url", live.base_url, REELDESK_API_KEY=KEY
        )
        assert sent.returncode == 0, sent.stderr
        # A job killed mid-submit: the POST may have reached the service; only a person resends.
        store = HistoryStore(home / "data" / "history.sqlite3")
        try:
            cut = Job(id="cut-short", request=GenerationRequest("cut"), status=JobStatus.SUBMITTING)
            store.insert(cut)
        finally:
            store.close()

        result = run_cli(home, "resume", "--base-url", live.base_url, REELDESK_API_KEY=KEY)

        assert len(live.submissions()) == 1
    assert result.returncode == 1, result.stderr
    # The progress lines come first; then one line per job.
    saved, lost = result.stdout.splitlines()[-2:]
    assert saved.startswith("saved: ")
    assert lost.startswith("unknown: cut-short ")
    assert "ReelDesk stopped while this job was being submitted" in lost
    assert "Check your balance before submitting again" in lost
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("1 of 2 jobs did not finish: ReelDesk stopped while this job")
    jobs = {job.request.prompt: job.status for job in history(home)}
    assert jobs == {"sent": JobStatus.SAVED, "cut": JobStatus.UNKNOWN}


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    """``reeldesk tasks --json | head -c 100``: the reader closes the pipe after a line."""
    prompts = [f"a fox {n}" for n in range(12)]  # more lines than the pipe holds
    assert run_cli(tmp_path, "generate", "--demo", *prompts, timeout=120).returncode == 0
    with subprocess.Popen(
        [*REELDESK, "tasks", "--json"],
        cwd=ROOT,
        env=cli_env(tmp_path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        pipesize=4096,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        first = child.stdout.readline()
        child.stdout.close()
        errors = child.stderr.read().decode()
        assert child.wait(timeout=60) == 1
    assert b'"task_id"' in first
    assert "Traceback" not in errors
    assert errors.strip().splitlines() == [
        "reeldesk: the output was closed before everything was written"
    ]

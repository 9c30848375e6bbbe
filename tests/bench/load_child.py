"""Benchmarks 2 and 3, in their own process: the real window (offscreen) on the qasync loop
tracks 500 jobs against a simulator process while 20 large downloads stream from another and
the job list (over a history of 10,000 more) scrolls a step every frame; a probe measures how
late the loop wakes. A lone job on a third simulator, with its own engine,
counts the requests one finished job costs. Prints JSON."""

from __future__ import annotations

import asyncio
import collections
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.api.client import FoxClient
from app.api.models import GenerationRequest
from app.engine.downloader import Downloader
from app.engine.engine import Engine, EngineOptions
from app.engine.jobs import JobStatus
from app.engine.policy import PollPolicy, RequestBudget
from app.engine.store import HistoryStore
from app.engine.submitter import MAX_BATCH
from tests.bench import history_data
from tests.bench.common import percentile, simulator_process

JOBS = 500
#: Finished jobs already in the history, for the list to scroll through.
HISTORY = 10_000
#: The list scrolls a row every frame (60 rows a second): a person flicking through it.
SCROLL_STEP_ROWS = 1
DOWNLOADS = 20
DOWNLOAD_SIZE = 40_000_000
JOB_SECONDS = 45.0
T0 = time.monotonic()


class CountingClient(FoxClient):
    """Counts task reads per task, how many are in flight per task, and when they started."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reads: collections.Counter[str] = collections.Counter()
        self.in_flight: collections.Counter[str] = collections.Counter()
        self.max_in_flight = 0
        self.times: list[float] = []

    async def get_task(self, task_id: str, **kwargs: Any) -> Any:
        self.reads[task_id] += 1
        self.times.append(time.monotonic())
        self.in_flight[task_id] += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight[task_id])
        try:
            return await super().get_task(task_id, **kwargs)
        finally:
            self.in_flight[task_id] -= 1


def make_engine(client: FoxClient, folder: Path, name: str, budget: RequestBudget) -> Engine:
    return Engine(
        store=HistoryStore(folder / f"{name}.sqlite3"),
        client=client,
        downloader=Downloader(),
        options=EngineOptions(videos_dir=folder / name, max_in_flight=16, policy=PollPolicy()),
        budget=budget,
    )


LAST_TICK = [time.perf_counter()]


def watchdog() -> None:
    """With BENCH_VERBOSE: print what the GUI thread is doing when it stalls."""
    import threading
    import traceback

    main = threading.main_thread().ident
    while True:
        time.sleep(0.005)
        if time.perf_counter() - LAST_TICK[0] > 0.025:
            frame = sys._current_frames().get(main or 0)
            if frame is not None:
                print("STALLED IN:", "".join(traceback.format_stack(frame)[-40:]), file=sys.stderr)
            time.sleep(0.2)


def print_thread_times() -> None:
    """CPU seconds of each thread of this process so far, busiest first (Linux)."""
    import threading

    names = {thread.native_id: thread.name for thread in threading.enumerate()}
    times = []
    for task in Path("/proc/self/task").iterdir():
        fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])
        times.append((ticks / os.sysconf("SC_CLK_TCK"), names.get(int(task.name), task.name)))
    for seconds, name in sorted(times, reverse=True)[:12]:
        print(f"cpu {seconds:6.1f} s  {name}", file=sys.stderr)


def _main_thread_times() -> tuple[float, float]:
    """The main thread's time on a CPU and waiting for one, in ms so far (Linux schedstat)."""
    with open(f"/proc/self/task/{os.getpid()}/schedstat") as handle:
        running, waiting, _slices = handle.read().split()
    return int(running) / 1e6, int(waiting) / 1e6


async def lateness_probe(samples: list[float], stop: asyncio.Event) -> None:
    interval = 0.005
    verbose = bool(os.environ.get("BENCH_VERBOSE"))
    while not stop.is_set():
        LAST_TICK[0] = started = time.perf_counter()
        before = _main_thread_times() if verbose else (0.0, 0.0)
        await asyncio.sleep(interval)
        late = max(0.0, time.perf_counter() - started - interval) * 1000
        samples.append(late)
        if late > 25 and verbose:
            # Where the time went: the window's thread running, waiting for a CPU, or
            # neither (blocked: the interpreter lock, the disk).
            running, waiting = (b - a for a, b in zip(before, _main_thread_times(), strict=True))
            print(
                f"stall {late:.0f} ms at {time.monotonic() - T0:.1f} s: "
                f"ran {running:.0f} ms, waited for a CPU {waiting:.0f} ms",
                file=sys.stderr,
            )


async def big_downloads(base_url: str, folder: Path) -> float:
    async with FoxClient(base_url, "bench") as client:
        tasks = [await client.submit(GenerationRequest(f"big {n}")) for n in range(DOWNLOADS)]
        urls = []
        for task in tasks:
            while True:
                snapshot = await client.get_task(task.id)
                if snapshot.result_url:
                    urls.append(snapshot.result_url)
                    break
                await asyncio.sleep(0.2)
    downloader = Downloader()  # the product's own limit on parallel downloads
    started = time.perf_counter()
    await asyncio.gather(
        *(downloader.fetch(url, folder / f"big-{n}.mp4") for n, url in enumerate(urls))
    )
    took = time.perf_counter() - started
    if os.environ.get("BENCH_VERBOSE"):
        print(f"downloads done at {time.monotonic() - T0:.1f} s", file=sys.stderr)
    await downloader.aclose()
    for part in folder.glob("big-*.part"):
        await asyncio.to_thread(part.unlink)
    return took


def scroll_forever(table: Any) -> Any:
    """A timer that scrolls the list down a row every frame, and back to the top at the end.
    (The list scrolls per item: a scroll bar step is a row.)"""
    from PySide6.QtCore import QTimer

    bar = table.verticalScrollBar()
    timer = QTimer()
    timer.setInterval(16)

    def step() -> None:
        bar.setValue(0 if bar.value() >= bar.maximum() else bar.value() + SCROLL_STEP_ROWS)

    timer.timeout.connect(step)
    timer.start()
    return timer


async def run(window_factory: Any) -> dict[str, Any]:
    samples: list[float] = []
    stop = asyncio.Event()
    with (
        tempfile.TemporaryDirectory(prefix="reeldesk-load-") as tmp,
        simulator_process(JOB_SECONDS) as (many_url, _a),
        simulator_process(0.3, file_size=DOWNLOAD_SIZE) as (big_url, _b),
        simulator_process(JOB_SECONDS) as (lone_url, _c),
    ):
        folder = Path(tmp)
        budget = RequestBudget()
        client = CountingClient(many_url, "bench")
        past = HistoryStore(folder / "many.sqlite3")
        past.insert_many(history_data.jobs(HISTORY, folder))
        past.close()
        engine = make_engine(client, folder, "many", budget)
        window = window_factory(engine)
        await engine.start()
        window.reset_jobs()
        scrolling = scroll_forever(window.table)
        # As the app does once its window is up (ui/application.py).
        await asyncio.to_thread(client.warm_up)
        lone_client = CountingClient(lone_url, "bench")
        await asyncio.to_thread(lone_client.warm_up)
        lone = make_engine(lone_client, folder, "lone", RequestBudget())
        await lone.start()
        probe = asyncio.create_task(lateness_probe(samples, stop))
        if os.environ.get("BENCH_VERBOSE"):
            import threading

            threading.Thread(target=watchdog, daemon=True).start()
        started = time.monotonic()
        (lone_job,) = await lone.submit(GenerationRequest("one job, polled alone"))
        jobs = []
        while len(jobs) < JOBS:  # batches as large as the form allows, back to back
            count = min(MAX_BATCH, JOBS - len(jobs))
            jobs += await engine.submit(GenerationRequest("five hundred at once"), count=count)
        download_seconds = await big_downloads(big_url, folder)
        await asyncio.gather(engine.wait(j.id for j in jobs), lone.wait([lone_job.id]))
        elapsed = time.monotonic() - started
        stop.set()
        await probe
        scrolling.stop()
        window.close()
        if os.environ.get("BENCH_VERBOSE"):
            print_thread_times()
        # submit() returns the jobs as recorded; how they stand now is the engine's to say.
        final = [engine.job(j.id) or j for j in jobs]
        lone_job = lone.job(lone_job.id) or lone_job
        saved = sum(1 for j in final if j.status is JobStatus.SAVED)
        if os.environ.get("BENCH_VERBOSE"):
            print(
                collections.Counter((j.status.value, j.error_code) for j in final), file=sys.stderr
            )
        # The busiest 10-second window of task reads across all 200 jobs.
        times = sorted(client.times)
        busiest = 0
        left = 0
        for right, moment in enumerate(times):
            while moment - times[left] > 10:
                left += 1
            busiest = max(busiest, right - left + 1)
        await engine.close()
        await lone.close()
        await client.aclose()
        await lone_client.aclose()
    return {
        "max_lateness_ms": max(samples),
        "p99_lateness_ms": percentile(samples, 0.99),
        "samples": len(samples),
        "jobs_saved": saved,
        "lone_status": lone_job.status.value,
        "requests_per_finished_job": lone_client.reads[lone_job.task_id or ""],
        "max_requests_in_flight_per_job": max(client.max_in_flight, lone_client.max_in_flight),
        "busiest_10s_requests": busiest,
        "budget_per_10s": budget.rate * 10 + budget.burst,
        "jobs": JOBS,
        "elapsed_s": elapsed,
        "download_mb_s": DOWNLOADS * DOWNLOAD_SIZE / download_seconds / 1e6,
    }


def main() -> None:
    import qasync
    from PySide6.QtWidgets import QApplication

    from app.messages import Catalogue
    from app.paths import resolve_paths
    from app.settings import SettingsStore
    from ui.main_window import MainWindow, WindowServices
    from ui.tasks import TaskRunner

    app = QApplication([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    home = Path(tempfile.mkdtemp(prefix="reeldesk-load-home-"))
    paths = resolve_paths({"REELDESK_HOME": str(home)})
    paths.ensure()

    def window_factory(engine: Engine) -> MainWindow:
        window = MainWindow(
            WindowServices(
                engine=engine,
                settings=SettingsStore(paths.settings_file),
                catalogue=Catalogue("en"),
                tasks=TaskRunner(print),
                backend_label="bench",
                demo=False,
                videos_dir=lambda: paths.videos,
                log_dir=paths.logs,
            )
        )
        window.resize(1280, 720)
        window.show()
        window.quit = lambda **_kw: None  # type: ignore[method-assign]
        return window

    with loop:
        result = loop.run_until_complete(run(window_factory))
    print(json.dumps(result))
    os._exit(0)


if __name__ == "__main__":
    main()

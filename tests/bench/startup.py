"""Benchmarks 1 and 5: start-up against a bare PySide6 window, and with 10,000 jobs."""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.common import ROOT, Figure, median
from tests.children import child_env, json_line

CHILD = Path(__file__).with_name("startup_child.py")


def _once(mode: str, home: Path, *extra: str) -> dict[str, float]:
    env = child_env(home, QT_QPA_PLATFORM="offscreen", BENCH_T0=repr(time.time()))
    result = subprocess.run(
        [sys.executable, str(CHILD), mode, *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    figures = json_line(result.stdout)
    if result.returncode != 0 or figures is None:
        raise RuntimeError(f"{mode} failed: {result.stdout}\n{result.stderr}")
    return figures


def _fill_history(home: Path, count: int) -> None:
    from app.api.models import AspectRatio, GenerationRequest, Resolution
    from app.engine.jobs import Job, JobStatus
    from app.engine.store import HistoryStore
    from app.paths import resolve_paths

    paths = resolve_paths({"REELDESK_HOME": str(home)})
    paths.ensure()
    words = [
        "lantern",
        "train",
        "fox",
        "river",
        "neon",
        "雪中的红狐狸",
        "城市夜景",
        "rain",
        "desert",
    ]
    rng = random.Random(7)
    now = time.time()
    jobs = []
    for n in range(count):
        prompt = f"{rng.choice(words)} {n} {rng.choice(words)} at dusk, slow dolly shot"
        status = rng.choice([JobStatus.SAVED] * 8 + [JobStatus.FAILED, JobStatus.EXPIRED])
        jobs.append(
            Job(
                id=f"bench-{n:05d}",
                request=GenerationRequest(
                    prompt,
                    aspect_ratio=rng.choice(list(AspectRatio)),
                    resolution=rng.choice(list(Resolution)),
                    duration=rng.randint(1, 15),
                ),
                status=status,
                task_id=f"task-unified-{int(now) - n}-bench{n:05d}",
                progress=100,
                created_at=now - (count - n) * 60,
                credits=10.0,
                path=str(home / "videos" / f"bench-{n}.mp4") if status is JobStatus.SAVED else None,
                error_code="content_policy" if status is JobStatus.FAILED else "",
            )
        )
    store = HistoryStore(paths.history_db)
    store.insert_many(jobs)
    store.close()


def _compile_bytecode() -> None:
    """Installed ReelDesk (a wheel, the bundle) runs from compiled bytecode, as the third-party
    packages of the baseline do; a checkout with PYTHONDONTWRITEBYTECODE set would otherwise
    compile every module of its own from source at each start."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "app", "ui"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def run(runs: int = 7) -> list[Figure]:
    _compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="reeldesk-bench-") as tmp:
        empty, full = Path(tmp) / "empty", Path(tmp) / "full"
        _fill_history(full, 10_000)
        base, ours, loaded = [], [], []
        _once("baseline", empty)  # warm the file cache for both
        _once("reeldesk", empty)
        for _ in range(runs):
            base.append(_once("baseline", empty)["first_paint"])
            ours.append(_once("reeldesk", empty)["first_paint"])
            loaded.append(_once("reeldesk", full, "--loaded", "10000"))
    ratio = median(ours) / median(base)
    big_paint = median([r["first_paint"] for r in loaded])
    big_ratio = big_paint / median(ours)
    filter_ms = max(r["filter_max_ms"] for r in loaded)
    filter_first_ms = max(r["filter_first_ms"] for r in loaded)
    rss = max(r["rss_mb"] for r in loaded)
    history_loaded = median([r["history_loaded"] for r in loaded])
    return [
        Figure(
            "Start-up to first paint (median)", median(ours), "s", "< 0.6 s", median(ours) < 0.6
        ),
        Figure("Bare PySide6 window, same imports", median(base), "s", "baseline", True),
        Figure("Start-up ÷ baseline", ratio, "×", "≤ 1.3×", ratio <= 1.3),
        Figure("First paint with 10,000 jobs ÷ empty", big_ratio, "×", "≤ 1.5×", big_ratio <= 1.5),
        Figure("10,000 jobs listed (median)", history_loaded, "s", "info", True),
        Figure(
            "Prompt filter over 10,000 jobs (worst)", filter_ms, "ms", "< 100 ms", filter_ms < 100
        ),
        Figure(
            "… the moment the list appears (worst)",
            filter_first_ms,
            "ms",
            "< 100 ms",
            filter_first_ms < 100,
        ),
        Figure("Memory with 10,000 jobs", rss, "MB", "< 250 MB", rss < 250),
    ]

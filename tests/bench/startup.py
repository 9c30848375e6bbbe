"""Start-up against a bare PySide6 window, and the window over a large history."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import history_data
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


def run_startup(runs: int = 25) -> list[Figure]:
    """Start-up to the first paint against a bare PySide6 window, alternating."""
    _compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="reeldesk-bench-") as tmp:
        empty = Path(tmp) / "empty"
        base, ours = [], []
        _once("baseline", empty)  # warm the file cache for both
        _once("reeldesk", empty)
        for _ in range(runs):
            base.append(_once("baseline", empty)["first_paint"])
            ours.append(_once("reeldesk", empty)["first_paint"])
    ratio = median(ours) / median(base)
    return [
        Figure(
            "Start-up to first paint (median)", median(ours), "s", "< 0.6 s", median(ours) < 0.6
        ),
        Figure("Bare PySide6 window, same imports", median(base), "s", "baseline", True),
        Figure("Start-up ÷ baseline", ratio, "×", "≤ 1.1×", ratio <= 1.1, "startup_ratio"),
    ]


def run_history(jobs: int = 100_000, runs: int = 5) -> list[Figure]:
    """The window over a history of ``jobs`` against an empty history, alternating: the first
    paint, the first rows shown, the worst prompt filter, resident memory."""
    _compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="reeldesk-bench-") as tmp:
        empty, full = Path(tmp) / "empty", Path(tmp) / "full"
        history_data.fill(full, jobs)
        empty_paint, loaded = [], []
        _once("reeldesk", empty)  # warm the file cache for both
        _once("reeldesk", full, "--loaded", str(jobs))
        for _ in range(runs):
            empty_paint.append(_once("reeldesk", empty)["first_paint"])
            loaded.append(_once("reeldesk", full, "--loaded", str(jobs)))
    big_paint = median([r["first_paint"] for r in loaded])
    big_ratio = big_paint / median(empty_paint)
    # From the window's first paint: the first paint itself is the start-up figure's.
    first_rows = median([r["first_rows"] - r["first_paint"] for r in loaded])
    filter_ms = max(r["filter_max_ms"] for r in loaded)
    rss = max(r["rss_mb"] for r in loaded)
    count = f"{jobs:,}"
    return [
        Figure(
            f"First paint with {count} jobs ÷ empty",
            big_ratio,
            "×",
            "≤ 1.2×",
            big_ratio <= 1.2,
            "history_first_paint_ratio",
        ),
        Figure(
            f"First rows shown, {count} jobs (median, after the first paint)",
            first_rows,
            "s",
            "≤ 0.3 s",
            first_rows <= 0.3,
            "history_first_rows_s",
        ),
        Figure(
            f"All {count} jobs listed (median)",
            median([r["history_loaded"] for r in loaded]),
            "s",
            "info",
            True,
        ),
        Figure(
            f"Prompt filter over {count} jobs (worst query, English and Chinese)",
            filter_ms,
            "ms",
            "≤ 50 ms",
            filter_ms <= 50,
            "history_filter_worst_ms",
        ),
        Figure(f"Memory with {count} jobs", rss, "MB", "≤ 250 MB", rss <= 250, "history_rss_mb"),
    ]

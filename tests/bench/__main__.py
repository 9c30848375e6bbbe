"""Run benchmarks and print a table: each figure, its target, pass or fail.

    make bench       # or: .venv/bin/python -m tests.bench [NAME ...] [--json] [--quick]
    python -m tests.bench history --jobs 100000 --json

NAME is one of startup, history, load, download, bundle, review (nothing: all, in that
order). With
``--json`` the last line of output is one JSON object mapping each figure's stable key to its
value. Ratios are measured side by side in one run (these machines are noisy). Exit code 1
when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time

from tests.bench import bundle, startup
from tests.bench.common import ROOT, Figure
from tests.children import json_line


def _child(module: str, *args: str, timeout: float) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    figures = json_line(result.stdout)
    if result.returncode != 0 or figures is None:
        raise RuntimeError(f"{module} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return figures


def download(size: int, rounds: int) -> list[Figure]:
    r = _child("tests.bench.download_child", str(size), str(rounds), timeout=900)
    ratio = r["ours_mb_s"] / r["curl_mb_s"]
    return [
        Figure(
            f"Download {size // 1_000_000} MB, saved and fsynced",
            r["ours_mb_s"],
            "MB/s",
            "info",
            True,
        ),
        Figure("curl, same server, same run, + fsync", r["curl_mb_s"], "MB/s", "baseline", True),
        Figure(
            f"Download ÷ curl (median of {rounds})",
            ratio,
            "×",
            "≥ 0.9×",
            ratio >= 0.9,
            "download_ratio",
        ),
        Figure(
            "Peak memory growth while downloading",
            r["memory_growth_mb"],
            "MB",
            "< 20 MB",
            r["memory_growth_mb"] < 20,
            "download_rss_growth_mb",
        ),
        Figure(
            "Checksum identical to curl's",
            1.0 if r["identical"] else 0.0,
            "",
            "yes",
            bool(r["identical"]),
        ),
    ]


def load() -> list[Figure]:
    r = _child("tests.bench.load_child", timeout=900)
    return [
        Figure(
            f"Loop stall, longest ({r['jobs']:.0f} jobs + 20 downloads + a scrolling list)",
            r["max_lateness_ms"],
            "ms",
            "< 33 ms",
            r["max_lateness_ms"] < 33,
            "load_stall_max_ms",
        ),
        Figure(
            "Loop stall, 99th percentile",
            r["p99_lateness_ms"],
            "ms",
            "< 8 ms",
            r["p99_lateness_ms"] < 8,
            "load_stall_p99_ms",
        ),
        Figure(
            f"Jobs saved of {r['jobs']:.0f}",
            r["jobs_saved"],
            "",
            f"{r['jobs']:.0f}",
            r["jobs_saved"] == r["jobs"],
        ),
        Figure(
            "Requests for one job finished in 45 s",
            r["requests_per_finished_job"],
            "",
            "≤ 12",
            r["requests_per_finished_job"] <= 12,
        ),
        Figure(
            "Requests in flight per job, at most",
            r["max_requests_in_flight_per_job"],
            "",
            "1",
            r["max_requests_in_flight_per_job"] <= 1,
        ),
        Figure(
            f"Busiest 10 s of task reads ({r['jobs']:.0f} jobs)",
            r["busiest_10s_requests"],
            "",
            f"≤ {r['budget_per_10s']:.0f} (budget)",
            r["busiest_10s_requests"] <= r["budget_per_10s"],
        ),
    ]


def repaint() -> list[Figure]:
    r = _child("tests.bench.repaint_child", timeout=300)
    return [
        Figure(
            "Repaint batch, 200 of 10,000 jobs changed, live filter and sort (median, worst view)",
            r["flush_median_ms"],
            "ms",
            "< 16 ms",
            r["flush_median_ms"] < 16,
        ),
        Figure("… newest first", r["all flush median ms"], "ms", "info", True),
        Figure("… Running", r["running flush median ms"], "ms", "info", True),
        Figure("… sorted by status", r["by status flush median ms"], "ms", "info", True),
        Figure("… slowest batch of all", r["flush_max_ms"], "ms", "info", True),
    ]


def review() -> list[Figure]:
    r = _child("tests.bench.review_child", timeout=900)
    return [
        Figure(
            "Gallery of 1,000 takes scrolled top to bottom, longest frame",
            r["scroll_max_ms"],
            "ms",
            "≤ 16 ms",
            r["scroll_max_ms"] <= 16,
        ),
        Figure(
            "… 99th percentile frame",
            r["scroll_p99_ms"],
            "ms",
            "≤ 8 ms",
            r["scroll_p99_ms"] <= 8,
        ),
        Figure(
            "… CPU time of the GUI thread per frame, 99th percentile",
            r["scroll_cpu_p99_ms"],
            "ms",
            "info",
            True,
        ),
        Figure("… CPU time per frame, longest", r["scroll_cpu_max_ms"], "ms", "info", True),
        Figure(
            "… first pass, frames still decoding: longest",
            r["scroll_cold_max_ms"],
            "ms",
            "info",
            True,
        ),
        Figure("… first pass: 99th percentile", r["scroll_cold_p99_ms"], "ms", "info", True),
        Figure(
            "Hover-scrub, pointer move to new frame painted (worst of 120)",
            r["scrub_max_ms"],
            "ms",
            "≤ 50 ms",
            r["scrub_max_ms"] <= 50,
        ),
        Figure(
            "Compare of four takes, request to all playing",
            r["compare_start_ms"],
            "ms",
            "≤ 500 ms",
            r["compare_start_ms"] <= 500,
        ),
        Figure(
            "… gap between the takes after 10 s",
            r["compare_drift_frames"],
            "frames",
            "≤ 1 frame",
            r["compare_drift_frames"] <= 1,
        ),
    ]


#: The benchmarks by name, in the order they run; "review" (the gallery and compare views) is
#: not among the issue's, but runs with the rest.
NAMES = ("startup", "history", "load", "download", "bundle", "review")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench")
    parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(NAMES))
    parser.add_argument("--jobs", type=int, default=100_000, help="history size (history)")
    parser.add_argument("--json", action="store_true", help="end with the figures as JSON")
    parser.add_argument("--quick", action="store_true", help="fewer runs, a 100 MB download")
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args()
    unknown = sorted(set(args.names) - set(NAMES))
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(NAMES)}")
    names = args.names or NAMES
    started = time.monotonic()
    figures: list[Figure] = []
    for name in NAMES:
        if name not in names:
            continue
        if name == "startup":
            figures += startup.run_startup(runs=3 if args.quick else 25)
        elif name == "history":
            figures += startup.run_history(args.jobs, runs=2 if args.quick else 5)
            figures += repaint()
        elif name == "load":
            figures += load()
        elif name == "download":
            figures += download(100_000_000 if args.quick else 500_000_000, 3 if args.quick else 5)
        elif name == "bundle":
            figures += bundle.run(runs=3 if args.quick else 7)
        elif name == "review":
            figures += review()
    lines = [
        f"ReelDesk benchmarks · {time.strftime('%Y-%m-%d %H:%M')} · Python "
        f"{platform.python_version()} · {platform.machine()} · {os.cpu_count()} cores · "
        f"{time.monotonic() - started:.0f} s",
        "",
        "| figure | measured | target | |",
        "| --- | --- | --- | --- |",
        *(figure.row() for figure in figures),
    ]
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    if args.json:
        print(json.dumps({figure.key: figure.value for figure in figures if figure.key}))
    return 0 if all(figure.ok for figure in figures) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Helpers shared by the benchmarks."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

from tests.children import ROOT


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: str
    ok: bool
    #: The figure's stable name in ``--json`` output; "" for figures shown only in the table.
    key: str = ""

    def row(self) -> str:
        shown = f"{self.value:.3g}" if abs(self.value) < 1000 else f"{self.value:,.0f}"
        verdict = "pass" if self.ok else "FAIL"
        return f"| {self.name} | {shown} {self.unit} | {self.target} | {verdict} |"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def simulator_process(
    job_seconds: float, file_size: int | None = None
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """The simulator in its own process, as the real service would be: its threads do not
    compete with the process being measured."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "app",
        "simulator",
        "--port",
        str(port),
        "--job-seconds",
        str(job_seconds),
        "--balance",
        "1000000000",
    ]
    if file_size:
        command += ["--file-size", str(file_size)]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
    if match is None:
        process.kill()
        raise RuntimeError(f"simulator did not start: {line}")
    try:
        yield match.group(1), process
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def rss_mb() -> float:
    """Resident memory of this process now, in MB (Linux)."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def now() -> float:
    return time.perf_counter()

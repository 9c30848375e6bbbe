"""Benchmark 4, in its own process: one large file from the simulator's CDN, downloaded by
curl and by ReelDesk's Downloader from the same server in the same run. Prints JSON."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.api.client import FoxClient
from app.api.models import GenerationRequest
from app.engine.downloader import Downloader, part_path
from tests.bench.common import rss_mb, simulator_process


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


async def link(base_url: str) -> str:
    async with FoxClient(base_url, "bench") as client:
        task = await client.submit(GenerationRequest("a big file"))
        while True:
            snapshot = await client.get_task(task.id)
            if snapshot.result_url:
                return snapshot.result_url
            await asyncio.sleep(0.1)


async def ours(url: str, target: Path) -> tuple[float, float]:
    """Seconds to download, and how far the process's peak memory rose meanwhile (MB)."""
    downloader = Downloader()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    current = rss_mb()
    started = time.perf_counter()
    await downloader.fetch(url, target)
    took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    await downloader.aclose()
    part_path(target).rename(target)
    # ru_maxrss is in kB on Linux; growth above both the old peak and the current size.
    return took, max(0.0, peak / 1000 - max(before / 1000, current))


def main() -> None:
    size = int(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    with (
        simulator_process(0.2, file_size=size) as (base_url, _process),
        tempfile.TemporaryDirectory(prefix="reeldesk-dl-") as tmp,
    ):
        url = asyncio.run(link(base_url))
        subprocess.run(["curl", "-s", "-o", "/dev/null", url], check=True)  # warm the server
        curl_file, ours_file = Path(tmp) / "curl.mp4", Path(tmp) / "ours.mp4"
        curl_times: list[float] = []
        our_times: list[float] = []
        memory = 0.0

        def with_curl() -> None:
            curl_file.unlink(missing_ok=True)
            os.sync()
            started = time.perf_counter()
            subprocess.run(["curl", "-s", "-o", str(curl_file), url], check=True)
            # Like for like: ReelDesk's time includes making the file durable (fsync).
            with curl_file.open("rb+") as handle:
                os.fsync(handle.fileno())
            curl_times.append(time.perf_counter() - started)

        def with_reeldesk() -> None:
            nonlocal memory
            ours_file.unlink(missing_ok=True)
            os.sync()
            took, grew = asyncio.run(ours(url, ours_file))
            our_times.append(took)
            memory = max(memory, grew)

        # Each download starts from a flushed disk, into the same folder. The order alternates
        # from round to round: on these virtual disks the second of two large writes in a row
        # is often throttled, which would otherwise always count against the same side.
        for round_number in range(rounds):
            pair = (
                (with_curl, with_reeldesk) if round_number % 2 == 0 else (with_reeldesk, with_curl)
            )
            for download in pair:
                download()
        curl_seconds, ours_seconds = statistics.median(curl_times), statistics.median(our_times)
        same = sha256(curl_file) == sha256(ours_file) and ours_file.stat().st_size == size
    print(
        json.dumps(
            {
                "curl_mb_s": size / curl_seconds / 1e6,
                "ours_mb_s": size / ours_seconds / 1e6,
                "memory_growth_mb": memory,
                "identical": same,
            }
        )
    )


if __name__ == "__main__":
    main()

"""When to ask the service again, and how many questions it gets in all."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PollPolicy:
    """Polling intervals. Defaults follow the 5-10 s norm of clients of the real service;
    tests and demo mode scale them down."""

    min_interval: float = 5.0
    max_interval: float = 10.0
    #: Backoff after errors: from ``min_interval`` doubling up to this.
    error_cap: float = 60.0
    #: Ask the service to refresh from upstream once a job is this late (share of estimate).
    sync_after_overdue: float = 0.5
    #: Times to re-ask when ``completed`` arrives without a link, before giving up.
    no_url_attempts: int = 8
    #: Consecutive 404s before a task is taken as unknown to the service.
    not_found_attempts: int = 3
    #: Download attempts (each resumes) before the job waits for the user or a restart.
    download_attempts: int = 5

    def next_delay(self, elapsed: float, estimated: float | None) -> float:
        """Seconds until the next poll of a job submitted ``elapsed`` seconds ago."""
        if estimated is None:
            return self.min_interval if elapsed < 60 else self.max_interval
        remaining = estimated - elapsed
        if remaining > 0:
            return min(self.max_interval, max(self.min_interval, remaining / 2))
        overdue = -remaining
        grow = 1.0 + overdue / max(estimated, 1.0)
        return min(self.max_interval, self.min_interval * grow)

    def wants_sync(self, elapsed: float, estimated: float | None) -> bool:
        if estimated is None:
            return elapsed > 120
        return elapsed > estimated * (1 + self.sync_after_overdue)

    def backoff(self, failures: int, retry_after: float | None = None) -> float:
        """Capped exponential backoff with jitter; ``Retry-After`` wins when it is longer."""
        ceiling = min(self.error_cap, self.min_interval * (2 ** max(0, failures - 1)))
        delay = random.uniform(ceiling / 2, ceiling)
        if retry_after is not None:
            delay = max(delay, retry_after)
        return delay

    def scaled(self, factor: float) -> PollPolicy:
        return PollPolicy(
            min_interval=self.min_interval * factor,
            max_interval=self.max_interval * factor,
            error_cap=self.error_cap * factor,
            sync_after_overdue=self.sync_after_overdue,
            no_url_attempts=self.no_url_attempts,
            not_found_attempts=self.not_found_attempts,
            download_attempts=self.download_attempts,
        )


class RequestBudget:
    """A token bucket shared by every poller: at most ``rate`` requests a second on average,
    ``burst`` at once, however many jobs are tracked."""

    def __init__(self, rate: float = 8.0, burst: int = 8) -> None:
        self.rate = rate
        self.burst = burst
        self._tokens = float(burst)
        self._stamp = time.monotonic()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = time.monotonic()
                self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
                self._stamp = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                await asyncio.sleep((1 - self._tokens) / self.rate)

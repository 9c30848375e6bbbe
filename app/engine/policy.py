"""When to ask the service again, how many questions it gets in all, and how many
submissions may be under way at once."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
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


class SendWindow:
    """How many submissions may be under way at once: additive increase, multiplicative
    decrease (AIMD), as TCP does with its congestion window.

    Each 429 or 503 halves the window (never below 1) and holds every new submission back
    for a while: the ``Retry-After`` the service asked for, else a backoff that doubles with
    each refusal in a row. It grows back by one after a window's worth of accepted
    submissions, up to ``limit``. Several refusals to submissions sent before the last
    halving count once: they are the same pressure, not more of it.
    """

    def __init__(
        self,
        limit: int,
        *,
        base_delay: float = 5.0,
        max_delay: float = 120.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = max(1, limit)
        self.size = self.limit
        self.base_delay = base_delay
        self.max_delay = max_delay
        self._clock = clock
        self._accepted = 0
        self._refusals = 0
        self._ready_at = 0.0
        #: Counts halvings; a submission remembers the epoch it was sent in.
        self.epoch = 0

    def set_limit(self, limit: int) -> None:
        self.limit = max(1, limit)
        self.size = min(self.size, self.limit) if self._refusals else self.limit

    def accepted(self) -> None:
        """A submission went through: grow by one after ``size`` of them."""
        self._refusals = 0
        self._accepted += 1
        if self._accepted >= self.size:
            self._accepted = 0
            self.size = min(self.limit, self.size + 1)

    def pressed(self, sent_epoch: int, retry_after: float | None = None) -> float:
        """The service said "too many" (429) or "busy" (503) to a submission sent in
        ``sent_epoch``; returns the seconds before the next submission may go."""
        now = self._clock()
        self._accepted = 0
        self._refusals += 1
        if sent_epoch == self.epoch:
            self.size = max(1, self.size // 2)
            self.epoch += 1
        delay = min(self.max_delay, self.base_delay * 2 ** (self._refusals - 1))
        if retry_after is not None:
            delay = max(0.0, min(retry_after, self.max_delay * 10))
        self._ready_at = max(self._ready_at, now + delay)
        return self._ready_at - now

    def wait_time(self) -> float:
        """Seconds until a submission may go (0: now)."""
        return max(0.0, self._ready_at - self._clock())

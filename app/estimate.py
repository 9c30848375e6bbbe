"""What a batch will cost and how long it will take, before it is sent.

Cost is learned from this user's own history: the credits the service reported
(``usage.credits_reserved``, kept as ``Job.credits``) per bucket of resolution × duration ×
audio × multi-clip.

1. A bucket already seen costs what it cost last time (prices change; the latest is the truth).
2. An unseen duration is fitted per second once the same resolution × audio × multi-clip has
   been seen at ``MIN_DURATIONS`` different durations (credits/second through the origin, the
   way the service prices).
3. Failing that, the price table the user filled in (credits per second by resolution, with and
   without audio).
4. Failing all, the cost is unknown (``None``): never an invented number.

Demo jobs cost nothing and teach nothing. A batch is as certain as its least certain job: one
unknown job makes the whole batch unknown.

Time (ETA) is learned the same way from ``Job.transitions``: the wait in the service's queue
(``pending`` → ``processing``) apart from the render (``processing`` → ``completed``), the
median per bucket.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from app.api.models import GenerationRequest, Resolution
from app.engine.jobs import Job, JobStatus
from app.messages import Catalogue

Source = Literal["history", "price-table", "unknown", "demo"]
#: Different durations needed before a per-second rate is trusted for unseen durations.
MIN_DURATIONS = 2
#: Resolution × duration × audio × multi-clip.
Bucket = tuple[str, int, bool, bool]
#: Resolution × audio × multi-clip: the group a per-second rate is fitted over.
Group = tuple[str, bool, bool]
_RANK: dict[str, int] = {"demo": 0, "history": 1, "price-table": 2, "unknown": 3}


def bucket(request: GenerationRequest) -> Bucket:
    return (
        request.resolution.value,
        request.duration,
        request.generate_audio,
        bool(request.generate_multi_clip),
    )


def price_key(resolution: str, audio: bool) -> str:
    """The price table's key: ``"720p"``, or ``"720p+audio"`` for the rate with sound."""
    return f"{resolution}+audio" if audio else resolution


PRICE_KEYS = tuple(price_key(r.value, audio) for r in Resolution for audio in (False, True))


@dataclass(frozen=True, slots=True)
class Estimate:
    """Credits (``None``: unknown) and where the figure comes from."""

    credits: float | None
    source: Source

    def to_json(self) -> dict[str, object]:
        return {"credits": self.credits, "source": self.source}


UNKNOWN = Estimate(None, "unknown")
FREE = Estimate(0.0, "demo")


def estimate_text(estimate: Estimate, catalogue: Catalogue) -> str:
    """``≈ 120 credits``, ``cost unknown`` or ``Demo: free``."""
    if estimate.source == "demo":
        return catalogue.text("estimate.demo")
    if estimate.credits is None:
        return catalogue.text("estimate.unknown")
    return catalogue.text("estimate.credits", credits=f"{estimate.credits:g}")


def _round(value: float) -> float:
    return round(value, 2)


class CostModel:
    """The estimate, learned from a history and a price table."""

    def __init__(self, jobs: Iterable[Job], price_table: Mapping[str, float] | None = None) -> None:
        self._seen: dict[Bucket, float] = {}
        latest: dict[Bucket, float] = {}
        for job in jobs:
            if job.demo or job.credits is None or job.credits < 0:
                continue
            key = bucket(job.request)
            if job.created_at >= latest.get(key, float("-inf")):
                latest[key] = job.created_at
                self._seen[key] = job.credits
        self._rates: dict[Group, float] = {}
        groups: dict[Group, list[tuple[int, float]]] = {}
        for (resolution, duration, audio, multi), credits in self._seen.items():
            groups.setdefault((resolution, audio, multi), []).append((duration, credits))
        for group, points in groups.items():
            if len({duration for duration, _ in points}) >= MIN_DURATIONS:
                # Least squares through the origin: credits = rate × seconds.
                numerator = sum(duration * credits for duration, credits in points)
                self._rates[group] = numerator / sum(duration**2 for duration, _ in points)
        self._prices = dict(price_table or {})

    def job(self, request: GenerationRequest) -> Estimate:
        key = bucket(request)
        if key in self._seen:
            return Estimate(_round(self._seen[key]), "history")
        resolution, duration, audio, multi = key
        rate = self._rates.get((resolution, audio, multi))
        if rate is not None:
            return Estimate(_round(rate * duration), "history")
        price = self._prices.get(price_key(resolution, audio))
        if price is not None:
            return Estimate(_round(price * duration), "price-table")
        return UNKNOWN

    def batch(self, requests: Sequence[GenerationRequest], *, demo: bool = False) -> Estimate:
        """The whole batch; unknown if any job is. Demo batches are free."""
        if demo:
            return FREE
        if not requests:
            return Estimate(0.0, "history")
        parts = [self.job(request) for request in requests]
        source = max((part.source for part in parts), key=_RANK.__getitem__)
        if source == "unknown":
            return UNKNOWN
        return Estimate(_round(sum(part.credits or 0.0 for part in parts)), source)


# -- the budget guard --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a batch is not sent: a catalogue key and its values."""

    key: str
    params: Mapping[str, object]


def check_budget(
    estimate: Estimate,
    *,
    budget: float | None = None,
    daily_limit: float | None = None,
    spent_today: float = 0.0,
    balance: float | None = None,
) -> Refusal | None:
    """``None`` when the batch may go; else why not. A demo batch always may. An unknown cost
    is refused wherever a limit is set: nobody can say it stays under."""
    if estimate.source == "demo":
        return None
    credits = estimate.credits
    if budget is not None:
        if credits is None:
            return Refusal("budget.unknown", {"budget": _figure(budget)})
        if credits > budget:
            return Refusal("budget.over", {"credits": _figure(credits), "budget": _figure(budget)})
    if daily_limit:
        if credits is None:
            return Refusal("budget.daily_unknown", {"limit": _figure(daily_limit)})
        if spent_today + credits > daily_limit:
            return Refusal(
                "budget.daily_over",
                {
                    "credits": _figure(credits),
                    "spent": _figure(spent_today),
                    "limit": _figure(daily_limit),
                },
            )
    if balance is not None and credits is not None and credits > balance:
        return Refusal(
            "budget.balance_over", {"credits": _figure(credits), "balance": _figure(balance)}
        )
    return None


def _figure(value: float) -> str:
    return f"{_round(value):g}"


def spent_since(jobs: Iterable[Job], since: float) -> float:
    """Credits the service reported for live jobs made at or after ``since`` (a timestamp)."""
    return _round(
        sum(job.credits or 0.0 for job in jobs if not job.demo and job.created_at >= since)
    )


# -- time ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Eta:
    """Seconds waiting in the service's queue, and rendering; ``None`` where never seen."""

    wait: float | None
    render: float | None

    @property
    def total(self) -> float | None:
        if self.render is None:
            return None
        return (self.wait or 0.0) + self.render


class TimeModel:
    """Median queue wait and render time per bucket, from the jobs' transitions (demo jobs
    too: the simulator's times say nothing about the service's, but demo only predicts demo)."""

    def __init__(self, jobs: Iterable[Job]) -> None:
        waits: dict[tuple[bool, Bucket], list[float]] = {}
        renders: dict[tuple[bool, Bucket], list[float]] = {}
        for job in jobs:
            moments = job.transitions
            pending = moments.get(JobStatus.PENDING.value)
            processing = moments.get(JobStatus.PROCESSING.value)
            completed = moments.get(JobStatus.COMPLETED.value)
            key = (job.demo, bucket(job.request))
            if pending is not None and processing is not None and processing >= pending:
                waits.setdefault(key, []).append(processing - pending)
            start = processing if processing is not None else pending
            if start is not None and completed is not None and completed >= start:
                renders.setdefault(key, []).append(completed - start)
        # Here, not at the top: statistics (with fractions and decimal) costs the window's
        # start-up some 2 ms, and no time is predicted before the first paint.
        import statistics

        self._wait = {key: statistics.median(values) for key, values in waits.items()}
        self._render = {key: statistics.median(values) for key, values in renders.items()}

    def job(self, request: GenerationRequest, *, demo: bool = False) -> Eta:
        key = (demo, bucket(request))
        return Eta(self._wait.get(key), self._render.get(key))

    def batch(
        self, requests: Sequence[GenerationRequest], *, demo: bool = False, parallel: int = 1
    ) -> Eta:
        """The longest single job's wait, and its render; ``parallel`` jobs at a time make
        later ones wait for earlier ones."""
        etas = [self.job(request, demo=demo) for request in requests]
        if not etas or any(eta.render is None for eta in etas):
            return Eta(None, None)
        renders = sorted((eta.render or 0.0 for eta in etas), reverse=True)
        rounds = -(-len(renders) // max(1, parallel))
        wait = max(eta.wait or 0.0 for eta in etas) + renders[0] * (rounds - 1)
        return Eta(wait, renders[0])

"""``reeldesk spend [--since YYYY-MM-DD] [--json]``: what the videos cost, afterwards.

Totals per batch and per day (local dates), and the credits spent on jobs that failed, from the
credits the service reported for each live job. Demo jobs cost nothing and are left out. The
window's spending view reads the same ``summarise``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

from app.engine.jobs import Job, JobStatus
from app.errors import InvalidParameter
from app.paths import Paths


@dataclass(slots=True)
class Total:
    """Credits and jobs of one batch or one day. ``unreported`` counts jobs sent but without
    a reported cost (their credits are not in ``credits``)."""

    key: str
    day: str
    credits: float = 0.0
    jobs: int = 0
    unreported: int = 0
    prompt: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "credits": round(self.credits, 2),
            "jobs": self.jobs,
            "unreported": self.unreported,
        }


@dataclass(slots=True)
class Spending:
    since: str | None
    credits: float = 0.0
    failed_credits: float = 0.0
    failed_jobs: int = 0
    days: dict[str, Total] = field(default_factory=dict)
    batches: dict[str, Total] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "since": self.since,
            "credits": round(self.credits, 2),
            "failed": {"credits": round(self.failed_credits, 2), "jobs": self.failed_jobs},
            "days": [{"date": day, **total.to_json()} for day, total in self.days.items()],
            "batches": [
                {"batch_id": key, "date": total.day, "prompt": total.prompt, **total.to_json()}
                for key, total in self.batches.items()
            ],
        }


def parse_since(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidParameter("--since", "reason.date", value=text) from None


def _day(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp).date().isoformat()


def summarise(jobs: Iterable[Job], since: dt.date | None = None) -> Spending:
    """Live jobs made on or after ``since`` (a local date), oldest first. A job never sent
    (still submitting, or refused before it reached the service) has no credits and no row."""
    summary = Spending(since.isoformat() if since else None)
    for job in sorted(jobs, key=lambda job: job.created_at):
        day = _day(job.created_at)
        if job.demo or (since is not None and day < since.isoformat()):
            continue
        if job.credits is None and job.task_id is None:
            continue  # never reached the service
        credits = job.credits or 0.0
        # A batch is what one press of Generate (or one command) sent: a whole matrix.
        batch = job.plan_id or job.batch_id or job.id
        for totals, key in ((summary.days, day), (summary.batches, batch)):
            total = totals.setdefault(key, Total(key, day, prompt=job.request.prompt))
            total.jobs += 1
            total.credits += credits
            total.unreported += job.credits is None
        summary.credits += credits
        if job.status is JobStatus.FAILED:
            summary.failed_jobs += 1
            summary.failed_credits += credits
    return summary


def _load(paths: Paths) -> list[Job]:
    from app.engine.store import read_history

    return read_history(paths.history_db)


def _figure(value: float) -> str:
    return f"{round(value, 2):g}"


def print_text(summary: Spending, out: TextIO) -> None:
    if not summary.batches:
        out.write("No credits spent" + (f" since {summary.since}" if summary.since else "") + ".\n")
        return
    out.write("Per day:\n")
    for day, total in summary.days.items():
        out.write(f"  {day}  {_figure(total.credits):>10} credits  {total.jobs:>4} jobs\n")
    out.write("Per batch:\n")
    for key, total in summary.batches.items():
        prompt = " ".join(total.prompt.split())
        prompt = prompt if len(prompt) <= 40 else prompt[:39] + "…"
        out.write(
            f"  {total.day}  {_figure(total.credits):>10} credits  {total.jobs:>4} jobs  "
            f"{key[:8]}  {prompt}\n"
        )
    out.write(f"Total: {_figure(summary.credits)} credits\n")
    out.write(
        f"Spent on failed jobs: {_figure(summary.failed_credits)} credits "
        f"({summary.failed_jobs} jobs)\n"
    )
    unreported = sum(total.unreported for total in summary.days.values())
    if unreported:
        out.write(f"{unreported} jobs sent without a reported cost are not counted.\n")


def run(paths: Paths, *, since: str | None, as_json: bool) -> int:
    """The command: prints the summary; 0."""
    summary = summarise(_load(paths), parse_since(since) if since else None)
    if as_json:
        sys.stdout.write(json.dumps(summary.to_json(), ensure_ascii=False) + "\n")
    else:
        print_text(summary, sys.stdout)
    return 0

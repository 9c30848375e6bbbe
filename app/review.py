"""Reviewing takes: the marks (stars, pick or reject), projects, finding jobs by task id, and
ideas (the takes of one submission).

Plain functions over ``Job``s, shared by the engine (``Engine.mark``, ``Engine.set_project``),
the command line and the window. What may be reviewed is a rule (``app.rules.can_review``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.engine.jobs import Flag, Job, JobStatus
from app.errors import InvalidParameter

MAX_STARS = 5
#: A project name is a label a person reads (and a folder name once ``{project}`` is used).
MAX_PROJECT = 80


def check_rating(stars: object) -> int:
    """Stars 0-5 (0: not rated). Raises ``InvalidParameter``."""
    if isinstance(stars, bool) or not isinstance(stars, int):
        raise InvalidParameter("rating", "reason.integer")
    if not 0 <= stars <= MAX_STARS:
        raise InvalidParameter("rating", "reason.range", low=0, high=MAX_STARS)
    return stars


def check_flag(flag: object) -> Flag:
    """A ``Flag`` or its value ("", "picked", "rejected"). Raises ``InvalidParameter``."""
    if isinstance(flag, str) and flag in {f.value for f in Flag}:
        return Flag(flag)
    raise InvalidParameter("flag", "reason.choice", value=flag)


def check_project(name: object) -> str:
    """A project name, trimmed; "" is no project. No control characters, at most
    ``MAX_PROJECT`` characters. Raises ``InvalidParameter``."""
    if not isinstance(name, str):
        raise InvalidParameter("project", "reason.text")
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if any(unicodedata.category(char)[0] == "C" for char in name):
        raise InvalidParameter("project", "reason.control_characters")
    if len(name) > MAX_PROJECT:
        raise InvalidParameter("project", "reason.too_long", limit=MAX_PROJECT)
    return name


def mark_changes(*, rating: int | None = None, flag: Flag | str | None = None) -> dict[str, Any]:
    """The job fields a review mark changes, checked. ``None`` leaves a mark as it is."""
    changes: dict[str, Any] = {}
    if rating is not None:
        changes["rating"] = check_rating(rating)
    if flag is not None:
        changes["flag"] = check_flag(flag).value
    return changes


def find_by_task(jobs: Iterable[Job], words: Sequence[str]) -> list[Job]:
    """The job of each word: a task id, or the end of exactly one task id. All or nothing:
    raises ``InvalidParameter`` naming the first word that matches no job or several, so a
    command given a list changes nothing when one of them is wrong. A job named twice is
    returned once."""
    with_task = [job for job in jobs if job.task_id]
    found: dict[str, Job] = {}
    for word in words:
        if not word:
            raise InvalidParameter("task", "reason.unknown_task", value=word)
        exact = [job for job in with_task if job.task_id == word]
        matches = exact or [job for job in with_task if (job.task_id or "").endswith(word)]
        if not matches:
            raise InvalidParameter("task", "reason.unknown_task", value=word)
        if len(matches) > 1:
            raise InvalidParameter("task", "reason.ambiguous_task", value=word, count=len(matches))
        found.setdefault(matches[0].id, matches[0])
    return list(found.values())


# -- ideas ------------------------------------------------------------------------------------


def idea_key(job: Job) -> str:
    """What groups a job with the other takes of its submission: the batch (one ``submit``
    of N variations: same prompt and settings, different seeds). A job from before batches
    were recorded stands alone."""
    return job.batch_id or job.id


@dataclass(frozen=True, slots=True)
class Idea:
    """The takes of one submission, summed up for a header: ``12 takes · 9 saved · 1 failed``."""

    key: str
    prompt: str
    #: Its jobs, oldest first.
    jobs: tuple[Job, ...]
    saved: int
    failed: int
    running: int
    picked: int
    rejected: int
    #: Credits the service reported for the takes that have a figure; ``None`` if none has.
    credits: float | None
    #: Every take was made in demo mode (credits are then not money).
    demo: bool
    #: The most stars any take has (0: none rated).
    best_rating: int

    @property
    def takes(self) -> int:
        return len(self.jobs)


def summarise(jobs: Sequence[Job]) -> Idea:
    """One idea's summary; ``jobs`` all share an ``idea_key``."""
    if not jobs:
        raise ValueError("an idea has at least one job")
    ordered = tuple(sorted(jobs, key=lambda job: job.created_at))
    figures = [job.credits for job in ordered if job.credits is not None]
    return Idea(
        key=idea_key(ordered[0]),
        prompt=ordered[0].request.prompt,
        jobs=ordered,
        saved=sum(job.status is JobStatus.SAVED for job in ordered),
        failed=sum(job.status.is_problem for job in ordered),
        running=sum(not job.status.is_final for job in ordered),
        picked=sum(job.flag == Flag.PICKED for job in ordered),
        rejected=sum(job.flag == Flag.REJECTED for job in ordered),
        credits=sum(figures) if figures else None,
        demo=all(job.demo for job in ordered),
        best_rating=max(job.rating for job in ordered),
    )


def ideas(jobs: Iterable[Job]) -> list[Idea]:
    """The jobs grouped into ideas, in the order each idea first appears in ``jobs``."""
    groups: dict[str, list[Job]] = {}
    for job in jobs:
        groups.setdefault(idea_key(job), []).append(job)
    return [summarise(group) for group in groups.values()]

"""What a job allows: the one rulebook every menu, button, shortcut and command asks.

Each rule is a plain function of a read-only view of the job and, where it matters, of the
backend in use now (``demo``): a job made in demo mode is unknown to the real service and the
other way round, so anything that talks to the service about an existing task needs the backend
that made it.

=====================  ==========================================================================
open, reveal           saved, and the file is still where it was saved
reuse settings         always (every job keeps its request)
submit again           always: it is a new submission, paid unless demo mode is in use now
stop tracking          unfinished and followed: the service knows the task (it has a task id),
                       the job is being generated or saved, and with the backend in use now
retry saving           a stalled save, a stopped or an expired job, with a task id, made with
                       the backend in use now
remove                 any job except one being submitted (its POST may be on the way; the
                       row is what tells a person it may have been charged). Removing a
                       queued job cancels it: it was never sent and costs nothing
copy prompt            always
render final           saved, with a known seed, below the highest resolution: the same seed
                       and settings sent again at a higher resolution (a new, paid video)
show service reply     the service replied about this job at least once
review (stars, flag)   saved: a review judges a video a person has watched; a take that is still
                       on its way (or failed, expired, stopped) has nothing to judge yet. Marks
                       stay on a saved job whose file was moved since (the history keeps them)
move to a project      always (a project is a label, not a folder that moves files)
export                 saved and the file is still there (``has_file``)
continue               saved and the file is still there: its last frame starts a new take
=====================  ==========================================================================
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any, Protocol

from app.api.models import GenerationRequest, Resolution
from app.engine.jobs import SAVING, TRACKED, JobStatus


class JobView(Protocol):
    """The facts about a job the rules read; a ``Job`` is one."""

    @property
    def status(self) -> JobStatus: ...

    @property
    def demo(self) -> bool: ...

    @property
    def task_id(self) -> str | None: ...

    @property
    def error_code(self) -> str: ...

    @property
    def path(self) -> str | None: ...

    @property
    def raw_reply(self) -> dict[str, Any] | None: ...

    @property
    def request(self) -> GenerationRequest: ...


class Action(enum.Enum):
    """Everything a person can ask of one job."""

    OPEN = "open"
    REVEAL = "reveal"
    REUSE = "reuse"
    SUBMIT_AGAIN = "submit_again"
    STOP_TRACKING = "stop_tracking"
    RETRY_SAVING = "retry_saving"
    REMOVE = "remove"
    COPY_PROMPT = "copy_prompt"
    SHOW_REPLY = "show_reply"
    CONTINUE = "continue"
    RENDER_FINAL = "render_final"


def has_file(job: JobView) -> bool:
    """Saved, and the video is still where it was saved (not moved or deleted since)."""
    return job.status is JobStatus.SAVED and bool(job.path) and Path(job.path or "").is_file()


def can_open(job: JobView) -> bool:
    return has_file(job)


def can_reveal(job: JobView) -> bool:
    return has_file(job)


def can_reuse(job: JobView) -> bool:
    """Every job keeps the request it was made from."""
    return True


def can_submit_again(job: JobView) -> bool:
    """Always: a new submission of the same request (a person confirms the cost)."""
    return True


def is_same_backend(job: JobView, *, demo: bool) -> bool:
    """Whether the service in use now knows this job's task."""
    return job.demo == demo


def is_followed(job: JobView, *, demo: bool) -> bool:
    """The engine follows it: known to the service, being generated or saved, and made with
    the backend in use now. A stalled save counts: it is picked up again on the next start."""
    return (
        bool(job.task_id)
        and (job.status in TRACKED or job.status in SAVING)
        and is_same_backend(job, demo=demo)
    )


def is_stalled(job: JobView) -> bool:
    """Saving stopped with an error (disk full, network) and waits for a person."""
    return job.status in SAVING and bool(job.error_code)


def can_stop_tracking(job: JobView, *, demo: bool) -> bool:
    return not job.status.is_final and is_followed(job, demo=demo)


def can_retry_saving(job: JobView, *, demo: bool) -> bool:
    retryable = is_stalled(job) or job.status in (JobStatus.STOPPED, JobStatus.EXPIRED)
    return retryable and bool(job.task_id) and is_same_backend(job, demo=demo)


def can_remove(job: JobView) -> bool:
    """Anything but a POST that may be on its way; a queued job was never sent, so removing
    it is how a person cancels it, at no cost."""
    return job.status is not JobStatus.SUBMITTING


def can_copy_prompt(job: JobView) -> bool:
    return True


def can_show_reply(job: JobView) -> bool:
    # A job with a task id had a reply: a finished one's is kept in the history, not in memory.
    return job.raw_reply is not None or job.task_id is not None


#: How many saved takes compare shows side by side (1×2 up to 2×2).
COMPARE_MIN, COMPARE_MAX = 2, 4


def can_review(job: JobView) -> bool:
    """Stars and pick/reject (window, keys, ``reeldesk rate|pick|reject|unflag``)."""
    return job.status is JobStatus.SAVED


def can_export(job: JobView) -> bool:
    return has_file(job)


def can_continue(job: JobView) -> bool:
    """Carry a take on from its last frame (window, ``reeldesk continue``): the frame is read
    from the video, so the file must be there."""
    return has_file(job)


def final_resolutions(job: JobView) -> list[Resolution]:
    """The resolutions above the take's, highest first (empty: none to go up to)."""
    order = list(Resolution)
    above = order[order.index(job.request.resolution) + 1 :]
    return list(reversed(above))


def can_render_final(job: JobView) -> bool:
    """A saved take with its seed on record, and a resolution to go up to."""
    return (
        job.status is JobStatus.SAVED
        and job.request.seed is not None
        and bool(final_resolutions(job))
    )


def allowed(job: JobView, *, demo: bool) -> frozenset[Action]:
    """Every action the job allows now, with ``demo`` the backend in use."""
    checks = {
        Action.OPEN: can_open(job),
        Action.REVEAL: can_reveal(job),
        Action.REUSE: can_reuse(job),
        Action.SUBMIT_AGAIN: can_submit_again(job),
        Action.STOP_TRACKING: can_stop_tracking(job, demo=demo),
        Action.RETRY_SAVING: can_retry_saving(job, demo=demo),
        Action.REMOVE: can_remove(job),
        Action.COPY_PROMPT: can_copy_prompt(job),
        Action.SHOW_REPLY: can_show_reply(job),
        Action.CONTINUE: can_continue(job),
        Action.RENDER_FINAL: can_render_final(job),
    }
    return frozenset(action for action, ok in checks.items() if ok)


def resubmitting_costs(*, demo: bool) -> bool:
    """Whether submitting again is paid: it goes to the backend in use now, whatever made the
    job before."""
    return not demo

"""A job: one submission and everything known about it, from intent to saved file."""

from __future__ import annotations

import dataclasses
import enum
import sys
import time
import uuid
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.api.models import GenerationRequest

#: Result links are valid this long after the service hands them out.
LINK_LIFETIME = 24 * 3600.0


class JobStatus(enum.StrEnum):
    """``draft → queued → submitting → pending → processing → completed → downloading →
    saved``, with the side exits ``failed``, ``unknown``, ``expired`` and ``stopped``.

    ``queued`` waits on this computer and was never sent: nothing exists at the service and
    nothing was spent (unlike ``unknown``, which may have been sent and charged)."""

    DRAFT = "draft"
    QUEUED = "queued"
    SUBMITTING = "submitting"
    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"
    DOWNLOADING = "downloading"
    SAVED = "saved"
    FAILED = "failed"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    STOPPED = "stopped"

    @property
    def is_final(self) -> bool:
        return self in _FINAL

    @property
    def is_problem(self) -> bool:
        return self in (JobStatus.FAILED, JobStatus.UNKNOWN, JobStatus.EXPIRED)


_FINAL = frozenset(
    {JobStatus.SAVED, JobStatus.FAILED, JobStatus.UNKNOWN, JobStatus.EXPIRED, JobStatus.STOPPED}
)
#: States in which the service knows the task and a poller follows it.
TRACKED = frozenset({JobStatus.PENDING, JobStatus.PROCESSING})
#: States in which the file still has to be saved.
SAVING = frozenset({JobStatus.COMPLETED, JobStatus.DOWNLOADING})


class Flag(enum.StrEnum):
    """A reviewer's verdict on a take."""

    NONE = ""
    PICKED = "picked"
    REJECTED = "rejected"


def new_id() -> str:
    return uuid.uuid4().hex


#: The ways through the statuses jobs took, each kept once (a handful in any history).
_PATHS: dict[tuple[str, ...], tuple[str, ...]] = {}


class Moments(Mapping[str, float]):
    """A job's transitions (status → when it was entered) as read from the history: an
    immutable mapping of the names, shared by every job that went the same way, and the
    moments as plain numbers in an array shared by a few dozen jobs read together. A dict of
    the six a saved job passes takes about 500 bytes with its numbers; an array of its own,
    about 190; this, 64: some 40 MB less than dicts over 100,000 jobs."""

    __slots__ = ("_block", "_names", "_start")

    #: Numbers per shared array. Offsets then stay below 257, numbers Python keeps once for
    #: the whole process, so a job pays for no offset of its own either.
    BLOCK = 256

    def __init__(self, pairs: Mapping[str, float], block: array[float] | None = None) -> None:
        """``block``: the array the previous job read shares, if it has room left."""
        names = tuple(map(sys.intern, pairs))
        self._names = _PATHS.setdefault(names, names)
        if block is None or len(block) + len(names) > self.BLOCK:
            block = array("d")
        self._start = len(block)
        block.extend(pairs.values())
        self._block = block

    @property
    def block(self) -> array[float]:
        """The array these moments are kept in, for the next job read to share."""
        return self._block

    def __getitem__(self, name: str) -> float:
        try:
            return self._block[self._start + self._names.index(name)]
        except ValueError:
            raise KeyError(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return f"Moments({dict(self)!r})"


@dataclass(frozen=True, slots=True, eq=False)
class Job:
    """One job at one moment. Immutable: the engine's registry replaces it with a new ``Job``
    on every change and announces the new one, so a listener never sees a job change under
    its feet and always holds a consistent snapshot."""

    id: str
    request: GenerationRequest
    status: JobStatus = JobStatus.DRAFT
    intent_id: str = ""
    batch_id: str = ""
    demo: bool = False
    task_id: str | None = None
    progress: int = 0
    created_at: float = field(default_factory=time.time)
    updated_at: float = field(default_factory=time.time)
    server_created: float | None = None
    estimated_time: float | None = None
    credits: float | None = None
    error_code: str = ""
    error_message: str = ""
    result_url: str | None = None
    url_expires_at: float | None = None
    path: str | None = None
    download_validator: str = ""
    bytes_done: int = 0
    bytes_total: int = 0
    transitions: Mapping[str, float] = field(default_factory=dict)
    raw_reply: dict[str, Any] | None = None
    #: The folder this job was asked to save in (``--out``); ``None``: the settings' folder.
    out_dir: str | None = None
    #: Review marks: stars 0-5 and a flag (see ``Flag``).
    rating: int = 0
    flag: str = ""
    #: The project the job belongs to; "" is none.
    project: str = ""
    #: The job this one continues (a take carried on from its last frame).
    parent_id: str | None = None
    #: The jobs sent by one press of Generate or one ``generate`` command (a matrix of several
    #: prompts or settings, each its own batch); "" for a job sent alone.
    plan_id: str = ""
    #: Transient remark shown in the list ("offline, will retry"); a catalogue key.
    note: str = ""

    def replace(self, **changes: Any) -> Job:
        """A copy with ``changes`` applied."""
        return dataclasses.replace(self, **changes)

    @property
    def submitted_at(self) -> float | None:
        return self.transitions.get(JobStatus.PENDING.value) or self.transitions.get(
            JobStatus.SUBMITTING.value
        )

    def remaining_estimate(self, now: float) -> float | None:
        """Seconds until the service is likely done, from ``estimated_time`` and progress."""
        if self.status not in TRACKED or self.estimated_time is None:
            return None
        started = self.submitted_at or self.created_at
        elapsed = max(0.0, now - started)
        by_clock = self.estimated_time - elapsed
        if self.progress >= 5 and elapsed > 0:
            by_progress = elapsed * (100 - self.progress) / self.progress
            return max(0.0, (by_clock + by_progress) / 2)
        return max(0.0, by_clock)

    def link_time_left(self, now: float) -> float | None:
        if self.url_expires_at is None or self.status not in SAVING:
            return None
        return self.url_expires_at - now

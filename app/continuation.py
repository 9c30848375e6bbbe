"""Carrying a take on from its last frame, and the chains of takes that makes.

The window (context menu, details pane, Ctrl+Shift+C) and ``reeldesk continue`` both take the
frame here: read from the saved video with PyAV, kept as a PNG in the data folder (a queued job
uploads it later, so it must outlast a cache clean-up), and checked like any chosen picture.
The new job's ``parent_id`` is the take it continues; ``chain`` reads the links back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app import rules
from app.api.models import GenerationRequest, Picture
from app.engine.jobs import Job
from app.errors import HomeNotWritable, InvalidParameter
from app.pictures import check_picture, save_last_frame

#: The folder under the data folder where last frames are kept.
FRAMES_FOLDER = "frames"


def continue_frame(job: Job, data: Path) -> Picture:
    """The last frame of ``job``'s video as a checked picture in ``data/frames``. Blocking.
    Raises ``InvalidParameter`` (``task``) when the take cannot be continued (not saved, or
    its file is gone), ``PictureRejected`` when its video has no readable frame,
    ``HomeNotWritable`` when the frame cannot be written."""
    if not rules.can_continue(job):
        raise InvalidParameter("task", "reason.cannot_continue", value=job.task_id or job.id)
    name = re.sub(r"[^A-Za-z0-9_-]", "_", job.task_id or job.id)
    folder = data / FRAMES_FOLDER
    try:
        frame = save_last_frame(Path(job.path or ""), folder, name)
    except OSError as exc:
        raise HomeNotWritable(str(folder), f"last frame not written: {exc}") from exc
    checked = check_picture(frame)
    return Picture(str(frame), sha256=checked.sha256)


def continued(request: GenerationRequest, frame: Picture, prompt: str) -> GenerationRequest:
    """A new image-to-video request from ``frame`` with ``prompt``, keeping what the parent's
    request set that image to video also takes (resolution, duration, audio, the options)."""
    return GenerationRequest(
        prompt,
        resolution=request.resolution,
        duration=request.duration,
        generate_audio=request.generate_audio,
        negative_prompt=request.negative_prompt,
        generate_multi_clip=request.generate_multi_clip,
        thinking_type=request.thinking_type,
        image=frame,
    )


@dataclass(frozen=True, slots=True)
class Chain:
    """A take's place in its chain: the take it continues and the takes that continue it."""

    parent: Job | None
    children: tuple[Job, ...]


def chain(job: Job, jobs: Iterable[Job]) -> Chain:
    everyone = list(jobs)
    parent = next((other for other in everyone if other.id == job.parent_id), None)
    children = tuple(
        sorted(
            (other for other in everyone if other.parent_id == job.id),
            key=lambda other: other.created_at,
        )
    )
    return Chain(parent, children)

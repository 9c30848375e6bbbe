"""``reeldesk continue TASK PROMPT [flags]``: a new take that starts on the last frame of a saved
one, submitted and saved as ``generate`` does.

TASK is a task id or the unique end of one. The take must be saved with its video still there
(``rules.can_continue``); its last frame is read with PyAV and kept as a PNG in the data folder.
What the flags leave unset comes from the take continued (resolution, duration, audio and the
options image to video takes); the new job's parent is that take. An unknown or ambiguous TASK,
a take that cannot be continued or a video with no readable frame exits 2 before anything is
uploaded or sent.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from app import review
from app.api.models import (
    MAX_DURATION,
    MAX_SEED,
    MIN_DURATION,
    Mode,
    Resolution,
    ThinkingType,
    resolutions,
)
from app.continuation import continue_frame, continued
from app.engine.store import read_history
from app.paths import Paths


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    command = sub.add_parser(
        "continue", parents=[common], help="carry a saved take on from its last frame"
    )
    command.add_argument("task", metavar="TASK", help="task id or its unique end")
    command.add_argument("prompt", help="what happens next (English or Chinese)")
    command.add_argument("--negative-prompt", metavar="T", help="things to avoid")
    choices = [r.value for r in resolutions(Mode.IMAGE)]
    command.add_argument("--resolution", choices=choices, default=None)
    command.add_argument("--duration", type=int, metavar="S", help=f"{MIN_DURATION}-{MAX_DURATION}")
    command.add_argument("--seed", type=int, metavar="N", help=f"0-{MAX_SEED}; default random")
    audio = command.add_mutually_exclusive_group()
    audio.add_argument("--audio", dest="audio", action="store_true", default=None)
    audio.add_argument("--no-audio", dest="audio", action="store_false")
    multi = command.add_mutually_exclusive_group()
    multi.add_argument("--multi-clip", dest="multi_clip", action="store_true", default=None)
    multi.add_argument("--no-multi-clip", dest="multi_clip", action="store_false")
    command.add_argument("--thinking", choices=[t.value for t in ThinkingType])
    command.add_argument("--count", type=int, default=1, metavar="N", help="variations (N jobs)")
    command.add_argument("--out", metavar="DIR", help="folder for the videos")
    command.add_argument("--no-wait", action="store_true", help="exit once submitted")
    command.add_argument("--json", action="store_true", help="one JSON object per job on stdout")
    # What ``generate``'s sending reads that ``continue`` has no flag for.
    command.set_defaults(budget=None, dry_run=False)


def prepare(args: argparse.Namespace, paths: Paths) -> None:
    """Find the take, keep its last frame, and set ``args.requests`` to the one request (as
    ``generate`` has them) and ``args.parent_id`` to the take's job. Blocking. Raises
    ``InvalidParameter`` (exit 2) or ``HomeNotWritable``."""
    (parent,) = review.find_by_task(read_history(paths.history_db), [args.task])
    frame = continue_frame(parent, paths.data)
    request = continued(parent.request, frame, args.prompt)
    # The flags given win over the take's settings; the new request checks them all.
    changes: dict[str, Any] = {}
    if args.resolution is not None:
        changes["resolution"] = Resolution(args.resolution)
    if args.duration is not None:
        changes["duration"] = args.duration
    if args.audio is not None:
        changes["generate_audio"] = args.audio
    if args.negative_prompt is not None:
        changes["negative_prompt"] = args.negative_prompt or None
    if args.seed is not None:
        changes["seed"] = args.seed
    if args.multi_clip is not None:
        changes["generate_multi_clip"] = args.multi_clip
    if args.thinking is not None:
        changes["thinking_type"] = ThinkingType(args.thinking)
    args.requests = [replace(request, **changes)]
    args.parent_id = parent.id

"""``reeldesk queue pause|resume|status [--json]``: the send queue from a terminal.

The pause is a file in the data folder (``app.engine.queue``), so this needs no key, no
connection and no instance lock: a running window sees a pause before its next send, and a
resume within seconds. Sending the waiting jobs is for the window or ``reeldesk resume``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.engine.jobs import JobStatus
from app.engine.queue import (
    PAUSE_FILE,
    Pause,
    PauseReason,
    clear_pause,
    read_pause,
    write_pause,
)
from app.errors import StorageError
from app.messages import Catalogue
from app.paths import Paths
from app.present import queue_text

ACTIONS = ("pause", "resume", "status")


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """The ``queue`` command's arguments (``sub``: the command line's subparsers)."""
    queue = sub.add_parser(
        "queue", parents=[common], help="pause, resume or show the queue of jobs not yet sent"
    )
    queue.add_argument("action", choices=ACTIONS)
    queue.add_argument("--json", action="store_true", help="one JSON object on stdout")


def run(args: argparse.Namespace, paths: Paths, catalogue: Catalogue) -> int:
    """Carry out ``args.action``; exit 0, or 1 when the pause file cannot be written."""
    path = paths.data / PAUSE_FILE
    pause = read_pause(path)
    try:
        if args.action == "pause":
            # A pause for the balance keeps its reason: it still says to top up.
            reason = pause.reason if pause is not None else PauseReason.USER
            pause = write_pause(path, reason)
        elif args.action == "resume":
            clear_pause(path)
            pause = None
    except OSError as exc:
        error = StorageError(f"{path}: {exc.strerror or exc}")
        print(f"reeldesk: {catalogue.explain(error)}", file=sys.stderr)
        return 1
    waiting = _queued(paths)
    if args.json:
        print(json.dumps(status_json(pause, waiting)))
        return 0
    line = queue_text(waiting, pause.reason.value if pause else None, catalogue)
    if not line:
        line = catalogue.text("queue.running", n=0)
    if args.action == "resume" and waiting:
        line += " Run `reeldesk resume` to send them (or open the window)."
    print(line)
    return 0


def status_json(pause: Pause | None, waiting: int) -> dict[str, Any]:
    return {
        "paused": pause is not None,
        "reason": pause.reason.value if pause is not None else None,
        "since": pause.since if pause is not None else None,
        "queued": waiting,
    }


def queued_line(count: int, pause: Pause | None) -> str:
    """The one line a command ends with when jobs are left queued: how many, why, and what to
    do next."""
    jobs = f"{count} job{'' if count == 1 else 's'} queued, not sent"
    if pause is not None and pause.reason is PauseReason.QUOTA:
        return (
            f"{jobs}: the FoxAPI balance is too low. Top up, then run `reeldesk queue resume` "
            "and `reeldesk resume` to send them."
        )
    if pause is not None:
        return (
            f"{jobs}: the queue is paused. Run `reeldesk queue resume`, then `reeldesk resume` "
            "to send them."
        )
    return f"{jobs}. Run `reeldesk resume` to send them."


def _queued(paths: Paths) -> int:
    from app.engine.store import read_history

    return sum(1 for job in read_history(paths.history_db) if job.status is JobStatus.QUEUED)

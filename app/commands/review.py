"""``reeldesk rate TASK… --stars N``, ``pick``, ``reject``, ``unflag``: review marks from the
command line, through the same ``Engine.mark`` as the window.

TASK is a task id or the unique end of one. All or nothing: an unknown or ambiguous TASK, or
a take that cannot be reviewed (``rules.can_review``), exits 2 before anything changes.

Works while the window is open: it takes no instance lock (it neither submits nor downloads)
and writes only the marks, through the history's WAL (SQLite serialises the writes). The open
window does not watch the history: it shows marks changed here after ``Engine.reload_marks``
(the window calls it when it is activated again).
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from app import review, rules
from app.core import Core
from app.engine.jobs import Flag, Job
from app.errors import InvalidParameter
from app.messages import Catalogue
from app.paths import Paths
from app.present import review_text
from app.settings import Settings

COMMANDS = ("rate", "pick", "reject", "unflag")
_FLAGS = {"pick": Flag.PICKED, "reject": Flag.REJECTED, "unflag": Flag.NONE}
EXIT_OK, EXIT_USAGE = 0, 2


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    rate = sub.add_parser("rate", parents=[common], help="give takes 0-5 stars")
    rate.add_argument("tasks", nargs="+", metavar="TASK", help="task id or its unique end")
    rate.add_argument("--stars", type=int, required=True, metavar="N", help="0-5 (0: unrated)")
    for name, text in (
        ("pick", "flag takes as picked"),
        ("reject", "flag takes as rejected"),
        ("unflag", "clear the flag of takes"),
    ):
        command = sub.add_parser(name, parents=[common], help=text)
        command.add_argument("tasks", nargs="+", metavar="TASK", help="task id or its unique end")


def run(args: argparse.Namespace, paths: Paths, settings: Settings, catalogue: Catalogue) -> int:
    rating = None
    try:
        if args.command == "rate":
            rating = review.check_rating(args.stars)
    except InvalidParameter as exc:
        print(f"reeldesk: {catalogue.explain(exc)}", file=sys.stderr)
        return EXIT_USAGE
    flag = _FLAGS.get(args.command)
    if not paths.history_db.exists():
        # Nothing to find: say so as for an unknown task, without making a history.
        unknown = InvalidParameter("task", "reason.unknown_task", value=args.tasks[0])
        print(f"reeldesk: {catalogue.explain(unknown)}", file=sys.stderr)
        return EXIT_USAGE
    core = Core(paths, settings, None, lock=False)

    async def mark() -> list[Job]:
        try:
            await core.engine.start(resume=False)
            jobs = review.find_by_task(core.engine.jobs, args.tasks)
            for job in jobs:
                if not rules.can_review(job):
                    raise InvalidParameter(
                        "task", "reason.not_reviewable", value=job.task_id or job.id
                    )
            marked = []
            for job in jobs:
                done = await core.engine.mark(job.id, rating=rating, flag=flag)
                marked.append(done or job)
            return marked
        finally:
            await core.close()

    try:
        marked = asyncio.run(mark())
    except InvalidParameter as exc:
        print(f"reeldesk: {catalogue.explain(exc)}", file=sys.stderr)
        return EXIT_USAGE
    for job in marked:
        print(f"{job.task_id}: {review_text(job, catalogue)}")
    return EXIT_OK

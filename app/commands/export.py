"""``reeldesk export DIR [--picked] [--project NAME] [--timeline otio|fcpxml|edl]``: the saved
takes (only the picked ones with ``--picked``, else all but the rejected ones), oldest first,
into the new or empty folder DIR, with sidecars, manifests and timelines (``app.export``).

Reads the history without the instance lock, so it works while the window is open. Exit 2 for
a DIR that is taken (a file, a folder with something in it) or a bad project name; 1 when there
is nothing to export or the disk says no; nothing half-written is left either way.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.engine.jobs import Job
from app.engine.store import read_history
from app.errors import ExportFolderTaken, InvalidParameter
from app.export import choose_takes, export_takes
from app.messages import Catalogue
from app.paths import Paths
from app.review import check_project
from app.timeline import Timeline

EXIT_OK, EXIT_USAGE = 0, 2


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    export = sub.add_parser(
        "export", parents=[common], help="export takes, with a timeline, for an editor"
    )
    export.add_argument("folder", metavar="DIR", help="a new or empty folder")
    export.add_argument("--picked", action="store_true", help="only the picked takes")
    export.add_argument("--project", metavar="NAME", help="only the takes of this project")
    export.add_argument(
        "--timeline",
        action="append",
        choices=[kind.value for kind in Timeline],
        help="timeline kind (repeat for several; default otio)",
    )


def run(args: argparse.Namespace, paths: Paths, catalogue: Catalogue) -> int:
    """Raises ``ExportError`` (exit 1) when nothing can be exported or the disk says no."""
    project = None
    try:
        if args.project is not None:
            project = check_project(args.project)
    except InvalidParameter as exc:
        print(f"reeldesk: {catalogue.explain(exc)}", file=sys.stderr)
        return EXIT_USAGE
    takes = choose_takes(_history(paths), picked=args.picked, project=project)
    kinds = [Timeline(kind) for kind in args.timeline or [Timeline.OTIO.value]]
    try:
        result = export_takes(
            takes, Path(args.folder), timelines=kinds, name=project or Path(args.folder).name
        )
    except ExportFolderTaken as exc:
        print(f"reeldesk: {catalogue.explain(exc)}", file=sys.stderr)
        return EXIT_USAGE
    for video in result.videos:
        print(video)
    copied = len(result.videos) - result.linked
    print(
        f"Exported {len(result.videos)} take(s) to {result.folder} "
        f"({result.linked} hard-linked, {copied} copied; "
        + ", ".join(path.name for path in result.timelines)
        + ")",
        file=sys.stderr,
    )
    return EXIT_OK


def _history(paths: Paths) -> list[Job]:
    return read_history(paths.history_db)

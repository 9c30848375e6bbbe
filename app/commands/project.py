"""``reeldesk project [NAME]``: show the current project, or set it (``""`` for none). New jobs,
from the window and from ``reeldesk generate``, go into the current project.

The current project is a setting. A window that is open takes in the command line's choice when
it is next activated, and keeps it when it closes (it writes only what it changed itself).
"""

from __future__ import annotations

import argparse
import sys

from app.errors import InvalidParameter
from app.messages import Catalogue
from app.paths import Paths
from app.review import check_project
from app.settings import SettingsStore

EXIT_OK, EXIT_USAGE = 0, 2


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    project = sub.add_parser(
        "project", parents=[common], help="show or set the project new jobs go into"
    )
    project.add_argument(
        "name", nargs="?", metavar="NAME", help='the new current project; "" for none'
    )


def run(args: argparse.Namespace, paths: Paths, catalogue: Catalogue) -> int:
    """Raises ``SettingsNotSaved`` when the settings file cannot be written (exit 1)."""
    store = SettingsStore(paths.settings_file)
    if args.name is None:
        current = store.settings.current_project
        if current:
            print(current)
        else:
            print(catalogue.text("project.none"), file=sys.stderr)
        return EXIT_OK
    try:
        name = check_project(args.name)
    except InvalidParameter as exc:
        print(f"reeldesk: {catalogue.explain(exc)}", file=sys.stderr)
        return EXIT_USAGE
    store.update(current_project=name)
    if name:
        print(name)
    else:
        print(catalogue.text("project.none"), file=sys.stderr)
    return EXIT_OK

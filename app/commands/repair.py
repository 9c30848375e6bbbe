"""``reeldesk repair``: check the history, list its backups, restore one, or rebuild the history
from the videos' sidecars.

    reeldesk repair [--check] [--json]        is the history usable? (the default)
    reeldesk repair --list-backups [--json]   the backups, newest first
    reeldesk repair --restore [BACKUP]        put back BACKUP (a name from --list-backups or a
                                              path; the newest usable one when left out)
    reeldesk repair --rebuild [FOLDER ...]    add the saved videos' jobs the history lacks
                                              (the videos folder when no FOLDER is given)

Exit codes: 0 the history is fine, or the repair was done; 1 the history has a problem
(``--check``), or the repair could not be done (another ReelDesk has the history open, a
file cannot be moved); 2 bad arguments (an unknown backup, a folder that is not one), nothing
changed. Restore and rebuild never delete anything: the file they replace is set aside beside
the history, and the output names it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app import history_repair
from app.engine.backup import Backup
from app.errors import InvalidParameter
from app.messages import Catalogue
from app.paths import Paths
from app.settings import SettingsStore

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_parser(sub: Any) -> None:
    """``repair`` and its options, on the CLI's subparsers."""
    repair = sub.add_parser("repair", help="check the history; restore a backup or rebuild it")
    what = repair.add_mutually_exclusive_group()
    what.add_argument("--check", action="store_true", help="say whether the history is usable")
    what.add_argument("--list-backups", action="store_true", help="the backups, newest first")
    what.add_argument(
        "--restore",
        nargs="?",
        const="",
        default=None,
        metavar="BACKUP",
        help="put a backup back (default: the newest); the current file is kept aside",
    )
    what.add_argument(
        "--rebuild",
        nargs="*",
        default=None,
        metavar="FOLDER",
        help="add the jobs of the videos' sidecars in FOLDER (default: the videos folder)",
    )
    repair.add_argument("--json", action="store_true", help="one JSON object on stdout")


def run(args: argparse.Namespace, paths: Paths, catalogue: Catalogue) -> int:
    """Raises ``ReelDeskError`` for the CLI to report (``AlreadyRunning``, ``HistoryError``)."""
    try:
        if args.list_backups:
            return _list(paths, as_json=args.json)
        if args.restore is not None:
            return _restore(paths, args.restore or None, as_json=args.json)
        if args.rebuild is not None:
            return _rebuild(paths, [Path(f) for f in args.rebuild], as_json=args.json)
    except InvalidParameter as exc:
        print(f"reeldesk: {catalogue.error_message(exc)}", file=sys.stderr)
        return EXIT_USAGE
    return _check(paths, catalogue, as_json=args.json)


def backup_json(backup: Backup) -> dict[str, Any]:
    return {
        "name": backup.path.name,
        "path": str(backup.path),
        "kind": backup.kind,
        "created": backup.created,
        "jobs": backup.jobs,
        "usable": backup.usable,
    }


def backup_line(backup: Backup) -> str:
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(backup.created))
    jobs = "damaged" if backup.jobs is None else f"{backup.jobs} jobs"
    return f"{backup.path.name}  {when}  {backup.kind:<10} {jobs}"


def _emit(value: Mapping[str, Any]) -> None:
    print(json.dumps(value, ensure_ascii=False))


def _check(paths: Paths, catalogue: Catalogue, *, as_json: bool) -> int:
    health = history_repair.check(paths)
    problem = health.problem
    if as_json:
        _emit(
            {
                "path": str(health.path),
                "exists": health.exists,
                "ok": problem is None,
                "jobs": health.jobs,
                "version": health.version,
                "problem": None
                if problem is None
                else {
                    "code": problem.code.value,
                    "message": catalogue.error_message(problem),
                    "action": catalogue.next_action(problem),
                    "detail": problem.details,
                },
                "backups": [backup_json(backup) for backup in health.backups],
            }
        )
    else:
        if not health.exists:
            print(f"No history yet at {health.path}.")
        elif problem is None:
            print(f"The history is fine: {health.path}, {health.jobs} jobs.")
        newest = health.backups[0] if health.backups else None
        print(
            f"{len(health.backups)} backups in {paths.history_db.parent / 'backups'}"
            + (f"; newest: {backup_line(newest)}" if newest else "")
        )
    if problem is not None:
        print(f"reeldesk: {catalogue.explain(problem)}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _list(paths: Paths, *, as_json: bool) -> int:
    backups = history_repair.check(paths).backups
    if as_json:
        _emit({"backups": [backup_json(backup) for backup in backups]})
    elif not backups:
        print("No backups yet: ReelDesk makes one a day, and one before each upgrade.")
    for backup in [] if as_json else backups:
        print(backup_line(backup))
    return EXIT_OK


def _restore(paths: Paths, name: str | None, *, as_json: bool) -> int:
    done = history_repair.restore(paths, name)
    if as_json:
        _emit(
            {
                "restored": backup_json(done.backup),
                "set_aside": None if done.set_aside is None else str(done.set_aside),
            }
        )
    else:
        print(f"Restored {done.backup.path.name} ({done.backup.jobs} jobs).")
        if done.set_aside is not None:
            print(f"The history it replaced was kept as {done.set_aside}.")
    return EXIT_OK


def _rebuild(paths: Paths, folders: list[Path], *, as_json: bool) -> int:
    if not folders:
        settings = SettingsStore(paths.settings_file).settings
        folders = [settings.videos_folder(paths.videos)]
    report = history_repair.rebuild_from(paths, folders)
    if as_json:
        _emit(
            {
                "folders": [str(folder) for folder in folders],
                "found": report.found,
                "added": report.added,
                "already": report.already,
                "unreadable": [str(path) for path in report.unreadable],
                "set_aside": None if report.set_aside is None else str(report.set_aside),
            }
        )
    else:
        print(
            f"{report.found} sidecars found in {', '.join(map(str, folders))}: "
            f"{report.added} jobs added, {report.already} already in the history, "
            f"{len(report.unreadable)} unreadable."
        )
        if report.set_aside is not None:
            print(f"The damaged history was kept as {report.set_aside}.")
    return EXIT_OK

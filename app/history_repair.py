"""Checking and repairing the history: what ``reeldesk repair`` and the window's "Repair
history…" both do (``app.engine.backup`` keeps the backups, ``app.engine.rebuild`` reads the
sidecars).

Restore and rebuild take the instance lock, so they never run while a ReelDesk engine has the
history open (the window closes its own first). Nothing is deleted: the file replaced is set
aside beside the history and named in the result.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.engine import backup, rebuild
from app.engine.lock import InstanceLock
from app.engine.store import SCHEMA_VERSION, history_error
from app.errors import HistoryEmptied, HistoryError, HistoryTooNew, InvalidParameter
from app.paths import Paths


@dataclass(frozen=True, slots=True)
class Health:
    """The history as it is on disk: ``problem`` is ``None`` when it is fine (or absent)."""

    path: Path
    exists: bool
    jobs: int | None
    version: int | None
    problem: HistoryError | None
    backups: list[backup.Backup]


@dataclass(frozen=True, slots=True)
class Restored:
    backup: backup.Backup
    set_aside: Path | None


def check(paths: Paths) -> Health:
    """Read-only: whether the history opens, its version and jobs, and the backups."""
    history = paths.history_db
    backups = backup.list_backups(history)
    if not history.exists():
        return Health(history, False, None, None, None, backups)
    version: int | None = None
    jobs: int | None = None
    problem: HistoryError | None = None
    if history.is_file() and history.stat().st_size == 0:
        evidence = backup.emptied_evidence(history)
        if evidence:
            problem = HistoryEmptied(str(history), f"{history} is empty; {evidence}")
        return Health(history, True, 0, 0, problem, backups)
    try:
        version, jobs = backup.inspect(history)
    except sqlite3.Error as exc:
        problem = history_error(exc, history)
    if version is not None and version > SCHEMA_VERSION:
        problem = _too_new(history, version)
    return Health(history, True, jobs, version, problem, backups)


def _too_new(path: Path, version: int) -> HistoryTooNew:
    return HistoryTooNew(
        str(path),
        f"{path} is version {version}; this ReelDesk knows {SCHEMA_VERSION}",
        version=version,
        known=SCHEMA_VERSION,
    )


def restore(paths: Paths, name: str | None = None) -> Restored:
    """Put back the backup called ``name`` (the newest usable one when ``None``). Raises
    ``InvalidParameter`` when there is no such backup or it cannot be used, ``HistoryError``
    when the files cannot be moved, ``AlreadyRunning`` when ReelDesk has the history open."""
    history = paths.history_db
    chosen = backup.find_backup(history, name)
    if chosen is None and name is None:
        raise InvalidParameter("backup", "reason.no_backups")
    if chosen is None:
        raise InvalidParameter("backup", "reason.no_backup", value=name)
    if not chosen.usable:
        raise InvalidParameter("backup", "reason.backup_damaged", value=chosen.path.name)
    if chosen.version is not None and chosen.version > SCHEMA_VERSION:
        raise _too_new(chosen.path, chosen.version)
    with InstanceLock(paths.lock_file):
        try:
            aside = backup.restore(history, chosen.path)
        except (sqlite3.Error, OSError) as exc:
            raise history_error(exc, history) from exc
    return Restored(chosen, aside)


def rebuild_from(paths: Paths, folders: Iterable[Path]) -> rebuild.RebuildReport:
    """Add the jobs of the sidecars under ``folders`` that the history lacks (see
    ``app.engine.rebuild``), under the instance lock."""
    wanted = [folder.expanduser() for folder in folders]
    for folder in wanted:
        if not folder.is_dir():
            raise InvalidParameter("folder", "reason.not_a_folder", path=str(folder))
    with InstanceLock(paths.lock_file):
        try:
            return rebuild.rebuild(paths.history_db, wanted)
        except OSError as exc:
            raise history_error(exc, paths.history_db) from exc

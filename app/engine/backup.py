"""Backups of the history, and putting one back.

A backup is a whole copy of the history made with SQLite's online backup API (a consistent
snapshot while the history is in use), written to a temporary file and renamed into
``backups/`` beside the history, owner-only. Two kinds:

- ``daily``: at most one a day, when a history is opened (the newest ``KEEP_DAILY`` are kept);
- ``before-vN``: always before a migration to schema version N (the newest
  ``KEEP_MIGRATION`` are kept).

Nothing here deletes a history: a restore first sets the current file (and SQLite's ``-wal`` and
``-journal`` beside it) aside under a new name.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from app.engine.journal import journal_path
from app.fsutil import fsync_dir
from app.paths import PRIVATE_FILE, make_private, make_private_folder

BACKUPS_FOLDER = "backups"
KEEP_DAILY = 7
KEEP_MIGRATION = 5
DAILY = "daily"
_NAME = re.compile(
    r"^history-(\d{4})(\d\d)(\d\d)-(\d\d)(\d\d)(\d\d)(?:-\d+)?-(daily|before-v\d+)\.sqlite3$"
)
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True, slots=True)
class Backup:
    """One backup file. ``jobs`` is ``None`` when the file cannot be read as a history."""

    path: Path
    kind: str
    created: float
    jobs: int | None
    version: int | None

    @property
    def usable(self) -> bool:
        return self.jobs is not None


def backups_folder(history: Path) -> Path:
    return history.parent / BACKUPS_FOLDER


def companions(history: Path) -> list[Path]:
    """The files SQLite keeps beside the database: write-ahead log, shared memory, journal."""
    return [history.with_name(history.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def make_backup(source: sqlite3.Connection, history: Path, kind: str) -> Path:
    """Copy the open history ``source`` into a new backup of ``kind``; returns its path.
    Raises ``sqlite3.Error`` or ``OSError``."""
    folder = backups_folder(history)
    make_private_folder(folder)
    fd, tmp_name = tempfile.mkstemp(prefix=".history-", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            # One self-contained file: the copy would otherwise keep the history's WAL mode
            # and grow -wal and -shm files beside it whenever it is read.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        _fsync(tmp)
        make_private(tmp)
        final = _free_name(folder, kind)
        os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(folder)
    prune(history)
    return final


def daily_backup(source: sqlite3.Connection, history: Path) -> Path | None:
    """A daily backup, unless one was already made today (local time)."""
    today = time.strftime("%Y%m%d")
    for backup in _named(history):
        if backup[1] == DAILY and backup[0].name.startswith(f"history-{today}-"):
            return None
    return make_backup(source, history, DAILY)


def _free_name(folder: Path, kind: str) -> Path:
    stamp = time.strftime(_STAMP)
    path = folder / f"history-{stamp}-{kind}.sqlite3"
    number = 1
    while path.exists():  # two in one second (a test, two commands at once)
        number += 1
        path = folder / f"history-{stamp}-{number}-{kind}.sqlite3"
    return path


def _named(history: Path) -> list[tuple[Path, str, float]]:
    """Backup files by name, newest first: (path, kind, created)."""
    folder = backups_folder(history)
    found = []
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if match:
                # The stamp's parts, local time (as strftime wrote it), read without strptime:
                # its first call costs the window's start-up some 8 ms of locale set-up.
                year, month, day, hour, minute, second = map(int, match.groups()[:6])
                created = time.mktime((year, month, day, hour, minute, second, 0, 0, -1))
                found.append((path, match.group(7), created))
    found.sort(key=lambda item: (item[2], item[0].name), reverse=True)
    return found


def prune(history: Path) -> None:
    """Keep the newest ``KEEP_DAILY`` daily backups and ``KEEP_MIGRATION`` migration ones."""
    kept = {DAILY: 0, "migration": 0}
    for path, kind, _created in _named(history):
        group = DAILY if kind == DAILY else "migration"
        kept[group] += 1
        if kept[group] > (KEEP_DAILY if group == DAILY else KEEP_MIGRATION):
            with contextlib.suppress(OSError):
                path.unlink()


def list_backups(history: Path) -> list[Backup]:
    """Every backup of ``history``, newest first, with how many jobs each holds."""
    backups = []
    for path, kind, created in _named(history):
        try:
            version, jobs = inspect(path)
        except sqlite3.Error:
            version, jobs = None, None
        backups.append(Backup(path, kind, created, jobs, version))
    return backups


def inspect(path: Path) -> tuple[int, int]:
    """The schema version and number of jobs of a history file, read-only; raises
    ``sqlite3.Error`` when it is not an intact history."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        (check,) = db.execute("PRAGMA quick_check").fetchone()
        if check != "ok":
            raise sqlite3.DatabaseError(f"quick_check: {check}")
        (version,) = db.execute("PRAGMA user_version").fetchone()
        (jobs,) = db.execute("SELECT count(*) FROM jobs").fetchone()
        return int(version), int(jobs)
    finally:
        db.close()


def emptied_evidence(history: Path) -> str:
    """Why a zero-length ``history`` cannot be taken as a new one ("" when it can be).

    ReelDesk writes the schema in the same start that creates the file, and backs it up only
    once it has one; so an empty file with no backups is only ever left by a first start that
    died in its first moment. With a backup beside it, or with SQLite's write-ahead log or
    journal still holding pages, the file held a history that was lost (a crash that lost the
    data, a sync tool), maybe with paid jobs in flight: starting afresh would hide them."""
    backups = [backup for backup in list_backups(history) if backup.usable]
    if backups:
        newest = backups[0]
        return (
            f"{len(backups)} backups exist, the newest ({newest.path.name}) with {newest.jobs} jobs"
        )
    for companion in companions(history):
        if not companion.name.endswith("-shm") and _size(companion) > 0:
            return f"{companion.name} holds {_size(companion)} bytes"
    # Task ids of paid jobs that the history could not take yet (see app/engine/journal.py).
    journal = journal_path(history)
    if _size(journal) > 0:
        return f"{journal.name} holds task ids of jobs in flight"
    return ""


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def set_aside(history: Path) -> Path | None:
    """Rename the history and its SQLite companions to ``NAME.set-aside-STAMP`` (kept, never
    deleted); returns the new name of the history, ``None`` when there was none."""
    if not history.exists():
        return None
    stamp = time.strftime(_STAMP)
    aside = history.with_name(f"{history.name}.set-aside-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = history.with_name(f"{history.name}.set-aside-{stamp}-{number}")
    # Companions first: a -wal left beside a restored file would be replayed into it.
    for companion in companions(history):
        if companion.exists():
            os.replace(companion, aside.with_name(aside.name + companion.name[len(history.name) :]))
    os.replace(history, aside)
    fsync_dir(history.parent)
    return aside


def restore(history: Path, backup: Path) -> Path | None:
    """Put ``backup`` in place of ``history``; returns where the old history was set aside.
    Nobody may have the history open (hold the instance lock). Raises ``sqlite3.Error`` when
    the backup is not an intact history, ``OSError`` when the files cannot be moved."""
    inspect(backup)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{history.name}.", suffix=".tmp", dir=history.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        shutil.copyfile(backup, tmp)
        _fsync(tmp)
        os.chmod(tmp, PRIVATE_FILE)
        aside = set_aside(history)
        os.replace(tmp, history)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(history.parent)
    return aside


def find_backup(history: Path, name: str | None) -> Backup | None:
    """The backup called ``name`` (a file name in ``backups/`` or a path), or the newest
    usable one when ``name`` is ``None``."""
    backups = list_backups(history)
    if name is None:
        return next((backup for backup in backups if backup.usable), None)
    for backup in backups:
        if name in (backup.path.name, str(backup.path)):
            return backup
    path = Path(name).expanduser()
    if path.is_file():
        version: int | None
        jobs: int | None
        try:
            version, jobs = inspect(path)
        except sqlite3.Error:
            version, jobs = None, None
        return Backup(path.resolve(), "file", path.stat().st_mtime, jobs, version)
    return None


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())

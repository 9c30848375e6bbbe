"""The history: one SQLite database (WAL, ``synchronous=FULL``) with forward migrations.

Synchronous on purpose: the engine calls it from one dedicated thread, so the event loop never
waits on a disk flush, and writes keep their order.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import sqlite3
import threading
import time
from array import array
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from app.api.models import GenerationRequest
from app.engine import backup
from app.engine.jobs import Job, JobStatus, Moments
from app.errors import (
    HistoryCorrupt,
    HistoryEmptied,
    HistoryError,
    HistoryLocked,
    HistoryReadOnly,
    HistoryTooNew,
    HistoryUnreadable,
    HomeNotWritable,
    StorageError,
)
from app.paths import make_private, make_private_folder
from app.redact import redact, redact_json

log = logging.getLogger(__name__)

#: ``_MIGRATIONS[n]`` takes the database from ``user_version`` n to n + 1.
_MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = []


def _v0_to_v1(db: sqlite3.Connection) -> None:
    db.execute(
        """
        CREATE TABLE jobs (
            id TEXT PRIMARY KEY,
            intent_id TEXT NOT NULL DEFAULT '',
            batch_id TEXT NOT NULL DEFAULT '',
            demo INTEGER NOT NULL DEFAULT 0,
            request TEXT NOT NULL,
            prompt TEXT NOT NULL,
            status TEXT NOT NULL,
            task_id TEXT,
            progress INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            server_created REAL,
            estimated_time REAL,
            credits REAL,
            error_code TEXT NOT NULL DEFAULT '',
            error_message TEXT NOT NULL DEFAULT '',
            result_url TEXT,
            url_expires_at REAL,
            path TEXT,
            download_validator TEXT NOT NULL DEFAULT '',
            bytes_done INTEGER NOT NULL DEFAULT 0,
            bytes_total INTEGER NOT NULL DEFAULT 0,
            transitions TEXT NOT NULL DEFAULT '{}',
            raw_reply TEXT
        )
        """
    )
    db.execute("CREATE INDEX jobs_created ON jobs(created_at)")
    db.execute("CREATE INDEX jobs_status ON jobs(status)")
    db.execute("CREATE UNIQUE INDEX jobs_task ON jobs(task_id) WHERE task_id IS NOT NULL")


_MIGRATIONS.append(_v0_to_v1)


def _v1_to_v2(db: sqlite3.Connection) -> None:
    """Where a job was asked to save (``--out``), the review marks (stars, pick or reject), the
    project, the take a job continues from, and the plan (one press of Generate) it came in."""
    for column in (
        "out_dir TEXT",
        "rating INTEGER NOT NULL DEFAULT 0",
        "flag TEXT NOT NULL DEFAULT ''",
        "project TEXT NOT NULL DEFAULT ''",
        "parent_id TEXT",
        "plan_id TEXT NOT NULL DEFAULT ''",
    ):
        db.execute(f"ALTER TABLE jobs ADD COLUMN {column}")
    db.execute("CREATE INDEX jobs_project ON jobs(project)")


_MIGRATIONS.append(_v1_to_v2)
SCHEMA_VERSION = len(_MIGRATIONS)

_SCALARS = (
    "intent_id",
    "batch_id",
    "demo",
    "status",
    "task_id",
    "progress",
    "created_at",
    "updated_at",
    "server_created",
    "estimated_time",
    "credits",
    "error_code",
    "error_message",
    "result_url",
    "url_expires_at",
    "path",
    "download_validator",
    "bytes_done",
    "bytes_total",
    "out_dir",
    "rating",
    "flag",
    "project",
    "parent_id",
    "plan_id",
)
#: Fields that are stored; ``note`` is transient.
STORED_FIELDS = frozenset((*_SCALARS, "request", "transitions", "raw_reply"))


def _encode(name: str, value: Any) -> Any:
    """A field as it is stored. Every write goes through here, so the service's words (which
    may echo the key) are redacted whichever way a job arrives: the engine, an import, a
    restored backup."""
    if name == "request":
        return json.dumps(value.to_json(), ensure_ascii=False)
    if name == "raw_reply":
        return None if value is None else json.dumps(redact_json(value), ensure_ascii=False)
    if name == "error_message":
        return None if value is None else redact(value)
    if name == "transitions":
        return None if value is None else json.dumps(dict(value), ensure_ascii=False)
    if name == "status":
        return str(value)
    if name == "demo":
        return int(bool(value))
    return value


class HistoryStore:
    """Jobs on disk. Not thread-safe by itself: use it from one thread at a time."""

    def __init__(
        self, path: Path, *, busy_timeout: float = 5.0, backup_later: bool = False
    ) -> None:
        """Opens (and migrates) the history at ``path``, and makes the day's backup unless
        ``backup_later``: then ``daily_backup()`` is the opener's to call (the window, once it
        has painted: with a large history the copy takes a good part of a second)."""
        self.path = path
        self._lock = threading.Lock()
        try:
            make_private_folder(path.parent)
        except OSError as exc:
            raise HomeNotWritable(str(path.parent), f"{path.parent}: {exc}") from exc
        if path.is_file() and path.stat().st_size == 0:
            evidence = _emptied(path)
            if evidence:
                raise HistoryEmptied(str(path), f"history database {path} is empty; {evidence}")
        try:
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise history_error(exc, path) from exc
        try:
            self._db.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
            self._db.execute("PRAGMA journal_mode=WAL")
            # Owner-only, also for a history made before this rule. SQLite makes its -wal and
            # -shm files with the database's permissions from then on.
            for file in (path, *backup.companions(path)):
                make_private(file)
            self._db.execute("PRAGMA synchronous=FULL")
            self._migrate()
        except (sqlite3.Error, OSError, StorageError) as exc:
            self._db.close()
            if isinstance(exc, StorageError):
                raise
            raise history_error(exc, path) from exc
        if not backup_later:
            self.daily_backup()

    def _migrate(self) -> None:
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise HistoryTooNew(
                str(self.path),
                f"history database {self.path} is version {version}; "
                f"this ReelDesk knows {SCHEMA_VERSION}",
                version=version,
                known=SCHEMA_VERSION,
            )
        if 0 < version < SCHEMA_VERSION:
            # Never migrate without a way back: a failed backup stops the start.
            made = backup.make_backup(self._db, self.path, f"before-v{SCHEMA_VERSION}")
            log.info("history backed up to %s before migrating", made)
        while version < SCHEMA_VERSION:
            with self._transaction():
                # Read again under the write lock: another process (the window and a command
                # opening one history) may have taken it up a step meanwhile.
                (version,) = self._db.execute("PRAGMA user_version").fetchone()
                if version >= SCHEMA_VERSION:
                    break
                _MIGRATIONS[version](self._db)
                version += 1
                self._db.execute(f"PRAGMA user_version={version}")

    def daily_backup(self) -> None:
        """The day's backup, unless there is one. Best effort: a history that cannot be backed
        up still opens (and says so in the log). Thread-safe: writes wait for the copy."""
        try:
            with self._lock:
                made = backup.daily_backup(self._db, self.path)
        except (sqlite3.Error, OSError) as exc:
            log.warning("the daily backup of the history failed: %s", exc)
            return
        if made is not None:
            log.info("history backed up to %s", made)

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db, self._lock)

    def close(self) -> None:
        self._db.close()

    # -- writes ---------------------------------------------------------------------------------

    def insert(self, job: Job) -> None:
        self.insert_many([job])

    def insert_many(self, jobs: Iterable[Job]) -> None:
        """Add jobs in one transaction (an import, a restored backup)."""
        names = ["id", "request", "prompt", "transitions", "raw_reply", *_SCALARS]
        rows = [
            [
                job.id,
                _encode("request", job.request),
                job.request.prompt,
                _encode("transitions", job.transitions),
                _encode("raw_reply", job.raw_reply),
                *(_encode(n, getattr(job, n)) for n in _SCALARS),
            ]
            for job in jobs
        ]
        sql = f"INSERT INTO jobs ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        try:
            with self._transaction():
                self._db.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise history_error(exc, self.path) from exc

    def update(self, job: Job, fields: Iterable[str]) -> None:
        names = sorted(set(fields) & STORED_FIELDS)
        if not names:
            return
        assignments = ", ".join(f"{n} = ?" for n in names)
        values = [_encode(n, getattr(job, n)) for n in names]
        if "request" in names:
            assignments += ", prompt = ?"
            values.append(job.request.prompt)
        self._write(f"UPDATE jobs SET {assignments} WHERE id = ?", [*values, job.id])

    def fill_task(self, job_id: str, values: Mapping[str, Any]) -> bool:
        """Write what a submit reply brought (``values``: stored fields, task id among them)
        unless the job already has a task id, or is gone: a journal replay that never undoes
        a later change. True when it was written."""
        names = sorted(set(values) & STORED_FIELDS - {"request"})
        assignments = ", ".join(f"{n} = ?" for n in names)
        encoded = [_encode(n, values[n]) for n in names]
        try:
            with self._transaction():
                cursor = self._db.execute(
                    f"UPDATE jobs SET {assignments} WHERE id = ? AND task_id IS NULL",
                    [*encoded, job_id],
                )
                return cursor.rowcount > 0
        except sqlite3.Error as exc:
            raise StorageError(f"history database: {exc}") from exc

    def delete(self, job_id: str) -> None:
        self._write("DELETE FROM jobs WHERE id = ?", [job_id])

    def _write(self, sql: str, values: list[Any]) -> None:
        try:
            with self._transaction():
                self._db.execute(sql, values)
        except sqlite3.Error as exc:
            raise history_error(exc, self.path) from exc

    # -- reads ----------------------------------------------------------------------------------

    def load_fields(self, names: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Job id → the stored scalar fields ``names`` (``rating``, ``flag``…): a light read of
        a few columns, for taking up what another process changed."""
        columns = [name for name in names if name in _SCALARS]
        if not columns:
            return {}
        with self._lock:
            rows = self._db.execute(f"SELECT id, {', '.join(columns)} FROM jobs").fetchall()
        return {row[0]: dict(zip(columns, row[1:], strict=True)) for row in rows}

    def load_all(self) -> list[Job]:
        """Every job, oldest first. Rows that cannot be read are logged and skipped."""
        jobs = []
        try:
            with self._lock:
                cursor = self._db.execute(
                    f"SELECT id, request, transitions, raw_reply, {', '.join(_SCALARS)} "
                    "FROM jobs ORDER BY created_at, rowid"
                )
                # In slices: a large history never has every raw row in memory at once
                # beside the jobs made from them (the process would keep that peak: with
                # 100,000 jobs, some 90 MB).
                shared = _Shared()
                while rows := cursor.fetchmany(1000):
                    jobs += _jobs_from_rows(rows, shared)
        except sqlite3.Error as exc:
            raise history_error(exc, self.path) from exc
        return jobs

    def load_recent(self, limit: int) -> list[Job]:
        """The newest ``limit`` jobs, oldest first: what the list shows first while the rest
        of a large history loads."""
        try:
            with self._lock:
                rows = self._db.execute(
                    f"SELECT id, request, transitions, raw_reply, {', '.join(_SCALARS)} "
                    "FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?",
                    [limit],
                ).fetchall()
        except sqlite3.Error as exc:
            raise history_error(exc, self.path) from exc
        return _jobs_from_rows(reversed(rows))

    def load_reply(self, job_id: str) -> dict[str, Any] | None:
        """The service's last reply kept for a job (what ``load_all`` leaves on disk for a
        finished one); None when there is none or the job is gone."""
        try:
            with self._lock:
                row = self._db.execute(
                    "SELECT raw_reply FROM jobs WHERE id = ?", [job_id]
                ).fetchone()
        except sqlite3.Error as exc:
            raise history_error(exc, self.path) from exc
        if row is None or not row[0]:
            return None
        reply = json.loads(row[0])
        return reply if isinstance(reply, dict) else None

    def load_cold(self, job_id: str) -> dict[str, Any]:
        """The ``COLD_FIELDS`` of a job as stored (empty when the job is gone)."""
        try:
            with self._lock:
                row = self._db.execute(
                    f"SELECT {', '.join(COLD_FIELDS)} FROM jobs WHERE id = ?", [job_id]
                ).fetchone()
        except sqlite3.Error as exc:
            raise history_error(exc, self.path) from exc
        return {} if row is None else dict(zip(COLD_FIELDS, row, strict=True))

    def known_ids(self) -> tuple[set[str], set[str]]:
        """The job ids and task ids in the history, also of rows ``load_all`` cannot read."""
        try:
            with self._lock:
                rows = self._db.execute("SELECT id, task_id FROM jobs").fetchall()
        except sqlite3.Error as exc:
            raise history_error(exc, self.path) from exc
        return {row[0] for row in rows}, {row[1] for row in rows if row[1]}


#: How long an empty history with a journal beside it is given to be another program's new
#: one (the window and a command started together), before it is taken for a lost one.
CREATION_GRACE = 1.0


def _emptied(path: Path) -> str:
    """Why the empty file at ``path`` is a lost history (``backup.emptied_evidence``), or ""
    once it has grown: for a few milliseconds, a history another program is creating is an
    empty file beside the journal of its first write."""
    deadline = time.monotonic() + CREATION_GRACE
    while evidence := backup.emptied_evidence(path):
        if time.monotonic() > deadline:
            return evidence
        time.sleep(0.02)
        with contextlib.suppress(OSError):
            if path.stat().st_size > 0:
                return ""
    return ""


def history_error(exc: BaseException, path: Path) -> HistoryError:
    """The ``HistoryError`` that says what is wrong with the history at ``path``, from
    SQLite's error code and, where SQLite only says "unable to open", from the file itself."""
    details = f"history database {path}: {exc}"
    where = str(path)
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        return HistoryCorrupt(where, details)
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return HistoryLocked(where, details)
    if primary == sqlite3.SQLITE_READONLY:
        return HistoryReadOnly(where, details)
    if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return HistoryReadOnly(where, details)
    if path.exists() and not os.access(path, os.R_OK):
        return HistoryUnreadable(where, details)
    if (path.exists() and not os.access(path, os.W_OK)) or not os.access(path.parent, os.W_OK):
        return HistoryReadOnly(where, details)
    return HistoryError(where, details)


def read_history(path: Path) -> list[Job]:
    """Every job of the history at ``path``, oldest first (none before there is a history),
    opened and closed again: for the commands that look at it without running an engine."""
    if not path.exists():
        return []
    store = HistoryStore(path)
    try:
        return store.load_all()
    finally:
        store.close()


def _jobs_from_rows(rows: Iterable[tuple[Any, ...]], shared: _Shared | None = None) -> list[Job]:
    shared = _Shared() if shared is None else shared
    jobs = []
    for row in rows:
        try:
            jobs.append(_job_from_row(row, shared))
        except (ValueError, TypeError, KeyError) as exc:
            log.error("history row %s could not be read: %s", row[0], exc)
    return jobs


#: Text that repeats from job to job, kept once per read (``_Shared``), not once per job:
#: projects, folders, flags, error codes and messages, and the ids every take of a batch shares.
_REPEATED = ("error_code", "error_message", "out_dir", "flag", "project", "batch_id", "plan_id")

#: What a finished job with a task id leaves on disk when the history is read, with its last
#: reply: the intent id matters only until the task id is known, the service's own start time
#: only to the journal, the link, its expiry and the download's validator only while the
#: video is saved. ``load_cold`` reads them back for a job taken up again (saving retried).
#: Some 40 MB over 100,000 jobs.
COLD_FIELDS: dict[str, Any] = {
    "intent_id": "",
    "server_created": None,
    "result_url": None,
    "url_expires_at": None,
    "download_validator": "",
}


class _Shared:
    """Values that repeat from row to row within one read of the history, kept once: the
    prompt and batch of every take of a seed sweep or a matrix, the same negative prompt, the
    same price, the same refusal. Lives as long as the read, so nothing is kept for good."""

    __slots__ = ("_block", "_numbers", "_texts")

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._numbers: dict[float, float] = {}
        self._block: array[float] | None = None

    def text(self, value: Any) -> Any:
        return self._texts.setdefault(value, value) if type(value) is str else value

    def number(self, value: Any) -> Any:
        return self._numbers.setdefault(value, value) if type(value) is float else value

    def moments(self, pairs: Mapping[str, float]) -> Moments:
        """Transitions kept beside those of the jobs read just before (``Moments``)."""
        made = Moments(pairs, self._block)
        self._block = made.block
        return made


def _job_from_row(row: tuple[Any, ...], shared: _Shared) -> Job:
    job_id, request, transitions, raw_reply, *scalars = row
    values = dict(zip(_SCALARS, scalars, strict=True))
    for name in _REPEATED:
        values[name] = shared.text(values[name])
    values["status"] = JobStatus(values["status"])
    values["demo"] = bool(values["demo"])
    for name in ("credits", "estimated_time"):  # a handful of prices and estimates
        values[name] = shared.number(values[name])
    if values["bytes_done"] == values["bytes_total"]:  # a saved file: one number, not two
        values["bytes_done"] = values["bytes_total"]
    asked = json.loads(request)
    if isinstance(asked, dict):
        for name in ("prompt", "negative_prompt"):
            if name in asked:
                asked[name] = shared.text(asked[name])
    # A finished job's last reply from the service stays on disk until it is asked for
    # (``load_reply``): whole, it is often the largest part of a job (1-2 kB as objects).
    # A job without a task id keeps it: the reply is then all that says why it failed.
    if values["status"].is_final and values["task_id"]:
        raw_reply = None
        values.update(COLD_FIELDS)
    return Job(
        id=job_id,
        request=GenerationRequest.from_json(asked),
        transitions=shared.moments(json.loads(transitions or "{}")),
        raw_reply=json.loads(raw_reply) if raw_reply else None,
        **values,
    )


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` under the store's lock; rolls back on error."""

    def __init__(self, db: sqlite3.Connection, lock: threading.Lock) -> None:
        self._db = db
        self._lock = lock

    def __enter__(self) -> None:
        self._lock.acquire()
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._lock.release()
            raise

    def __exit__(self, exc_type: object, *rest: object) -> None:
        try:
            self._db.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self._lock.release()

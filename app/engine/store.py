"""The history: one SQLite database (WAL, ``synchronous=FULL``) with forward migrations.

Synchronous on purpose: the engine calls it from one dedicated thread, so the event loop never
waits on a disk flush, and writes keep their order.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from app.api.models import GenerationRequest
from app.engine.jobs import Job, JobStatus
from app.errors import StorageError
from app.paths import make_private, make_private_folder

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
    project, and the take a job continues from."""
    for column in (
        "out_dir TEXT",
        "rating INTEGER NOT NULL DEFAULT 0",
        "flag TEXT NOT NULL DEFAULT ''",
        "project TEXT NOT NULL DEFAULT ''",
        "parent_id TEXT",
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
)
#: Fields that are stored; ``note`` is transient.
STORED_FIELDS = frozenset((*_SCALARS, "request", "transitions", "raw_reply"))


def _encode(name: str, value: Any) -> Any:
    if name == "request":
        return json.dumps(value.to_json(), ensure_ascii=False)
    if name in ("transitions", "raw_reply"):
        return None if value is None else json.dumps(value, ensure_ascii=False)
    if name == "status":
        return str(value)
    if name == "demo":
        return int(bool(value))
    return value


class HistoryStore:
    """Jobs on disk. Not thread-safe by itself: use it from one thread at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            make_private_folder(path.parent)
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            # Owner-only, also for a history made before this rule. SQLite makes its -wal and
            # -shm files with the database's permissions from then on.
            for file in (path, *_companions(path)):
                make_private(file)
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA busy_timeout=5000")
            self._migrate()
        except (sqlite3.Error, OSError) as exc:
            raise StorageError(f"history database {path}: {exc}") from exc

    def _migrate(self) -> None:
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise StorageError(
                f"history database is version {version}; this ReelDesk knows {SCHEMA_VERSION}"
            )
        for step in range(version, SCHEMA_VERSION):
            with self._transaction():
                _MIGRATIONS[step](self._db)
                self._db.execute(f"PRAGMA user_version={step + 1}")

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
            raise StorageError(f"history database: {exc}") from exc

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

    def delete(self, job_id: str) -> None:
        self._write("DELETE FROM jobs WHERE id = ?", [job_id])

    def _write(self, sql: str, values: list[Any]) -> None:
        try:
            with self._transaction():
                self._db.execute(sql, values)
        except sqlite3.Error as exc:
            raise StorageError(f"history database: {exc}") from exc

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
        with self._lock:
            cursor = self._db.execute(
                f"SELECT id, request, transitions, raw_reply, {', '.join(_SCALARS)} "
                "FROM jobs ORDER BY created_at, rowid"
            )
            rows = cursor.fetchall()
        jobs = []
        for row in rows:
            try:
                jobs.append(_job_from_row(row))
            except (ValueError, TypeError, KeyError) as exc:
                log.error("history row %s could not be read: %s", row[0], exc)
        return jobs


def _job_from_row(row: tuple[Any, ...]) -> Job:
    job_id, request, transitions, raw_reply, *scalars = row
    values = dict(zip(_SCALARS, scalars, strict=True))
    values["status"] = JobStatus(values["status"])
    values["demo"] = bool(values["demo"])
    return Job(
        id=job_id,
        request=GenerationRequest.from_json(json.loads(request)),
        transitions=json.loads(transitions or "{}"),
        raw_reply=json.loads(raw_reply) if raw_reply else None,
        **values,
    )


def _companions(path: Path) -> list[Path]:
    """The files SQLite keeps beside the database: write-ahead log, shared memory, journal."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


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

"""Backups of the history (daily, and before every migration; bounded, owner-only, atomic), the
problems a damaged history is named by, an emptied history that is not taken for a new one, and
restoring a backup without losing the file it replaces."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from app import history_repair
from app.api.models import GenerationRequest
from app.engine import backup
from app.engine import store as store_module
from app.engine.jobs import Job, JobStatus
from app.engine.journal import journal_path
from app.engine.lock import InstanceLock
from app.engine.store import HistoryStore
from app.errors import (
    AlreadyRunning,
    HistoryCorrupt,
    HistoryEmptied,
    HistoryError,
    HistoryLocked,
    HistoryTooNew,
    InvalidParameter,
)
from app.messages import Catalogue
from app.paths import Paths


def job(n: int, **fields: Any) -> Job:
    return Job(
        id=f"job-{n}",
        request=GenerationRequest(f"prompt {n}"),
        status=JobStatus.SAVED,
        task_id=f"task-{n}",
        created_at=1_700_000_000 + n,
        **fields,
    )


def history_with(path: Path, count: int) -> None:
    store = HistoryStore(path)
    store.insert_many([job(n) for n in range(1, count + 1)])
    store.close()


def backups_of(path: Path) -> list[backup.Backup]:
    return backup.list_backups(path)


def age(backup_file: Path, stamp: str) -> Path:
    """Rename a backup as if it had been made at ``stamp`` (YYYYmmdd-HHMMSS)."""
    kind = backup_file.name.split("-", 3)[3]
    older = backup_file.with_name(f"history-{stamp}-{kind}")
    backup_file.rename(older)
    return older


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_daily_backup_is_made_once_a_day_owner_only_with_no_temporary_file_left(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.sqlite3"
    history_with(path, 2)
    [first] = backups_of(path)
    assert first.kind == "daily" and first.jobs == 0  # made as the new history opened
    folder = backup.backups_folder(path)
    assert mode(folder) == 0o700 and mode(first.path) == 0o600
    assert [p.name for p in folder.iterdir()] == [first.path.name]
    HistoryStore(path).close()
    assert len(backups_of(path)) == 1  # not twice in a day

    age(first.path, "20200101-120000")
    HistoryStore(path).close()
    today, yesterday = backups_of(path)
    assert today.jobs == 2 and yesterday.jobs == 0
    assert not list(folder.glob(".*"))


def test_a_backup_is_made_before_every_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.sqlite3"
    history_with(path, 3)
    known = store_module.SCHEMA_VERSION

    def add_album(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE jobs ADD COLUMN album TEXT")

    upgrades = [*store_module._MIGRATIONS, add_album]
    monkeypatch.setattr(store_module, "_MIGRATIONS", upgrades)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", len(upgrades))
    HistoryStore(path).close()
    before = [b for b in backups_of(path) if b.kind == f"before-v{known + 1}"]
    assert len(before) == 1
    assert before[0].version == known and before[0].jobs == 3


def test_no_migration_runs_when_no_backup_can_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.sqlite3"
    history_with(path, 1)
    for old in backup.backups_folder(path).iterdir():
        old.unlink()
    backup.backups_folder(path).rmdir()
    backup.backups_folder(path).write_text("a file where the backups go")
    known = store_module.SCHEMA_VERSION
    upgrades = [*store_module._MIGRATIONS, lambda db: db.execute("DROP TABLE jobs")]
    monkeypatch.setattr(store_module, "_MIGRATIONS", upgrades)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", len(upgrades))
    with pytest.raises(HistoryError):
        HistoryStore(path)
    assert backup.inspect(path) == (known, 1)


def test_backups_are_bounded(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    history_with(path, 1)
    [made] = backups_of(path)
    for day in range(1, 11):
        copy = made.path.with_name(f"history-202001{day:02d}-120000-daily.sqlite3")
        copy.write_bytes(made.path.read_bytes())
    for version in range(3, 11):
        copy = made.path.with_name(f"history-201901{version:02d}-120000-before-v{version}.sqlite3")
        copy.write_bytes(made.path.read_bytes())
    backup.prune(path)
    kinds = [b.kind for b in backups_of(path)]
    assert kinds.count("daily") == backup.KEEP_DAILY
    assert len(kinds) - kinds.count("daily") == backup.KEEP_MIGRATION
    assert backups_of(path)[0].path == made.path  # the newest stay
    assert backups_of(path)[-1].kind == "before-v6"


def test_a_damaged_history_is_named(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"not a database, but a document someone saved here " * 100)
    with pytest.raises(HistoryCorrupt) as raised:
        HistoryStore(path)
    text = Catalogue("en").explain(raised.value)
    assert str(path) in text and "reeldesk repair" in text
    assert str(path) in Catalogue("zh_CN").explain(raised.value)


def test_a_history_from_a_newer_reeldesk_says_both_versions(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    HistoryStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(HistoryTooNew) as raised:
        HistoryStore(path)
    headline = Catalogue("en").error_message(raised.value)
    assert "newer ReelDesk" in headline and "99" in headline
    assert str(store_module.SCHEMA_VERSION) in headline


def test_a_history_another_program_holds_is_said_to_be_locked(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = HistoryStore(path, busy_timeout=0.1)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(HistoryLocked) as raised:
            store.insert(job(1))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "locked by another program" in Catalogue("en").explain(raised.value)
    store.insert(job(1))  # nothing was left half-done
    assert [j.id for j in store.load_all()] == ["job-1"]
    store.close()


def test_an_emptied_history_with_backups_is_not_taken_for_a_new_one(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    history_with(path, 2)
    path.write_bytes(b"")
    with pytest.raises(HistoryEmptied) as raised:
        HistoryStore(path)
    assert path.stat().st_size == 0  # left as it was, for a restore
    assert "backups" in raised.value.details
    assert str(path) in Catalogue("en").error_message(raised.value)
    assert "--restore" in Catalogue("en").next_action(raised.value)


def test_a_history_another_program_is_creating_is_waited_for_not_called_lost(
    tmp_path: Path,
) -> None:
    """For a moment, a new history is an empty file beside the journal of its first write
    (the window and ``reeldesk generate`` started together): the second opener waits."""
    path = tmp_path / "history.sqlite3"
    made = tmp_path / "made.sqlite3"
    history_with(made, 1)
    path.write_bytes(b"")
    journal = path.with_name(path.name + "-journal")
    journal.write_bytes(bytes(512))

    def finish_creating() -> None:
        time.sleep(0.2)
        path.write_bytes(made.read_bytes())
        journal.unlink()

    creator = threading.Thread(target=finish_creating)
    creator.start()
    store = HistoryStore(path)
    creator.join()
    assert len(store.load_all()) == 1
    store.close()


def test_an_emptied_history_with_a_write_ahead_log_is_not_taken_for_a_new_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"")
    path.with_name(path.name + "-wal").write_bytes(b"\x37\x7f\x06\x82" + bytes(60))
    with pytest.raises(HistoryEmptied):
        HistoryStore(path)


def test_an_emptied_history_with_task_ids_in_the_journal_is_not_taken_for_a_new_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"")
    journal_path(path).write_text('{"job": "j", "intent": "i", "task": "t-1", "at": 1}\n')
    with pytest.raises(HistoryEmptied) as raised:
        HistoryStore(path)
    assert "journal" in raised.value.details


def test_an_empty_file_left_by_a_first_start_that_died_becomes_the_history(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"")
    history_with(path, 1)
    assert backup.inspect(path) == (store_module.SCHEMA_VERSION, 1)


def test_a_restore_puts_the_backup_back_and_keeps_the_file_it_replaces(paths: Paths) -> None:
    path = paths.history_db
    history_with(path, 2)
    [made] = backups_of(path)
    age(made.path, "20200101-120000")
    HistoryStore(path).close()  # today's backup, with both jobs
    store = HistoryStore(path)
    store.insert(job(3))  # in the write-ahead log, not yet in the file: it must not leak in
    path.with_name(path.name + "-wal").rename(path.with_name("saved-wal"))
    store.close()
    path.with_name("saved-wal").rename(path.with_name(path.name + "-wal"))
    before = path.read_bytes()

    restored = history_repair.restore(paths)
    assert restored.backup.jobs == 2
    assert restored.set_aside is not None and restored.set_aside.read_bytes() == before
    assert restored.set_aside.with_name(restored.set_aside.name + "-wal").exists()
    assert not path.with_name(path.name + "-wal").exists()
    assert mode(path) == 0o600
    reopened = HistoryStore(path)
    assert [j.id for j in reopened.load_all()] == ["job-1", "job-2"]
    reopened.close()


def test_a_restore_refuses_what_it_cannot_use(paths: Paths) -> None:
    path = paths.history_db
    with pytest.raises(InvalidParameter) as raised:
        history_repair.restore(paths)
    assert raised.value.reason_key == "reason.no_backups"
    history_with(path, 1)
    [made] = backups_of(path)
    damaged = made.path.with_name("history-20200101-120000-daily.sqlite3")
    damaged.write_bytes(b"half a file")
    with pytest.raises(InvalidParameter) as raised:
        history_repair.restore(paths, damaged.name)
    assert raised.value.reason_key == "reason.backup_damaged"
    with pytest.raises(InvalidParameter):
        history_repair.restore(paths, "history-19990101-000000-daily.sqlite3")
    assert backup.inspect(path) == (store_module.SCHEMA_VERSION, 1)


def test_a_restore_waits_for_the_running_reeldesk_to_let_go(paths: Paths) -> None:
    history_with(paths.history_db, 1)
    with InstanceLock(paths.lock_file), pytest.raises(AlreadyRunning):
        history_repair.restore(paths)
    assert not list(paths.data.glob("*.set-aside-*"))


def test_the_check_reads_without_changing_anything(paths: Paths) -> None:
    assert history_repair.check(paths).problem is None  # no history yet is fine
    history_with(paths.history_db, 2)
    health = history_repair.check(paths)
    assert (health.problem, health.jobs, len(health.backups)) == (None, 2, 1)
    paths.history_db.write_bytes(b"x" * 4096)
    before = os.stat(paths.history_db)
    assert isinstance(history_repair.check(paths).problem, HistoryCorrupt)
    assert os.stat(paths.history_db).st_mtime_ns == before.st_mtime_ns
    assert len(history_repair.check(paths).backups) == 1


def test_the_window_makes_the_daily_backup_once_it_is_up(tmp_path: Path) -> None:
    """The window opens the history with ``backup_later`` (the copy of a large history would
    delay its first paint once a day) and makes the backup in the warm-up after it."""
    from app.core import Connection, Core
    from app.paths import resolve_paths
    from app.settings import Settings

    paths = resolve_paths({"REELDESK_HOME": str(tmp_path / "home")})
    history_with(paths.history_db, 3)
    for made in backups_of(paths.history_db):
        made.path.unlink()
    core = Core(
        paths,
        Settings(),
        Connection("", "", True, None),
        environ={},
        simulator_later=True,
        backup_later=True,
    )
    try:
        assert backups_of(paths.history_db) == []
        core.warm_up()
        [made] = backups_of(paths.history_db)
        assert made.kind == "daily" and made.jobs == 3
        core.warm_up()  # once
        assert len(backups_of(paths.history_db)) == 1
    finally:
        asyncio.run(core.close())

"""A damaged, unreadable, locked, read-only, too new or emptied history, and an unwritable
``REELDESK_HOME``, as the command line meets them (real processes, real files): one line on
stderr that names the file and what to do, exit 1, no traceback, and the file left as it was.
Then ``reeldesk repair`` brings the history back."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.engine.lock import InstanceLock
from app.engine.store import SCHEMA_VERSION, HistoryStore
from tests.children import OTHER_USER, ROOT, bound_by_permissions

from .test_cli import REELDESK, cli_env, run_cli


def history_file(home: Path) -> Path:
    return home / "data" / "history.sqlite3"


def one_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    (line,) = stderr.strip().splitlines()
    return line


def make_history(home: Path, jobs: int = 0) -> Path:
    """A history with ``jobs`` saved demo videos (made by the real CLI)."""
    if jobs:
        made = run_cli(home, "generate", "--demo", "lanterns", "--count", str(jobs))
        assert made.returncode == 0, made.stderr
    else:
        HistoryStore(history_file(home)).close()
    return history_file(home)


def test_a_damaged_history_is_named_with_what_to_do(home: Path) -> None:
    path = make_history(home)
    damaged = b"SQLite format 2\x00 but not really " * 300
    path.write_bytes(damaged)
    for args in (("tasks",), ("generate", "--demo", "x"), ("resume",)):
        result = run_cli(home, *args)
        assert result.returncode == 1, (args, result.stderr)
        line = one_line(result.stderr)
        assert f"The history file {path} is damaged." in line
        assert "reeldesk repair" in line and "download folder" not in line
    assert path.read_bytes() == damaged


def test_a_history_from_a_newer_reeldesk_is_named_and_left_alone(home: Path) -> None:
    path = make_history(home)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 42")
    result = run_cli(home, "generate", "--demo", "x")
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert "newer ReelDesk" in line and "42" in line and str(SCHEMA_VERSION) in line
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (42,)
        assert db.execute("SELECT count(*) FROM jobs").fetchone() == (0,)


def test_an_emptied_history_is_said_and_a_restore_brings_the_jobs_back(home: Path) -> None:
    path = make_history(home, jobs=2)
    # Tomorrow's start makes a daily backup holding both jobs.
    for old in (home / "data" / "backups").iterdir():
        old.rename(old.with_name(old.name.replace("history-2", "history-1", 1)))
    assert run_cli(home, "tasks").returncode == 0
    path.write_bytes(b"")  # a crash that lost the file's contents
    for name in ("-wal", "-shm"):
        path.with_name(path.name + name).unlink(missing_ok=True)

    result = run_cli(home, "generate", "--demo", "x")
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert f"The history file {path} is empty" in line and "repair --restore" in line
    assert path.stat().st_size == 0

    restored = run_cli(home, "repair", "--restore", "--json")
    assert restored.returncode == 0, restored.stderr
    answer = json.loads(restored.stdout)
    assert answer["restored"]["jobs"] == 2
    assert Path(answer["set_aside"]).stat().st_size == 0  # the empty file is kept too
    listed = run_cli(home, "tasks", "--json")
    assert [json.loads(row)["status"] for row in listed.stdout.splitlines()] == ["saved"] * 2


LOCKER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(30)
"""


def test_a_history_another_program_holds_is_said_to_be_locked(home: Path) -> None:
    path = make_history(home)
    with subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(path)], stdout=subprocess.PIPE, text=True
    ) as locker:
        try:
            assert locker.stdout is not None and locker.stdout.readline() == "locked\n"
            result = run_cli(home, "generate", "--demo", "x")
        finally:
            locker.kill()
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert f"The history file {path} is locked by another program." in line
    assert "Close the other program" in line


# -- permissions: as root, the child gives up root's power over them (tests/children.py) --


@pytest.fixture
def shared_home() -> Iterator[Path]:
    """A home of its own, outside pytest's folders, that the tests can lock up."""
    folder = Path(tempfile.mkdtemp(prefix="reeldesk-perm-"))
    yield folder / "home"
    for inner, dirs, _files in os.walk(folder):
        for name in dirs:
            Path(inner, name).chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


def as_user(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI bound by file permissions, as an ordinary user is."""
    return subprocess.run(
        [*bound_by_permissions(), *REELDESK, *args],
        cwd=ROOT,
        env=cli_env(home),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def someone_elses(path: Path, mode: int) -> None:
    """``path`` as the user cannot change it: another user's (as root), or just ``mode``."""
    if os.geteuid() == 0:
        os.chown(path, OTHER_USER, OTHER_USER)
    path.chmod(mode)


def root_only() -> None:
    if os.geteuid() != 0:
        pytest.skip("a file the user cannot change needs another owner: run as root")


def test_an_unreadable_history_is_named(shared_home: Path) -> None:
    path = make_history(shared_home)
    someone_elses(path, 0o600 if os.geteuid() == 0 else 0)
    result = as_user(shared_home, "tasks")
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert f"The history file {path} cannot be read: permission denied." in line
    assert "read and write permission" in line


def test_a_read_only_history_file_is_named(shared_home: Path) -> None:
    root_only()
    path = make_history(shared_home)
    someone_elses(path, 0o644)
    result = as_user(shared_home, "generate", "--demo", "x")
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert f"The history file {path} is read-only." in line and "writable" in line


def test_a_history_in_a_read_only_folder_is_named(shared_home: Path) -> None:
    root_only()
    path = make_history(shared_home)
    for name in ("-wal", "-shm"):
        assert not path.with_name(path.name + name).exists()
    someone_elses(path.parent, 0o755)
    result = as_user(shared_home, "generate", "--demo", "x")
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert f"ReelDesk cannot write to its own folder {path.parent}." in line


def test_an_unwritable_home_is_named(shared_home: Path) -> None:
    shared_home.mkdir()
    shared_home.chmod(0o555)
    for args in (("tasks",), ("generate", "--demo", "x"), ("repair",)):
        result = as_user(shared_home, *args)
        assert result.returncode == 1, args
        line = one_line(result.stderr)
        assert f"ReelDesk cannot write to its own folder {shared_home / 'config'}." in line
        assert "REELDESK_HOME" in line


# -- reeldesk repair ------------------------------------------------------------------------------


def test_repair_checks_rebuilds_and_restores(home: Path) -> None:
    path = make_history(home, jobs=2)
    check = run_cli(home, "repair", "--check", "--json")
    assert check.returncode == 0, check.stderr
    health = json.loads(check.stdout)
    assert health["ok"] and health["jobs"] == 2 and len(health["backups"]) == 1

    path.write_bytes(b"garbage " * 1000)
    check = run_cli(home, "repair")
    assert check.returncode == 1
    assert "is damaged" in one_line(check.stderr)

    rebuilt = run_cli(home, "repair", "--rebuild", "--json")
    assert rebuilt.returncode == 0, rebuilt.stderr
    report = json.loads(rebuilt.stdout)
    assert (report["found"], report["added"], report["already"]) == (2, 2, 0)
    assert Path(report["set_aside"]).read_bytes() == b"garbage " * 1000
    again = run_cli(home, "repair", "--rebuild", str(home / "videos"))
    assert again.returncode == 0
    assert "0 jobs added, 2 already in the history" in again.stdout
    listed = run_cli(home, "tasks", "--json")
    assert sorted(json.loads(row)["status"] for row in listed.stdout.splitlines()) == ["saved"] * 2

    backups = json.loads(run_cli(home, "repair", "--list-backups", "--json").stdout)["backups"]
    name = backups[0]["name"]
    restored = run_cli(home, "repair", "--restore", name)
    assert restored.returncode == 0, restored.stderr
    assert f"Restored {name}" in restored.stdout and "was kept as" in restored.stdout


def test_repair_refuses_what_it_cannot_do(home: Path) -> None:
    unknown = run_cli(home, "repair", "--restore", "history-19990101-000000-daily.sqlite3")
    assert unknown.returncode == 2
    assert "no backup called" in one_line(unknown.stderr)
    assert run_cli(home, "repair", "--rebuild", str(home / "nowhere")).returncode == 2
    both = run_cli(home, "repair", "--restore", "--rebuild")
    assert both.returncode == 2
    make_history(home)
    with InstanceLock(home / "state" / "engine.lock"):
        busy = run_cli(home, "repair", "--restore")
    assert busy.returncode == 1
    assert "already running" in one_line(busy.stderr)
    assert time.time()  # the history was not touched
    assert not list((home / "data").glob("*.set-aside-*"))

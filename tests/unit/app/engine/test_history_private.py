"""The history on disk: what the service echoed is written without the key, and the database,
its write-ahead log and its folder are the owner's alone."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import redact as redact_module
from app.api.models import GenerationRequest
from app.engine.events import EngineEvents
from app.engine.jobs import Job, JobStatus
from app.engine.registry import JobRegistry
from app.engine.store import HistoryStore
from app.paths import Paths
from app.redact import remember_secret

PLAIN = "Zq7plainKEYwithoutPrefix9931"


@pytest.fixture
def wide_umask() -> Iterator[None]:
    """A umask that lets everyone read new files, as many systems have."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.asyncio
async def test_an_echoed_key_is_in_no_byte_of_the_history_nor_in_what_is_announced(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(redact_module, "_known", ())
    remember_secret(PLAIN)
    store = HistoryStore(paths.history_db)
    registry = JobRegistry(store, EngineEvents())
    heard: list[Job] = []
    registry.events.job_changed.connect(heard.append)
    try:
        await registry.add(Job(id="j1", request=GenerationRequest("x")))
        job = await registry.update(
            "j1",
            status=JobStatus.FAILED,
            error_code="auth",
            error_message=f"HTTP 401 Invalid token: Bearer {PLAIN}",
            raw_reply={"error": {"message": f"token {PLAIN} unknown"}},
        )
        on_disk = b"".join(
            p.read_bytes() for p in paths.data.iterdir() if p.name.startswith("history")
        )
    finally:
        registry.close()
        store.close()
    assert b"Invalid token: Bearer" in on_disk and b"unknown" in on_disk
    assert PLAIN.encode() not in on_disk
    assert job.error_message == "HTTP 401 Invalid token: Bearer •••"
    assert job.raw_reply == {"error": {"message": "token ••• unknown"}}
    assert heard and all(PLAIN not in repr(j) for j in heard)


@pytest.mark.usefixtures("wide_umask")
def test_a_new_history_and_its_wal_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "data" / "history.sqlite3"
    store = HistoryStore(path)
    try:
        store.insert(Job(id="j1", request=GenerationRequest("x")))
        wal, shm = path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")
        assert wal.exists() and shm.exists()
        assert {_mode(p) for p in (path, wal, shm)} == {0o600}
        assert _mode(path.parent) == 0o700
    finally:
        store.close()


@pytest.mark.usefixtures("wide_umask")
def test_a_history_made_readable_by_an_older_reeldesk_becomes_owner_only(
    tmp_path: Path,
) -> None:
    path = tmp_path / "data" / "history.sqlite3"
    HistoryStore(path).close()
    path.parent.chmod(0o755)
    path.chmod(0o644)
    wal = path.with_name(path.name + "-wal")
    wal.write_bytes(b"")  # left behind by a run that was killed
    wal.chmod(0o644)

    store = HistoryStore(path)
    try:
        assert (_mode(path.parent), _mode(path), _mode(wal)) == (0o700, 0o600, 0o600)
    finally:
        store.close()


@pytest.mark.usefixtures("wide_umask")
def test_the_private_folders_are_owner_only(paths: Paths) -> None:
    paths.data.chmod(0o755)
    paths.ensure()
    for folder in (paths.config, paths.data, paths.cache, paths.state, paths.logs):
        assert _mode(folder) == 0o700, folder

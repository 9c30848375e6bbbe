"""The history database: upgrades run in order and all-or-nothing, a newer database is left
alone, and one unreadable row never hides the others."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.api.models import GenerationRequest
from app.engine import store as store_module
from app.engine.jobs import Job, JobStatus
from app.engine.store import HistoryStore
from app.errors import HomeNotWritable, StorageError


def job(n: int, **fields: Any) -> Job:
    return Job(
        id=f"job-{n}",
        request=GenerationRequest(f"prompt {n}"),
        status=JobStatus.SAVED,
        created_at=1_700_000_000 + n,
        **fields,
    )


def user_version(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


def columns(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[1] for row in db.execute("PRAGMA table_info(jobs)")]


def test_upgrades_run_in_order_once_and_keep_the_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.sqlite3"
    first = HistoryStore(path)
    first.insert(job(1))
    first.close()
    ran: list[int] = []

    def add_score(db: sqlite3.Connection) -> None:
        ran.append(1)
        db.execute("ALTER TABLE jobs ADD COLUMN score INTEGER NOT NULL DEFAULT 0")

    def score_saved_jobs(db: sqlite3.Connection) -> None:  # needs the column of the step before
        ran.append(2)
        db.execute("UPDATE jobs SET score = 3 WHERE status = 'saved'")

    known = store_module.SCHEMA_VERSION
    upgrades = [*store_module._MIGRATIONS, add_score, score_saved_jobs]
    monkeypatch.setattr(store_module, "_MIGRATIONS", upgrades)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", len(upgrades))

    upgraded = HistoryStore(path)
    assert [j.id for j in upgraded.load_all()] == ["job-1"]
    upgraded.close()
    assert ran == [1, 2]
    assert user_version(path) == known + 2
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT score FROM jobs").fetchall() == [(3,)]
    HistoryStore(path).close()
    assert ran == [1, 2]  # not again


def test_a_failed_upgrade_leaves_the_history_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.sqlite3"
    first = HistoryStore(path)
    first.insert(job(1))
    first.close()

    def half_done(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE jobs ADD COLUMN album TEXT")
        db.execute("UPDATE jobs SET no_such_column = 1")

    known = store_module.SCHEMA_VERSION
    upgrades = [*store_module._MIGRATIONS, half_done]
    monkeypatch.setattr(store_module, "_MIGRATIONS", upgrades)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", len(upgrades))
    with pytest.raises(StorageError):
        HistoryStore(path)
    assert user_version(path) == known
    assert "album" not in columns(path)

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", known)
    again = HistoryStore(path)
    assert [j.id for j in again.load_all()] == ["job-1"]
    again.close()


def test_a_history_from_a_newer_reeldesk_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    HistoryStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StorageError, match="version 99"):
        HistoryStore(path)
    assert user_version(path) == 99


def test_a_file_in_the_way_of_the_folder_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(HomeNotWritable) as raised:
        HistoryStore(blocker / "history.sqlite3")
    assert raised.value.path == str(blocker)


def test_an_unreadable_row_does_not_hide_the_others(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    store.insert_many([job(1), job(2), job(3)])
    with sqlite3.connect(tmp_path / "history.sqlite3") as db:
        db.execute("UPDATE jobs SET request = '{not json' WHERE id = 'job-2'")
        db.execute("UPDATE jobs SET status = 'exploded' WHERE id = 'job-3'")
    assert [j.id for j in store.load_all()] == ["job-1"]
    store.close()


def test_one_task_is_one_job(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    store.insert(job(1, task_id="task-1"))
    with pytest.raises(StorageError):
        store.insert(job(2, task_id="task-1"))
    assert [j.id for j in store.load_all()] == ["job-1"]
    store.close()


def test_changes_and_removals_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = HistoryStore(path)
    first, second = job(1), job(2)
    store.insert_many([first, second])
    first = replace(first, request=GenerationRequest("a better prompt"), error_code="storage")
    store.update(first, ["request", "error_code", "note"])  # the note is never stored
    store.update(first, ["note"])
    store.delete(second.id)
    store.close()
    (kept,) = HistoryStore(path).load_all()
    assert kept.request.prompt == "a better prompt"
    assert kept.error_code == "storage"


def test_a_first_version_history_gains_the_review_columns_and_keeps_its_jobs(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as db:
        store_module._v0_to_v1(db)
        db.execute(
            "INSERT INTO jobs (id, request, prompt, status, task_id, created_at, updated_at) "
            "VALUES ('old', '{\"prompt\": \"a fox\"}', 'a fox', 'saved', 't-1', 1, 2)"
        )
        db.execute("PRAGMA user_version=1")
    store = HistoryStore(path)
    (old,) = store.load_all()
    assert (old.task_id, old.rating, old.flag, old.project, old.out_dir, old.parent_id) == (
        "t-1",
        0,
        "",
        "",
        None,
        None,
    )
    store.update(
        old.replace(rating=4, flag="picked", project="Trailer", out_dir="/v"),
        ["rating", "flag", "project", "out_dir"],
    )
    store.close()
    (again,) = HistoryStore(path).load_all()
    assert (again.rating, again.flag, again.project, again.out_dir) == (
        4,
        "picked",
        "Trailer",
        "/v",
    )
    assert user_version(path) == store_module.SCHEMA_VERSION


def test_two_programs_opening_an_old_history_at_once_upgrade_it_once(tmp_path: Path) -> None:
    """The window and a command started together: each reads the version, then waits for the
    other's upgrade to finish; the second must see it done, not add the columns again."""
    import threading
    import time

    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        store_module._v0_to_v1(db)
        db.execute("PRAGMA user_version=1")
    first = sqlite3.connect(path, isolation_level=None)
    first.execute("BEGIN IMMEDIATE")  # the other program is upgrading
    opened: list[HistoryStore] = []
    failed: list[BaseException] = []

    def open_second() -> None:
        try:
            opened.append(HistoryStore(path))
        except BaseException as exc:
            failed.append(exc)

    second = threading.Thread(target=open_second)
    second.start()
    time.sleep(0.5)  # it has read version 1 and waits for the write lock
    for step in store_module._MIGRATIONS[1:]:
        step(first)
    first.execute(f"PRAGMA user_version={store_module.SCHEMA_VERSION}")
    first.execute("COMMIT")
    first.close()
    second.join(10)
    assert not failed, failed
    (store,) = opened
    store.insert(job(1))
    assert [j.id for j in store.load_all()] == ["job-1"]
    store.close()
    assert user_version(path) == store_module.SCHEMA_VERSION


def test_a_history_larger_than_one_read_slice_loads_whole_and_in_order(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    store.insert_many([job(n, transitions={"saved": float(n)}) for n in range(2500, 0, -1)])
    loaded = store.load_all()
    assert [j.id for j in loaded] == [f"job-{n}" for n in range(1, 2501)]
    assert loaded[-1].transitions == {"saved": 2500.0}
    store.close()


def test_the_newest_jobs_are_read_without_the_rest(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    store.insert_many([job(n) for n in range(1, 11)])
    with sqlite3.connect(tmp_path / "history.sqlite3") as db:
        db.execute("UPDATE jobs SET request = '{not json' WHERE id = 'job-9'")
    assert [j.id for j in store.load_recent(3)] == ["job-8", "job-10"]
    assert [j.id for j in store.load_recent(50)][:2] == ["job-1", "job-2"]
    store.close()


def test_takes_read_together_share_their_repeated_text_and_transitions_stay_a_mapping(
    tmp_path: Path,
) -> None:
    """A seed sweep's takes ask the same prompt: read from the history, they hold one string
    for it (and for the negative prompt and the price) instead of one each."""
    sweep = [
        replace(
            job(
                n,
                credits=45.0,
                batch_id="b" * 32,
                transitions={"pending": 5.0 + n, "saved": 1_700_000_000.0 + n},
            ),
            request=GenerationRequest("a red fox at dusk", negative_prompt="blurry", seed=n),
        )
        for n in range(1, 4)
    ]
    store = HistoryStore(tmp_path / "history.sqlite3")
    store.insert_many([*sweep, replace(job(9), request=GenerationRequest("something else"))])
    first, second, third, other = store.load_all()
    assert first.request.prompt is second.request.prompt is third.request.prompt
    assert first.request.negative_prompt is third.request.negative_prompt
    assert first.credits is third.credits and first.batch_id is third.batch_id
    assert other.request.prompt == "something else"
    assert [j.request.seed for j in (first, second, third)] == [1, 2, 3]
    assert first.transitions.block is third.transitions.block  # type: ignore[attr-defined]
    # Transitions read back compare, look up and spread as the dict they were written as.
    assert second.transitions == {"pending": 7.0, "saved": 1_700_000_002.0}
    assert second.transitions.get("saved") == 1_700_000_002.0
    assert second.transitions.get("failed") is None
    assert "pending" in second.transitions and "failed" not in second.transitions
    with pytest.raises(KeyError):
        second.transitions["failed"]
    # … and go back into the history through the engine's way of adding one.
    later = replace(second, transitions={**second.transitions, "expired": 9.0})
    store.update(later, ["transitions"])
    reread = {j.id: j for j in store.load_all()}
    assert reread[second.id].transitions == {
        "pending": 7.0,
        "saved": 1_700_000_002.0,
        "expired": 9.0,
    }
    store.close()


def test_a_finished_job_leaves_what_only_saving_needs_on_disk(tmp_path: Path) -> None:
    """Its intent id, link, expiry, validator and the service's start time are read back only
    when asked for; a job still under way, and a finished one without a task id, keep all."""
    cold = {
        "intent_id": "i" * 32,
        "server_created": 1_700_000_001.0,
        "result_url": "https://cdn.example/v.mp4?sig=1",
        "url_expires_at": 1_700_086_400.0,
        "download_validator": '"etag-1"',
    }
    store = HistoryStore(tmp_path / "history.sqlite3")
    store.insert_many(
        [
            job(1, task_id="t-1", **cold),
            job(2, task_id="t-2", **cold).replace(status=JobStatus.DOWNLOADING),
            job(3, **cold).replace(status=JobStatus.UNKNOWN),
        ]
    )
    finished, downloading, unknown = store.load_all()
    assert {name: getattr(finished, name) for name in cold} == store_module.COLD_FIELDS
    assert store.load_cold(finished.id) == cold
    for kept in (downloading, unknown):
        assert {name: getattr(kept, name) for name in cold} == cold
    assert store.load_cold("gone") == {}
    store.close()


def test_transitions_read_in_shared_arrays_keep_every_jobs_own_moments(tmp_path: Path) -> None:
    """Jobs' moments fill arrays shared by a few dozen jobs each: across the arrays' edges,
    each job reads back exactly its own."""
    steps = ["queued", "submitting", "pending", "processing", "completed", "saved"]
    jobs = [
        job(n, transitions={name: n * 1000.0 + i for i, name in enumerate(steps[: 1 + n % 6])})
        for n in range(1, 301)
    ]
    store = HistoryStore(tmp_path / "history.sqlite3")
    store.insert_many(jobs)
    loaded = store.load_all()
    assert [dict(j.transitions) for j in loaded] == [dict(j.transitions) for j in jobs]
    assert len({id(j.transitions.block) for j in loaded}) > 1  # type: ignore[attr-defined]
    store.close()

"""Rebuilding the history from the sidecars the saver writes: every saved job comes back once
(never twice, by job id or task id), other JSON files are counted and left alone, and a damaged
history is set aside, never deleted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import history_repair
from app.api.models import AspectRatio, GenerationRequest
from app.engine.jobs import Job, JobStatus
from app.engine.lock import InstanceLock
from app.engine.saver import sidecar
from app.engine.store import HistoryStore
from app.errors import AlreadyRunning, InvalidParameter
from app.fsutil import atomic_write
from app.paths import Paths
from app.resources import resource


def saved_job(n: int) -> Job:
    return Job(
        id=f"job-{n}",
        request=GenerationRequest(f"a lantern {n}", aspect_ratio=AspectRatio.R3_4, seed=n),
        status=JobStatus.SAVED,
        task_id=f"task-{n}",
        credits=10.0,
        created_at=1_700_000_000 + n,
        transitions={"pending": 1_700_000_010.0 + n, "completed": 1_700_000_050.0 + n},
    )


def save(folder: Path, job: Job) -> Path:
    """A video and its sidecar, as the saver leaves them."""
    video = folder / f"clip-{job.id}.mp4"
    video.parent.mkdir(parents=True, exist_ok=True)
    video.write_bytes(resource("demo", "3x4.mp4").read_bytes())  # a real clip: windows show it
    data = json.dumps(sidecar(job, video, 1_700_000_100.0)).encode()
    atomic_write(video.with_suffix(".json"), data)
    return video


def history(paths: Paths) -> list[Job]:
    store = HistoryStore(paths.history_db)
    try:
        return store.load_all()
    finally:
        store.close()


def test_a_lost_history_comes_back_from_the_sidecars(paths: Paths, tmp_path: Path) -> None:
    videos = tmp_path / "Videos"
    made = [saved_job(n) for n in (1, 2, 3)]
    files = [save(videos / ("old" if job.id == "job-3" else ""), job) for job in made]
    (videos / "notes.json").write_text('{"not": "a sidecar"}')
    report = history_repair.rebuild_from(paths, [videos])
    assert (report.found, report.added, report.already) == (4, 3, 0)
    assert report.unreadable == [(videos / "notes.json").resolve()]
    assert report.set_aside is None
    back = {job.id: job for job in history(paths)}
    assert set(back) == {"job-1", "job-2", "job-3"}
    first = back["job-1"]
    assert first.status is JobStatus.SAVED and first.task_id == "task-1"
    assert first.request == made[0].request and first.credits == 10.0
    assert first.path == str(files[0].resolve()) and first.created_at == made[0].created_at
    assert first.submitted_at == made[0].submitted_at


def test_a_rebuild_never_lists_a_job_twice(paths: Paths, tmp_path: Path) -> None:
    videos = tmp_path / "Videos"
    for n in (1, 2):
        save(videos, saved_job(n))
    store = HistoryStore(paths.history_db)
    # The same task under another job id (a job the history kept in its own way).
    store.insert(saved_job(1).replace(id="kept-1", rating=4))
    store.close()
    report = history_repair.rebuild_from(paths, [videos, videos / "."])
    assert (report.found, report.added, report.already) == (2, 1, 1)
    again = history_repair.rebuild_from(paths, [videos])
    assert (again.added, again.already) == (0, 2)
    jobs = history(paths)
    assert sorted(job.id for job in jobs) == ["job-2", "kept-1"]
    assert next(job for job in jobs if job.id == "kept-1").rating == 4


def test_a_damaged_history_is_set_aside_and_rebuilt(paths: Paths, tmp_path: Path) -> None:
    videos = tmp_path / "Videos"
    save(videos, saved_job(1))
    damaged = b"the history, damaged by a bad disk " * 200
    paths.history_db.write_bytes(damaged)
    report = history_repair.rebuild_from(paths, [videos])
    assert report.added == 1
    assert report.set_aside is not None and report.set_aside.read_bytes() == damaged
    assert [job.id for job in history(paths)] == ["job-1"]


def test_a_rebuild_needs_a_folder_and_the_history_to_itself(paths: Paths, tmp_path: Path) -> None:
    with pytest.raises(InvalidParameter) as raised:
        history_repair.rebuild_from(paths, [tmp_path / "no such folder"])
    assert raised.value.reason_key == "reason.not_a_folder"
    save(tmp_path / "Videos", saved_job(1))
    with InstanceLock(paths.lock_file), pytest.raises(AlreadyRunning):
        history_repair.rebuild_from(paths, [tmp_path / "Videos"])
    assert not paths.history_db.exists()

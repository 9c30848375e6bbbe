"""The tray's note that a batch ended: once, when the last of its jobs is final, with every job
of the batch as it ended; a job removed meanwhile is not waited for."""

from __future__ import annotations

from app.api.models import GenerationRequest
from app.engine.jobs import Job, JobStatus
from ui.tray import BatchWatcher


def job(job_id: str, batch: str, status: JobStatus = JobStatus.PENDING) -> Job:
    return Job(id=job_id, request=GenerationRequest("x"), batch_id=batch, status=status)


def test_a_batch_is_reported_once_when_its_last_job_ends() -> None:
    reports: list[list[Job]] = []
    watcher = BatchWatcher(reports.append)
    watcher.job_added(job("a1", "a"))
    watcher.job_added(job("a2", "a"))
    watcher.job_added(job("b1", "b"))

    watcher.job_changed(job("a1", "a", JobStatus.SAVED))
    watcher.job_changed(job("a2", "a", JobStatus.PROCESSING))
    assert reports == []
    watcher.job_changed(job("a2", "a", JobStatus.FAILED))
    watcher.job_changed(job("a2", "a", JobStatus.FAILED))

    assert [[(j.id, j.status) for j in batch] for batch in reports] == [
        [("a1", JobStatus.SAVED), ("a2", JobStatus.FAILED)]
    ]


def test_a_removed_job_is_not_waited_for() -> None:
    reports: list[list[Job]] = []
    watcher = BatchWatcher(reports.append)
    watcher.job_added(job("a1", "a"))
    watcher.job_added(job("a2", "a"))
    watcher.job_removed("a2")
    watcher.job_changed(job("a1", "a", JobStatus.SAVED))
    assert [[j.id for j in batch] for batch in reports] == [["a1"]]


def test_a_job_of_a_batch_from_an_earlier_session_is_no_batch_of_this_one() -> None:
    reports: list[list[Job]] = []
    watcher = BatchWatcher(reports.append)
    watcher.job_changed(job("old", "earlier", JobStatus.SAVED))
    assert reports == []

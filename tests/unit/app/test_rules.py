"""The rulebook over every status: what a person may ask of a job, and when not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app import rules
from app.api.models import GenerationRequest, Resolution
from app.engine.jobs import SAVING, Job, JobStatus
from app.rules import Action

A = Action
#: Always offered to a job the service knows, whatever its state (its reply: the one in memory
#: or, for a finished job, the one kept in the history).
ALWAYS = {A.REUSE, A.SUBMIT_AGAIN, A.COPY_PROMPT, A.SHOW_REPLY}

#: A job known to the service (task id), made with the backend in use, no file, no error.
EXPECTED = {
    JobStatus.DRAFT: ALWAYS | {A.REMOVE},
    # Never sent: removing it cancels it, at no cost; there is nothing to stop at the service.
    JobStatus.QUEUED: ALWAYS | {A.REMOVE},
    JobStatus.SUBMITTING: ALWAYS,
    JobStatus.PENDING: ALWAYS | {A.STOP_TRACKING, A.REMOVE},
    JobStatus.PROCESSING: ALWAYS | {A.STOP_TRACKING, A.REMOVE},
    JobStatus.COMPLETED: ALWAYS | {A.STOP_TRACKING, A.REMOVE},
    JobStatus.DOWNLOADING: ALWAYS | {A.STOP_TRACKING, A.REMOVE},
    JobStatus.SAVED: ALWAYS | {A.REMOVE},
    JobStatus.FAILED: ALWAYS | {A.REMOVE},
    JobStatus.UNKNOWN: ALWAYS | {A.REMOVE},
    JobStatus.EXPIRED: ALWAYS | {A.RETRY_SAVING, A.REMOVE},
    JobStatus.STOPPED: ALWAYS | {A.RETRY_SAVING, A.REMOVE},
}


def job(status: JobStatus, **fields: Any) -> Job:
    values: dict[str, Any] = {"task_id": "task-1", "demo": False}
    values.update(fields)
    return Job(id="j", request=GenerationRequest("a fox"), status=status, **values)


def test_the_table_covers_every_status() -> None:
    assert set(EXPECTED) == set(JobStatus)


@pytest.mark.parametrize("status", list(JobStatus))
def test_each_status_allows_what_the_table_says(status: JobStatus) -> None:
    assert rules.allowed(job(status), demo=False) == EXPECTED[status]
    # The same in demo mode for a demo job.
    assert rules.allowed(job(status, demo=True), demo=True) == EXPECTED[status]


@pytest.mark.parametrize("status", list(JobStatus))
def test_a_job_of_the_other_backend_is_neither_stopped_nor_retried(status: JobStatus) -> None:
    for made_in_demo, demo_now in ((True, False), (False, True)):
        allowed = rules.allowed(job(status, demo=made_in_demo), demo=demo_now)
        assert allowed == EXPECTED[status] - {A.STOP_TRACKING, A.RETRY_SAVING}


@pytest.mark.parametrize("status", list(JobStatus))
def test_without_a_task_id_nothing_talks_to_the_service(status: JobStatus) -> None:
    allowed = rules.allowed(job(status, task_id=None), demo=False)
    assert allowed == EXPECTED[status] - {A.STOP_TRACKING, A.RETRY_SAVING, A.SHOW_REPLY}


@pytest.mark.parametrize("status", [JobStatus.COMPLETED, JobStatus.DOWNLOADING])
def test_a_stalled_save_can_be_retried_or_stopped(status: JobStatus) -> None:
    stalled = job(status, error_code="disk_full")
    assert rules.is_stalled(stalled)
    assert {A.RETRY_SAVING, A.STOP_TRACKING} <= rules.allowed(stalled, demo=False)
    assert A.RETRY_SAVING not in rules.allowed(job(status, error_code="disk_full"), demo=True)


@pytest.mark.parametrize("status", [s for s in JobStatus if s not in SAVING])
def test_an_error_code_alone_does_not_make_a_retry(status: JobStatus) -> None:
    allowed = rules.allowed(job(status, error_code="task_failed"), demo=False)
    assert (A.RETRY_SAVING in allowed) == (status in (JobStatus.EXPIRED, JobStatus.STOPPED))


@pytest.mark.parametrize("status", list(JobStatus))
def test_open_reveal_and_continue_need_a_saved_file_that_is_still_there(
    status: JobStatus, tmp_path: Path
) -> None:
    video = tmp_path / "fox.mp4"
    video.write_bytes(b"\0\0\0\x18ftypmp42")
    allowed = rules.allowed(job(status, path=str(video)), demo=False)
    if status is JobStatus.SAVED:
        assert {A.OPEN, A.REVEAL, A.CONTINUE} <= allowed
    else:
        assert not {A.OPEN, A.REVEAL, A.CONTINUE} & allowed
    video.unlink()
    gone = rules.allowed(job(status, path=str(video)), demo=False)
    assert not {A.OPEN, A.REVEAL, A.CONTINUE} & gone


@pytest.mark.parametrize("status", list(JobStatus))
def test_the_service_reply_is_shown_once_there_is_one(status: JobStatus) -> None:
    refused = job(status, task_id=None, raw_reply={"code": 0})  # refused at submit: no task
    assert A.SHOW_REPLY in rules.allowed(refused, demo=False)
    assert A.SHOW_REPLY in rules.allowed(job(status), demo=False)  # kept in the history
    assert A.SHOW_REPLY not in rules.allowed(job(status, task_id=None), demo=False)


def test_submitting_again_costs_unless_demo_mode_is_in_use_now() -> None:
    assert rules.resubmitting_costs(demo=False)
    assert not rules.resubmitting_costs(demo=True)


def test_a_saved_take_with_its_seed_can_be_rendered_final_at_a_higher_resolution() -> None:
    draft = GenerationRequest("a fox", resolution=Resolution.P540, seed=7)
    saved = Job(id="j", request=draft, status=JobStatus.SAVED)
    assert A.RENDER_FINAL in rules.allowed(saved, demo=False)
    assert rules.final_resolutions(saved) == [Resolution.P1080, Resolution.P720]
    for no in (
        saved.replace(status=JobStatus.PROCESSING),
        saved.replace(request=draft.with_seed(None)),  # no seed: nothing to reproduce
        saved.replace(request=GenerationRequest("a fox", resolution=Resolution.P1080, seed=7)),
    ):
        assert A.RENDER_FINAL not in rules.allowed(no, demo=False)

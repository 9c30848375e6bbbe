"""The task journal on its own: what a crash leaves in it is read back, folded into the history
at the next start (never over a task id the history already has), then emptied."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.api.models import GenerationRequest
from app.engine.events import EngineEvents
from app.engine.jobs import Job, JobStatus
from app.engine.journal import TaskJournal, journal_path
from app.engine.registry import JobRegistry
from app.engine.store import HistoryStore


def reply(task_id: str) -> dict[str, object]:
    return {
        "task_id": task_id,
        "status": "pending",
        "credits": 20.0,
        "transitions": {"submitting": 1.0, "pending": 2.0},
        "error_code": "",
        "error_message": "",
    }


def submitting(job_id: str, **fields: Any) -> Job:
    fields = {"status": JobStatus.SUBMITTING, **fields}
    return Job(id=job_id, request=GenerationRequest("x"), intent_id="intent", **fields)


def test_a_line_cut_short_by_a_crash_is_skipped_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal = TaskJournal(path)
    journal.record("job-1", "intent", "task-1", 1.0, reply("task-1"))
    journal.record("job-2", "intent", "task-2", 2.0, reply("task-2"))
    whole = path.read_bytes()
    path.write_bytes(whole + b'{"job": "job-3", "intent": "in')  # the crash
    assert [json.loads(line)["task"] for line in whole.splitlines()] == ["task-1", "task-2"]

    again = TaskJournal(path)

    assert [entry["task"] for entry in again.pending()] == ["task-1", "task-2"]


@pytest.mark.asyncio
async def test_the_next_start_folds_the_journal_in_and_empties_it(tmp_path: Path) -> None:
    database = tmp_path / "history.sqlite3"
    store = HistoryStore(database)
    store.insert_many(
        [
            submitting("cut-off"),  # its history write never landed
            submitting("landed", task_id="task-kept", status=JobStatus.PROCESSING),
        ]
    )
    journal = TaskJournal(journal_path(database))
    journal.record("cut-off", "intent", "task-new", 2.0, reply("task-new"))
    journal.record("landed", "intent", "task-old", 2.0, reply("task-old"))
    journal.record("removed", "intent", "task-gone", 2.0, reply("task-gone"))

    registry = JobRegistry(store, EngineEvents())
    try:
        loaded = {job.id: job for job in await registry.load()}
    finally:
        registry.close()

    stored = {job.id: job for job in store.load_all()}
    store.close()
    for jobs in (loaded, stored):
        assert jobs["cut-off"].task_id == "task-new"
        assert jobs["cut-off"].status is JobStatus.PENDING
        assert jobs["cut-off"].credits == 20.0
        # A later state the history already had is never undone by an older reply.
        assert jobs["landed"].task_id == "task-kept"
        assert jobs["landed"].status is JobStatus.PROCESSING
        assert set(jobs) == {"cut-off", "landed"}
    assert journal_path(database).read_bytes() == b""
    assert TaskJournal(journal_path(database)).pending() == []

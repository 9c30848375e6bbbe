"""Loading the history into the job list: the newest jobs can be read first, and a job added
while a large history loads is neither lost nor put among the old ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.api.models import GenerationRequest
from app.engine.events import EngineEvents
from app.engine.jobs import Job, JobStatus
from app.engine.registry import JobRegistry
from app.engine.store import HistoryStore


def saved(n: int) -> Job:
    return Job(
        id=f"old-{n}",
        request=GenerationRequest(f"prompt {n}"),
        status=JobStatus.SAVED,
        created_at=1_700_000_000 + n,
    )


@pytest.mark.asyncio
async def test_the_newest_jobs_come_first_and_a_job_added_meanwhile_stays_newest(
    tmp_path: Path,
) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    store.insert_many([saved(n) for n in range(1, 6)])
    registry = JobRegistry(store, EngineEvents())
    try:
        assert [job.id for job in await registry.recent(2)] == ["old-4", "old-5"]
        assert registry.all() == []  # read, not loaded
        await registry.add(Job(id="new", request=GenerationRequest("while loading")))

        loaded = await registry.load()

        expected = ["old-1", "old-2", "old-3", "old-4", "old-5", "new"]
        assert [job.id for job in loaded] == expected
        assert [job.id for job in registry.all()] == expected
    finally:
        registry.close()
        store.close()


@pytest.mark.asyncio
async def test_the_count_of_unfinished_jobs_follows_every_change(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3")
    running = Job(id="running", request=GenerationRequest("x"), status=JobStatus.PROCESSING)
    store.insert_many([saved(1), running])
    registry = JobRegistry(store, EngineEvents())
    try:
        await registry.load()
        assert len(registry.unfinished()) == 1
        await registry.add(Job(id="new", request=GenerationRequest("y")))
        assert len(registry.unfinished()) == 2
        await registry.update("running", status=JobStatus.SAVED)
        assert len(registry.unfinished()) == 1
        await registry.update("old-1", status=JobStatus.PENDING)
        assert len(registry.unfinished()) == 2
        await registry.remove("new")
        assert len(registry.unfinished()) == 1
        assert {j.id for j in registry.unfinished()} == {
            j.id for j in registry.all() if not j.status.is_final
        }
    finally:
        registry.close()
        store.close()

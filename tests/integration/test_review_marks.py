"""Review marks and projects through the engine: the history, the sidecar and the events agree."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from app.api.models import GenerationRequest
from app.engine.jobs import Flag, Job, JobStatus
from app.engine.store import HistoryStore, read_history
from app.errors import InvalidParameter
from app.paths import Paths
from app.simulator import JobFaults, Simulator

from .helpers import running_engine

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("loop_guard")]


def sidecar_of(job: Job) -> dict[str, object]:
    data = json.loads(Path(job.path or "").with_suffix(".json").read_text())
    assert isinstance(data, dict)
    return data


def stored(paths: Paths, job_id: str) -> Job:
    return next(job for job in read_history(paths.history_db) if job.id == job_id)


async def test_a_mark_reaches_the_history_the_sidecar_and_the_listeners(
    paths: Paths, sim: Simulator
) -> None:
    heard: list[Job] = []
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("a heron at dawn", seed=3))
        await engine.wait([job.id])
        before = sidecar_of(engine.job(job.id))  # type: ignore[arg-type]
        assert (before["rating"], before["flag"], before["project"]) == (0, "", "")
        engine.events.job_changed.connect(heard.append)
        marked = await engine.mark(job.id, rating=4, flag=Flag.PICKED)
        assert marked is not None and (marked.rating, marked.flag) == (4, "picked")
        # ``None`` leaves the other mark as it was.
        again = await engine.mark(job.id, flag=Flag.REJECTED)
        assert again is not None and (again.rating, again.flag) == (4, "rejected")
    assert [(j.rating, j.flag) for j in heard] == [(4, "picked"), (4, "rejected")]
    side = sidecar_of(again)
    assert (side["rating"], side["flag"]) == (4, "rejected")
    # The rest of the sidecar is kept as the save wrote it.
    assert {k: v for k, v in side.items() if k not in ("rating", "flag")} == {
        k: v for k, v in before.items() if k not in ("rating", "flag")
    }
    on_disk = stored(paths, job.id)
    assert (on_disk.rating, on_disk.flag) == (4, "rejected")


async def test_marks_given_at_once_leave_the_sidecar_as_the_history_says(
    paths: Paths, sim: Simulator
) -> None:
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(GenerationRequest("a heron at dawn", seed=3))
        await engine.wait([job.id])
        # Quick key presses: each mark's sidecar write must not overtake the next one's.
        await asyncio.gather(*(engine.mark(job.id, rating=n % 6) for n in range(1, 31)))
        final = engine.job(job.id)
    assert final is not None
    assert sidecar_of(final)["rating"] == final.rating == stored(paths, job.id).rating


async def test_bad_marks_and_unsaved_takes_change_nothing(paths: Paths, sim: Simulator) -> None:
    sim.next_job_faults(JobFaults(fail=("generation_failed", "no")))
    async with running_engine(paths, sim) as engine:
        failed, saved = [
            (await engine.submit(GenerationRequest(p)))[0] for p in ("refused", "kept")
        ]
        await engine.wait([failed.id, saved.id])
        assert engine.job(failed.id).status is JobStatus.FAILED  # type: ignore[union-attr]
        for stars in (6, -1):
            with pytest.raises(InvalidParameter) as caught:
                await engine.mark(saved.id, rating=stars)
            assert caught.value.field == "rating"
        with pytest.raises(InvalidParameter) as caught:
            await engine.mark(failed.id, rating=3)
        assert caught.value.reason_key == "reason.not_reviewable"
        assert await engine.mark("no-such-job", rating=3) is None
    assert stored(paths, saved.id).rating == 0
    assert stored(paths, failed.id).rating == 0
    assert sidecar_of(engine.job(saved.id))["rating"] == 0  # type: ignore[arg-type]


async def test_new_jobs_go_into_the_current_project_and_can_move(
    paths: Paths, sim: Simulator
) -> None:
    async with running_engine(paths, sim) as engine:
        engine.configure(project="Spring ad")
        jobs = await engine.submit(GenerationRequest("blossoms"), count=2)
        await engine.wait(j.id for j in jobs)
        assert {engine.job(j.id).project for j in jobs} == {"Spring ad"}  # type: ignore[union-attr]
        assert sidecar_of(engine.job(jobs[0].id))["project"] == "Spring ad"  # type: ignore[arg-type]
        moved = await engine.set_project([jobs[0].id], "  Summer   ad ")
        assert [j.project for j in moved] == ["Summer ad"]
        with pytest.raises(InvalidParameter):
            await engine.set_project([jobs[1].id], "bad\x07name")
    assert sidecar_of(moved[0])["project"] == "Summer ad"
    assert stored(paths, jobs[0].id).project == "Summer ad"
    assert stored(paths, jobs[1].id).project == "Spring ad"


async def test_the_folder_follows_the_project(paths: Paths, sim: Simulator) -> None:
    async with running_engine(paths, sim) as engine:
        engine.configure(filename_template="{project}/{prompt}_{task}", project="Spring ad")
        (inside,) = await engine.submit(GenerationRequest("blossoms"))
        engine.configure(project="")
        (outside,) = await engine.submit(GenerationRequest("snow"))
        await engine.wait([inside.id, outside.id])
        inside, outside = engine.job(inside.id), engine.job(outside.id)  # type: ignore[assignment]
    assert Path(inside.path or "").parent == paths.videos / "Spring_ad"
    assert Path(outside.path or "").parent == paths.videos


async def test_marks_written_by_another_process_are_taken_up(paths: Paths, sim: Simulator) -> None:
    heard: list[Job] = []
    async with running_engine(paths, sim) as engine:
        first, second = await engine.submit(GenerationRequest("gulls"), count=2)
        await engine.wait([first.id, second.id])
        # The command line, meanwhile, with its own connection to the same history.
        other = HistoryStore(paths.history_db)
        try:
            outside = engine.job(first.id).replace(rating=5, flag="picked")  # type: ignore[union-attr]
            other.update(outside, ["rating", "flag"])
        finally:
            other.close()
        assert engine.job(first.id).rating == 0  # type: ignore[union-attr]
        engine.events.job_changed.connect(heard.append)
        changed = await engine.reload_marks()
        assert [job.id for job in changed] == [first.id]
        assert (engine.job(first.id).rating, engine.job(first.id).flag) == (5, "picked")  # type: ignore[union-attr]
        assert await engine.reload_marks() == []  # nothing new: nothing announced
    assert [(job.id, job.rating) for job in heard] == [(first.id, 5)]

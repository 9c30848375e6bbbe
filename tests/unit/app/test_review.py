"""Finding takes by task id, checking marks and project names, and summing up ideas."""

from __future__ import annotations

import pytest

from app import review
from app.api.models import GenerationRequest
from app.engine.jobs import Flag, Job, JobStatus
from app.errors import InvalidParameter


def take(task_id: str | None, **fields: object) -> Job:
    return Job(id=f"job-{task_id}", request=GenerationRequest("fox"), task_id=task_id, **fields)  # type: ignore[arg-type]


JOBS = [take("task-aa11"), take("task-bb11"), take("task-cc22"), take("11"), take(None)]


def test_a_task_is_found_by_its_id_or_the_unique_end_of_it() -> None:
    found = review.find_by_task(JOBS, ["task-aa11", "c22", "cc22"])
    assert [job.task_id for job in found] == ["task-aa11", "task-cc22"]  # named twice: once
    # An exact id wins over the ends of longer ones.
    assert [job.task_id for job in review.find_by_task(JOBS, ["11"])] == ["11"]


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        (["c22", "zz"], "reason.unknown_task"),
        (["a11", "b11", "1"], "reason.ambiguous_task"),
        ([""], "reason.unknown_task"),
    ],
)
def test_an_unknown_or_ambiguous_task_fails_the_whole_list(words: list[str], reason: str) -> None:
    with pytest.raises(InvalidParameter) as caught:
        review.find_by_task(JOBS, words)
    assert caught.value.reason_key == reason


@pytest.mark.parametrize("stars", [-1, 6, True, "3", 2.5])
def test_stars_are_whole_numbers_from_0_to_5(stars: object) -> None:
    with pytest.raises(InvalidParameter):
        review.check_rating(stars)
    assert [review.check_rating(n) for n in range(6)] == list(range(6))


def test_marks_and_flags() -> None:
    assert review.mark_changes(rating=3) == {"rating": 3}
    assert review.mark_changes(flag=Flag.PICKED) == {"flag": "picked"}
    assert review.mark_changes(flag="") == {"flag": ""}
    with pytest.raises(InvalidParameter):
        review.mark_changes(flag="maybe")


@pytest.mark.parametrize(
    ("name", "kept"), [("  Spring   ad ", "Spring ad"), ("", ""), ("春季广告", "春季广告")]
)
def test_project_names_are_tidied(name: str, kept: str) -> None:
    assert review.check_project(name) == kept


@pytest.mark.parametrize("name", ["bell\x07", "x" * 81, None])
def test_bad_project_names_are_refused(name: object) -> None:
    with pytest.raises(InvalidParameter):
        review.check_project(name)


def test_the_takes_of_one_submission_form_an_idea() -> None:
    request = GenerationRequest("lanterns over a river")
    batch = [
        Job(
            id="a",
            request=request,
            batch_id="b1",
            status=JobStatus.SAVED,
            credits=20,
            rating=4,
            flag="picked",
            created_at=3,
        ),
        Job(id="b", request=request, batch_id="b1", status=JobStatus.FAILED, created_at=1),
        Job(
            id="c",
            request=request,
            batch_id="b1",
            status=JobStatus.PROCESSING,
            credits=20,
            created_at=2,
            flag="rejected",
        ),
    ]
    alone = Job(id="old", request=GenerationRequest("before batches"), status=JobStatus.SAVED)
    first, second = review.ideas([batch[0], alone, *batch[1:]])
    assert first.key == "b1" and second.key == "old"
    assert [job.id for job in first.jobs] == ["b", "c", "a"]  # oldest first
    assert (first.takes, first.saved, first.failed, first.running) == (3, 1, 1, 1)
    assert (first.picked, first.rejected, first.best_rating) == (1, 1, 4)
    assert first.credits == 40 and not first.demo
    assert first.prompt == "lanterns over a river"
    assert second.takes == 1 and second.credits is None

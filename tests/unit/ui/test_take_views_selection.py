"""The takes' selection through what moves the rows under it: a search, a filter a take leaves,
a new take, grouping by idea. What stays listed stays selected; what goes is let go of, and
``selection_changed`` says so either way (the details pane and the actions follow it)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from app.api.models import GenerationRequest
from app.engine.jobs import Job, JobStatus
from app.messages import Catalogue
from ui.job_model import JobFilterProxy, JobTableModel, StatusFilter
from ui.take_views import TakeViews


def make_job(n: int, prompt: str, status: JobStatus = JobStatus.SAVED, **kw: Any) -> Job:
    return Job(
        id=f"job-{n}",
        request=GenerationRequest(prompt),
        status=status,
        created_at=1_700_000_000 + n,
        **kw,
    )


JOBS = [
    make_job(1, "red fox running in the snow at dawn"),
    make_job(2, "lanterns over a river at night"),
    make_job(3, "a futuristic train crossing a desert"),
    make_job(4, "red balloon floating over city"),
]


class Views:
    def __init__(self, qtbot: Any, jobs: list[Job], *, grouped: bool) -> None:
        self.model = JobTableModel(jobs, Catalogue("en"))
        self.proxy = JobFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.views = TakeViews(self.model, self.proxy, Catalogue("en"))
        qtbot.addWidget(self.views)
        self.views.resize(900, 600)
        self.views.show()
        self.views.group_by_idea(grouped)
        self.announced: list[list[str]] = []
        self.views.selection_changed.connect(lambda: self.announced.append(self.selected()))

    def selected(self) -> list[str]:
        return [job.request.prompt for job in self.views.selected_jobs()]


@pytest.fixture(params=[False, True], ids=["list", "grouped-by-idea"])
def grouped(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


def test_a_search_hiding_a_take_listed_above_keeps_the_selected_one(
    qtbot: Any, grouped: bool
) -> None:
    shown = Views(qtbot, JOBS, grouped=grouped)
    shown.views.select_job("job-2")
    assert shown.selected() == ["lanterns over a river at night"]
    shown.proxy.set_text("at")  # hides only the train, listed above the lanterns
    qtbot.wait(50)
    assert shown.selected() == ["lanterns over a river at night"]
    # Never announced as anything else on the way.
    assert all(seen == ["lanterns over a river at night"] for seen in shown.announced)


def test_a_new_take_keeps_the_selection(qtbot: Any, grouped: bool) -> None:
    shown = Views(qtbot, JOBS[:2], grouped=grouped)
    shown.views.select_job("job-1")
    shown.model.job_added(make_job(5, "a heron", JobStatus.PROCESSING))
    qtbot.wait(50)
    assert shown.selected() == ["red fox running in the snow at dawn"]
    assert all(seen == ["red fox running in the snow at dawn"] for seen in shown.announced)


def test_a_take_that_leaves_the_filter_is_let_go_of(qtbot: Any, grouped: bool) -> None:
    running = [
        make_job(1, "one", JobStatus.PROCESSING, progress=10),
        make_job(2, "two", JobStatus.PROCESSING, progress=10),
    ]
    shown = Views(qtbot, running, grouped=grouped)
    shown.proxy.set_status(StatusFilter.ACTIVE)
    shown.views.select_job("job-1")
    shown.model.job_changed(replace(running[0], status=JobStatus.SAVED))
    shown.model.flush()
    qtbot.waitUntil(lambda: bool(shown.announced) and shown.announced[-1] == [])
    assert shown.selected() == []


def test_a_whole_list_selected_is_counted_whole(qtbot: Any) -> None:
    """Ctrl+A over many takes, then a search that shows one: the change is announced as
    what is selected now (Qt drops a range whose ends a search hides)."""
    many = [make_job(n, f"take {n}") for n in range(2000)]
    shown = Views(qtbot, many, grouped=False)
    shown.views.table.selectAll()
    qtbot.waitUntil(lambda: len(shown.announced) > 0)
    shown.announced.clear()
    shown.proxy.set_text("take 1999")
    qtbot.waitUntil(lambda: bool(shown.announced))
    assert shown.announced[-1] == shown.selected()
    assert len(shown.selected()) <= 1

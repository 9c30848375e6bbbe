"""The job list's rows as a large history needs them: a search keeps the selection of the rows
that stay, the newest jobs listed first are joined by the rest below them without losing what
was selected, and a job's negative prompt is searched too."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QTableView

from app.api.models import GenerationRequest
from app.engine.jobs import Job, JobStatus
from app.messages import Catalogue
from ui.job_model import JobFilterProxy, JobRole, JobTableModel, StatusFilter


def make_job(n: int, prompt: str, status: JobStatus = JobStatus.SAVED, **kw: Any) -> Job:
    return Job(
        id=f"job-{n}",
        request=GenerationRequest(prompt, **kw),
        status=status,
        created_at=1_700_000_000 + n,
    )


JOBS = [
    make_job(1, "A red fox in the snow"),
    make_job(2, "城市夜景，慢速推镜头", negative_prompt="Blurry,   WATERMARK"),
    make_job(3, "A fox   crossing a river", JobStatus.FAILED),
    make_job(4, "Lanterns over a river", JobStatus.PROCESSING),
    make_job(5, "一只红狐狸在雪中慢慢走过"),
]


@pytest.fixture
def view(qtbot: Any) -> QTableView:
    model = JobTableModel(JOBS, Catalogue("en"))
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    return view


def shown(view: QTableView) -> list[str]:
    proxy = view.model()
    return [proxy.index(r, 0).data(JobRole).id for r in range(proxy.rowCount())]


def selected(view: QTableView) -> list[str]:
    return [index.data(JobRole).id for index in view.selectionModel().selectedRows()]


def select(view: QTableView, *job_ids: str) -> None:
    proxy = view.model()
    for row in range(proxy.rowCount()):
        if proxy.index(row, 0).data(JobRole).id in job_ids:
            view.selectionModel().select(
                proxy.index(row, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )


def test_a_search_keeps_the_selection_of_the_rows_that_stay(view: QTableView) -> None:
    proxy = view.model()
    assert isinstance(proxy, JobFilterProxy)
    select(view, "job-3", "job-4")
    proxy.set_text("RIVER")
    assert shown(view) == ["job-4", "job-3"]
    assert sorted(selected(view)) == ["job-3", "job-4"]
    proxy.set_text("fox crossing")  # whitespace in the prompt is collapsed
    assert shown(view) == ["job-3"]
    assert selected(view) == ["job-3"]
    proxy.set_text("")
    assert shown(view) == ["job-5", "job-4", "job-3", "job-2", "job-1"]
    assert selected(view) == ["job-3"]


def test_text_and_status_filters_combine_and_the_negative_prompt_is_searched(
    view: QTableView,
) -> None:
    proxy = view.model()
    assert isinstance(proxy, JobFilterProxy)
    proxy.set_text("watermark")
    assert shown(view) == ["job-2"]
    proxy.set_text("blurry, watermark")  # its whitespace is collapsed like the prompt's
    assert shown(view) == ["job-2"]
    proxy.set_text("推镜头\nblurry")  # a search never runs from one into the other
    assert shown(view) == []
    proxy.set_text("红狐")
    assert shown(view) == ["job-5"]
    proxy.set_text("fox")
    proxy.set_status(StatusFilter.SAVED)
    assert shown(view) == ["job-1"]
    proxy.set_status(StatusFilter.PROBLEMS)
    assert shown(view) == ["job-3"]


def test_the_rest_of_the_history_joins_below_the_newest_and_the_selection_stays(
    qtbot: Any,
) -> None:
    model = JobTableModel(JOBS[3:], Catalogue("en"))  # the newest, read first
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    proxy.set_text("river")
    select(view, "job-4")
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))

    now = JOBS[4].replace(status=JobStatus.FAILED)  # changed since it was first read
    model.set_jobs([*JOBS[:4], now])

    assert resets == []
    assert shown(view) == ["job-4", "job-3"]
    assert selected(view) == ["job-4"]
    proxy.set_text("")
    assert shown(view) == ["job-5", "job-4", "job-3", "job-2", "job-1"]
    assert proxy.index(0, 0).data(JobRole).status is JobStatus.FAILED


def test_a_job_added_or_changed_under_a_search_is_judged_by_it(view: QTableView) -> None:
    proxy = view.model()
    assert isinstance(proxy, JobFilterProxy)
    source = proxy.sourceModel()
    assert isinstance(source, JobTableModel)
    proxy.set_text("fox")
    proxy.set_status(StatusFilter.ACTIVE)
    assert shown(view) == []
    source.job_added(make_job(6, "A fox at dusk", JobStatus.PENDING))
    source.job_added(make_job(7, "A heron at dusk", JobStatus.PENDING))
    assert shown(view) == ["job-6"]
    source.job_changed(JOBS[0].replace(status=JobStatus.DOWNLOADING))
    source.flush()
    assert shown(view) == ["job-6", "job-1"]
    source.job_removed("job-6")
    assert shown(view) == ["job-1"]

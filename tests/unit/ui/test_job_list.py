"""The job list as a person reads it: every sort order the headers offer, times that say how
long is left, the hints on hover, demo jobs marked, first frames as they arrive."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QIcon, QPixmap

from app.api.models import GenerationRequest, Resolution
from app.engine.jobs import Job, JobStatus
from app.messages import Catalogue
from ui.job_model import (
    Column,
    JobFilterProxy,
    JobRole,
    JobTableModel,
    ThumbnailSource,
    ToneRole,
)

NOW = 1_700_000_000.0


def job(n: int, prompt: str, status: JobStatus, **fields: Any) -> Job:
    return Job(
        id=f"job-{n}",
        request=fields.pop("request", GenerationRequest(prompt)),
        status=status,
        created_at=NOW - 1000 + n,
        **fields,
    )


JOBS = [
    job(1, "banana boat", JobStatus.SAVED, credits=20, path="/videos/b.mp4"),
    job(2, "Apple orchard", JobStatus.FAILED, error_code="content_policy"),
    job(
        3,
        "cherry blossom",
        JobStatus.PROCESSING,
        progress=60,
        credits=5,
        request=GenerationRequest("cherry blossom", resolution=Resolution.P1080, duration=3),
    ),
]


@pytest.fixture
def owner() -> Iterator[QObject]:
    """Parent of the test's models, deleted at the end: a model left to the garbage collector
    can outlive its Python side, and its repaint timer then fires into nothing in a later test."""
    holder = QObject()
    yield holder
    shiboken6.delete(holder)


def model_and_proxy(owner: QObject) -> tuple[JobTableModel, JobFilterProxy]:
    model = JobTableModel(JOBS, Catalogue("en"), clock=lambda: NOW, parent=owner)
    proxy = JobFilterProxy(owner)
    proxy.setSourceModel(model)
    return model, proxy


def order(proxy: JobFilterProxy) -> list[str]:
    return [proxy.index(row, 0).data(JobRole).id for row in range(proxy.rowCount())]


def test_each_header_sorts_its_own_way(qtbot: Any, owner: QObject) -> None:
    _model, proxy = model_and_proxy(owner)
    proxy.sort(Column.PROMPT, Qt.SortOrder.AscendingOrder)
    assert order(proxy) == ["job-2", "job-1", "job-3"]  # case does not matter
    proxy.sort(Column.PROMPT, Qt.SortOrder.DescendingOrder)
    assert order(proxy) == ["job-3", "job-1", "job-2"]
    proxy.sort(Column.CREDITS, Qt.SortOrder.DescendingOrder)
    assert order(proxy) == ["job-1", "job-3", "job-2"]  # no credits counts as none
    proxy.sort(Column.TIME, Qt.SortOrder.AscendingOrder)
    assert order(proxy) == ["job-1", "job-2", "job-3"]  # oldest first
    proxy.sort(Column.TIME, Qt.SortOrder.DescendingOrder)
    assert order(proxy) == ["job-3", "job-2", "job-1"]


def test_the_status_and_settings_headers_sort_too(qtbot: Any, owner: QObject) -> None:
    # Issue 11: these two headers once never moved a row (their keys were Python tuples).
    _model, proxy = model_and_proxy(owner)
    proxy.sort(Column.STATUS, Qt.SortOrder.AscendingOrder)
    by_status = order(proxy)
    assert by_status == ["job-3", "job-1", "job-2"]  # a job's life: running, saved, then failed
    proxy.sort(Column.STATUS, Qt.SortOrder.DescendingOrder)
    assert order(proxy) == by_status[::-1]
    proxy.sort(Column.PARAMS, Qt.SortOrder.AscendingOrder)
    assert order(proxy)[-1] == "job-3"  # 1080p last
    proxy.sort(Column.PARAMS, Qt.SortOrder.DescendingOrder)
    assert order(proxy)[0] == "job-3"


def test_times_say_how_long_it_has_run_and_what_is_left(qtbot: Any, owner: QObject) -> None:
    running = job(
        1,
        "x",
        JobStatus.PROCESSING,
        progress=10,
        estimated_time=120,
        transitions={"pending": NOW - 30},
    )
    waiting = job(
        2, "y", JobStatus.COMPLETED, result_url="https://cdn/x", url_expires_at=NOW + 5 * 3600
    )
    model = JobTableModel([running, waiting], Catalogue("en"), clock=lambda: NOW, parent=owner)
    elapsed, left = model.index(1, Column.TIME).data().split(" · ")
    assert elapsed == "0:30" and left.startswith("~") and left.endswith(" left")
    assert model.index(0, Column.TIME).data() == "link 5 h left"


def test_hints_and_tones_tell_what_needs_a_person(qtbot: Any, owner: QObject) -> None:
    model, _proxy = model_and_proxy(owner)
    failed, saved, running = (model.index_of(f"job-{n}", Column.STATUS) for n in (2, 1, 3))
    assert failed.data(ToneRole) == "problem" and "Edit the prompt" in failed.data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert saved.data(ToneRole) == "ok"
    # Tooltips are plain text made safe for Qt's rich-text tooltips: one escaped paragraph.
    assert running.data(ToneRole) == "" and running.data(Qt.ItemDataRole.ToolTipRole) == (
        "<p>Generating 60%</p>"
    )
    prompt = model.index_of("job-1", Column.PROMPT)
    assert prompt.data(Qt.ItemDataRole.ToolTipRole) == "<p>banana boat</p>"
    thumb = model.index_of("job-1", Column.THUMB)
    assert thumb.data(Qt.ItemDataRole.ToolTipRole) == "<p>b.mp4</p>"
    stopped = job(4, "z", JobStatus.STOPPED, note="note.stopped")
    model.job_added(stopped)
    assert model.index_of("job-4", Column.STATUS).data(ToneRole) == "muted"


def test_demo_jobs_are_marked(qtbot: Any, owner: QObject) -> None:
    demo = job(1, "a red fox", JobStatus.SAVED, demo=True)
    model = JobTableModel([demo], Catalogue("en"), parent=owner)
    index = model.index(0, Column.PROMPT)
    assert index.data() == "Demo · a red fox"
    assert model.index(0, Column.CREDITS).data() == "Demo"
    # Marked in words, not greyed: a grey prompt made every demo row look disabled (issue 11).
    assert index.data(Qt.ItemDataRole.ForegroundRole) is None


class Frames(ThumbnailSource):
    def __init__(self) -> None:
        super().__init__()
        self.ready: dict[str, QPixmap] = {}

    def thumbnail(self, job: Job) -> QPixmap | None:
        return self.ready.get(job.id)


def test_first_frames_replace_the_placeholder_as_they_arrive(qtbot: Any, owner: QObject) -> None:
    model = JobTableModel(JOBS, Catalogue("en"), parent=owner)
    frames = Frames()
    with qtbot.waitSignal(model.dataChanged):  # every thumbnail cell asks again
        model.set_thumbnails(frames)
    saved = model.index_of("job-1", Column.THUMB)
    placeholder = saved.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(placeholder, QIcon)  # sharp at any scale (200 % too)
    frame = QPixmap(96, 54)
    frame.fill(Qt.GlobalColor.darkCyan)
    frames.ready["job-1"] = frame
    with qtbot.waitSignal(model.dataChanged) as changed:
        frames.thumbnail_ready.emit("job-1")
    assert changed.args[0].row() == saved.row()
    assert saved.data(Qt.ItemDataRole.DecorationRole).cacheKey() == frame.cacheKey()
    frames.thumbnail_ready.emit("job-gone")  # a removed job: nothing to repaint


def test_the_language_changes_in_place(qtbot: Any, owner: QObject) -> None:
    model = JobTableModel(JOBS, Catalogue("en"), parent=owner)
    with qtbot.waitSignal(model.headerDataChanged):
        model.set_catalogue(Catalogue("zh_CN"))
    assert model.index_of("job-1", Column.STATUS).data() == Catalogue("zh_CN").text("status.saved")

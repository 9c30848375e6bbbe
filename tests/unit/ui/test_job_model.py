from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from app.api.models import GenerationRequest
from app.engine.jobs import Job, JobStatus
from app.messages import Catalogue
from ui.job_model import (
    Column,
    JobFilterProxy,
    JobRole,
    JobTableModel,
    ProgressRole,
    StatusFilter,
)
from ui.job_table import JobTable


def make_job(n: int, prompt: str = "", status: JobStatus = JobStatus.PROCESSING, **kw: Any) -> Job:
    return Job(
        id=f"job-{n}",
        request=GenerationRequest(prompt or f"prompt {n}"),
        status=status,
        created_at=1_700_000_000 + n,
        **kw,
    )


@pytest.fixture
def model(qtbot: Any) -> JobTableModel:
    jobs = [
        make_job(1, "A futuristic train", JobStatus.SAVED, path="/videos/a.mp4"),
        make_job(2, "雪中的红狐狸", JobStatus.FAILED, error_code="content_policy"),
        make_job(3, "Lanterns over a river", JobStatus.PROCESSING, progress=40),
    ]
    return JobTableModel(jobs, Catalogue("en"))


def test_model_passes_the_model_tester(model: JobTableModel, qtmodeltester: Any) -> None:
    qtmodeltester.check(model, force_py=True)
    model.job_added(make_job(4))
    model.job_removed("job-2")
    qtmodeltester.check(model, force_py=True)


def test_proxy_passes_the_model_tester(model: JobTableModel, qtmodeltester: Any) -> None:
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_text("train")
    qtmodeltester.check(proxy, force_py=True)


def test_newest_job_is_on_top(model: JobTableModel) -> None:
    assert model.index(0, Column.PROMPT).data() == "Lanterns over a river"
    model.job_added(make_job(9, "newest"))
    assert model.index(0, Column.PROMPT).data() == "newest"
    assert model.rowCount() == 4


def test_changes_are_coalesced_into_few_repaints(model: JobTableModel, qtbot: Any) -> None:
    job = model.job_at(0)
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom, *_: changed.append((top.row(), bottom.row())))
    for progress in range(41, 91):
        job = job.replace(progress=progress)
        model.job_changed(job)
    assert changed == []  # nothing repainted per event
    qtbot.waitUntil(lambda: bool(changed), timeout=2000)
    assert len(changed) == 1
    assert model.index(0, Column.STATUS).data() == "Generating 90%"
    assert model.index(0, Column.STATUS).data(ProgressRole) == 90


def test_status_column_explains_problems(model: JobTableModel) -> None:
    index = model.index(1, Column.STATUS)
    assert index.data() == "The prompt was refused by the content policy."
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Edit the prompt" in tooltip
    assert index.data(ProgressRole) == -2  # no bar


def test_pending_shows_a_busy_bar() -> None:
    job = make_job(1, status=JobStatus.PENDING)
    model = JobTableModel([job], Catalogue("en"))
    assert model.index(0, Column.STATUS).data(ProgressRole) == -1


def test_filter_by_text_in_any_script_and_by_status(model: JobTableModel) -> None:
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_text("红狐")
    assert proxy.rowCount() == 1
    assert proxy.index(0, 0).data(JobRole).id == "job-2"
    proxy.set_text("LANTERNS")
    assert proxy.rowCount() == 1
    proxy.set_text("")
    proxy.set_status(StatusFilter.PROBLEMS)
    assert [proxy.index(r, 0).data(JobRole).id for r in range(proxy.rowCount())] == ["job-2"]
    proxy.set_status(StatusFilter.ACTIVE)
    assert proxy.rowCount() == 1
    proxy.set_status(StatusFilter.SAVED)
    assert proxy.index(0, 0).data(JobRole).id == "job-1"


def test_jobs_added_or_removed_after_filtering_are_filtered_too(model: JobTableModel) -> None:
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_text("train")
    model.job_added(make_job(4, "A night train in the rain"))
    model.job_added(make_job(5, "Desert dunes"))
    assert [proxy.index(r, 0).data(JobRole).id for r in range(proxy.rowCount())] == [
        "job-4",
        "job-1",
    ]
    model.job_removed("job-4")
    proxy.set_status(StatusFilter.SAVED)
    model.job_added(make_job(6, "Another train", JobStatus.SAVED))
    model.job_added(make_job(7, "A train, still running"))
    assert [proxy.index(r, 0).data(JobRole).id for r in range(proxy.rowCount())] == [
        "job-6",
        "job-1",
    ]


def test_saved_videos_drag_as_file_urls(qtbot: Any, tmp_path: Path) -> None:
    videos = [tmp_path / name for name in ("a.mp4", "b.mp4", "moved.mp4")]
    for video in videos[:2]:
        video.write_bytes(b"mp4")
    model = JobTableModel(
        [
            make_job(1, status=JobStatus.SAVED, path=str(videos[0])),
            make_job(2, status=JobStatus.FAILED, error_code="content_policy"),
            make_job(3, status=JobStatus.SAVED, path=str(videos[1])),
            make_job(4, status=JobStatus.SAVED, path=str(videos[2])),  # moved away since
        ],
        Catalogue("en"),
    )
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    table = JobTable(proxy)
    qtbot.addWidget(table)
    table.resize(900, 400)
    table.show()
    qtbot.waitExposed(table)
    assert model.flags(model.index(3, Column.PROMPT)) & Qt.ItemFlag.ItemIsDragEnabled
    assert not model.flags(model.index(2, Column.PROMPT)) & Qt.ItemFlag.ItemIsDragEnabled
    # A person selects every row, as for dragging them all into an editor.
    for row in range(4):
        rect = table.visualRect(proxy.index(row, Column.PROMPT))
        modifier = Qt.KeyboardModifier.ControlModifier if row else Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
    assert len(table.selected_jobs()) == 4
    data = proxy.mimeData(table.selectedIndexes())
    # Every saved video whose file is there, each once, in the list's order (newest first).
    assert [url.toLocalFile() for url in data.urls()] == [str(videos[1]), str(videos[0])]


def test_chinese_catalogue_translates_statuses() -> None:
    job = make_job(1, status=JobStatus.UNKNOWN, error_code="reply_lost")
    model = JobTableModel([job], Catalogue("zh_CN"))
    assert model.index(0, Column.STATUS).data() == "请求已发送但没有收到回复，可能已经扣费。"


def test_invalid_index_gives_nothing(model: JobTableModel) -> None:
    assert model.data(QModelIndex()) is None
    assert model.rowCount(model.index(0, 0)) == 0


def proxy_ids(proxy: JobFilterProxy) -> list[str]:
    return [proxy.index(r, 0).data(JobRole).id for r in range(proxy.rowCount())]


def finish(model: JobTableModel, job_id: str, status: JobStatus, **fields: Any) -> None:
    """The engine's way: change the job, announce it, and let the model repaint."""
    job = model.job(job_id)  # by id: the filter may hide its row
    assert job is not None
    job = job.replace(status=status, **fields)
    model.job_changed(job)
    model.flush()


def test_a_finished_job_leaves_the_running_filter(model: JobTableModel) -> None:
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_status(StatusFilter.ACTIVE)
    model.job_added(make_job(4, "A night train", JobStatus.PENDING))
    assert proxy_ids(proxy) == ["job-4", "job-3"]
    finish(model, "job-3", JobStatus.SAVED)
    assert proxy_ids(proxy) == ["job-4"]
    finish(model, "job-4", JobStatus.FAILED, error_code="content_policy")
    assert proxy_ids(proxy) == []
    proxy.set_status(StatusFilter.PROBLEMS)
    assert proxy_ids(proxy) == ["job-4", "job-2"]


def test_a_retried_job_leaves_needs_attention_once_saved(model: JobTableModel) -> None:
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_status(StatusFilter.PROBLEMS)
    finish(model, "job-3", JobStatus.DOWNLOADING, error_code="disk_full")
    assert proxy_ids(proxy) == ["job-3", "job-2"]
    finish(model, "job-3", JobStatus.SAVED, error_code="")
    assert proxy_ids(proxy) == ["job-2"]


def test_sorting_by_status_orders_rows_and_follows_changes(model: JobTableModel) -> None:
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.STATUS, Qt.SortOrder.AscendingOrder)
    # Running first, then saved, then the problems (the order of a job's life).
    assert proxy_ids(proxy) == ["job-3", "job-1", "job-2"]
    finish(model, "job-3", JobStatus.UNKNOWN, error_code="reply_lost")
    assert proxy_ids(proxy) == ["job-1", "job-2", "job-3"]
    proxy.sort(Column.STATUS, Qt.SortOrder.DescendingOrder)
    assert proxy_ids(proxy) == ["job-3", "job-2", "job-1"]


def test_sorting_by_settings_orders_by_resolution_then_length(qtbot: Any) -> None:
    from app.api.models import Resolution

    jobs = [
        Job(id=name, request=GenerationRequest("x", resolution=res, duration=length))
        for name, res, length in (
            ("a", Resolution.P1080, 5),
            ("b", Resolution.P360, 8),
            ("c", Resolution.P720, 15),
            ("d", Resolution.P720, 5),
        )
    ]
    model = JobTableModel(jobs, Catalogue("en"))
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.PARAMS, Qt.SortOrder.AscendingOrder)
    assert proxy_ids(proxy) == ["b", "d", "c", "a"]


def test_proxy_with_live_filter_and_sort_passes_the_model_tester(
    model: JobTableModel, qtmodeltester: Any
) -> None:
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_status(StatusFilter.ACTIVE)
    proxy.sort(Column.STATUS, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(proxy, force_py=True)
    # The tester stays connected: every change below is checked as the proxy applies it.
    model.job_added(make_job(4, "A night train", JobStatus.PENDING))
    model.job_added(make_job(5, "Desert dunes", JobStatus.PROCESSING, progress=10))
    finish(model, "job-4", JobStatus.PROCESSING, progress=60)
    finish(model, "job-3", JobStatus.SAVED)
    finish(model, "job-5", JobStatus.FAILED, error_code="content_policy")
    assert proxy_ids(proxy) == ["job-4"]
    model.job_removed("job-5")
    proxy.set_text("train")
    assert proxy_ids(proxy) == ["job-4"]
    qtmodeltester.check(proxy, force_py=True)


def test_settings_and_credits_read_in_the_users_language() -> None:
    demo = make_job(1, status=JobStatus.SAVED, demo=True, credits=21.33)
    paid = make_job(2, status=JobStatus.SAVED, credits=20.0)
    unknown = make_job(3, status=JobStatus.FAILED)
    jobs = [
        job.replace(request=GenerationRequest(job.request.prompt, duration=8))
        for job in (demo, paid, unknown)
    ]
    model = JobTableModel(jobs, Catalogue("zh_CN"))
    assert model.index(0, Column.PARAMS).data() == "720p · 8秒 · 16:9"
    credits = [model.index(r, Column.CREDITS).data() for r in range(3)]
    assert credits == ["—", "20", "演示"]  # newest first; a demo job never shows a figure
    tip = model.index(2, Column.CREDITS).data(Qt.ItemDataRole.ToolTipRole)
    assert "不产生费用" in tip


def test_the_project_filter_shows_one_project_or_none(model: JobTableModel) -> None:
    model.job_added(make_job(5, "spring one", project="Spring ad"))
    model.job_added(make_job(6, "autumn one", project="Autumn"))
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)

    def shown() -> list[str]:
        return [proxy.index(r, 0).data(JobRole).id for r in range(proxy.rowCount())]

    assert len(shown()) == 5
    proxy.set_project("Spring ad")
    assert shown() == ["job-5"]
    proxy.set_text("autumn")
    assert shown() == []
    proxy.set_project("")
    proxy.set_text("")
    assert shown() == ["job-3", "job-2", "job-1"]
    proxy.set_project(None)
    assert len(shown()) == 5
    # A job moved into the project joins the filtered view.
    proxy.set_project("Autumn")
    hidden = model.job("job-1")  # by id: the filter hides its row
    assert hidden is not None
    model.job_changed(hidden.replace(project="Autumn"))
    model.flush()
    assert shown() == ["job-6", "job-1"]


def test_every_job_is_found_by_its_id_through_adds_removals_and_changes(qtbot: Any) -> None:
    """Ids in no particular order (uuids, tasks adopted from another program), jobs added,
    removed from the middle and changed: each job is still found where the list has it."""
    import random

    rng = random.Random(7)
    ids = [f"{rng.getrandbits(64):016x}" for _ in range(300)]
    jobs = [replace(make_job(n, status=JobStatus.SAVED), id=job_id) for n, job_id in enumerate(ids)]
    model = JobTableModel(jobs[:200], Catalogue("en"))
    expected = list(jobs[:200])
    for job in jobs[200:]:
        model.job_added(job)
        expected.append(job)
        if rng.random() < 0.5:
            gone = expected.pop(rng.randrange(len(expected)))
            model.job_removed(gone.id)
            assert model.job(gone.id) is None
            assert not model.index_of(gone.id).isValid()
    changed = replace(expected[40], progress=55)
    model.job_changed(changed)
    expected[40] = changed
    assert list(model.jobs()) == expected
    for position, job in enumerate(expected):
        assert model.job(job.id) is job
        assert model.row_of(job.id) == len(expected) - 1 - position
    model.job_removed("not-a-job")  # nothing happens
    assert len(model.jobs()) == len(expected)


def test_the_clock_repaints_only_the_times_of_running_jobs(qtbot: Any) -> None:
    """Each second the running jobs' times move; their stills and progress bars do not, so only
    the Time cells are repainted. A job that changed meanwhile repaints its whole row."""
    now = [1_700_000_100.0]
    jobs = [
        make_job(1, "saved", JobStatus.SAVED, path="/videos/a.mp4"),
        make_job(2, "running", JobStatus.PROCESSING, progress=10),
        make_job(3, "also running", JobStatus.PROCESSING, progress=20),
    ]
    model = JobTableModel(jobs, Catalogue("en"), clock=lambda: now[0])
    before = model.index(1, Column.TIME).data()
    changed: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda top, bottom, *_: changed.append(
            (top.row(), bottom.row(), top.column(), bottom.column())
        )
    )
    now[0] += 65
    with qtbot.waitSignal(model.dataChanged, timeout=3000):
        pass  # the model's own one-second clock
    # Rows 0 and 1 (newest first) are the running jobs; the saved one is left alone.
    assert changed == [(0, 1, Column.TIME, Column.TIME)]
    assert model.index(1, Column.TIME).data() != before

    changed.clear()
    model.job_changed(replace(jobs[2], progress=60))
    with qtbot.waitSignal(model.dataChanged, timeout=3000):
        pass
    qtbot.wait(1200)  # and the next tick
    whole_row = (0, 0, Column.THUMB, Column.CREDITS)
    assert changed[0] == whole_row
    assert all(c[2] == c[3] == Column.TIME for c in changed[1:])


@pytest.mark.parametrize("joins", [True, False], ids=["joins", "leaves"])
def test_a_tick_repaints_the_right_rows_when_a_change_moves_them(
    qtbot: Any, qtmodeltester: Any, joins: bool
) -> None:
    """In one repaint, a picked take joins (or leaves) a filtered list above the running jobs:
    the times repainted are still the running jobs' rows, and every index sent is valid."""
    from app.engine.jobs import Flag

    running = [make_job(1, "one", JobStatus.PROCESSING), make_job(2, "two", JobStatus.PROCESSING)]
    marked = make_job(3, "marked", JobStatus.SAVED, flag="" if joins else Flag.PICKED)
    model = JobTableModel([*running, marked], Catalogue("en"), clock=lambda: 1_700_000_100.0)
    qtmodeltester.check(model, force_py=True)
    model.set_filter("", lambda job: not job.status.is_final or job.flag == Flag.PICKED)
    repainted: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda top, bottom, *_: repainted.append(
            (top.row(), bottom.row(), top.column(), bottom.column())
        )
    )
    qtbot.waitUntil(lambda: bool(repainted), timeout=3000)  # the clock, alone
    repainted.clear()
    model._tick.timeout.emit()  # the next tick, in the same repaint as the change
    model.job_changed(replace(marked, flag=Flag.PICKED if joins else ""))
    model.flush()
    assert all(row >= 0 for change in repainted for row in change[:2])
    times = {
        row
        for top, bottom, first, last in repainted
        if first == last == Column.TIME
        for row in range(top, bottom + 1)
    }
    assert times == {model.row_of("job-1"), model.row_of("job-2")}

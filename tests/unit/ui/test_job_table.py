"""The job list as a person sees it: stills lined up, placeholders visible on a selected row,
room for the prompt in a narrow window. Real views over the real model."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from app.api.models import AspectRatio, GenerationRequest
from app.engine.jobs import Job, JobStatus
from app.messages import Catalogue
from tests.unit.ui.pixels import strongest_contrast
from ui.job_model import Column, JobFilterProxy, JobTableModel, ThumbnailSource
from ui.job_table import JobTable
from ui.theme import apply_theme

STILL = QColor("#e0245e")


class Stills(ThumbnailSource):
    """The first frame of every saved video: a portrait still in one colour."""

    def thumbnail(self, job: Job) -> QPixmap | None:
        pixmap = QPixmap(30, 54)
        pixmap.fill(STILL)
        return pixmap


def job(n: int, status: JobStatus, ratio: AspectRatio = AspectRatio.R9_16) -> Job:
    return Job(
        id=f"job-{n}",
        request=GenerationRequest(f"A futuristic train gliding through a city, take {n}", ratio),
        status=status,
        created_at=1_700_000_000 + n,
        path=f"/videos/{n}.mp4" if status is JobStatus.SAVED else None,
    )


def make_table(qtbot: Any, jobs: list[Job], width: int = 900) -> JobTable:
    model = JobTableModel(jobs, Catalogue("en"), thumbnails=Stills())
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    table = JobTable(proxy)
    qtbot.addWidget(table)
    table.resize(width, 400)
    table.show()
    qtbot.waitExposed(table)
    return table


def painted(table: JobTable, row: int, column: Column) -> QRect:
    """Where the still's colour lands in a cell, in the cell's coordinates."""
    cell = table.visualRect(table.model().index(row, column))
    image = table.viewport().grab(cell).toImage()
    xs = [
        x
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y) == STILL
    ]
    ys = [
        y
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y) == STILL
    ]
    assert xs, "the still is not painted"
    return QRect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)


def test_a_portrait_still_sits_in_the_middle_of_its_column(qtbot: Any) -> None:
    table = make_table(qtbot, [job(1, JobStatus.SAVED)])
    still = painted(table, 0, Column.THUMB)
    cell_width = table.columnWidth(Column.THUMB)
    left, right = still.left(), cell_width - 1 - still.right()
    assert abs(left - right) <= 2, (left, right)


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_a_placeholder_shows_on_a_selected_row(
    qtbot: Any, qapp: QApplication, restore_style: None, theme: str
) -> None:
    apply_theme(qapp, theme)
    table = make_table(qtbot, [job(1, JobStatus.PROCESSING, AspectRatio.R1_1)])
    table.selectRow(0)
    cell = table.visualRect(table.model().index(0, Column.THUMB))
    image = table.viewport().grab(cell).toImage()
    selection = table.palette().color(QPalette.ColorRole.Highlight)
    assert strongest_contrast(image, selection) >= 3.0


def test_a_placeholder_is_drawn_for_a_200_percent_screen(qtbot: Any) -> None:
    table = make_table(qtbot, [job(1, JobStatus.PROCESSING)])
    icon = table.model().index(0, Column.THUMB).data(Qt.ItemDataRole.DecorationRole)
    pixmap = icon.pixmap(QSize(96, 54), 2.0)
    assert (pixmap.width(), pixmap.height()) == (192, 108)


def test_a_narrow_list_gives_the_prompt_room(qtbot: Any) -> None:
    """The list of a window at 800×600."""
    table = make_table(qtbot, [job(1, JobStatus.PROCESSING)], width=420)
    status, prompt = table.columnWidth(Column.STATUS), table.columnWidth(Column.PROMPT)
    assert prompt >= status, (prompt, status)


def test_a_list_made_wide_again_gets_its_wide_status_column_back(qtbot: Any) -> None:
    table = make_table(qtbot, [job(1, JobStatus.PROCESSING)], width=420)
    table.resize(1200, 400)
    qtbot.waitUntil(lambda: table.columnWidth(Column.STATUS) == JobTable.STATUS_WIDTH)

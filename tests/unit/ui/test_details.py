"""The details pane as a person sees it: facts that end in "…" rather than a cut letter, and
the buttons right under the facts they act on. A real pane with a real saved file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from app.api.models import GenerationRequest
from app.engine.jobs import Job, JobStatus
from app.messages import Catalogue
from tests.unit.ui.pixels import strongest_contrast
from ui.details import DetailsPane
from ui.theme import apply_theme


@pytest.fixture
def saved(tmp_path: Path) -> Job:
    folder = tmp_path / "Videos" / "ReelDesk"
    folder.mkdir(parents=True)
    video = folder / "2026-11-27_a-futuristic-train-gliding-through-a-neon-city_b911cb85.mp4"
    video.write_bytes(b"\0\0\0\x18ftypmp42")
    return Job(
        id="job-1",
        request=GenerationRequest("A futuristic train gliding through a neon city at dawn"),
        status=JobStatus.SAVED,
        task_id="task-unified-1795775819-9x16-b911cb85",
        path=str(video),
        bytes_total=22_400,
    )


def show_pane(qtbot: Any, job: Job, width: int, height: int) -> DetailsPane:
    pane = DetailsPane(Catalogue("en"))
    qtbot.addWidget(pane)
    pane.resize(width, height)
    pane.show()
    qtbot.waitExposed(pane)
    pane.show_job(job)
    qtbot.waitUntil(lambda: pane.play_button.isVisible())
    return pane


def test_a_long_path_keeps_its_file_name_in_view(qtbot: Any, saved: Job) -> None:
    pane = show_pane(qtbot, saved, 700, 260)
    shown = pane._fields["file"]
    path = shown.text()
    assert path == saved.path  # the whole path stays the label's (tooltip, screen reader)
    room = shown.contentsRect().width()
    assert shown.fontMetrics().horizontalAdvance(path) > room, "the pane is too wide to test"
    # What a plain label shows of the path with its middle left out.
    holder = QWidget()
    qtbot.addWidget(holder)
    expected = QLabel(
        shown.fontMetrics().elidedText(path, Qt.TextElideMode.ElideMiddle, room), holder
    )
    expected.setTextFormat(Qt.TextFormat.PlainText)
    expected.setFont(shown.font())
    expected.setPalette(shown.palette())
    expected.setGeometry(shown.rect())
    holder.show()
    qtbot.waitExposed(holder)
    assert shown.grab().toImage() == expected.grab().toImage(), "the path is cut, not shortened"


def test_the_buttons_sit_right_under_the_facts_in_a_tall_pane(qtbot: Any, saved: Job) -> None:
    pane = show_pane(qtbot, saved, 1200, 420)
    facts_bottom = max(
        label.mapTo(pane, label.rect().bottomLeft()).y() for label in pane._fields.values()
    )
    preview_bottom = pane.preview.mapTo(pane, pane.preview.rect().bottomLeft()).y()
    buttons_top = pane.play_button.mapTo(pane, QPoint(0, 0)).y()
    gap = buttons_top - max(facts_bottom, preview_bottom)
    assert 0 < gap <= 20, gap


@pytest.mark.usefixtures("restore_style")
@pytest.mark.parametrize("theme", ["dark", "light"])
def test_the_names_of_the_facts_read_on_either_theme(
    qtbot: Any, qapp: QApplication, saved: Job, theme: str
) -> None:
    apply_theme(qapp, theme)
    pane = show_pane(qtbot, saved, 900, 260)
    background = pane.palette().color(QPalette.ColorRole.Window)
    names = [
        label
        for label in pane.findChildren(QLabel)
        if label.text() in ("Status", "Settings", "Seed", "Credits", "Task id", "File")
    ]
    assert len(names) == 6
    for name in names:
        area = QRect(name.mapTo(pane, QPoint(0, 0)), name.size())
        assert strongest_contrast(pane.grab(area).toImage(), background) >= 4.5, name.text()

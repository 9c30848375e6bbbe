"""The details pane as a person reads and uses it: everything the job was made with, the first
frame or the status where the video will be, and buttons only where they can do something.
(Inline playback is left out: QMediaPlayer.stop() sometimes hangs on this machine, which has no
sound device; reported to the lead.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QPushButton

from app.api.models import AspectRatio, GenerationRequest, Style, ThinkingType
from app.engine.jobs import Job, JobStatus
from app.messages import Catalogue
from app.resources import demo_clip
from ui.details import DetailsPane


@pytest.fixture
def pane(qtbot: Any) -> DetailsPane:
    made = DetailsPane(Catalogue("en"))
    qtbot.addWidget(made)
    made.show()
    return made


def field(pane: DetailsPane, name: str) -> str:
    """The value shown beside the label ``name``."""
    labels = pane.findChildren(QLabel)
    for index, label in enumerate(labels):
        if label.text() == name:
            return labels[index + 1].text()
    raise AssertionError(f"no field {name}")


def shown_buttons(pane: DetailsPane) -> set[str]:
    return {b.text() for b in pane.findChildren(QPushButton) if b.isVisibleTo(pane)}


def saved_job(tmp_path: Path, **request: Any) -> Job:
    video = tmp_path / "clip.mp4"
    video.write_bytes(demo_clip("16:9"))
    return Job(
        id="saved",
        request=GenerationRequest("lanterns over a river", **request),
        status=JobStatus.SAVED,
        task_id="task-1",
        credits=10,
        path=str(video),
        raw_reply={"status": "completed"},
    )


def test_nothing_selected_says_so(pane: DetailsPane) -> None:
    assert pane.title.text() == "Select a job to see its details."
    assert pane.preview.text() == "No video selected"
    assert shown_buttons(pane) == set()


def test_the_settings_line_names_every_choice(pane: DetailsPane, tmp_path: Path) -> None:
    job = saved_job(
        tmp_path,
        aspect_ratio=AspectRatio.R9_16,
        duration=8,
        generate_audio=True,
        style=Style.COMIC,
        generate_multi_clip=False,
        thinking_type=ThinkingType.ENABLED,
        negative_prompt="blur, text",
        seed=42,
    )
    pane.show_job(job)
    assert field(pane, "Settings") == (
        "720p · 8s · 9:16 · ♪ · Comic · one clip · optimisation: always rewrite · avoid: blur, text"
    )
    assert field(pane, "Seed") == "42"
    assert field(pane, "Credits") == "10"
    assert field(pane, "Task id") == "task-1"
    assert field(pane, "File") == job.path


def test_a_demo_job_says_it_cost_nothing(pane: DetailsPane, tmp_path: Path) -> None:
    job = saved_job(tmp_path).replace(demo=True)  # the simulator's made-up 10 credits
    pane.show_job(job)
    assert field(pane, "Credits") == "Demo"
    credits = next(label for label in pane.findChildren(QLabel) if label.text() == "Demo")
    assert credits.toolTip() == "<p>Demo – offline simulator, no cost</p>"
    # A job from an older history, made before every job had its seed recorded.
    assert field(pane, "Seed") == "random"


def test_the_first_frame_or_the_status_fills_the_video_area(
    pane: DetailsPane, tmp_path: Path
) -> None:
    running = Job(
        id="r",
        request=GenerationRequest("x"),
        status=JobStatus.PROCESSING,
        task_id="task-r",
        progress=40,
    )
    pane.show_job(running)
    assert pane.preview.text() == "Generating 40%"
    assert shown_buttons(pane) == {
        "Reuse settings",
        "Submit again…",
        "Stop tracking…",
        "Show service reply",
    }
    assert field(pane, "File") == "—"

    job = saved_job(tmp_path)
    pane.show_job(job)
    frame = QPixmap(96, 54)
    frame.fill(Qt.GlobalColor.darkCyan)
    pane.set_preview(frame)
    assert not pane.preview.pixmap().isNull()
    pane.set_preview(None)
    assert pane.preview.text() == "Saved"


def test_each_button_acts_on_the_shown_job(pane: DetailsPane, qtbot: Any, tmp_path: Path) -> None:
    job = saved_job(tmp_path)
    pane.show_job(job)
    assert shown_buttons(pane) == {
        "▶ Play",
        "Open",
        "Reveal",
        "Reuse settings",
        "Submit again…",
        "Show service reply",
        "Continue from last frame",
    }
    for button, signal in (
        (pane.continue_button, pane.continue_requested),
        (pane.open_button, pane.open_requested),
        (pane.reveal_button, pane.reveal_requested),
        (pane.reuse_button, pane.reuse_requested),
        (pane.again_button, pane.submit_again_requested),
        (pane.raw_button, pane.raw_requested),
    ):
        with qtbot.waitSignal(signal) as sent:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert sent.args == ["saved"]


def test_a_job_that_can_be_saved_again_offers_it(pane: DetailsPane) -> None:
    stopped = Job(
        id="s", request=GenerationRequest("x"), status=JobStatus.STOPPED, task_id="task-2"
    )
    pane.show_job(stopped)
    assert "Retry saving" in shown_buttons(pane)
    assert pane.problem.isVisibleTo(pane)
    stalled = Job(
        id="d",
        request=GenerationRequest("x"),
        status=JobStatus.COMPLETED,
        task_id="task-3",
        error_code="disk_full",
    )
    pane.show_job(stalled)
    assert "Retry saving" in shown_buttons(pane)
    assert "Stop tracking…" in shown_buttons(pane)


def test_the_language_can_change_while_shown(pane: DetailsPane, tmp_path: Path) -> None:
    pane.show_job(saved_job(tmp_path))
    job = Job(id="p", request=GenerationRequest("x"), status=JobStatus.PENDING)
    pane.show_job(job)
    pane.set_catalogue(Catalogue("zh_CN"))
    assert pane.preview.text() == Catalogue("zh_CN").text("status.pending")

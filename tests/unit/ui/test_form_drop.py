"""Dropping a ReelDesk video (its tags) or its sidecar on the form restores its settings: real
drag and drop events with file URLs, sent to the real form and to its text fields."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from app.api.models import AspectRatio, GenerationRequest, Resolution, Style, ThinkingType
from app.engine.jobs import Job
from app.engine.saver import sidecar
from app.messages import Catalogue
from app.metadata import file_record, write_tags
from app.resources import demo_clip
from tests.dragging import drop
from ui.form import GenerationForm

REQUEST = GenerationRequest(
    "Paper boats race down a rainy street, close-up",
    negative_prompt="blur",
    aspect_ratio=AspectRatio.R9_16,
    resolution=Resolution.P1080,
    duration=8,
    generate_audio=True,
    style=Style.COMIC,
    seed=90210,
    generate_multi_clip=False,
    thinking_type=ThinkingType.DISABLED,
)


@pytest.fixture
def form(qtbot: Any) -> GenerationForm:
    widget = GenerationForm(Catalogue("en"))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def tagged_video(folder: Path) -> Path:
    video = folder / "boats.mp4"
    video.write_bytes(demo_clip("9:16"))
    write_tags(video, file_record(REQUEST, task_id="task-9", job_id="j", demo=True))
    return video


def test_a_dropped_video_restores_every_setting_from_its_tags(
    form: GenerationForm, tmp_path: Path
) -> None:
    video = tagged_video(tmp_path)  # no sidecar beside it: the file alone
    assert drop(form, video)
    assert form.request() == REQUEST
    assert form.negative_prompt.isVisible()  # the advanced part opens to show what it holds


def test_a_dropped_sidecar_restores_the_settings(form: GenerationForm, tmp_path: Path) -> None:
    job = Job(id="j1", request=REQUEST, task_id="task-1")
    side = tmp_path / "boats.mp4.json"
    side.write_text(json.dumps(sidecar(job, tmp_path / "boats.mp4", 0.0)))
    assert drop(form, side)
    assert form.request() == REQUEST


def test_a_video_dropped_on_the_prompt_is_restored_not_pasted_as_text(
    form: GenerationForm, tmp_path: Path
) -> None:
    form.prompt.setPlainText("something else")
    assert drop(form.prompt.viewport(), tagged_video(tmp_path))
    assert form.prompt.toPlainText() == REQUEST.prompt
    assert form.request() == REQUEST


def test_a_video_dropped_on_the_negative_prompt_is_restored_not_pasted_as_text(
    form: GenerationForm, tmp_path: Path
) -> None:
    form.advanced_toggle.click()
    form.negative_prompt.setPlainText("something else")
    assert drop(form.negative_prompt.viewport(), tagged_video(tmp_path))
    assert form.request() == REQUEST


def test_text_dropped_on_the_prompt_is_still_the_fields_own(form: GenerationForm) -> None:
    mime = QMimeData()
    mime.setText("a lantern")
    centre = form.prompt.viewport().rect().center()
    enter = QDragEnterEvent(
        centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0)
    )
    QApplication.sendEvent(form.prompt.viewport(), enter)
    assert enter.isAccepted()
    dropped = QDropEvent(
        QPointF(centre),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier(0),
    )
    QApplication.sendEvent(form.prompt.viewport(), dropped)
    assert "a lantern" in form.prompt.toPlainText()


def test_a_video_without_reeldesk_settings_is_said_and_changes_nothing(
    form: GenerationForm, tmp_path: Path
) -> None:
    form.prompt.setPlainText("my own prompt")
    before = form.request()
    stranger = tmp_path / "holiday.mp4"
    stranger.write_bytes(demo_clip("16:9"))
    assert drop(form, stranger)
    assert form.request() == before
    assert form.prompt_error.isVisible()
    assert "holiday.mp4" in form.prompt_error.text()
    assert "Drop a video saved by ReelDesk" in form.prompt_error.text()


def test_other_files_are_not_taken(form: GenerationForm, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    assert not drop(form, notes)

"""From a prompt to saved videos, typed and clicked as a person does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from app.engine.downloader import looks_like_mp4
from app.engine.jobs import JobStatus
from tests.videos import same_video
from ui.job_model import Column, ProgressRole
from ui.main_window import MainWindow

from .conftest import Studio
from .drive import click, press, set_variations, write_prompt


def sidecar(video: Path) -> dict[str, Any]:
    return dict(json.loads(video.with_suffix(".json").read_text(encoding="utf-8")))


def test_prompt_and_ctrl_enter_make_a_saved_video(studio: Studio, qtbot: Any) -> None:
    window = studio.window
    prompt = window.form.prompt
    write_prompt(qtbot, window.form, "A futuristic train crossing a desert at dusk")
    qtbot.keyClick(prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(studio.rows()) == 1, timeout=5000)
    assert prompt.toPlainText() == "A futuristic train crossing a desert at dusk"  # no newline

    shown: list[int] = []

    def saved() -> bool:
        progress = window.proxy.index(0, Column.STATUS).data(ProgressRole)
        if 0 < progress < 100 and (not shown or shown[-1] != progress):
            shown.append(progress)
        return studio.status_texts() == ["Saved"]

    qtbot.waitUntil(saved, timeout=10_000)
    assert len(shown) >= 2 and shown == sorted(shown), f"the bar did not move: {shown}"
    (job,) = studio.rows()
    assert job.status is JobStatus.SAVED and job.path
    video = Path(job.path)
    assert video.parent == studio.videos
    assert looks_like_mp4(video)
    assert same_video(video, studio.sim.file_bytes(job.task_id or ""))
    assert sidecar(video)["prompt"] == "A futuristic train crossing a desert at dusk"
    assert len(studio.sim.submissions()) == 1


def test_three_variations_make_three_videos_with_their_own_seeds(
    studio: Studio, qtbot: Any
) -> None:
    window = studio.window
    form = window.form
    write_prompt(qtbot, form, "Lanterns over a river")
    set_variations(qtbot, form, 3)
    assert form.generate.text().startswith("Generate 3 videos · ")
    click(qtbot, form.generate)
    qtbot.waitUntil(lambda: len(studio.rows()) == 3, timeout=5000)
    qtbot.waitUntil(lambda: studio.status_texts() == ["Saved"] * 3, timeout=15_000)

    videos = sorted(studio.videos.glob("*.mp4"))
    assert len(videos) == 3 and all(looks_like_mp4(v) for v in videos)
    cards = [sidecar(v) for v in videos]
    assert {c["prompt"] for c in cards} == {"Lanterns over a river"}
    seeds = {c["seed"] for c in cards}
    assert len(seeds) == 3 and None not in seeds
    assert len(studio.sim.submissions()) == 3


def running_label(window: MainWindow) -> int:
    """The count the "N running" label shows (empty when none)."""
    text = window.running_label.text()
    if not text:
        return 0
    count, word = text.split()
    assert word == "running", text
    return int(count)


def test_the_running_filter_empties_as_jobs_finish(studio: Studio, qtbot: Any) -> None:
    window = studio.window
    form = window.form
    write_prompt(qtbot, form, "Neon alley, rain")
    set_variations(qtbot, form, 2)
    press(qtbot, QKeySequence("Ctrl+Return"))
    qtbot.waitUntil(lambda: len(studio.rows()) == 2, timeout=5000)

    # Pick "Running" from the filter box: open it with a click, go down one, Return.
    click(qtbot, window.status_filter)
    popup = window.status_filter.view()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible(), timeout=2000)
    assert window.status_filter.currentText() == "Running"
    assert not all(job.status.is_final for job in studio.rows()), "finished too soon to tell"
    assert len(studio.rows()) == running_label(window) == 2

    def all_finished() -> bool:
        return all(job.status.is_final for job in window.model.jobs())

    qtbot.waitUntil(all_finished, timeout=10_000)

    def running_list_is_empty() -> None:
        shown = studio.statuses()
        assert shown == [] and running_label(window) == 0, (
            f"Running shows {shown}; the label says {window.running_label.text()!r}"
        )

    qtbot.waitUntil(running_list_is_empty, timeout=2000)

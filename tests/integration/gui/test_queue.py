"""Pausing and resuming the send queue in the window, clicked and typed as a person does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.api.models import GenerationRequest
from app.engine.jobs import Job, JobStatus, new_id
from app.engine.queue import PAUSE_FILE, PauseReason, read_pause
from app.engine.store import HistoryStore
from app.paths import Paths
from app.simulator import SimulatorConfig

from .conftest import Studio
from .drive import click, press_action, set_variations, visible_windows, write_prompt


def test_the_status_bar_button_pauses_and_resumes_sending(studio: Studio, qtbot: Any) -> None:
    window = studio.window
    bar = window.status_bar
    pause_file = studio.session.paths.data / PAUSE_FILE
    assert bar.queue_button.text() == "Pause queue"

    click(qtbot, bar.queue_button)
    qtbot.waitUntil(lambda: read_pause(pause_file) is not None, timeout=5000)
    qtbot.waitUntil(lambda: bar.queue_label.text() == "Queue paused — 0 waiting", timeout=2000)
    assert bar.queue_button.text() == "Resume queue"
    assert window.queue_control.action.isChecked()

    write_prompt(qtbot, window.form, "Lanterns over a river")
    set_variations(qtbot, window.form, 2)
    qtbot.keyClick(window.form.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(studio.rows()) == 2, timeout=5000)
    qtbot.waitUntil(lambda: bar.queue_label.text() == "Queue paused — 2 waiting", timeout=2000)
    assert studio.status_texts() == ["Queued, not sent"] * 2
    assert studio.sim.submissions() == []

    # The "Queued, not sent" view shows them; "Saved" does not.
    window.status_filter.setCurrentIndex(window.status_filter.findText("Queued, not sent"))
    assert len(studio.rows()) == 2
    window.status_filter.setCurrentIndex(window.status_filter.findText("Saved"))
    assert studio.rows() == []
    window.status_filter.setCurrentIndex(0)

    click(qtbot, bar.queue_button)
    qtbot.waitUntil(lambda: studio.status_texts() == ["Saved"] * 2, timeout=15_000)
    assert read_pause(pause_file) is None
    assert bar.queue_button.text() == "Pause queue" and bar.queue_label.text() == ""
    assert len(studio.sim.submissions()) == 2


def test_a_402_pauses_with_one_line_that_says_to_top_up_and_the_shortcut_resumes(
    studio: Studio, qtbot: Any
) -> None:
    window = studio.window
    bar = window.status_bar
    studio.sim.run_out_after(1)
    write_prompt(qtbot, window.form, "Neon alley, rain")
    set_variations(qtbot, window.form, 3)
    qtbot.keyClick(window.form.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.queue_control.action.isChecked(), timeout=5000)
    qtbot.waitUntil(lambda: "Top up" in bar.queue_label.text(), timeout=2000)
    assert bar.queue_label.text().startswith("Queue paused: the FoxAPI balance is too low")
    pause = read_pause(studio.session.paths.data / PAUSE_FILE)
    assert pause is not None and pause.reason is PauseReason.QUOTA
    qtbot.waitUntil(lambda: JobStatus.SAVED.value in studio.statuses(), timeout=10_000)
    assert sorted(studio.statuses()) == ["queued", "queued", "saved"]
    assert not any(job.error_code for job in studio.rows())  # none failed
    assert visible_windows(QMessageBox) == []  # the status bar says it, once; no box per job

    studio.sim.top_up()
    window.activateWindow()
    press_action(qtbot, window.queue_control.action)
    qtbot.waitUntil(lambda: studio.statuses() == ["saved"] * 3, timeout=15_000)
    assert not window.queue_control.action.isChecked()
    assert len(studio.sim.task_ids()) == 3


def test_jobs_left_queued_are_sent_when_the_window_opens(
    open_studio: Callable[..., Studio], paths: Paths, qtbot: Any
) -> None:
    # As a `generate` killed or stopped by a 402 leaves them (the queue resumed since).
    store = HistoryStore(paths.history_db)
    for seed in (7, 8):
        store.insert(
            Job(id=new_id(), request=GenerationRequest("x", seed=seed), status=JobStatus.QUEUED)
        )
    store.close()
    studio = open_studio(SimulatorConfig(job_seconds=0.5))
    qtbot.waitUntil(lambda: studio.statuses() == ["saved"] * 2, timeout=15_000)
    assert sorted(r.json()["seed"] for r in studio.sim.submissions()) == [7, 8]

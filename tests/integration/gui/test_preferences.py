"""Preferences opened and saved while jobs run: the jobs carry on, the dialog never waits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from app.engine.jobs import JobStatus
from app.simulator import JobFaults, SimulatorConfig
from tests.videos import same_video
from ui.preferences import PreferencesDialog

from .conftest import Studio
from .drive import (
    BoxAnswerer,
    click,
    press,
    press_action,
    set_variations,
    standard,
    visible_windows,
    write_prompt,
)

NEW_KEY = "sk-typed-in-preferences-5Yh2Qm"


def submit_two(studio: Studio, qtbot: Any, prompt: str) -> None:
    """Type a prompt, two variations, Ctrl+Enter; wait for both rows."""
    form = studio.window.form
    write_prompt(qtbot, form, prompt)
    set_variations(qtbot, form, 2)
    press(qtbot, QKeySequence("Ctrl+Return"))
    qtbot.waitUntil(lambda: len(studio.rows()) == 2, timeout=5000)


def open_preferences(studio: Studio, qtbot: Any) -> PreferencesDialog:
    press_action(qtbot, studio.window.window_actions.preferences_action)
    qtbot.waitUntil(lambda: bool(visible_windows(PreferencesDialog)), timeout=3000)
    (dialog,) = visible_windows(PreferencesDialog)
    return dialog


def press_ok(dialog: PreferencesDialog, qtbot: Any) -> None:
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))


def all_saved(studio: Studio) -> Callable[[], bool]:
    return lambda: studio.status_texts() == ["Saved", "Saved"]


#: Two 400 kB videos at 100 kB/s: each download takes four seconds.
SLOW_CDN = SimulatorConfig(job_seconds=0.3, file_size=400_000)
SLOW_FAULTS = JobFaults(slow_bps=100_000)


def test_preferences_close_at_once_while_videos_download(
    open_studio: Callable[..., Studio], qtbot: Any
) -> None:
    studio = open_studio(SLOW_CDN, faults=SLOW_FAULTS)
    submit_two(studio, qtbot, "Two slow downloads")

    def downloading() -> bool:
        return all(job.status is JobStatus.DOWNLOADING and job.bytes_done for job in studio.rows())

    qtbot.waitUntil(downloading, timeout=5000)

    dialog = open_preferences(studio, qtbot)
    tabs = dialog.tabs.tabBar()
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(2).center())
    assert dialog.tabs.currentWidget().isAncestorOf(dialog.max_in_flight)
    click(qtbot, dialog.max_in_flight)
    qtbot.keyClick(dialog.max_in_flight, Qt.Key.Key_Up)
    assert dialog.max_in_flight.value() == 4
    press_ok(dialog, qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=1000)

    # It closed while both downloads were still going (so "at once" is what was measured)…
    assert downloading()
    # …the new setting already holds for new requests…
    assert studio.session.core is not None
    assert studio.session.core.engine.options.max_in_flight == 4
    # …and the downloads finish in the background.
    qtbot.waitUntil(all_saved(studio), timeout=10_000)
    for job in studio.rows():
        assert job.path and same_video(Path(job.path), studio.sim.file_bytes(job.task_id or ""))


def test_a_key_saved_without_a_keychain_keeps_the_jobs_moving(
    open_studio: Callable[..., Studio], answer: Callable[..., BoxAnswerer], qtbot: Any
) -> None:
    studio = open_studio(SimulatorConfig(job_seconds=3.0), keychain=False)
    submit_two(studio, qtbot, "Lanterns over a river")

    def processing() -> bool:
        return all(job.status is JobStatus.PROCESSING and job.progress for job in studio.rows())

    qtbot.waitUntil(processing, timeout=5000)

    dialog = open_preferences(studio, qtbot)
    click(qtbot, dialog.key_field.edit)
    qtbot.keyClicks(dialog.key_field.edit, NEW_KEY)
    progress: dict[str, int] = {}

    def remember_progress() -> None:
        progress.update({job.id: job.progress for job in studio.rows()})

    def moved() -> bool:
        return all(j.status.is_final or j.progress > progress[j.id] for j in studio.rows())

    # A person takes half a second to read the question; the jobs do not wait for them.
    answerer = answer(
        standard(QMessageBox.StandardButton.Yes), read_for=0.5, seen=remember_progress
    )
    press_ok(dialog, qtbot)
    qtbot.waitUntil(lambda: bool(answerer.answered), timeout=5000)
    _title, text = answerer.answered[0]
    assert "private file" in text and str(studio.session.keys.key_file) in text
    assert moved(), f"no progress while the question was open: {progress}"
    assert studio.loop_errors == [], "tasks failed while the question was open"

    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    assert studio.session.keys.load("file") == NEW_KEY
    remember_progress()
    qtbot.waitUntil(moved, timeout=3000)
    qtbot.waitUntil(all_saved(studio), timeout=10_000)

"""Projects and exports in the real window, with real keys and clicks; marks made on the command
line while it runs."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import opentimelineio as otio
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QWidget

from app.engine.engine import Engine
from app.engine.jobs import Flag, Job, JobStatus
from app.timeline import Timeline
from tests.children import ROOT, child_env
from tests.conftest import run_async
from ui.export_dialog import ExportDialog
from ui.job_model import Column

from .conftest import Studio
from .drive import click, press_action, set_variations, visible_windows, write_prompt

CTRL = Qt.KeyboardModifier.ControlModifier


def make_takes(studio: Studio, qtbot: Any, prompt: str, count: int) -> list[Job]:
    window = studio.window
    press_action(qtbot, window.window_actions.new_action)  # an empty prompt
    write_prompt(qtbot, window.form, prompt)
    set_variations(qtbot, window.form, count)
    click(qtbot, window.form.generate)

    def made() -> list[Job]:
        return [job for job in studio.rows() if job.request.prompt == prompt]

    qtbot.waitUntil(
        lambda: [job.status for job in made()] == [JobStatus.SAVED] * count, timeout=15_000
    )
    return made()


def click_row(
    qtbot: Any, studio: Studio, job: Job, modifier: Any = Qt.KeyboardModifier.NoModifier
) -> None:
    table = studio.window.table
    row = next(r for r, shown in enumerate(studio.rows()) if shown.id == job.id)
    rect = table.visualRect(table.model().index(row, Column.PROMPT))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def export_dialog(qtbot: Any) -> ExportDialog:
    qtbot.waitUntil(lambda: len(visible_windows(ExportDialog)) == 1)
    (dialog,) = visible_windows(ExportDialog)
    return dialog


def type_folder(qtbot: Any, dialog: ExportDialog, folder: Path) -> None:
    click(qtbot, dialog.folder)
    dialog.folder.selectAll()
    qtbot.keyClicks(dialog.folder, str(folder))


def engine(studio: Studio) -> Engine:
    core = studio.session.core
    assert core is not None
    return core.engine


def reactivate(qtbot: Any, window: QWidget) -> None:
    """The offscreen platform gives the activation back to no window after a dialog closes
    (a desktop gives it back to the window); shortcuts need an active window."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_export_the_picked_takes_from_the_window(
    studio: Studio, qtbot: Any, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    window = studio.window
    takes = make_takes(studio, qtbot, "lanterns over a river", 3)
    oldest, middle, newest = sorted(takes, key=lambda job: job.created_at)
    for job in (newest, oldest):
        run_async(qtbot, qloop, engine(studio).mark(job.id, flag=Flag.PICKED))
    click_row(qtbot, studio, middle)

    press_action(qtbot, window.window_actions.export_action)
    dialog = export_dialog(qtbot)
    # Two picked in the list, one selected: the picks are the default.
    assert dialog.picked.isChecked() and dialog.picked.isEnabled()
    assert "(2)" in dialog.picked.text() and "(1)" in dialog.selected.text()
    out = tmp_path / "cut"
    type_folder(qtbot, dialog, out)
    click(qtbot, dialog.timelines[Timeline.FCPXML])
    click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: not visible_windows(ExportDialog), timeout=10_000)
    # Said for ten seconds once the dialog has closed (checked before reading the files, which
    # takes a busy machine longer).
    qtbot.waitUntil(lambda: str(out) in window.statusBar().currentMessage())

    names = [Path(job.path or "").name for job in (oldest, newest)]
    own = ["manifest.csv", "manifest.json", "timeline.otio", "timeline.xml"]
    sidecars = [Path(n).with_suffix(".json").name for n in names]
    assert sorted(p.name for p in out.iterdir()) == sorted([*names, *sidecars, *own])
    for timeline in ("timeline.otio", "timeline.xml"):
        clips = list(otio.adapters.read_from_file(str(out / timeline)).find_clips())
        assert [clip.name for clip in clips] == [Path(n).stem for n in names]
    manifest = json.loads((out / "manifest.json").read_text())
    assert [take["task_id"] for take in manifest["takes"]] == [oldest.task_id, newest.task_id]

    # The same folder again: said in the dialog, which stays open to choose another.
    reactivate(qtbot, window)
    press_action(qtbot, window.window_actions.export_action)
    dialog = export_dialog(qtbot)
    click(qtbot, dialog.selected)
    type_folder(qtbot, dialog, out)
    click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: dialog.problem.isVisible())
    assert "already exists and is not empty" in dialog.problem.text()
    assert dialog.isVisible() and dialog.export_button.isEnabled()
    type_folder(qtbot, dialog, tmp_path / "one")
    click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: not visible_windows(ExportDialog), timeout=10_000)
    assert (tmp_path / "one" / Path(middle.path or "").name).exists()


def test_a_new_project_takes_the_next_jobs_and_filters_the_list(studio: Studio, qtbot: Any) -> None:
    window = studio.window
    make_takes(studio, qtbot, "before any project", 1)
    combo = window.form.project
    assert combo.currentText() == "No project"
    # The last item, chosen from the keyboard, asks for the new project's name.
    click(qtbot, combo)
    qtbot.keyClick(QApplication.focusWidget() or combo, Qt.Key.Key_Escape)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: len(visible_windows(QInputDialog)) == 1)
    (dialog,) = visible_windows(QInputDialog)
    qtbot.keyClicks(QApplication.focusWidget() or dialog, "  Spring   ad ")
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: combo.currentText() == "Spring ad")
    assert studio.session.settings.settings.current_project == "Spring ad"
    reactivate(qtbot, window)
    (take,) = make_takes(studio, qtbot, "blossoms", 1)
    assert take.project == "Spring ad"
    assert json.loads(Path(take.path or "").with_suffix(".json").read_text())["project"] == (
        "Spring ad"
    )

    # The list's project filter offers it, and shows only its jobs.
    projects = window.projects.filter
    assert [projects.itemText(i) for i in range(projects.count())] == [
        "All projects",
        "No project",
        "Spring ad",
    ]
    click(qtbot, projects)
    qtbot.keyClick(QApplication.focusWidget() or projects, Qt.Key.Key_Escape)
    projects.setFocus()
    qtbot.keyClick(projects, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: [job.request.prompt for job in studio.rows()] == ["blossoms"])
    qtbot.keyClick(projects, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: [job.request.prompt for job in studio.rows()] == ["before any project"])


def command_line(home: Path, *args: str) -> None:
    """``reeldesk ARGS…`` in a terminal beside the window, on the same home; it succeeds."""
    result = subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env=child_env(home),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_marks_made_on_the_command_line_show_when_the_window_is_back(
    studio: Studio, qtbot: Any, home: Path
) -> None:
    window = studio.window
    (take,) = make_takes(studio, qtbot, "a heron", 1)
    command_line(home, "pick", str(take.task_id)[-6:])
    assert window.model.job_at(0).flag == ""  # the window has not looked yet
    # The person leaves ReelDesk for the terminal and comes back.
    terminal = QWidget()
    qtbot.addWidget(terminal)
    terminal.show()
    reactivate(qtbot, terminal)
    assert window.model.job_at(0).flag == ""
    reactivate(qtbot, window)
    qtbot.waitUntil(lambda: window.model.job_at(0).flag == "picked")
    assert engine(studio).job(take.id).flag == "picked"  # type: ignore[union-attr]


def test_a_project_chosen_on_the_command_line_reaches_the_window_and_outlives_it(
    studio: Studio, qtbot: Any, home: Path
) -> None:
    window = studio.window
    command_line(home, "project", "Spring ad")
    assert window.form.project.currentText() == "No project"  # the window has not looked yet
    # Back from the terminal, the window takes it in: the form, the filter, the next take.
    terminal = QWidget()
    qtbot.addWidget(terminal)
    terminal.show()
    reactivate(qtbot, terminal)
    reactivate(qtbot, window)
    qtbot.waitUntil(lambda: window.form.project.currentText() == "Spring ad")
    assert window.projects.filter.isVisible()
    (take,) = make_takes(studio, qtbot, "a kite", 1)
    assert take.project == "Spring ad"

    # Chosen again while the window stays in front: closing writes the window's size and
    # form on top of it, not over it.
    command_line(home, "project", "Autumn")
    with qtbot.waitSignal(window.quit_requested, timeout=3000):
        press_action(qtbot, window.window_actions.quit_action)
    settings = json.loads(studio.session.paths.settings_file.read_text())
    assert settings["current_project"] == "Autumn"
    assert settings["window_state"]


def test_selected_jobs_move_to_a_project(studio: Studio, qtbot: Any) -> None:
    window = studio.window
    first, second = make_takes(studio, qtbot, "gulls", 2)
    click_row(qtbot, studio, first)
    click_row(qtbot, studio, second, CTRL)
    window.window_actions.move_action.trigger()  # Edit ▸ Move to project…
    qtbot.waitUntil(lambda: len(visible_windows(QInputDialog)) == 1)
    (dialog,) = visible_windows(QInputDialog)
    qtbot.keyClicks(QApplication.focusWidget() or dialog, "Autumn")
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: {job.project for job in studio.rows()} == {"Autumn"})
    for job in (first, second):
        card = Path(job.path or "").with_suffix(".json")
        # The history first, then the sidecar beside the video.
        qtbot.waitUntil(lambda card=card: json.loads(card.read_text())["project"] == "Autumn")
    # Moved, not made current: the next job goes where new jobs went before.
    assert window.form.current_project() == ""
    # The list's filter offers it once the rows are repainted (a few times a second).
    qtbot.waitUntil(lambda: window.projects.filter.findText("Autumn") >= 0)

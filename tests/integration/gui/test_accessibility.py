"""What a screen reader hears: every control of the real window and its dialogs has a name,
and a running job in the list says its prompt, its status and how far it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)

from app.engine.jobs import JobStatus
from app.messages import Catalogue
from app.present import parameters_text
from app.simulator import SimulatorConfig
from tests.unit.ui.test_compare import take
from ui.compare import CompareWindow
from ui.export_dialog import ExportDialog
from ui.preferences import PreferencesDialog
from ui.repair import RepairDialog

from .conftest import Studio
from .drive import press, press_action, visible_windows, write_prompt

#: What QtMultimedia says about this machine (no GPU, no sound device), not about ReelDesk;
#: on the test itself, as the folder's own marker would take the place of a module's.
machine_talk = pytest.mark.qt_log_ignore(
    "Couldn't (load|resolve) .* (library|symbols)",
    "No HW decoder found",
    "No audio device detected",
    "PulseAudioService",
    r"No RHI backend",
)


def _inner(widget: QWidget) -> bool:
    """A part of a composite control that a screen reader meets as the whole: the text field
    inside a spin box or an editable combo box, the clear button of a text field."""
    parent = widget.parentWidget()
    return isinstance(parent, QAbstractSpinBox | QComboBox | QLineEdit)


def nameless(root: QWidget) -> list[str]:
    """Every control under ``root`` (itself included) a person can reach or press but a screen
    reader would announce with no name: described by class and object name."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        reachable = widget.focusPolicy() != Qt.FocusPolicy.NoFocus
        if not (reachable or isinstance(widget, QAbstractButton)) or _inner(widget):
            continue
        if widget.window() is not root or not widget.isVisible():
            continue  # in a pop-up or a dialog of its own (walked when shown), or not shown
        accessible = QAccessible.queryAccessibleInterface(widget)
        name = accessible.text(QAccessible.Text.Name).strip() if accessible else ""
        if not name:
            parent = widget.parentWidget()
            where = type(parent).__name__ if parent else "-"
            hint = widget.toolTip() or getattr(widget, "placeholderText", str)()
            found.append(f"{type(widget).__name__} {hint!r} in {where}")
    return found


def assert_named(root: QWidget) -> None:
    missing = nameless(root)
    assert not missing, "no accessible name:\n" + "\n".join(missing)


@pytest.fixture
def quick(open_studio: Any) -> Studio:
    return open_studio(SimulatorConfig(job_seconds=30))


@machine_talk
def test_every_control_of_the_window_and_its_dialogs_has_a_name(
    quick: Studio, qtbot: Any, tmp_path: Path
) -> None:
    window = quick.window
    assert_named(window)
    window.window_actions.gallery_action.trigger()  # the gallery and its slider too
    assert_named(window)

    press_action(qtbot, window.window_actions.preferences_action)
    qtbot.waitUntil(lambda: bool(visible_windows(PreferencesDialog)), timeout=3000)
    (preferences,) = visible_windows(PreferencesDialog)
    assert isinstance(preferences, PreferencesDialog)
    for page in range(preferences.tabs.count()):
        preferences.tabs.setCurrentIndex(page)
        assert_named(preferences)
    preferences.reject()

    catalogue = Catalogue("en")
    jobs = [take(tmp_path, 1), take(tmp_path, 2)]
    export = ExportDialog(
        window,
        picked=jobs,
        selected=jobs[:1],
        folder=tmp_path,
        tasks=quick.session.tasks,
        catalogue=lambda: catalogue,
    )
    repair = RepairDialog(
        quick.session.paths, lambda: tmp_path, catalogue, quick.session.tasks, problem=""
    )
    compare = CompareWindow(jobs, catalogue, window)
    try:
        for dialog in (export, repair, compare):
            dialog.show()
            qtbot.waitExposed(dialog)
            assert_named(dialog)
    finally:
        for dialog in (export, repair, compare):
            dialog.close()
            dialog.deleteLater()


def test_a_running_job_says_its_status_and_percent(quick: Studio, qtbot: Any) -> None:
    window = quick.window
    write_prompt(qtbot, window.form, "a fox on the moon")
    press(qtbot, QKeySequence("Ctrl+Return"))
    qtbot.waitUntil(
        lambda: (
            [job.status for job in quick.rows()] == [JobStatus.PROCESSING]
            and quick.rows()[0].progress > 0
        ),
        timeout=8000,
    )
    window.model.flush()
    job = quick.rows()[0]
    table = QAccessible.queryAccessibleInterface(window.table)
    assert table is not None
    cells = [table.child(i) for i in range(table.childCount())]
    heard = {
        cell.text(QAccessible.Text.Name) for cell in cells if cell.role() == QAccessible.Role.Cell
    }
    said = f"a fox on the moon — Generating {job.progress}%"
    assert said in heard, heard
    described = {
        cell.text(QAccessible.Text.Description)
        for cell in cells
        if cell.text(QAccessible.Text.Name) == said
    }
    settings = parameters_text(job.request, Catalogue("en"))
    assert described == {settings}, described

    window.window_actions.gallery_action.trigger()
    gallery = QAccessible.queryAccessibleInterface(window.gallery)
    assert gallery is not None
    tiles = [gallery.child(i).text(QAccessible.Text.Name) for i in range(gallery.childCount())]
    assert any(tile.startswith("a fox on the moon — Generating") for tile in tiles), tiles

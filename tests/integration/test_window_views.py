"""The real window's views as a person sees them: live filters, themes switched while the app
is open, user text shown literally, the details pane in a small window. Real widgets, real key
and mouse events, a real engine against the simulator on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QTextDocument
from PySide6.QtWidgets import QLabel

from app.engine.jobs import JobStatus
from app.messages import Catalogue
from app.paths import Paths
from app.settings import SettingsStore
from app.simulator import Simulator, SimulatorConfig
from tests.conftest import run_async
from ui.job_model import Column
from ui.main_window import MainWindow, WindowServices
from ui.tasks import TaskRunner

from .helpers import EngineParts, build_engine


class Views:
    def __init__(self, window: MainWindow, parts: EngineParts, sim: Simulator) -> None:
        self.window = window
        self.engine = parts.engine
        self.sim = sim


@pytest.fixture
def views(qtbot: Any, qloop: asyncio.AbstractEventLoop, paths: Paths) -> Iterator[Views]:
    sim = Simulator(SimulatorConfig(job_seconds=0.8)).start()
    parts = build_engine(paths, sim.base_url)
    run_async(qtbot, qloop, parts.engine.start())
    window = MainWindow(
        WindowServices(
            engine=parts.engine,
            settings=SettingsStore(paths.settings_file),
            catalogue=Catalogue("en"),
            tasks=TaskRunner(lambda _e: None),
            backend_label="Live · test",
            demo=False,
            videos_dir=lambda: paths.videos,
            log_dir=paths.logs,
            balance=None,
        )
    )
    window.resize(1280, 720)
    window.show()
    yield Views(window, parts, sim)
    window.quit(ask=False)
    window.deleteLater()
    run_async(qtbot, qloop, parts.close())
    sim.stop()


def generate(qtbot: Any, window: MainWindow, prompt: str, count: int = 1) -> None:
    """Type a prompt and press Ctrl+Enter, as a person would."""
    window.form.count.setValue(count)
    qtbot.mouseClick(window.form.prompt.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(window.form.prompt, prompt)
    qtbot.keyClick(window.form.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_the_running_filter_empties_as_jobs_finish(views: Views, qtbot: Any) -> None:
    window = views.window
    views.sim.config.job_seconds = 2.0
    window.status_filter.setFocus()  # a click would open the popup, which grabs the keyboard
    qtbot.keyClick(window.status_filter, Qt.Key.Key_Down)
    assert window.status_filter.currentText() == "Running"
    generate(qtbot, window, "Lanterns over a river", count=2)
    table = window.table.model()
    qtbot.waitUntil(lambda: table.rowCount() == 2, timeout=5000)
    qtbot.waitUntil(lambda: window.running_label.text() == "2 running", timeout=5000)
    qtbot.waitUntil(
        lambda: all(job.status is JobStatus.SAVED for job in views.engine.jobs), timeout=15_000
    )
    # The list and the counter agree once the repaint that carries the change has run.
    qtbot.waitUntil(lambda: table.rowCount() == 0, timeout=2000)
    assert window.running_label.text() == ""


def shown(label: QLabel) -> str:
    """The text a person sees (and a screen reader reads): markup is interpreted if Qt took
    the text for rich text."""
    interface = QAccessible.queryAccessibleInterface(label)
    assert interface is not None
    return interface.text(QAccessible.Text.Name)


def click_row(qtbot: Any, window: MainWindow, row: int) -> None:
    table = window.table
    rect = table.visualRect(table.model().index(row, Column.PROMPT))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_prompts_and_file_names_show_literally_never_as_html(views: Views, qtbot: Any) -> None:
    window = views.window
    qtbot.mouseClick(window.form.advanced_toggle, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(window.form.negative_prompt, "<u>blur</u>")
    prompt = "<b>bold</b> lanterns &amp; <i>rain</i>"
    generate(qtbot, window, prompt)
    qtbot.waitUntil(
        lambda: [j.status for j in views.engine.jobs] == [JobStatus.SAVED], timeout=10_000
    )
    window.model.flush()
    click_row(qtbot, window, 0)
    details = window.details
    qtbot.waitUntil(lambda: details.job is not None)
    assert shown(details.title) == prompt
    assert shown(details._fields["params"]).endswith("avoid: <u>blur</u>")
    path = views.engine.jobs[0].path
    assert path and shown(details._fields["file"]) == path
    # The list's tooltip shows the prompt as typed too.
    tip = window.table.model().index(0, Column.PROMPT).data(Qt.ItemDataRole.ToolTipRole)
    document = QTextDocument()
    document.setHtml(tip)
    assert document.toPlainText() == prompt

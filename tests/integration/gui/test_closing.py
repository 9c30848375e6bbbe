"""Closing the window while jobs run: ReelDesk asks first, and the answer holds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.simulator import SimulatorConfig

from .conftest import Studio
from .drive import BoxAnswerer, labelled, press_action, standard, write_prompt


def test_closing_with_jobs_running_asks_and_the_answer_holds(
    open_studio: Callable[..., Studio], answer: Callable[..., BoxAnswerer], qtbot: Any
) -> None:
    studio = open_studio(SimulatorConfig(job_seconds=30, pending_share=0))
    window = studio.window
    write_prompt(qtbot, window.form, "A long one")
    qtbot.keyClick(window.form.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: studio.statuses() == ["processing"], timeout=5000)

    # The title bar's close button (the window system asks the window to close): Cancel.
    answerer = answer(standard(QMessageBox.StandardButton.Cancel))
    handle = window.windowHandle()
    assert handle is not None
    handle.close()
    qtbot.waitUntil(lambda: bool(answerer.answered), timeout=3000)
    title, text = answerer.answered[0]
    assert title == "Jobs are still running"
    assert text == "A job is still being generated or saved."
    qtbot.wait(100)
    assert window.isVisible()
    assert studio.statuses() == ["processing"]

    # File › Quit by its shortcut: Quit. (Offscreen there is no window manager to hand the
    # focus back once the box has gone.)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    answerer = answer(labelled("Quit"))
    with qtbot.waitSignal(window.quit_requested, timeout=3000):
        press_action(qtbot, window.window_actions.quit_action)
    assert [title for title, _text in answerer.answered] == ["Jobs are still running"]
    assert not window.isVisible()

"""What the window says a video costs, as demo mode is switched on and off in Preferences, read
in either theme."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.integration.test_window_views import on_screen, strongest_contrast, switch_theme

from .conftest import Studio
from .test_preferences import open_preferences

PAID = "Each video is a separate, paid submission."
FREE = "Demo mode: the built-in simulator makes the videos, at no cost."


def switch_demo_mode(studio: Studio, qtbot: Any, demo: bool) -> None:
    """Preferences, Alt+D for the demo check box, Return for OK."""
    dialog = open_preferences(studio, qtbot)
    assert dialog.demo.isChecked() != demo
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.demo.isChecked() == demo, timeout=2000)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    # A desktop hands the focus back to the window; the offscreen platform leaves it to us.
    studio.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is studio.window, timeout=3000)


def test_the_form_says_demo_videos_cost_nothing(studio: Studio, qtbot: Any) -> None:
    note = studio.window.form.cost_note
    assert note.text() == PAID
    switch_demo_mode(studio, qtbot, True)
    assert note.text() == FREE
    assert studio.window.status_bar.balance_label.text() == ""
    switch_demo_mode(studio, qtbot, False)
    assert note.text() == PAID


def test_the_cost_note_is_readable_in_either_theme(
    studio: Studio, qtbot: Any, qapp: QApplication
) -> None:
    window = studio.window
    note = window.form.cost_note
    style, palette = qapp.style().name(), qapp.palette()
    try:
        for theme in ("light", "dark"):
            switch_theme(qtbot, qapp, window, theme)
            # Secondary, but text all the same: WCAG AA, not the greyed-out look of a
            # disabled control.
            assert strongest_contrast(on_screen(note)) >= 4.5, theme
    finally:
        qapp.setStyle(style)
        qapp.setPalette(palette)

"""Finding and answering the message box a test expects on screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox


def open_boxes() -> list[QMessageBox]:
    """Every message box on screen, as a person would see them."""
    found: list[QMessageBox] = []
    for widget in QApplication.allWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            found.append(widget)
    return found


def wait_for_box(qtbot: Any, timeout: int = 5000) -> QMessageBox:
    qtbot.waitUntil(lambda: len(open_boxes()) == 1, timeout=timeout)
    return open_boxes()[0]


def click(qtbot: Any, box: QMessageBox, button: QMessageBox.StandardButton) -> None:
    """Press one of the box's standard buttons with the mouse."""
    widget = box.button(button)
    assert widget is not None, f"no {button} button on the box"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

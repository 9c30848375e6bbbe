"""Work that waits for a window's first paint.

What a window's first frame does not show (the tray icon, the desktop's notification service,
the parts behind a menu) is better started once that frame is out. A zero-timer set before
``show()`` is not enough: Qt runs it before the paint that ``show()`` asks for.

Python's cycle collector can wait too (``HeldCollection``): while the window's code loads and
its widgets are made, nearly every new object lives on, and each collection would walk them
all again for nothing."""

from __future__ import annotations

import gc
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            # A turn later: the frame is painted and on its way to the screen by then. The
            # widget as context: nothing runs if it is gone meanwhile.
            QTimer.singleShot(0, self._widget, self._then)
            self.deleteLater()
        return False


def after_first_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` once ``widget`` has painted for the first time (shown now or later)."""
    _FirstPaint(widget, then)


class HeldCollection:
    """The cycle collector held off from ``hold()`` until ``resume()``; reference counting
    still frees what is dropped meanwhile. Resumes only what it held."""

    def __init__(self) -> None:
        self._held = False

    def hold(self) -> None:
        if gc.isenabled():
            gc.disable()
            self._held = True

    def resume(self) -> None:
        if self._held:
            self._held = False
            gc.enable()

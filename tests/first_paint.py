"""The first paint of a process's main window, seen from inside that process: the start-up
benchmark's child (``tests/bench/startup_child.py``) and the lazy-loading test's child
(``tests/integration/test_startup_lazy.py``) both time or inspect it.

The filter watches every object only until the main window exists, then that window alone.
Every event that passes through a Python filter costs time, and a filter on every widget's
events would itself make the Python classes of the widgets it sees: the real window has some
250 widgets where the bare baseline has three, so an application-wide filter would weigh on
ReelDesk's figure alone. Imported before the ``QApplication`` is made, by both sides of a
comparison alike."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstPaint(QObject):
    """Calls ``painted(window)`` once, at the first paint of the first main window."""

    def __init__(self, app: QApplication, painted: Callable[[QMainWindow], None]) -> None:
        super().__init__()
        self._app = app
        self._painted = painted
        self._narrowed = False
        self._done = False
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._done or not isinstance(watched, QMainWindow):
            return False
        if not self._narrowed:
            # Its first events come while it is being made: the wrapper seen here may not be
            # the one Python ends up with, so the window is handed over as painted.
            self._narrowed = True
            self._app.removeEventFilter(self)
            watched.installEventFilter(self)
        if event.type() == QEvent.Type.Paint:
            self._done = True
            watched.removeEventFilter(self)
            self._painted(watched)
        return False

"""Pausing and resuming the send queue from the window.

One checkable action is the menu item, its shortcut and the status bar's button, so all three
always agree. The status bar's line about the queue ("Queue paused — 3 waiting", or the one
message that says to top up after a 402) follows the engine's ``queue_changed`` and job events,
coalesced: a batch of changes redraws it once. Its strings keep the ``MainWindow`` translation
context, like the rest of the window's.
"""

from __future__ import annotations

from collections.abc import Callable

from psygnal import SignalInstance
from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from shiboken6 import isValid

from app.engine.engine import Engine
from app.engine.jobs import Job
from app.messages import Catalogue
from app.present import queue_text
from ui.status_bar import WindowStatusBar
from ui.tasks import TaskRunner

#: The line is redrawn at most this often while jobs change.
REFRESH_MS = 200


class QueueControl(QObject):
    """``action`` pauses (checked) and resumes the queue; the status bar shows how it stands."""

    def __init__(
        self,
        engine: Engine,
        tasks: TaskRunner,
        status_bar: WindowStatusBar,
        catalogue: Catalogue,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._tasks = tasks
        self._status_bar = status_bar
        self._catalogue = catalogue
        self.action = QAction(QCoreApplication.translate("MainWindow", "Pa&use queue"), parent)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.action.setToolTip(
            QCoreApplication.translate(
                "MainWindow", "Pause or resume sending jobs that wait in the queue (Ctrl+Shift+P)"
            )
        )
        self.action.triggered.connect(self._on_action_triggered)
        status_bar.set_queue_action(self.action)
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.refresh)
        events = engine.events
        self._connections: list[tuple[SignalInstance, Callable[..., None]]] = [
            (events.queue_changed, self._schedule),
            (events.job_added, self._on_job),
            (events.job_changed, self._on_job),
            (events.job_removed, self._on_job),
            (events.history_loaded, self._schedule),
        ]
        for signal, slot in self._connections:
            signal.connect(slot)
        self.refresh()

    def close(self) -> None:
        """Stop listening (the window is closing for good)."""
        for signal, slot in self._connections:
            signal.disconnect(slot)
        self._connections.clear()
        self._refresh.stop()

    def refresh(self) -> None:
        queue = self._engine.queue
        paused = queue.paused
        self.action.setChecked(paused is not None)
        self.action.setText(
            QCoreApplication.translate("MainWindow", "Res&ume queue")
            if paused is not None
            else QCoreApplication.translate("MainWindow", "Pa&use queue")
        )
        waiting = self._engine.queued()
        reason = paused.reason.value if paused is not None else None
        self._status_bar.set_queue(
            queue_text(waiting, reason, self._catalogue), problem=reason == "quota"
        )

    def _on_job(self, _job: Job | str) -> None:
        self._schedule()

    def _schedule(self) -> None:
        if not self._refresh.isActive():
            self._refresh.start()

    def _on_action_triggered(self, checked: bool) -> None:
        name = "pause-queue" if checked else "resume-queue"
        self._tasks.run(self._toggle(checked), name=name, owner=self)

    async def _toggle(self, pause: bool) -> None:
        try:
            await (self._engine.pause_queue() if pause else self._engine.resume_queue())
        finally:
            # Shows the truth even when it failed (the pause file could not be written): the
            # failure itself is shown by the task runner.
            if isValid(self):
                self.refresh()

"""The tray icon and its notifications: a note when a batch of jobs ends, the running count in
its tooltip, and a way back to the window (or to the saved videos) from the tray.

Its strings keep the ``MainWindow`` translation context they had before the window was split."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QUrl
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from app.engine.engine import Engine
from app.engine.jobs import Job, JobStatus


class BatchWatcher:
    """Listens to the engine and reports a batch when all its jobs are final.

    It keeps the jobs of the batches still open itself, as they are announced: finding a
    batch's jobs among every job of a large history, at every job that ends, would cost the
    window a pause each time."""

    def __init__(self, finished: Callable[[list[Job]], None]) -> None:
        self._finished = finished
        self._open: dict[str, dict[str, Job]] = {}

    def job_added(self, job: Job) -> None:
        self._open.setdefault(job.batch_id, {})[job.id] = job

    def job_changed(self, job: Job) -> None:
        batch = self._open.get(job.batch_id)
        if batch is None or job.id not in batch:
            return
        batch[job.id] = job
        if job.status.is_final and all(j.status.is_final for j in batch.values()):
            del self._open[job.batch_id]
            self._finished(list(batch.values()))

    def job_removed(self, job_id: str) -> None:
        for batch_id, batch in list(self._open.items()):
            if batch.pop(job_id, None) is not None and not batch:
                del self._open[batch_id]


class Tray(QObject):
    """Watches batches from the start; the icon itself appears on ``show()`` (after the first
    paint) where the desktop has a tray."""

    def __init__(
        self,
        engine: Engine,
        window: QWidget,
        *,
        icon: QIcon,
        show_window: Callable[[], None],
        quit: Callable[[], None],
        notifications: Callable[[], bool],
        batch_finished: Callable[[list[Job]], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._icon_image = icon
        self._show_window = show_window
        self._quit = quit
        self._notifications = notifications
        self._batch_finished = batch_finished
        self._icon: QSystemTrayIcon | None = None
        self._last_saved_folder: Path | None = None
        self._unsubscribe: Callable[[], None] | None = engine.subscribe(
            BatchWatcher(self._on_batch_finished)
        )

    @property
    def available(self) -> bool:
        """Whether the icon is there, so the window can hide into it."""
        return self._icon is not None

    def show(self) -> None:
        if self._icon is not None or not QSystemTrayIcon.isSystemTrayAvailable():
            return
        icon = QSystemTrayIcon(self._icon_image, self)
        menu = QMenu(self._window)
        menu.addAction(QCoreApplication.translate("MainWindow", "Show ReelDesk"), self._show_window)
        menu.addSeparator()
        menu.addAction(QCoreApplication.translate("MainWindow", "Quit"), self._quit)
        icon.setContextMenu(menu)
        icon.setToolTip("ReelDesk")
        icon.activated.connect(lambda _reason: self._show_window())
        icon.messageClicked.connect(self._on_icon_message_clicked)
        icon.show()
        self._icon = icon

    def close(self) -> None:
        """Stop listening and take the icon away (the window is closing for good)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._icon is not None:
            self._icon.hide()

    def set_running(self, running: int) -> None:
        if self._icon is not None:
            text = QCoreApplication.translate("MainWindow", "%n running", "", running)
            self._icon.setToolTip(f"ReelDesk — {text}" if running else "ReelDesk")

    def _on_batch_finished(self, jobs: list[Job]) -> None:
        self._batch_finished(jobs)
        saved_jobs = [j for j in jobs if j.status is JobStatus.SAVED]
        saved = len(saved_jobs)
        failed = len(jobs) - saved
        if saved_jobs and saved_jobs[0].path:
            self._last_saved_folder = Path(saved_jobs[0].path).parent
        if self._icon is None or not self._notifications():
            return
        parts = []
        if saved:
            parts.append(QCoreApplication.translate("MainWindow", "%n saved", "", saved))
        if failed:
            parts.append(QCoreApplication.translate("MainWindow", "%n failed", "", failed))
        prompt = jobs[0].request.prompt
        prompt = prompt if len(prompt) <= 60 else prompt[:59] + "…"
        kind = (
            QSystemTrayIcon.MessageIcon.Information
            if not failed
            else QSystemTrayIcon.MessageIcon.Warning
        )
        self._icon.showMessage(", ".join(parts), prompt, kind, 8000)

    def _on_icon_message_clicked(self) -> None:
        if self._last_saved_folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._last_saved_folder)))
        else:
            self._show_window()

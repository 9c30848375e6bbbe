"""The tray icon and its notifications: a note when a batch of jobs ends, the running count in
its tooltip, and a way back to the window (or to the saved videos) from the tray.

The note goes to the desktop's notification service where there is one (``ui.notify``; clicking
it reveals the saved video), and to the tray icon's balloon otherwise.

Its strings keep the ``MainWindow`` translation context they had before the window was split."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QWidget

from app.engine.engine import Engine
from app.engine.jobs import Job, JobStatus
from app.errors import ReelDeskError
from ui.job_commands import open_local, reveal_in_file_manager
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon

    from ui.notify import DesktopNotifications

log = logging.getLogger(__name__)


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
        reveal: Callable[[Path], None] = reveal_in_file_manager,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._icon_image = icon
        self._show_window = show_window
        self._quit = quit
        self._notifications = notifications
        self._batch_finished = batch_finished
        self._icon: QSystemTrayIcon | None = None
        #: Show, a line, Quit: the icon's menu (``retranslate`` words them).
        self._menu_actions: list[QAction] = []
        self._reveal = reveal
        #: The desktop's notification service, once asked for (``None``: there is none).
        self._desktop: DesktopNotifications | None = None
        self._desktop_asked = False
        self._tasks = TaskRunner(self._on_notification_failed)
        self._last_saved_folder: Path | None = None
        self._unsubscribe: Callable[[], None] | None = engine.subscribe(
            BatchWatcher(self._on_batch_finished)
        )

    @property
    def available(self) -> bool:
        """Whether the icon is there, so the window can hide into it."""
        return self._icon is not None

    def show(self) -> None:
        if not self._desktop_asked:
            # Asked once, after the first paint: a desktop without a tray may still notify.
            from ui.notify import DesktopNotifications

            self._desktop_asked = True
            self._tasks.run(
                DesktopNotifications.open(self._reveal),
                name="open-desktop-notifications",
                on_success=self._on_desktop_opened,
                owner=self,
            )
        # Here, not at the top: the tray icon is made after the first paint, and making the
        # Python class of QSystemTrayIcon is part of what the first paint need not wait for.
        from PySide6.QtWidgets import QSystemTrayIcon

        if self._icon is not None or not QSystemTrayIcon.isSystemTrayAvailable():
            return
        icon = QSystemTrayIcon(self._icon_image, self)
        menu = QMenu(self._window)
        self._menu_actions = [
            menu.addAction("", self._show_window),
            menu.addSeparator(),
            menu.addAction("", self._quit),
        ]
        icon.setContextMenu(menu)
        icon.setToolTip("ReelDesk")
        icon.activated.connect(lambda _reason: self._show_window())
        icon.messageClicked.connect(self._on_icon_message_clicked)
        icon.show()
        self._icon = icon
        self.retranslate()

    def retranslate(self) -> None:
        """The menu's words again, in the language now installed (the window calls it on
        ``LanguageChange``)."""
        if self._icon is None:
            return
        show, _line, quit_action = self._menu_actions
        show.setText(QCoreApplication.translate("MainWindow", "Show ReelDesk"))
        quit_action.setText(QCoreApplication.translate("MainWindow", "Quit"))

    def close(self) -> None:
        """Stop listening and take the icon away (the window is closing for good)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._icon is not None:
            self._icon.hide()
        if self._desktop is not None:
            self._desktop.close()
            self._desktop = None

    @property
    def desktop_notifications(self) -> bool:
        """Whether notes go to the desktop's notification service (else to the tray)."""
        return self._desktop is not None and self._desktop.alive

    def _on_desktop_opened(self, desktop: DesktopNotifications | None) -> None:
        if self._unsubscribe is None:  # closed meanwhile
            if desktop is not None:
                desktop.close()
            return
        self._desktop = desktop

    def set_running(self, running: int) -> None:
        if self._icon is not None:
            text = QCoreApplication.translate("MainWindow", "%n running", "", running)
            self._icon.setToolTip(f"ReelDesk — {text}" if running else "ReelDesk")

    def _on_batch_finished(self, jobs: list[Job]) -> None:
        self._batch_finished(jobs)
        saved_jobs = [j for j in jobs if j.status is JobStatus.SAVED]
        saved = len(saved_jobs)
        failed = len(jobs) - saved
        first_saved = Path(saved_jobs[0].path) if saved_jobs and saved_jobs[0].path else None
        if first_saved is not None:
            self._last_saved_folder = first_saved.parent
        if not self._notifications():
            return
        parts = []
        if saved:
            parts.append(QCoreApplication.translate("MainWindow", "%n saved", "", saved))
        if failed:
            parts.append(QCoreApplication.translate("MainWindow", "%n failed", "", failed))
        prompt = jobs[0].request.prompt
        prompt = prompt if len(prompt) <= 60 else prompt[:59] + "…"
        summary = ", ".join(parts)
        desktop = self._desktop
        if desktop is not None and desktop.alive:
            self._tasks.run(
                self._notify_desktop(desktop, summary, prompt, first_saved, failed > 0),
                name="desktop-notification",
                owner=self,
            )
            return
        self._show_in_tray(summary, prompt, failed > 0)

    async def _notify_desktop(
        self,
        desktop: DesktopNotifications,
        summary: str,
        body: str,
        reveal: Path | None,
        warning: bool,
    ) -> None:
        try:
            await desktop.show(summary, body, reveal)
        except (OSError, EOFError) as exc:  # the bus went away: the tray says it instead
            log.info("desktop notification not sent: %s", exc)
            self._show_in_tray(summary, body, warning)

    def _show_in_tray(self, summary: str, body: str, warning: bool) -> None:
        if self._icon is None:
            return
        from PySide6.QtWidgets import QSystemTrayIcon

        kind = (
            QSystemTrayIcon.MessageIcon.Warning
            if warning
            else QSystemTrayIcon.MessageIcon.Information
        )
        self._icon.showMessage(summary, body, kind, 8000)

    def _on_notification_failed(self, error: ReelDeskError) -> None:
        log.warning("desktop notification failed: %s", error.details)

    def _on_icon_message_clicked(self) -> None:
        if self._last_saved_folder is not None:
            open_local(self._last_saved_folder)
        else:
            self._show_window()

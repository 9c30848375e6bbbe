"""The main window: the form on the left, the live job list and details on the right."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QItemSelection,
    QModelIndex,
    QPoint,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QSystemTrayIcon,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.api.client import Balance
from app.api.errors import ReelDeskError
from app.api.models import GenerationRequest
from app.engine.engine import Engine
from app.engine.jobs import Job, JobStatus
from app.messages import Catalogue
from app.redact import redact
from app.settings import SettingsStore
from ui.delegates import ProgressDelegate
from ui.details import DetailsPane
from ui.form import GenerationForm
from ui.job_model import (
    Column,
    JobFilterProxy,
    JobRole,
    JobTableModel,
    StatusFilter,
    ThumbnailSource,
    format_credits,
)
from ui.tasks import TaskRunner

BALANCE_INTERVAL_MS = 5 * 60 * 1000
FIRST_BALANCE_DELAY_MS = 1500


@dataclass
class WindowServices:
    """The narrow things the window needs, handed over by the composition root."""

    engine: Engine
    settings: SettingsStore
    catalogue: Catalogue
    tasks: TaskRunner
    backend_label: str
    demo: bool
    videos_dir: Callable[[], Path]
    log_dir: Path
    thumbnails: ThumbnailSource | None = None
    balance: Callable[[], Coroutine[Any, Any, Balance | None]] | None = None
    open_preferences: Callable[[], None] | None = None
    icon: QIcon | None = None


class BatchWatcher:
    """Listens to the engine and reports a batch when all its jobs are final."""

    def __init__(self, engine: Engine, finished: Callable[[list[Job]], None]) -> None:
        self._engine = engine
        self._finished = finished
        self._open: set[str] = set()

    def job_added(self, job: Job) -> None:
        self._open.add(job.batch_id)

    def job_changed(self, job: Job) -> None:
        if job.batch_id not in self._open or not job.status.is_final:
            return
        batch = [j for j in self._engine.jobs if j.batch_id == job.batch_id]
        if all(j.status.is_final for j in batch):
            self._open.discard(job.batch_id)
            self._finished(batch)

    def job_removed(self, job_id: str) -> None:
        pass


class JobTable(QTableView):
    """The job list. In a narrow window it keeps each job's prompt and status in view: the
    credits, time and settings columns (all shown in the details pane too) step aside, in that
    order, rather than push the status out of sight behind a horizontal scroll bar."""

    #: (column, the list width in pixels below which it is hidden)
    NARROW = ((Column.CREDITS, 860), (Column.TIME, 780), (Column.PARAMS, 620))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = event.size().width()
        for column, below in self.NARROW:
            self.setColumnHidden(column, width < below)


class MainWindow(QMainWindow):
    quit_requested = Signal()

    def __init__(self, services: WindowServices) -> None:
        super().__init__()
        self._services = services
        self._engine = services.engine
        self._catalogue = services.catalogue
        self._tasks = services.tasks
        self._force_quit = False
        self._tray: QSystemTrayIcon | None = None
        self._last_saved_folder: Path | None = None
        self.model = JobTableModel(
            self._engine.jobs, self._catalogue, thumbnails=services.thumbnails, parent=self
        )
        self._unsubscribe = [
            self._engine.subscribe(self.model),
            self._engine.subscribe(BatchWatcher(self._engine, self._on_batch_finished)),
        ]
        self.proxy = JobFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._setup_ui()
        self._setup_actions()
        self._restore_state()
        # The tray icon is not needed for the first paint.
        QTimer.singleShot(0, self._setup_tray)
        self._balance_timer = QTimer(self)
        self._balance_timer.setInterval(BALANCE_INTERVAL_MS)
        self._balance_timer.timeout.connect(self.refresh_balance)
        if services.balance is not None:
            self._balance_timer.start()
            # Not in the way of the first paint and the history load.
            QTimer.singleShot(FIRST_BALANCE_DELAY_MS, self.refresh_balance)
        self._update_counts()
        self.form.prompt.setFocus()

    # -- building -------------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.setWindowTitle("ReelDesk")
        if self._services.icon is not None:
            self.setWindowIcon(self._services.icon)
        self.form = GenerationForm(self._catalogue)
        settings = self._services.settings.settings
        self.form.apply_defaults(settings.defaults)
        self.form.generate_requested.connect(self._on_form_generate_requested)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 12, 12, 8)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search prompts…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_text)
        self.status_filter = QComboBox()
        for key, text in (
            (StatusFilter.ALL, self.tr("All")),
            (StatusFilter.ACTIVE, self.tr("Running")),
            (StatusFilter.SAVED, self.tr("Saved")),
            (StatusFilter.PROBLEMS, self.tr("Needs attention")),
        ):
            self.status_filter.addItem(text, key)
        self.status_filter.currentIndexChanged.connect(self._on_status_filter_changed)
        self.running_label = QLabel()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.running_label)
        right_layout.addLayout(bar)

        self.table = JobTable()
        self.table.setModel(self.proxy)
        self.table.setItemDelegateForColumn(Column.STATUS, ProgressDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.TIME, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(60)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(Column.THUMB, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(Column.THUMB, 104)
        header.setSectionResizeMode(Column.PROMPT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(Column.PARAMS, 130)
        header.resizeSection(Column.STATUS, 190)
        header.resizeSection(Column.TIME, 130)
        header.resizeSection(Column.CREDITS, 64)
        self.table.setIconSize(QSize(96, 54))
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.dataChanged.connect(self._on_model_data_changed)
        self.model.rowsInserted.connect(self._update_counts)
        self.model.rowsRemoved.connect(self._update_counts)
        self.model.modelReset.connect(self._update_counts)

        self.details = DetailsPane(self._catalogue)
        self.details.open_requested.connect(self.open_video)
        self.details.reveal_requested.connect(self.reveal_video)
        self.details.reuse_requested.connect(self.reuse_settings)
        self.details.submit_again_requested.connect(self.submit_again)
        self.details.stop_requested.connect(self.stop_tracking)
        self.details.retry_requested.connect(self.retry_saving)
        self.details.raw_requested.connect(self.show_raw_reply)

        self.right_split = QSplitter(Qt.Orientation.Vertical)
        self.right_split.addWidget(self.table)
        self.right_split.addWidget(self.details)
        self.right_split.setStretchFactor(0, 3)
        self.right_split.setStretchFactor(1, 1)
        self.right_split.setCollapsible(0, False)
        # Room for the whole details pane at the default size; a shorter window scrolls it.
        self.right_split.setSizes([440, 250])
        right_layout.addWidget(self.right_split, 1)

        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.form)
        self.split.addWidget(right)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 1)
        self.split.setCollapsible(1, False)
        self.split.setSizes([340, 900])
        self.setCentralWidget(self.split)

        status = self.statusBar()
        self.backend_label = QLabel()
        self.set_backend(self._services.backend_label, self._services.demo)
        self.flight_label = QLabel()
        self.balance_label = QLabel()
        status.addWidget(self.backend_label)
        status.addWidget(self.flight_label, 1)
        status.addPermanentWidget(self.balance_label)

    def _setup_actions(self) -> None:
        menu = self.menuBar()

        def action(
            text: str,
            slot: Callable[[], object],
            shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        ) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(lambda _checked=False: slot())
            return act

        file_menu = menu.addMenu(self.tr("&File"))
        self.new_action = action(
            self.tr("&New video"), self.focus_prompt, QKeySequence.StandardKey.New
        )
        self.open_folder_action = action(
            self.tr("Open videos &folder"), self.open_videos_folder, "Ctrl+Shift+O"
        )
        self.preferences_action = action(
            self.tr("&Preferences…"), self._open_preferences, QKeySequence.StandardKey.Preferences
        )
        if self.preferences_action.shortcut().isEmpty():
            self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action = action(self.tr("&Quit"), self.quit, QKeySequence.StandardKey.Quit)
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        for act in (self.new_action, self.open_folder_action):
            file_menu.addAction(act)
        file_menu.addSeparator()
        file_menu.addAction(self.preferences_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = menu.addMenu(self.tr("&Edit"))
        self.copy_prompt_action = action(
            self.tr("&Copy prompt"), self._selected(self.copy_prompt), "Ctrl+Shift+C"
        )
        self.reuse_action = action(
            self.tr("&Reuse settings"), self._selected(self.reuse_settings), "Ctrl+R"
        )
        self.again_action = action(
            self.tr("&Submit again…"), self._selected(self.submit_again), "Ctrl+Shift+R"
        )
        self.stop_action = action(
            self.tr("S&top tracking…"), self._selected(self.stop_tracking), "Ctrl+."
        )
        self.retry_action = action(
            self.tr("Retry sa&ving"), self._selected(self.retry_saving), "Ctrl+Shift+S"
        )
        self.remove_action = action(
            self.tr("Re&move from history…"),
            self._remove_selected,
            QKeySequence.StandardKey.Delete,
        )
        self.find_action = action(
            self.tr("&Find"), self.focus_search, QKeySequence.StandardKey.Find
        )
        for act in (self.copy_prompt_action, self.reuse_action, self.again_action):
            edit_menu.addAction(act)
        edit_menu.addSeparator()
        for act in (self.stop_action, self.retry_action, self.remove_action):
            edit_menu.addAction(act)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)

        view_menu = menu.addMenu(self.tr("&View"))
        self.details_action = QAction(self.tr("Show &details"), self)
        self.details_action.setCheckable(True)
        self.details_action.setChecked(True)
        self.details_action.setShortcut(QKeySequence("Ctrl+D"))
        self.details_action.toggled.connect(self.details.setVisible)
        view_menu.addAction(self.details_action)
        view_menu.addSeparator()
        for index in range(self.status_filter.count()):
            act = action(
                self.status_filter.itemText(index),
                partial(self.status_filter.setCurrentIndex, index),
                f"Ctrl+{index + 1}",
            )
            view_menu.addAction(act)

        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addAction(action(self.tr("Open &log folder"), self.open_log_folder))
        about = action(self.tr("&About ReelDesk"), self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)
        self._job_actions = [
            self.copy_prompt_action,
            self.reuse_action,
            self.again_action,
            self.stop_action,
            self.retry_action,
            self.remove_action,
        ]
        for act in self._job_actions:
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self._update_job_actions()

    def _setup_tray(self) -> None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        tray = QSystemTrayIcon(self._services.icon or self.windowIcon(), self)
        menu = QMenu(self)
        menu.addAction(self.tr("Show ReelDesk"), self.show_from_tray)
        menu.addSeparator()
        menu.addAction(self.tr("Quit"), self.quit)
        tray.setContextMenu(menu)
        tray.setToolTip("ReelDesk")
        tray.activated.connect(lambda _reason: self.show_from_tray())
        tray.messageClicked.connect(self._on_tray_message_clicked)
        tray.show()
        self._tray = tray

    # -- state ----------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        state = self._services.settings.settings.window_state
        if not state:
            self.resize(1280, 760)
            return
        try:
            data = json.loads(state)
            self.restoreGeometry(QByteArray.fromBase64(data["geometry"].encode()))
            self.split.restoreState(QByteArray.fromBase64(data["split"].encode()))
            self.right_split.restoreState(QByteArray.fromBase64(data["right"].encode()))
            self.details_action.setChecked(bool(data.get("details", True)))
        except (ValueError, KeyError, TypeError, AttributeError):
            self.resize(1280, 760)

    def window_state(self) -> str:
        def b64(data: QByteArray) -> str:
            return bytes(data.toBase64().data()).decode()

        return json.dumps(
            {
                "geometry": b64(self.saveGeometry()),
                "split": b64(self.split.saveState()),
                "right": b64(self.right_split.saveState()),
                "details": self.details_action.isChecked(),
            }
        )

    def set_thumbnails(self, thumbnails: ThumbnailSource) -> None:
        """Start showing first frames (loaded after the window is up)."""
        self._services.thumbnails = thumbnails
        self.model.set_thumbnails(thumbnails)
        self._show_preview(self.details.job)

    def set_backend(self, label: str, demo: bool) -> None:
        """What the status bar says about where requests go; demo mode is badged."""
        self.backend_label.setText(label)
        self.backend_label.setStyleSheet(
            "QLabel { background: #f2a33a; color: #1d1d1d; border-radius: 4px; padding: 1px 6px; }"
            if demo
            else ""
        )

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        self.model.set_catalogue(catalogue)
        self.form.set_catalogue(catalogue)
        self.details.set_catalogue(catalogue)

    def reset_jobs(self) -> None:
        """Show the engine's jobs (after the history loaded)."""
        self.model.set_jobs(self._engine.jobs)

    # -- selection ------------------------------------------------------------------------------

    def selected_jobs(self) -> list[Job]:
        jobs = []
        for index in self.table.selectionModel().selectedRows():
            job = index.data(JobRole)
            if isinstance(job, Job):
                jobs.append(job)
        return jobs

    def _selected(self, handler: Callable[[str], object]) -> Callable[[], None]:
        def run() -> None:
            jobs = self.selected_jobs()
            if jobs:
                handler(jobs[0].id)

        return run

    def _remove_selected(self) -> None:
        self.remove_jobs([job.id for job in self.selected_jobs()])

    def select_job(self, job_id: str) -> None:
        source = self.model.index_of(job_id)
        index = self.proxy.mapFromSource(source)
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        jobs = self.selected_jobs()
        job = jobs[0] if jobs else None
        self.details.show_job(job)
        self._show_preview(job)
        self._update_job_actions()

    def _show_preview(self, job: Job | None) -> None:
        thumbnails = self._services.thumbnails
        if job is not None and thumbnails is not None and job.status is JobStatus.SAVED:
            self.details.set_preview(thumbnails.thumbnail(job))
        else:
            self.details.set_preview(None)

    def _on_model_data_changed(
        self, top: QModelIndex, bottom: QModelIndex, *_roles: object
    ) -> None:
        job = self.details.job
        if job is not None:
            index = self.model.index_of(job.id)
            if index.isValid() and top.row() <= index.row() <= bottom.row():
                self.details.show_job(self.model.job_at(index.row()))
                self._show_preview(job)
                self._update_job_actions()
        self._update_counts()

    def _update_job_actions(self) -> None:
        jobs = self.selected_jobs()
        job = jobs[0] if jobs else None
        self.copy_prompt_action.setEnabled(job is not None)
        self.reuse_action.setEnabled(job is not None)
        self.again_action.setEnabled(job is not None)
        self.stop_action.setEnabled(job is not None and not job.status.is_final)
        self.retry_action.setEnabled(
            job is not None and self.details.retry_button.isVisibleTo(self.details)
        )
        self.remove_action.setEnabled(bool(jobs))

    def _update_counts(self) -> None:
        running = self._engine.in_flight()
        self.running_label.setText(self.tr("%n running", "", running) if running else "")
        self.flight_label.setText(self.tr("%n in flight", "", running) if running else "")
        if self._tray is not None:
            self._tray.setToolTip(
                f"ReelDesk — {self.tr('%n running', '', running)}" if running else "ReelDesk"
            )

    def _on_status_filter_changed(self, _index: int) -> None:
        self.proxy.set_status(StatusFilter(self.status_filter.currentData()))

    # -- submitting -----------------------------------------------------------------------------

    def _on_form_generate_requested(self, request: GenerationRequest, count: int) -> None:
        self.form.set_busy(True)

        def done(jobs: list[Job]) -> None:
            self.form.set_busy(False)
            if jobs:
                self.select_job(jobs[0].id)
            self._update_counts()

        def failed(error: ReelDeskError) -> None:
            self.form.set_busy(False)
            self.show_error(error)

        self._tasks.run(
            self._engine.submit(request, count=count),
            name="submit",
            on_success=done,
            on_failure=failed,
            owner=self,
        )
        if self._services.settings.settings.remember_last:
            self._remember(self.form.defaults())

    def _remember(self, defaults: object) -> None:
        import asyncio

        store = self._services.settings
        self._tasks.run(
            asyncio.to_thread(store.update, defaults=defaults),
            name="remember-form",
            on_failure=lambda _e: None,
        )

    def reuse_settings(self, job_id: str) -> None:
        job = self._engine.job(job_id)
        if job is None:
            return
        self.form.set_request(job.request)
        self.focus_prompt()

    def submit_again(self, job_id: str) -> None:
        job = self._engine.job(job_id)
        if job is None:
            return
        cost = format_credits(job.credits)
        text = self.tr("Submit this video again? It is a new, paid submission.")
        if job.demo:
            text = self.tr("Submit this video again? (Demo mode: no cost.)")
        elif cost:
            text += "\n" + self.tr("Last time it cost %1 credits.").replace("%1", cost)
        answer = QMessageBox.question(
            self,
            self.tr("Submit again"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._on_form_generate_requested(job.request, 1)

    def stop_tracking(self, job_id: str) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Stop tracking"),
            self.tr(
                "FoxAPI cannot cancel a task: the credits are spent anyway. ReelDesk will stop "
                "checking on this job and will not save its video."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._tasks.run(self._engine.stop_tracking(job_id), name="stop-tracking")

    def retry_saving(self, job_id: str) -> None:
        self._tasks.run(self._engine.retry(job_id), name="retry")

    def remove_jobs(self, job_ids: list[str]) -> None:
        if not job_ids:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Remove from history"))
        box.setText(
            self.tr("Remove this job from the history?")
            if len(job_ids) == 1
            else self.tr("Remove %n jobs from the history?", "", len(job_ids))
        )
        also_files = QCheckBox(self.tr("Also delete the video files"))
        box.setCheckBox(also_files)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        delete = also_files.isChecked()

        async def remove_all() -> None:
            for job_id in job_ids:
                await self._engine.remove(job_id, delete_file=delete)

        self._tasks.run(remove_all(), name="remove")

    # -- opening things -------------------------------------------------------------------------

    def open_video(self, job_id: str) -> None:
        job = self._engine.job(job_id)
        if job is not None and job.path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(job.path))

    def reveal_video(self, job_id: str) -> None:
        job = self._engine.job(job_id)
        if job is None or not job.path:
            return
        reveal_in_file_manager(Path(job.path))

    def copy_prompt(self, job_id: str) -> None:
        job = self._engine.job(job_id)
        if job is not None:
            QGuiApplication.clipboard().setText(job.request.prompt)
            self.statusBar().showMessage(self.tr("Prompt copied"), 3000)

    def show_raw_reply(self, job_id: str) -> None:
        job = self._engine.job(job_id)
        if job is None:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Service reply"))
        layout = QVBoxLayout(dialog)
        text = QPlainTextEdit()
        text.setReadOnly(True)
        body = json.dumps(job.raw_reply, indent=2, ensure_ascii=False)
        if job.error_message:
            body += "\n\n" + job.error_message
        text.setPlainText(redact(body))
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(560, 420)
        dialog.open()

    def open_videos_folder(self) -> None:
        folder = self._services.videos_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._services.log_dir)))

    def show_about(self) -> None:
        from app import __version__

        QMessageBox.about(
            self,
            self.tr("About ReelDesk"),
            self.tr("ReelDesk %1\nA desktop studio for PixVerse V6 videos through FoxAPI.").replace(
                "%1", __version__
            ),
        )

    def focus_prompt(self) -> None:
        self.show_from_tray()
        self.form.prompt.setFocus()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _open_preferences(self) -> None:
        if self._services.open_preferences is not None:
            self._services.open_preferences()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        job = index.data(JobRole)
        if isinstance(job, Job) and job.status is JobStatus.SAVED:
            self.open_video(job.id)

    def _on_table_context_menu(self, position: QPoint) -> None:
        jobs = self.selected_jobs()
        if not jobs:
            return
        job = jobs[0]
        menu = QMenu(self)
        if job.status is JobStatus.SAVED:
            menu.addAction(self.tr("Open"), lambda: self.open_video(job.id))
            menu.addAction(self.tr("Reveal in file manager"), lambda: self.reveal_video(job.id))
            menu.addSeparator()
        for act in self._job_actions:
            if act.isEnabled():
                menu.addAction(act)
        if job.raw_reply is not None:
            menu.addAction(self.tr("Show service reply"), lambda: self.show_raw_reply(job.id))
        menu.exec(self.table.viewport().mapToGlobal(position))

    # -- messages -------------------------------------------------------------------------------

    def show_error(self, error: ReelDeskError) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("ReelDesk")
        box.setText(self._catalogue.error_message(error))
        box.setInformativeText(self._catalogue.next_action(error))
        if error.details:
            box.setDetailedText(redact(error.details))
        box.open()

    def refresh_balance(self) -> None:
        fetch = self._services.balance
        if fetch is None:
            return

        def show(balance: Balance | None) -> None:
            if balance is None:
                self.balance_label.setText("")
            elif balance.unlimited:
                self.balance_label.setText(self.tr("Balance: unlimited"))
            elif balance.usd is not None:
                self.balance_label.setText(
                    self.tr("Balance $%1").replace("%1", f"{balance.usd:.2f}")
                )
            elif balance.credits is not None:
                self.balance_label.setText(
                    self.tr("Balance %1 credits").replace("%1", f"{balance.credits:g}")
                )

        self._tasks.run(
            fetch(), name="balance", on_success=show, on_failure=lambda _e: None, owner=self
        )

    def _on_batch_finished(self, jobs: list[Job]) -> None:
        self.refresh_balance()
        saved = [j for j in jobs if j.status is JobStatus.SAVED]
        failed = len(jobs) - len(saved)
        if saved and saved[0].path:
            self._last_saved_folder = Path(saved[0].path).parent
        if self._tray is None or not self._services.settings.settings.notifications:
            return
        parts = []
        if saved:
            parts.append(self.tr("%n saved", "", len(saved)))
        if failed:
            parts.append(self.tr("%n failed", "", failed))
        prompt = jobs[0].request.prompt
        prompt = prompt if len(prompt) <= 60 else prompt[:59] + "…"
        icon = (
            QSystemTrayIcon.MessageIcon.Information
            if not failed
            else QSystemTrayIcon.MessageIcon.Warning
        )
        self._tray.showMessage(", ".join(parts), prompt, icon, 8000)

    def _on_tray_message_clicked(self) -> None:
        if self._last_saved_folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._last_saved_folder)))
        else:
            self.show_from_tray()

    # -- closing --------------------------------------------------------------------------------

    def show_from_tray(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()

    def quit(self, *, ask: bool = True) -> None:
        """Close for good. With running jobs the window asks first, unless ``ask`` is False
        (a signal from the system); the jobs resume on the next start either way."""
        self._force_quit = not ask
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        running = self._engine.in_flight()
        if not self._force_quit and running:
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Question)
            box.setWindowTitle(self.tr("Jobs are still running"))
            box.setText(
                self.tr("A job is still being generated or saved.")
                if running == 1
                else self.tr("%n jobs are still being generated or saved.", "", running)
            )
            box.setInformativeText(
                self.tr("They continue the next time ReelDesk starts, whichever you choose.")
            )
            keep = None
            if self._tray is not None:
                keep = box.addButton(
                    self.tr("Keep tracking in the tray"), QMessageBox.ButtonRole.AcceptRole
                )
            quit_button = box.addButton(self.tr("Quit"), QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(keep or quit_button)
            box.exec()
            clicked = box.clickedButton()
            if keep is not None and clicked is keep:
                event.ignore()
                self.hide()
                return
            if clicked is not quit_button:
                event.ignore()
                return
        self._save_window_state()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        if self._tray is not None:
            self._tray.hide()
        event.accept()
        self.quit_requested.emit()

    def _save_window_state(self) -> None:
        store = self._services.settings
        changes: dict[str, object] = {"window_state": self.window_state()}
        if store.settings.remember_last:
            changes["defaults"] = self.form.defaults()
        with contextlib.suppress(OSError, ValueError):
            store.update(**changes)


def reveal_in_file_manager(path: Path) -> None:
    """Show the file in its folder (selected where the platform allows)."""
    if sys.platform == "darwin":
        subprocess.Popen(["open", "-R", str(path)])
    elif sys.platform == "win32":
        subprocess.Popen(["explorer", "/select,", str(path)])
    else:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

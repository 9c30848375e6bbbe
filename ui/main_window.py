"""The main window: the form on the left, the live job list and details on the right.

The window lays these out and wires them together; the menus and shortcuts are in
``ui.window_actions``, what they do to a job in ``ui.job_commands``, the tray icon and its
notifications in ``ui.tray``, the list itself in ``ui.job_table`` and the status bar (backend,
balance) in ``ui.status_bar``.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QSlider,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import rules
from app.api.client import Balance
from app.api.models import GenerationRequest
from app.engine.engine import Engine
from app.engine.jobs import Job, JobStatus
from app.errors import ReelDeskError
from app.messages import Catalogue
from app.redact import redact
from app.rules import Action
from app.settings import SettingsStore
from ui.cull import Culler
from ui.details import DetailsPane
from ui.dialogs import StandardButton, ask_box, message_box
from ui.filter_bar import FilterCombo, SearchField
from ui.first_paint import after_first_paint
from ui.form import GenerationForm
from ui.job_commands import JobCommands
from ui.job_model import (
    JobFilterProxy,
    JobRole,
    JobTableModel,
    ReviewFilter,
    StatusFilter,
    ThumbnailSource,
)
from ui.library import LibraryCommands
from ui.planner import Planner
from ui.projects import ProjectControls
from ui.queue_control import QueueControl
from ui.status_bar import WindowStatusBar
from ui.take_views import DEFAULT_TILE, MAX_TILE, MIN_TILE, TakeViews
from ui.tasks import TaskRunner
from ui.tray import Tray
from ui.window_actions import WindowActions

if TYPE_CHECKING:
    from ui.compare import CompareWindow
    from ui.gallery import Gallery
    from ui.thumbnails import FrameStrips

log = logging.getLogger(__name__)


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
    #: Closes the window and the history and offers the repair dialog (``ui.application``).
    repair_history: Callable[[], None] | None = None
    icon: QIcon | None = None
    #: Where saved prompts and presets live (``app.library``); ``None``: no library.
    library_file: Path | None = None
    #: Where last frames of continued takes are kept (``None``: continuing is not offered).
    data_dir: Path | None = None


class MainWindow(QMainWindow):
    quit_requested = Signal()
    #: The person came back to the window (it became the active one): what the command line
    #: changed meanwhile (marks, the current project) is read again.
    came_back = Signal()

    def __init__(self, services: WindowServices) -> None:
        super().__init__()
        self._services = services
        self._engine = services.engine
        self._catalogue = services.catalogue
        self._tasks = services.tasks
        self._demo = services.demo
        self._force_quit = False
        self._close_question: asyncio.Task[None] | None = None
        self.compare: CompareWindow | None = None
        #: Frames for the gallery's tiles, kept until the gallery is made.
        self._strips: FrameStrips | None = None
        self.model = JobTableModel(
            self._engine.jobs, self._catalogue, thumbnails=services.thumbnails, parent=self
        )
        self._unsubscribe = [self._engine.subscribe(self.model)]
        self.proxy = JobFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._setup_ui()
        self.commands = JobCommands(
            self,
            self._engine,
            self._tasks,
            demo=lambda: self._demo,
            submit=lambda request: self.submit(request, 1),
            reuse=self.reuse_request,
            render_final=lambda job: self.planner.render_final(job),
            continue_from=self.continue_from,
            data_dir=services.data_dir,
        )
        self.library = (
            LibraryCommands(self, self.form, self._tasks, services.library_file)
            if services.library_file is not None
            else None
        )
        self.queue_control = QueueControl(
            self._engine, self._tasks, self.status_bar, self._catalogue, self
        )
        # The keys mark the selected takes in the list and the gallery alike.
        self.culler = Culler(
            [self.views],
            self._engine,
            self._tasks,
            targets=self.selected_jobs,
            advance=self.views.advance,
            parent=self,
        )
        self.window_actions = WindowActions(
            self,
            self.commands,
            videos_dir=services.videos_dir,
            log_dir=services.log_dir,
            queue_action=self.queue_control.action,
            engine=self._engine,
            tasks=self._tasks,
            catalogue=lambda: self._catalogue,
        )
        self.planner = Planner(
            self,
            self.form,
            self._engine,
            services.settings,
            self._tasks,
            catalogue=lambda: self._catalogue,
            demo=lambda: self._demo,
            balance=services.balance,
            sent=self._on_planner_sent,
        )
        self._unsubscribe.append(self.planner.unsubscribe)
        self.tray = Tray(
            self._engine,
            self,
            icon=services.icon or self.windowIcon(),
            show_window=self.show_from_tray,
            quit=self.quit,
            notifications=lambda: self._services.settings.settings.notifications,
            batch_finished=self._on_tray_batch_finished,
        )
        self._show_backend(services.backend_label, services.demo)
        self._restore_state()
        # The tray icon and the desktop's notifications are not needed for the first paint.
        after_first_paint(self, self.tray.show)
        self._update_counts()
        self.form.prompt.setFocus()

    # -- building -------------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.setWindowTitle("ReelDesk")
        if self._services.icon is not None:
            self.setWindowIcon(self._services.icon)
        self.form = GenerationForm(self._catalogue, tasks=self._tasks)
        settings = self._services.settings.settings
        self.form.apply_defaults(settings.defaults)
        self.form.generate_requested.connect(self._on_form_generate_requested)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 12, 12, 8)
        bar = QHBoxLayout()
        self.search = SearchField()
        self.search.textChanged.connect(self.proxy.set_text)
        self.status_filter = FilterCombo()
        for key, text in self._status_filter_texts().items():
            self.status_filter.addItem(text, key)
        self.status_filter.currentIndexChanged.connect(self._on_status_filter_changed)
        self.review_filter = FilterCombo()
        for review, text in self._review_filter_texts().items():
            self.review_filter.addItem(text, review)
        self.review_filter.currentIndexChanged.connect(self._on_review_filter_changed)
        self.running_label = QLabel()
        self.projects = ProjectControls(
            self,
            engine=self._engine,
            settings=self._services.settings,
            tasks=self._tasks,
            form=self.form,
            model=self.model,
            proxy=self.proxy,
        )
        # From the first paint on: the settings were just read for the first activation, and
        # a worker thread started then would take time from the window's first frame.
        after_first_paint(self, self._follow_settings_from_now)
        self.zoom_slider = QSlider(Qt.Orientation.Horizontal)
        self.zoom_slider.setRange(MIN_TILE, MAX_TILE)
        self.zoom_slider.setValue(DEFAULT_TILE)
        self.zoom_slider.setMinimumWidth(60)
        self.zoom_slider.setMaximumWidth(110)
        self.zoom_slider.hide()
        # The button takes the View menu's action (text, shortcut, checked) in WindowActions.
        self.view_button = QToolButton()
        # The parts share a narrow window fairly (``ui.filter_bar``): at 800 px the search
        # keeps room for words and each filter shows a short choice whole, a long one cut short.
        bar.addWidget(self.search)  # Expanding: it takes what room is left
        bar.addWidget(self.status_filter)
        bar.addWidget(self.review_filter)
        bar.addWidget(self.projects.filter)
        bar.addWidget(self.running_label)
        bar.addWidget(self.zoom_slider)
        bar.addWidget(self.view_button)
        right_layout.addLayout(bar)

        self.views = TakeViews(self.model, self.proxy, self._catalogue)
        self.views.selection_changed.connect(self._on_views_selection_changed)
        self.table = self.views.table
        self.table.customContextMenuRequested.connect(self._on_table_custom_context_menu_requested)
        self.table.activated.connect(self._on_table_activated)
        self.views.gallery_made.connect(self._on_views_gallery_made)
        self.model.dataChanged.connect(self._on_model_data_changed)
        self.model.rowsInserted.connect(self._update_counts)
        self.model.rowsRemoved.connect(self._update_counts)
        self.model.modelReset.connect(self._update_counts)

        self.details = DetailsPane(self._catalogue, jobs=lambda: self._engine.jobs)
        self.details.chain_selected.connect(self.select_job)
        # A take that continues the one shown is news for its chain.
        self.model.rowsInserted.connect(self.details.refresh)
        for signal, action in (
            (self.details.open_requested, Action.OPEN),
            (self.details.reveal_requested, Action.REVEAL),
            (self.details.reuse_requested, Action.REUSE),
            (self.details.submit_again_requested, Action.SUBMIT_AGAIN),
            (self.details.stop_requested, Action.STOP_TRACKING),
            (self.details.retry_requested, Action.RETRY_SAVING),
            (self.details.remove_requested, Action.REMOVE),
            (self.details.raw_requested, Action.SHOW_REPLY),
            (self.details.copy_prompt_requested, Action.COPY_PROMPT),
            (self.details.continue_requested, Action.CONTINUE),
        ):
            signal.connect(lambda job_id, a=action: self.commands.run(a, [job_id]))

        self.right_split = QSplitter(Qt.Orientation.Vertical)
        self.right_split.addWidget(self.views)
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

        self.status_bar = WindowStatusBar(self._tasks, self._services.balance)
        self.setStatusBar(self.status_bar)
        self._retranslate_own()

    # -- language -------------------------------------------------------------------------------

    def _status_filter_texts(self) -> dict[StatusFilter, str]:
        return {
            StatusFilter.ALL: self.tr("All"),
            StatusFilter.ACTIVE: self.tr("Running"),
            StatusFilter.SAVED: self.tr("Saved"),
            StatusFilter.PROBLEMS: self.tr("Needs attention"),
            StatusFilter.QUEUED: self.tr("Queued, not sent"),
        }

    def _review_filter_texts(self) -> dict[ReviewFilter, str]:
        return {
            ReviewFilter.ANY: self.tr("Any mark"),
            ReviewFilter.PICKED: self.tr("Picked"),
            ReviewFilter.UNRATED: self.tr("Unrated"),
            ReviewFilter.NOT_REJECTED: self.tr("Hide rejected"),
        }

    def _retranslate_own(self) -> None:
        """The texts of the window's own controls (its parts retranslate themselves)."""
        self.search.setPlaceholderText(self.tr("Search prompts…"))
        self.search.setAccessibleName(self.tr("Search prompts"))
        self.status_filter.setAccessibleName(self.tr("Show jobs"))
        self.review_filter.setAccessibleName(self.tr("Review marks"))
        for combo, texts in (
            (self.status_filter, self._status_filter_texts()),
            (self.review_filter, self._review_filter_texts()),
        ):
            for index in range(combo.count()):
                combo.setItemText(index, texts[combo.itemData(index)])
        self.zoom_slider.setToolTip(self.tr("Tile size"))
        self.zoom_slider.setAccessibleName(self.tr("Tile size"))
        self.table.setAccessibleName(self.tr("Jobs"))
        gallery = self.views.made_gallery
        if gallery is not None:
            gallery.setAccessibleName(self.tr("Takes"))

    def retranslate(self) -> None:
        """Every text of the window again, in the language now installed: its controls, the
        menus and their actions, the list's headers, the counts and the queue's line. The
        form, the details and the other widgets do their own on the same ``LanguageChange``."""
        self._retranslate_own()
        self.window_actions.retranslate()
        self.projects.retranslate()
        self.tray.retranslate()
        self.queue_control.refresh()
        last = self.model.columnCount() - 1
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, last)
        self._update_counts()

    def _follow_settings_from_now(self) -> None:
        self.came_back.connect(self.projects.window_came_back)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.came_back.emit()

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
            self.window_actions.details_action.setChecked(bool(data.get("details", True)))
            self.zoom_slider.setValue(int(data.get("tile", DEFAULT_TILE)))
            self.window_actions.ideas_action.setChecked(bool(data.get("ideas", False)))
            self.window_actions.gallery_action.setChecked(data.get("view") == "gallery")
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
                "details": self.window_actions.details_action.isChecked(),
                "view": "gallery" if self.views.showing_gallery() else "list",
                "tile": self.zoom_slider.value(),
                "ideas": self.views.ideas is not None,
            }
        )

    def set_thumbnails(self, thumbnails: ThumbnailSource) -> None:
        """Start showing first frames (loaded after the window is up)."""
        self._services.thumbnails = thumbnails
        self.model.set_thumbnails(thumbnails)
        self._show_preview(self.details.job)

    def set_frame_strips(self, strips: FrameStrips) -> None:
        """Start showing frames in the gallery (made after the window is up)."""
        self._strips = strips
        gallery = self.views.made_gallery
        if gallery is not None:
            gallery.set_strips(strips)

    # -- the two views --------------------------------------------------------------------------

    @property
    def gallery(self) -> Gallery:
        """The takes as tiles (made when first shown or asked for)."""
        return self.views.gallery

    def _on_views_gallery_made(self, gallery: Gallery) -> None:
        gallery.setAccessibleName(self.tr("Takes"))
        # The slider kept the tile width (restored, or zoomed) while there was no gallery.
        gallery.set_tile_width(self.zoom_slider.value())
        gallery.customContextMenuRequested.connect(self._on_gallery_custom_context_menu_requested)
        gallery.activated.connect(self._on_table_activated)
        gallery.tile_width_changed.connect(self.zoom_slider.setValue)
        self.zoom_slider.valueChanged.connect(gallery.set_tile_width)
        if self._strips is not None:
            gallery.set_strips(self._strips)

    def show_gallery(self, gallery: bool) -> None:
        """Show the takes as tiles (``True``) or as the list."""
        self.views.show_gallery(gallery)
        self.zoom_slider.setVisible(gallery)

    def set_backend(self, label: str, demo: bool) -> None:
        """Where requests go now (after the preferences changed it). Demo mode costs nothing,
        so it has no balance; a live service's balance is asked again (the key may be new)."""
        self._show_backend(label, demo)
        self.status_bar.refresh_balance()

    def _show_backend(self, label: str, demo: bool) -> None:
        self._demo = demo
        self.status_bar.set_backend(label, demo)
        # What a job allows depends on the backend in use (its tasks are known to one only).
        self.details.set_demo(demo)
        self.form.set_demo(demo)  # what a video costs
        self.planner.refresh()
        self._update_job_actions()

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """The core's words (status words, problems) in another language from now on."""
        self._catalogue = catalogue
        self.queue_control.set_catalogue(catalogue)
        self.model.set_catalogue(catalogue)
        self.views.set_catalogue(catalogue)
        self.form.set_catalogue(catalogue)
        self.details.set_catalogue(catalogue)

    def reset_jobs(self, jobs: Iterable[Job] | None = None) -> None:
        """Show ``jobs`` (the newest, while a large history loads), or the engine's jobs
        (once the history is loaded)."""
        self.model.set_jobs(self._engine.jobs if jobs is None else jobs)
        if jobs is None:
            self.planner.learn_again()
            # The history and the window stay for the session. A full pass of Python's cycle
            # collector walks every object it tracks, on this thread, whenever the survivors
            # have grown by a quarter: 30 ms with 10,000 jobs, 70-100 ms under load (tests/
            # bench: load), ten times that with 100,000. Frozen, they are out of its reach;
            # reference counting still frees any of them let go.
            gc.freeze()

    # -- selection ------------------------------------------------------------------------------

    def selected_jobs(self) -> list[Job]:
        return self.views.selected_jobs()

    def select_job(self, job_id: str) -> None:
        self.views.select_job(job_id)

    def _on_views_selection_changed(self) -> None:
        jobs = self.selected_jobs()
        job = jobs[0] if jobs else None
        self.details.show_job(job)
        self._show_preview(job)
        self._update_job_actions()

    def _show_preview(self, job: Job | None) -> None:
        thumbnails = self._services.thumbnails
        if job is not None and thumbnails is not None and job.status is JobStatus.SAVED:
            # The list's still until the larger one is made (``thumbnail_ready`` again).
            self.details.set_preview(thumbnails.preview(job) or thumbnails.thumbnail(job))
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
        self.window_actions.update(self.selected_jobs())

    def _update_counts(self) -> None:
        running = self._engine.in_flight()
        self.running_label.setText(self.tr("%n running", "", running) if running else "")
        # Empty, it would still take its spacing from a narrow bar.
        self.running_label.setVisible(running > 0)
        self.status_bar.set_in_flight(running)
        self.tray.set_running(running)

    def comparable(self) -> list[Job]:
        """The selected saved takes, when there are 2-4 of them to compare; else none."""
        jobs = [job for job in self.selected_jobs() if job.status is JobStatus.SAVED and job.path]
        return jobs if rules.COMPARE_MIN <= len(jobs) <= rules.COMPARE_MAX else []

    def open_compare(self) -> None:
        """Play the selected takes side by side (one compare window at a time)."""
        jobs = self.comparable()
        if not jobs:
            return
        if self.compare is not None:
            self.compare.close()
        # Loaded when first asked for, not before the first paint.
        from ui.compare import CompareWindow

        compare = CompareWindow(jobs, self._catalogue, self)
        culler = Culler(
            [compare],
            self._engine,
            self._tasks,
            targets=lambda: [compare.active.job],
            advance=compare.advance,
            stars_modifier="Alt+",
            context=Qt.ShortcutContext.WindowShortcut,
            parent=compare,
        )
        compare.hint.setToolTip(" · ".join(a.shortcut().toString() for a in culler.actions))
        self._engine.events.job_changed.connect(compare.job_changed)

        def closed() -> None:
            self._engine.events.job_changed.disconnect(compare.job_changed)
            if self.compare is compare:
                self.compare = None

        compare.closed.connect(closed)
        self.compare = compare
        compare.show()
        compare.play()

    def _on_review_filter_changed(self, _index: int) -> None:
        self.proxy.set_review(ReviewFilter(self.review_filter.currentData()))

    def _on_status_filter_changed(self, _index: int) -> None:
        self.proxy.set_status(StatusFilter(self.status_filter.currentData()))

    def _on_table_activated(self, index: QModelIndex) -> None:
        job = index.data(JobRole)
        if isinstance(job, Job):
            self.commands.run(Action.OPEN, [job.id])

    def _on_table_custom_context_menu_requested(self, position: QPoint) -> None:
        self.window_actions.popup_context_menu(self.table.viewport().mapToGlobal(position))

    def _on_gallery_custom_context_menu_requested(self, position: QPoint) -> None:
        self.window_actions.popup_context_menu(self.gallery.viewport().mapToGlobal(position))

    # -- the form -------------------------------------------------------------------------------

    def _on_form_generate_requested(self, _requests: object, _count: int) -> None:
        # The planner sends them (ui.planner); the form's values are remembered here.
        if self._services.settings.settings.remember_last:
            self._remember(self.form.defaults())

    def _on_planner_sent(self, jobs: list[Job]) -> None:
        self.select_job(jobs[0].id)
        self._update_counts()

    def submit(self, request: GenerationRequest, count: int) -> None:
        """Send ``count`` videos of ``request`` (submit again, already asked): through the
        budget guard; the form cannot send again until recorded."""
        self.planner.submit([request], count, confirm=False)

    def _remember(self, defaults: object) -> None:
        store = self._services.settings

        def not_saved(error: ReelDeskError) -> None:
            # The video was sent; only the form's values for next time were not kept.
            log.warning("form values not remembered: %s", error.details)
            self.statusBar().showMessage(self._catalogue.explain(error), 8000)

        self._tasks.run(
            asyncio.to_thread(store.update, defaults=defaults),
            name="remember-form",
            on_failure=not_saved,
            owner=self,
        )

    def reuse_request(self, request: GenerationRequest) -> None:
        self.form.set_request(request)
        self.focus_prompt()

    def continue_from(self, job: Job, request: GenerationRequest) -> None:
        """The form, ready to carry ``job`` on from its last frame: a new prompt is next."""
        self.form.continue_from(job.id, request)
        _clear_undoably(self.form.prompt)
        self.focus_prompt()

    def new_video(self) -> None:
        """Start the next video from an empty prompt and negative prompt; the other settings
        stay. Ctrl+Z in the prompt brings the old text back."""
        for edit in (self.form.prompt, self.form.negative_prompt):
            _clear_undoably(edit)
        self.focus_prompt()

    def focus_prompt(self) -> None:
        self.show_from_tray()
        self.form.prompt.setFocus()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def open_preferences(self) -> None:
        if self._services.open_preferences is not None:
            self._services.open_preferences()

    def repair_history(self) -> None:
        if self._services.repair_history is not None:
            self._services.repair_history()

    # -- messages -------------------------------------------------------------------------------

    def show_error(self, error: ReelDeskError) -> None:
        box = message_box(
            self,
            "ReelDesk",
            self._catalogue.error_message(error),
            icon=QMessageBox.Icon.Warning,
            informative=self._catalogue.next_action(error),
        )
        if error.details:
            box.setDetailedText(redact(error.details))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _on_tray_batch_finished(self, _jobs: list[Job]) -> None:
        self.status_bar.refresh_balance()

    # -- closing --------------------------------------------------------------------------------

    def show_from_tray(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()

    def quit(self, *, ask: bool = True) -> None:
        """Close for good. With running jobs the window asks first, unless ``ask`` is False
        (a signal from the system); the jobs resume on the next start either way."""
        self._force_quit = self._force_quit or not ask
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._force_quit or not self._engine.in_flight():
            try:
                self._closing()
            finally:
                # Whatever went wrong on the way out, the app still quits.
                event.accept()
                self.quit_requested.emit()
            return
        # Asked without a nested event loop: the window stays open and the answer closes it.
        event.ignore()
        if self._close_question is None or self._close_question.done():
            self._close_question = self._tasks.run(
                self._ask_before_closing(), name="ask-close", owner=self
            )

    async def _ask_before_closing(self) -> None:
        running = self._engine.in_flight()
        box = message_box(
            self,
            self.tr("Jobs are still running"),
            self.tr("A job is still being generated or saved.")
            if running == 1
            else self.tr("%n jobs are still being generated or saved.", "", running),
            informative=self.tr(
                "They continue the next time ReelDesk starts, whichever you choose."
            ),
            buttons=StandardButton.Cancel,
        )
        keep = None
        if self.tray.available:
            keep = box.addButton(
                self.tr("&Keep tracking in the tray"), QMessageBox.ButtonRole.AcceptRole
            )
        quit_button = box.addButton(self.tr("&Quit"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep or quit_button)
        if not self.isVisible():
            self.show_from_tray()  # "Quit" from the tray: the question needs its window
        try:
            clicked = await ask_box(box)
        finally:
            box.deleteLater()
        if keep is not None and clicked is keep:
            self.hide()
        elif clicked is quit_button:
            self._close_question = None  # answered: nothing left to cancel on the way out
            self.quit(ask=False)

    def _closing(self) -> None:
        """Closing for good: no question left open, no listener left behind."""
        if self._close_question is not None:
            self._close_question.cancel()  # closed by the system while it asked
        if self.compare is not None:
            self.compare.close()
        self._save_window_state()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        self.queue_control.close()
        self.tray.close()

    def _save_window_state(self) -> None:
        store = self._services.settings
        changes: dict[str, object] = {"window_state": self.window_state()}
        if store.settings.remember_last:
            changes["defaults"] = self.form.defaults()
        try:
            store.update(**changes)
        except ReelDeskError as exc:
            # Closing goes on: the window's size and the form's values are not worth a dialog.
            log.warning("window state not saved: %s", exc.details)


def _clear_undoably(edit: QPlainTextEdit) -> None:
    """Empty the editor as one edit its undo (Ctrl+Z) reverts; ``clear()`` would forget it."""
    from PySide6.QtGui import QTextCursor  # here: its Python class is not needed to start

    cursor = edit.textCursor()
    cursor.select(QTextCursor.SelectionType.Document)
    if cursor.hasSelection():
        cursor.removeSelectedText()
        edit.setTextCursor(cursor)

"""The window's menus, shortcuts and the job list's context menu.

Each job action is one ``QAction`` shared by the menu bar, its shortcut and the context menu,
enabled exactly when ``app.rules`` allows it for the selected job; ``JobCommands`` carries it
out. Its strings keep the ``MainWindow`` translation context they had before the window was
split.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox

from app import __version__, rules
from app.engine.engine import Engine
from app.engine.jobs import Flag, Job
from app.messages import Catalogue
from app.rules import Action
from ui.dialogs import ask, message_box
from ui.job_commands import JobCommands, open_local
from ui.job_model import JobRole
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.shortcuts import ShortcutsDialog

Shortcut = QKeySequence | QKeySequence.StandardKey | str

#: How the job actions group in the context menu, separated by lines.
_CONTEXT_GROUPS = (
    (Action.OPEN, Action.REVEAL),
    (
        Action.COPY_PROMPT,
        Action.REUSE,
        Action.CONTINUE,
        Action.SUBMIT_AGAIN,
        Action.RENDER_FINAL,
        Action.STOP_TRACKING,
        Action.RETRY_SAVING,
        Action.REMOVE,
    ),
    (Action.SHOW_REPLY,),
)


class WindowActions(QObject):
    """Builds the menu bar of ``window``; ``update(jobs)`` follows the selection."""

    def __init__(
        self,
        window: MainWindow,
        commands: JobCommands,
        *,
        videos_dir: Callable[[], Path],
        log_dir: Path,
        queue_action: QAction,
        engine: Engine,
        tasks: TaskRunner,
        catalogue: Callable[[], Catalogue],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._commands = commands
        #: Pauses and resumes the send queue (``ui.queue_control``); also the status bar's.
        self.queue_action = queue_action
        self._videos_dir = videos_dir
        self._log_dir = log_dir
        self._engine = engine
        self._tasks = tasks
        self._catalogue = catalogue
        self.job_actions: dict[Action, QAction] = {}
        self._setup_actions()
        self._setup_menus()
        self.retranslate()
        self.update([])
        # The command line may have rated or flagged takes meanwhile (``reeldesk pick``): take
        # that up whenever the person comes back to the window.
        self._reloading: asyncio.Task[list[Job]] | None = None
        window.came_back.connect(self._on_window_came_back)

    # -- building -------------------------------------------------------------------------------

    def _action(self, slot: Callable[[], object], shortcut: Shortcut | None) -> QAction:
        """An action of the window; its text comes from ``retranslate``."""
        act = QAction(self._window)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _checked=False: slot())
        return act

    def _job_action(self, action: Action, shortcut: Shortcut | None = None) -> QAction:
        act = self._action(partial(self._run, action), shortcut)
        self.job_actions[action] = act
        return act

    def _setup_actions(self) -> None:
        window = self._window
        self.new_action = self._action(
            window.new_video,
            QKeySequence.StandardKey.New,
        )
        self.open_folder_action = self._action(
            self.open_videos_folder,
            "Ctrl+Shift+O",
        )
        self.export_action = self._action(self.export_takes, "Ctrl+E")
        library = window.library
        self.library_actions = (
            []
            if library is None
            else [
                self._action(
                    library.save_prompt,
                    "Ctrl+S",
                ),
                self._action(
                    library.save_preset,
                    None,
                ),
                self._action(
                    library.open_library,
                    "Ctrl+L",
                ),
            ]
        )
        self.preferences_action = self._action(
            window.open_preferences,
            QKeySequence.StandardKey.Preferences,
        )
        if self.preferences_action.shortcut().isEmpty():
            self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action = self._action(
            window.quit,
            QKeySequence.StandardKey.Quit,
        )
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.open_action = self._job_action(Action.OPEN, "Ctrl+O")
        self.reveal_action = self._job_action(Action.REVEAL)
        self.copy_prompt_action = self._job_action(
            Action.COPY_PROMPT,
            "Ctrl+Shift+C",
        )
        self.reuse_action = self._job_action(Action.REUSE, "Ctrl+R")
        # Not Ctrl+Shift+C: that copies the prompt.
        self.continue_action = self._job_action(Action.CONTINUE, "Ctrl+Shift+L")
        self.again_action = self._job_action(
            Action.SUBMIT_AGAIN,
            "Ctrl+Shift+R",
        )
        self.final_action = self._job_action(Action.RENDER_FINAL)
        self.stop_action = self._job_action(
            Action.STOP_TRACKING,
            "Ctrl+.",
        )
        self.retry_action = self._job_action(
            Action.RETRY_SAVING,
            "Ctrl+Shift+S",
        )
        self.remove_action = self._job_action(
            Action.REMOVE,
            QKeySequence.StandardKey.Delete,
        )
        self.reply_action = self._job_action(Action.SHOW_REPLY)
        self.move_action = self._action(
            self.move_to_project,
            None,
        )
        self.find_action = self._action(
            window.focus_search,
            QKeySequence.StandardKey.Find,
        )
        self.details_action = QAction(window)
        self.details_action.setCheckable(True)
        self.details_action.setChecked(True)
        self.details_action.setShortcut(QKeySequence("Ctrl+D"))
        self.details_action.toggled.connect(window.details.setVisible)
        self.gallery_action = QAction(window)
        self.gallery_action.setCheckable(True)
        self.gallery_action.setShortcut(QKeySequence("Ctrl+G"))
        self.gallery_action.toggled.connect(window.show_gallery)
        window.view_button.setDefaultAction(self.gallery_action)
        window.view_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.ideas_action = QAction(window)
        self.ideas_action.setCheckable(True)
        self.ideas_action.setShortcut(QKeySequence("Ctrl+Shift+G"))
        self.ideas_action.toggled.connect(window.views.group_by_idea)
        self.zoom_in_action = self._action(
            lambda: window.gallery.zoom(1),
            QKeySequence.StandardKey.ZoomIn,
        )
        self.zoom_out_action = self._action(
            lambda: window.gallery.zoom(-1),
            QKeySequence.StandardKey.ZoomOut,
        )
        # Ctrl+= zooms in too: on most keyboards "+" needs Shift.
        self.zoom_in_action.setShortcuts([*self.zoom_in_action.shortcuts(), QKeySequence("Ctrl+=")])
        self.compare_action = self._action(window.open_compare, "C")
        # A bare letter: only while the list or the gallery has the focus, never in a prompt.
        self.compare_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        window.views.addAction(self.compare_action)
        self.filter_actions = [
            self._action(partial(window.status_filter.setCurrentIndex, index), f"Ctrl+{index + 1}")
            for index in range(window.status_filter.count())
        ]
        self.spending_action = self._action(
            lambda: window.planner.show_spending(),
            None,
        )
        self.log_action = self._action(self.open_log_folder, None)
        self.repair_action = self._action(
            window.repair_history,
            None,
        )
        self.about_action = self._action(self.show_about, None)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.shortcuts_action = self._action(
            self.show_shortcuts,
            None,
        )
        # F1 (the platform's help key), and Ctrl+? as on macOS and in many editors.
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.HelpContents)
        keys += [] if QKeySequence("Ctrl+?") in keys else [QKeySequence("Ctrl+?")]
        self.shortcuts_action.setShortcuts(keys)
        self._shortcuts_dialog: ShortcutsDialog | None = None

    def _setup_menus(self) -> None:
        bar = self._window.menuBar()
        file_menu = bar.addMenu("")
        file_menu.addActions([self.new_action, self.open_folder_action])
        file_menu.addSeparator()
        file_menu.addAction(self.queue_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        if self.library_actions:
            file_menu.addActions(self.library_actions)
            file_menu.addSeparator()
        file_menu.addAction(self.preferences_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("")
        edit_menu.addActions([self.open_action, self.reveal_action])
        edit_menu.addSeparator()
        edit_menu.addActions(
            [
                self.copy_prompt_action,
                self.reuse_action,
                self.continue_action,
                self.again_action,
                self.final_action,
            ]
        )
        edit_menu.addSeparator()
        edit_menu.addActions([self.stop_action, self.retry_action, self.remove_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.reply_action)
        edit_menu.addAction(self.move_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)

        view_menu = bar.addMenu("")
        view_menu.addActions([self.details_action, self.spending_action])
        view_menu.addSeparator()
        view_menu.addActions(
            [self.gallery_action, self.ideas_action, self.zoom_in_action, self.zoom_out_action]
        )
        view_menu.addSeparator()
        view_menu.addActions(self.filter_actions)

        review_menu = bar.addMenu("")
        review_menu.addAction(self.compare_action)
        review_menu.addSeparator()
        review_menu.addActions(self._window.culler.actions)

        help_menu = bar.addMenu("")
        help_menu.addActions(
            [self.shortcuts_action, self.log_action, self.repair_action, self.about_action]
        )
        self._menus = [file_menu, edit_menu, view_menu, review_menu, help_menu]

    def retranslate(self) -> None:
        """Every menu's and action's text again, in the language now installed: at the start
        and whenever the language changes (the window's ``LanguageChange``)."""
        texts = [
            (self.new_action, QCoreApplication.translate("MainWindow", "&New video")),
            (
                self.open_folder_action,
                QCoreApplication.translate("MainWindow", "Open videos &folder"),
            ),
            (self.export_action, QCoreApplication.translate("MainWindow", "&Export takes…")),
            (self.preferences_action, QCoreApplication.translate("MainWindow", "&Preferences…")),
            (self.quit_action, QCoreApplication.translate("MainWindow", "&Quit")),
            (self.open_action, QCoreApplication.translate("MainWindow", "&Open")),
            (
                self.reveal_action,
                QCoreApplication.translate("MainWindow", "R&eveal in file manager"),
            ),
            (self.copy_prompt_action, QCoreApplication.translate("MainWindow", "&Copy prompt")),
            (self.reuse_action, QCoreApplication.translate("MainWindow", "&Reuse settings")),
            (
                self.continue_action,
                QCoreApplication.translate("MainWindow", "Continue from &last frame"),
            ),
            (self.again_action, QCoreApplication.translate("MainWindow", "&Submit again…")),
            (self.final_action, QCoreApplication.translate("MainWindow", "Render fi&nal…")),
            (self.stop_action, QCoreApplication.translate("MainWindow", "S&top tracking…")),
            (self.retry_action, QCoreApplication.translate("MainWindow", "Retry sa&ving")),
            (self.remove_action, QCoreApplication.translate("MainWindow", "Re&move from history…")),
            (self.reply_action, QCoreApplication.translate("MainWindow", "Show service re&ply")),
            (self.move_action, QCoreApplication.translate("MainWindow", "Move to pro&ject…")),
            (self.find_action, QCoreApplication.translate("MainWindow", "&Find")),
            (self.zoom_in_action, QCoreApplication.translate("MainWindow", "Zoom i&n")),
            (self.zoom_out_action, QCoreApplication.translate("MainWindow", "Zoom &out")),
            (self.compare_action, QCoreApplication.translate("MainWindow", "&Compare takes")),
            (self.spending_action, QCoreApplication.translate("MainWindow", "&Spending…")),
            (self.log_action, QCoreApplication.translate("MainWindow", "Open &log folder")),
            (self.repair_action, QCoreApplication.translate("MainWindow", "&Repair history…")),
            (self.about_action, QCoreApplication.translate("MainWindow", "&About ReelDesk")),
            (
                self.shortcuts_action,
                QCoreApplication.translate("MainWindow", "&Keyboard shortcuts"),
            ),
            (self.details_action, QCoreApplication.translate("MainWindow", "Show &details")),
            (self.gallery_action, QCoreApplication.translate("MainWindow", "&Gallery")),
            (self.ideas_action, QCoreApplication.translate("MainWindow", "Group by &idea")),
        ]
        if self.library_actions:
            library = (
                QCoreApplication.translate("MainWindow", "&Save prompt to library…"),
                QCoreApplication.translate("MainWindow", "Save settings as prese&t…"),
                QCoreApplication.translate("MainWindow", "Prompt &library…"),
            )
            texts += zip(self.library_actions, library, strict=True)
        for action, text in texts:
            action.setText(text)
        self.gallery_action.setToolTip(
            QCoreApplication.translate("MainWindow", "Show the takes as a gallery (Ctrl+G)")
        )
        # The filters' words are the filter box's (the window sets those first).
        status_filter = self._window.status_filter
        for index, action in enumerate(self.filter_actions):
            action.setText(status_filter.itemText(index))
        titles = (
            QCoreApplication.translate("MainWindow", "&File"),
            QCoreApplication.translate("MainWindow", "&Edit"),
            QCoreApplication.translate("MainWindow", "&View"),
            QCoreApplication.translate("MainWindow", "Revie&w"),
            QCoreApplication.translate("MainWindow", "&Help"),
        )
        for menu, title in zip(self._menus, titles, strict=True):
            menu.setTitle(title)
        self._window.culler.retranslate()

    # -- following the selection ----------------------------------------------------------------

    def update(self, jobs: list[Job]) -> None:
        """Enable each job action as the rules say for ``jobs`` (the selection): removal when
        any of them may be removed, everything else for the first."""
        allowed = self._commands.allowed(jobs[0]) if jobs else frozenset()
        removable = any(Action.REMOVE in self._commands.allowed(job) for job in jobs)
        for action, act in self.job_actions.items():
            act.setEnabled(removable if action is Action.REMOVE else action in allowed)
        self.move_action.setEnabled(bool(jobs))
        self.compare_action.setEnabled(bool(self._window.comparable()))

    def _run(self, action: Action) -> None:
        self._commands.run(action, [job.id for job in self._window.selected_jobs()])

    def popup_context_menu(self, position: QPoint) -> None:
        """The enabled job actions, at ``position`` (global); returns at once."""
        menu = QMenu(self._window)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for group in _CONTEXT_GROUPS:
            enabled = [self.job_actions[a] for a in group if self.job_actions[a].isEnabled()]
            if enabled and menu.actions():
                menu.addSeparator()
            menu.addActions(enabled)
        selected = self._window.table.selected_jobs()
        if selected:
            menu.addSeparator()
            menu.addAction(self.move_action)
        if any(rules.can_export(job) for job in selected):
            menu.addAction(self.export_action)
        if menu.isEmpty():
            menu.deleteLater()
            return
        menu.popup(position)

    def move_to_project(self) -> None:
        self._window.projects.move_jobs([job.id for job in self._window.table.selected_jobs()])

    # -- export ---------------------------------------------------------------------------------

    def export_takes(self) -> None:
        """Ask which takes go where, and export them (``ui.export_dialog``)."""
        self._tasks.run(self._export(), name="export-dialog", owner=self._window)

    def _shown_jobs(self) -> list[Job]:
        proxy = self._window.proxy
        jobs = (proxy.index(row, 0).data(JobRole) for row in range(proxy.rowCount()))
        return [job for job in jobs if isinstance(job, Job)]

    async def _export(self) -> None:
        picked = [
            job for job in self._shown_jobs() if job.flag == Flag.PICKED and rules.can_export(job)
        ]
        selected = [job for job in self._window.table.selected_jobs() if rules.can_export(job)]
        from ui.export_dialog import ExportDialog, default_folder  # not before the first paint

        dialog = ExportDialog(
            self._window,
            picked=picked,
            selected=selected,
            folder=default_folder(self._videos_dir()),
            tasks=self._tasks,
            catalogue=self._catalogue,
        )
        try:
            if await ask(dialog) != QDialog.DialogCode.Accepted.value or dialog.exported is None:
                return
            result = dialog.exported
        finally:
            dialog.deleteLater()
        count = len(result.videos)
        done = QCoreApplication.translate("MainWindow", "Exported %n take(s) to %1", "", count)
        self._window.statusBar().showMessage(done.replace("%1", str(result.folder)), 10000)

    def _on_window_came_back(self) -> None:
        if self._reloading is None or self._reloading.done():
            self._reloading = self._tasks.run(
                self._engine.reload_marks(), name="reload-marks", owner=self._window
            )

    # -- the rest -------------------------------------------------------------------------------

    def open_videos_folder(self) -> None:
        folder = self._videos_dir()
        folder.mkdir(parents=True, exist_ok=True)
        open_local(folder)

    def open_log_folder(self) -> None:
        open_local(self._log_dir)

    def show_shortcuts(self) -> None:
        """Help → Keyboard shortcuts, beside the window (one list, brought forward again)."""
        if self._shortcuts_dialog is None:
            from ui.shortcuts import ShortcutsDialog  # not before the first paint

            self._shortcuts_dialog = ShortcutsDialog(self._window)
        dialog = self._shortcuts_dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def show_about(self) -> None:
        box = message_box(
            self._window,
            QCoreApplication.translate("MainWindow", "About ReelDesk"),
            QCoreApplication.translate(
                "MainWindow", "ReelDesk %1\nA desktop studio for PixVerse V6 videos through FoxAPI."
            ).replace("%1", __version__),
            icon=QMessageBox.Icon.Information,
        )
        icon = self._window.windowIcon()
        if not icon.isNull():
            box.setIconPixmap(icon.pixmap(64))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

"""Projects in the window: the current project (the form's list; new jobs go into it) and the
job list's project filter.

The projects offered are the ones the jobs carry plus the current one, followed as the model's
rows arrive and change (no polling of the engine). Choosing a project saves it in the settings
(off the GUI thread) and tells the engine, so the next submission goes into it. A project chosen
meanwhile on the command line (``reeldesk project NAME``) is taken in when the window is next
activated.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtWidgets import QLineEdit, QWidget

from app.engine.engine import Engine
from app.errors import ReelDeskError
from app.review import check_project
from app.settings import SettingsStore
from ui.dialogs import ask
from ui.filter_bar import FilterCombo
from ui.form import GenerationForm
from ui.job_model import JobFilterProxy, JobTableModel
from ui.tasks import TaskRunner


class ProjectControls(QObject):
    """Drives ``form.project`` and owns ``filter``, the combo box for the list's filter bar."""

    def __init__(
        self,
        parent: QWidget,
        *,
        engine: Engine,
        settings: SettingsStore,
        tasks: TaskRunner,
        form: GenerationForm,
        model: JobTableModel,
        proxy: JobFilterProxy,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._engine = engine
        self._settings = settings
        self._tasks = tasks
        self._form = form
        self._model = model
        self._proxy = proxy
        self._known: set[str] = set()
        self._following: asyncio.Task[None] | None = None
        self._setup_ui()
        self._on_model_reset()

    def _setup_ui(self) -> None:
        self.filter = FilterCombo()
        self.filter.currentIndexChanged.connect(self._on_filter_current_index_changed)
        self._form.project_chosen.connect(self._on_form_project_chosen)
        self._form.new_project_requested.connect(self._on_form_new_project_requested)
        self._model.modelReset.connect(self._on_model_reset)
        self._model.rowsInserted.connect(self._on_model_rows)
        self._model.dataChanged.connect(self._on_model_data_changed)

    @property
    def current(self) -> str:
        return self._settings.settings.current_project

    # -- following the jobs ---------------------------------------------------------------------

    def _on_model_reset(self) -> None:
        self._known = {job.project for job in self._model.jobs() if job.project}
        self._refresh()

    def _on_model_rows(self, _parent: QModelIndex, first: int, last: int) -> None:
        self._note_rows(first, last)

    def _on_model_data_changed(self, top: QModelIndex, bottom: QModelIndex, *_: object) -> None:
        self._note_rows(top.row(), bottom.row())

    def _note_rows(self, first: int, last: int) -> None:
        count = self._model.rowCount()
        found = {
            self._model.job_at(row).project for row in range(max(first, 0), min(last + 1, count))
        }
        if not found <= self._known | {""}:
            self._known |= found - {""}
            self._refresh()

    def _refresh(self) -> None:
        names = sorted(self._known | {self.current} - {""}, key=str.casefold)
        self._form.set_projects(names, self.current)
        chosen = self.filter.currentData() if self.filter.currentIndex() > 0 else None
        self.filter.blockSignals(True)
        try:
            self.filter.clear()
            self.filter.addItem("", None)
            self.filter.addItem("", "")
            for name in names:
                self.filter.addItem(name, name)
            index = 0 if chosen is None or not names else max(0, self.filter.findData(chosen))
            self.filter.setCurrentIndex(index)
        finally:
            self.filter.blockSignals(False)
        self.filter.updateGeometry()
        # Until there is a project, every job is in none: the filter would only take room.
        self.filter.setHidden(not names)
        if not names:
            self._proxy.set_project(None)
        self.retranslate()

    def retranslate(self) -> None:
        """The filter's own words again, in the language now installed (the window calls it
        on ``LanguageChange``)."""
        self.filter.setToolTip(self.tr("Show the jobs of one project"))
        self.filter.setAccessibleName(self.tr("Show the jobs of one project"))
        self.filter.setItemText(0, self.tr("All projects"))
        self.filter.setItemText(1, self.tr("No project"))

    def _on_filter_current_index_changed(self, index: int) -> None:
        data = self.filter.itemData(index)
        self._proxy.set_project(data if isinstance(data, str) else None)

    # -- choosing the current project -----------------------------------------------------------

    def _on_form_project_chosen(self, name: str) -> None:
        self._tasks.run(self.choose(name), name="choose-project", owner=self)

    def _on_form_new_project_requested(self) -> None:
        self._tasks.run(self._ask_new_project(), name="new-project", owner=self)

    async def choose(self, name: str) -> None:
        """Make ``name`` the current project: saved in the settings, used by the next job.
        Raises ``ReelDeskError`` (a bad name, settings not saved) with nothing changed."""
        try:
            name = check_project(name)
            await asyncio.to_thread(self._settings.update, current_project=name)
        except ReelDeskError:
            self._refresh()  # the list shows the project still in use
            raise
        self._engine.configure(project=name)
        if name:
            self._known.add(name)
        self._refresh()

    async def follow_settings(self) -> None:
        """Take in a current project another process chose meanwhile (the settings file)."""
        changed = await asyncio.to_thread(self._settings.reload)
        if "current_project" in changed:
            name = self.current
            self._engine.configure(project=name)
            if name:
                self._known.add(name)
            self._refresh()

    def window_came_back(self) -> None:
        """The person came back to the window: take in what the settings file says now."""
        if self._following is None or self._following.done():
            self._following = self._tasks.run(
                self.follow_settings(), name="follow-settings", owner=self
            )

    async def _ask_new_project(self) -> None:
        name = await self._ask_name(
            self.tr("New project"), self.tr("New videos go into this project:"), []
        )
        if name is None or not name.strip():
            self._refresh()
            return
        await self.choose(name)

    async def _ask_name(self, title: str, label: str, offered: list[str]) -> str | None:
        """A project name typed (or, with ``offered``, also chosen from a list); ``None``
        when the person cancels."""
        from PySide6.QtWidgets import QInputDialog  # not needed before a name is asked for

        dialog = QInputDialog(self._parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        if offered:
            dialog.setComboBoxItems(offered)
            dialog.setComboBoxEditable(True)
        try:
            answer = await ask(dialog)
            return dialog.textValue() if answer == QInputDialog.DialogCode.Accepted.value else None
        finally:
            dialog.deleteLater()

    def move_jobs(self, job_ids: list[str]) -> None:
        """Ask which project the jobs go into (an empty name takes them out of any)."""
        if job_ids:
            self._tasks.run(self._move(job_ids), name="move-to-project", owner=self)

    async def _move(self, job_ids: list[str]) -> None:
        names = sorted(self._known | {self.current} - {""}, key=str.casefold)
        name = await self._ask_name(
            self.tr("Move to project"),
            self.tr("Move %n job(s) into the project (empty: no project):", "", len(job_ids)),
            [*names, ""] if names else [],
        )
        if name is not None:
            await self._engine.set_project(job_ids, name)

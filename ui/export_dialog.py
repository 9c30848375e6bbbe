"""Export… : the picked or the selected takes, with a timeline, into a new folder.

The dialog chooses (which takes, where, which timelines) and then runs ``app.export`` on a
worker thread, showing its progress; it stays open until the export is done, so a problem (a
taken folder, a disk that says no) is read in it and the choice corrected. Nothing here waits
in a nested event loop: the folder browser and the dialog itself are opened with ``open()``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.engine.jobs import Job
from app.errors import ReelDeskError
from app.export import ExportResult, export_takes
from app.messages import Catalogue
from app.timeline import Timeline
from ui.dialogs import ask
from ui.tasks import TaskRunner
from ui.theme import ToneLabel


def default_folder(base: Path, label: str = "") -> Path:
    """A new folder under ``base``/Exports named after now (and the project): never taken."""
    stamp = time.strftime("%Y-%m-%d %H%M")
    name = f"{stamp} {label}".strip()
    folder = base / "Exports" / name
    n = 2
    while folder.exists():
        folder = base / "Exports" / f"{name} ({n})"
        n += 1
    return folder


def _free_folder(chosen: Path, name: str) -> Path:
    """An export never mixes with other files: chosen a folder with something in it, the
    export gets a new folder ``name`` inside it."""
    try:
        taken = chosen.is_dir() and any(chosen.iterdir())
    except OSError:
        taken = False  # the export itself will say what is wrong with it
    return chosen / name if taken else chosen


class ExportDialog(QDialog):
    """Accepted once the export is written; ``exported`` then says what was."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        picked: Sequence[Job],
        selected: Sequence[Job],
        folder: Path,
        tasks: TaskRunner,
        catalogue: Callable[[], Catalogue],
    ) -> None:
        super().__init__(parent)
        # Oldest first: the order the takes were made in is the order an editor lays them out.
        self._picked = sorted(picked, key=lambda job: job.created_at)
        self._selected = sorted(selected, key=lambda job: job.created_at)
        self._tasks = tasks
        self._catalogue = catalogue
        self._running = False
        self.exported: ExportResult | None = None
        self._setup_ui(folder)

    def _setup_ui(self, folder: Path) -> None:
        self.setWindowTitle(self.tr("Export takes"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.picked = QRadioButton(self.tr("&Picked takes in the list (%n)", "", len(self._picked)))
        self.selected = QRadioButton(self.tr("&Selected takes (%n)", "", len(self._selected)))
        self.picked.setEnabled(bool(self._picked))
        self.selected.setEnabled(bool(self._selected))
        # Several rows selected is a choice made just now; otherwise the picks are the cut.
        use_selected = len(self._selected) > 1 or not self._picked
        (self.selected if use_selected else self.picked).setChecked(True)
        which = QVBoxLayout()
        which.addWidget(self.picked)
        which.addWidget(self.selected)
        form.addRow(self.tr("Takes:"), which)

        self.folder = QLineEdit(str(folder))
        self.folder.setToolTip(self.tr("A new or empty folder; it is made for the export"))
        self.browse = QPushButton(self.tr("&Browse…"))
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(self.browse)
        form.addRow(self.tr("Folder:"), where)

        self.timelines = {
            Timeline.OTIO: QCheckBox(self.tr("&OpenTimelineIO (.otio)")),
            Timeline.FCPXML: QCheckBox(self.tr("&Final Cut Pro XML (.xml)")),
            Timeline.EDL: QCheckBox(self.tr("CMX 3600 &EDL (.edl)")),
        }
        self.timelines[Timeline.OTIO].setChecked(True)
        kinds = QVBoxLayout()
        for box in self.timelines.values():
            kinds.addWidget(box)
        form.addRow(self.tr("Timeline:"), kinds)
        layout.addLayout(form)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.problem = ToneLabel("problem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        layout.addWidget(self.problem)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            self.tr("E&xport"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.browse.clicked.connect(self._on_browse_clicked)
        self.picked.toggled.connect(self._update_state)
        self.folder.textChanged.connect(self._update_state)
        self._update_state()

    # -- the choice -----------------------------------------------------------------------------

    def takes(self) -> list[Job]:
        return list(self._picked if self.picked.isChecked() else self._selected)

    def chosen_timelines(self) -> list[Timeline]:
        return [kind for kind, box in self.timelines.items() if box.isChecked()]

    def _update_state(self) -> None:
        ready = bool(self.takes()) and bool(self.folder.text().strip())
        self.export_button.setEnabled(ready and not self._running)

    def _on_browse_clicked(self) -> None:
        self._tasks.run(self._browse(), name="export-browse", owner=self)

    async def _browse(self) -> None:
        current = self._folder()
        dialog = QFileDialog(self, self.tr("Export to"), str(current.parent))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        try:
            if await ask(dialog) != QDialog.DialogCode.Accepted.value:
                return
            chosen = [Path(name) for name in dialog.selectedFiles()]
        finally:
            dialog.deleteLater()
        if chosen:
            folder = await asyncio.to_thread(_free_folder, chosen[0], current.name)
            self.folder.setText(str(folder))

    def _folder(self) -> Path:
        return Path(self.folder.text().strip() or ".").expanduser()

    # -- running --------------------------------------------------------------------------------

    def _on_buttons_accepted(self) -> None:
        if self.export_button.isEnabled():
            self._tasks.run(self.run_export(), name="export", owner=self)

    async def run_export(self) -> None:
        """Export as chosen on a worker thread; accept when done, or say what went wrong."""
        takes, kinds = self.takes(), self.chosen_timelines()
        folder = self._folder()
        loop = asyncio.get_running_loop()

        def progress(done: int, total: int) -> None:
            loop.call_soon_threadsafe(self._show_progress, done, total)

        self._set_running(True, len(takes))
        try:
            result = await asyncio.to_thread(
                export_takes, takes, folder, timelines=kinds, name=folder.name, progress=progress
            )
        except ReelDeskError as exc:
            self._set_running(False, 0)
            self.problem.setText(self._catalogue().explain(exc))
            self.problem.setVisible(True)
            return
        self._set_running(False, 0)
        self.exported = result
        self.accept()

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _set_running(self, running: bool, total: int) -> None:
        self._running = running
        for widget in (self.picked, self.selected, self.folder, self.browse):
            widget.setEnabled(not running)
        self.picked.setEnabled(not running and bool(self._picked))
        self.selected.setEnabled(not running and bool(self._selected))
        for box in self.timelines.values():
            box.setEnabled(not running)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setEnabled(not running)
        if running:
            self.problem.setVisible(False)
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(0)
        self.progress.setVisible(running)
        self._update_state()

    def reject(self) -> None:
        # The files are being written on a worker thread, which cannot be stopped half way:
        # the dialog stays until they are (a few seconds: videos are linked where possible).
        # Escape and the close button come here too.
        if not self._running:
            super().reject()

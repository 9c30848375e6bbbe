"""The "Repair history" dialog: the backups of the history, newest first, with Restore, and
Rebuild from the videos' sidecars (``app.history_repair`` does the work, on a worker thread).

It is only shown while no engine has the history open: at start-up, before the core is built,
or after the window closed its core to repair (``ui.application``). The file a repair replaces
is kept beside the history, and the dialog says where.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import history_repair
from app.engine.backup import Backup
from app.errors import ReelDeskError
from app.messages import Catalogue
from app.paths import Paths
from ui.tasks import TaskRunner


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _when(backup: Backup) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(backup.created))


class RepairDialog(QDialog):
    """Lists the backups and offers Restore and Rebuild. Finishes ``Accepted`` when something
    was repaired, ``Rejected`` otherwise."""

    def __init__(
        self,
        paths: Paths,
        videos_dir: Callable[[], Path],
        catalogue: Catalogue,
        tasks: TaskRunner,
        *,
        problem: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._paths = paths
        self._videos_dir = videos_dir
        self._catalogue = catalogue
        self._tasks = tasks
        self._problem = problem
        self._busy = False
        self.repaired = False
        self._setup_ui()
        self.refresh()

    def _setup_ui(self) -> None:
        self.setWindowTitle(self.tr("Repair history"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = self.tr(
            "Restore a backup of the history, or rebuild it from the information saved next "
            "to each video. The history file that is replaced is kept beside it, under a new "
            "name."
        )
        self.intro = _plain_label("\n\n".join(part for part in (self._problem, intro) if part))
        layout.addWidget(self.intro)
        self.where = _plain_label(self.tr("History: %1").replace("%1", str(self._paths.history_db)))
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.where)
        layout.addWidget(_plain_label(self.tr("Backups (newest first):")))
        self.backups = QListWidget()
        self.backups.setAccessibleName(self.tr("Backups"))
        self.backups.itemSelectionChanged.connect(self._on_backups_item_selection_changed)
        layout.addWidget(self.backups)
        row = QHBoxLayout()
        self.restore_button = QPushButton(self.tr("&Restore backup"))
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.rebuild_button = QPushButton(self.tr("Rebuild from &videos"))
        self.rebuild_button.clicked.connect(self._on_rebuild_button_clicked)
        row.addWidget(self.restore_button)
        row.addWidget(self.rebuild_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = _plain_label()
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self._on_buttons_rejected)
        layout.addWidget(self.buttons)

    def refresh(self) -> None:
        """List the backups again (after a restore, a new one may be newest)."""
        health = history_repair.check(self._paths)
        self.backups.clear()
        for backup in health.backups:
            item = QListWidgetItem(self._describe(backup))
            item.setData(Qt.ItemDataRole.UserRole, backup.path.name)
            if not backup.usable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.backups.addItem(item)
        first = next((i for i in range(self.backups.count()) if health.backups[i].usable), None)
        if first is not None:
            self.backups.setCurrentRow(first)
        if not health.backups:
            self.backups.addItem(self.tr("No backups yet: ReelDesk makes one each day."))
            self.backups.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self.rebuild_button.setToolTip(
            self.tr("Looks for videos in %1").replace("%1", str(self._videos_dir()))
        )
        self._update_buttons()

    def _describe(self, backup: Backup) -> str:
        when = _when(backup)
        if backup.kind == "daily":
            kind = self.tr("daily")
        else:
            kind = self.tr("before an upgrade")
        if backup.jobs is None:
            content = self.tr("damaged")
        else:
            content = self.tr("%n jobs", "", backup.jobs)
        return f"{when} · {kind} · {content}"

    def _selected(self) -> str | None:
        items = self.backups.selectedItems()
        if not items:
            return None
        name = items[0].data(Qt.ItemDataRole.UserRole)
        return name if isinstance(name, str) else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(not self._busy and self._selected() is not None)
        self.rebuild_button.setEnabled(not self._busy)
        self.buttons.setEnabled(not self._busy)

    def _on_backups_item_selection_changed(self) -> None:
        self._update_buttons()

    def _on_restore_button_clicked(self) -> None:
        name = self._selected()
        if name is not None:
            self._start(self._restore(name), "repair-restore")

    def _on_rebuild_button_clicked(self) -> None:
        self._start(self._rebuild(self._videos_dir()), "repair-rebuild")

    def _on_buttons_rejected(self) -> None:
        self.done(QDialog.DialogCode.Accepted if self.repaired else QDialog.DialogCode.Rejected)

    def reject(self) -> None:
        # Escape and the window's close button: not while files are being moved.
        if not self._busy:
            self._on_buttons_rejected()

    def _start(self, work: Coroutine[Any, Any, str], name: str) -> None:
        self._busy = True
        self._update_buttons()
        self.status.setText(self.tr("Working…"))
        self._tasks.run(
            work,
            name=name,
            on_success=self._on_work_done,
            on_failure=self._on_work_failed,
            owner=self,
        )

    async def _restore(self, name: str) -> str:
        done = await asyncio.to_thread(history_repair.restore, self._paths, name)
        text = self.tr("Restored the backup of %1 (%n jobs).", "", done.backup.jobs or 0).replace(
            "%1", _when(done.backup)
        )
        return self._with_aside(text, done.set_aside)

    async def _rebuild(self, folder: Path) -> str:
        report = await asyncio.to_thread(history_repair.rebuild_from, self._paths, [folder])
        text = (
            self.tr("Rebuilt from %1: %n jobs added", "", report.added).replace("%1", str(folder))
            + "; "
            + self.tr("%n already in the history.", "", report.already)
        )
        return self._with_aside(text, report.set_aside)

    def _with_aside(self, text: str, aside: Path | None) -> str:
        if aside is None:
            return text
        kept = self.tr("The history it replaced was kept as %1.").replace("%1", str(aside))
        return f"{text}\n{kept}"

    def _on_work_done(self, text: str) -> None:
        self._busy = False
        self.repaired = True
        self.refresh()
        self.status.setText(text)

    def _on_work_failed(self, error: ReelDeskError) -> None:
        self._busy = False
        self._update_buttons()
        self.status.setText(self._catalogue.explain(error))

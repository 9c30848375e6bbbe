"""The repair dialog lists the backups as a person reads them (newest first, how many jobs, a
damaged one not choosable), and a repair that cannot be done says why and can be tried again."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt

from app.api.models import GenerationRequest
from app.engine.backup import backups_folder
from app.engine.jobs import Job, JobStatus
from app.engine.lock import InstanceLock
from app.engine.store import HistoryStore
from app.errors import ReelDeskError
from app.messages import Catalogue
from app.paths import Paths
from ui.repair import RepairDialog
from ui.tasks import TaskRunner


def dialog_for(paths: Paths, errors: list[ReelDeskError]) -> RepairDialog:
    return RepairDialog(
        paths, lambda: paths.videos, Catalogue("en"), TaskRunner(errors.append), problem=""
    )


def test_the_backups_read_newest_first_and_a_damaged_one_cannot_be_chosen(
    qtbot: Any, paths: Paths
) -> None:
    store = HistoryStore(paths.history_db)
    store.insert(Job(id="a", request=GenerationRequest("fox"), status=JobStatus.SAVED))
    store.close()
    (today,) = backups_folder(paths.history_db).iterdir()
    older = today.with_name("history-20200101-120000-daily.sqlite3")
    older.write_bytes(b"cut short by a full disk")
    dialog = dialog_for(paths, [])
    qtbot.addWidget(dialog)
    items = [dialog.backups.item(i) for i in range(dialog.backups.count())]
    assert items[0].text().endswith("· daily · 0 jobs")
    assert items[1].text() == "2020-01-01 12:00 · daily · damaged"
    assert not items[1].flags() & Qt.ItemFlag.ItemIsSelectable
    assert dialog.backups.currentRow() == 0 and dialog.restore_button.isEnabled()
    assert str(paths.videos) in dialog.rebuild_button.toolTip()


def test_a_repair_that_cannot_be_done_says_why(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, paths: Paths
) -> None:
    HistoryStore(paths.history_db).close()
    errors: list[ReelDeskError] = []
    dialog = dialog_for(paths, errors)
    qtbot.addWidget(dialog)
    dialog.show()
    with InstanceLock(paths.lock_file):  # another ReelDesk has the history
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        assert not dialog.rebuild_button.isEnabled()  # one repair at a time
        qtbot.waitUntil(lambda: "already running" in dialog.status.text(), timeout=5000)
    assert dialog.restore_button.isEnabled() and not dialog.repaired
    assert errors == []
    assert not list(paths.data.glob("*.set-aside-*"))

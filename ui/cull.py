"""Culling from the keyboard: 0-5 for stars, P to pick, X to reject, U to unflag; each mark
moves on to the next take, so a person can review a batch without touching the mouse.

One set of actions per place that culls (the gallery and the list share one, compare has its
own): their shortcuts work only while the focus is in that place, never while typing a prompt.
What may be marked is ``app.rules.can_review``; the mark itself is ``Engine.mark``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from app import rules
from app.engine.engine import Engine
from app.engine.jobs import Flag, Job
from app.review import MAX_STARS
from ui.tasks import TaskRunner


def _mark_texts() -> list[tuple[str, str, int | None, Flag | None]]:
    """(menu text, key, stars, flag) of every mark, in menu order."""
    marks: list[tuple[str, str, int | None, Flag | None]] = [
        (QCoreApplication.translate("Cull", "&Pick"), "P", None, Flag.PICKED),
        (QCoreApplication.translate("Cull", "&Reject"), "X", None, Flag.REJECTED),
        (QCoreApplication.translate("Cull", "&Unflag"), "U", None, Flag.NONE),
        (QCoreApplication.translate("Cull", "No stars"), "0", 0, None),
    ]
    for stars in range(1, MAX_STARS + 1):
        text = (
            QCoreApplication.translate("Cull", "1 star")
            if stars == 1
            else QCoreApplication.translate("Cull", "%n stars", "", stars)
        )
        marks.append((text, str(stars), stars, None))
    return marks


class Culler(QObject):
    """The mark actions for ``places`` (the widgets whose focus enables the keys).
    ``stars_modifier`` ("Alt+") goes before the digits where they mean something else;
    ``context`` is the window for a window of its own (compare), whose widgets take no focus.

    ``targets()`` gives the takes a key marks (the selection); ``advance()`` moves on to the
    next take after a mark. Marks are written by the engine on the event loop; a mark the
    rules refuse (a take not saved yet) is skipped, not an error."""

    def __init__(
        self,
        places: Sequence[QWidget],
        engine: Engine,
        tasks: TaskRunner,
        *,
        targets: Callable[[], list[Job]],
        advance: Callable[[], None],
        stars_modifier: str = "",
        context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._tasks = tasks
        self._targets = targets
        self._advance = advance
        # One mark at a time: two quick keys on one take must reach its sidecar in order.
        self._one_at_a_time = asyncio.Lock()
        self.actions: list[QAction] = []
        for text, key, stars, flag in _mark_texts():
            action = QAction(text, self)
            action.setShortcut(QKeySequence(stars_modifier + key if stars is not None else key))
            action.setShortcutContext(context)
            action.triggered.connect(
                lambda _checked=False, s=stars, f=flag: self.mark(rating=s, flag=f)
            )
            self.actions.append(action)
        for place in places:
            place.addActions(self.actions)

    def mark(self, *, rating: int | None = None, flag: Flag | None = None) -> None:
        """Mark the target takes that can be reviewed, then move on to the next take."""
        jobs = [job for job in self._targets() if rules.can_review(job)]
        if not jobs:
            return
        for job in jobs:
            self._tasks.run(self._mark(job.id, rating, flag), name=f"mark-{job.id}")
        self._advance()

    async def _mark(self, job_id: str, rating: int | None, flag: Flag | None) -> None:
        async with self._one_at_a_time:
            await self._engine.mark(job_id, rating=rating, flag=flag)

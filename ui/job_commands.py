"""Carrying out what a person asks of a job, from a menu, a shortcut, the context menu or a
details button. What is allowed is asked of ``app.rules`` again when the order arrives (the job
may have moved on since its menu was drawn); questions are asked without a nested event loop.

Its strings keep the ``MainWindow`` translation context they had before the window was split.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QMainWindow,
    QPlainTextEdit,
    QVBoxLayout,
)

from app import rules
from app.api.models import GenerationRequest
from app.continuation import continue_frame, continued
from app.engine.engine import Engine
from app.engine.jobs import Job
from app.present import format_credits
from app.redact import redact
from app.rules import Action
from ui.dialogs import StandardButton, ask_box, message_box, question
from ui.tasks import TaskRunner


def open_local(path: Path | str) -> None:
    """Open a local file or folder with the desktop's own program for it."""
    # Here, not at the top: making QUrl's Python class is a millisecond of start-up.
    from PySide6.QtCore import QUrl

    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def reveal_in_file_manager(path: Path) -> None:
    """Show the file in its folder (selected where the platform allows)."""
    if sys.platform == "darwin":
        subprocess.Popen(["open", "-R", str(path)])
    elif sys.platform == "win32":
        subprocess.Popen(["explorer", "/select,", str(path)])
    else:
        open_local(path.parent)


class JobCommands(QObject):
    """``run(action, job_ids)`` does what the rules allow; questions are window-modal."""

    def __init__(
        self,
        window: QMainWindow,
        engine: Engine,
        tasks: TaskRunner,
        *,
        demo: Callable[[], bool],
        submit: Callable[[GenerationRequest], None],
        reuse: Callable[[GenerationRequest], None],
        render_final: Callable[[Job], None] | None = None,
        continue_from: Callable[[Job, GenerationRequest], None] | None = None,
        data_dir: Path | None = None,
    ) -> None:
        """``continue_from(job, request)`` readies the form to carry ``job`` on (``request``
        starts on its last frame, kept under ``data_dir``); without both, it is not offered."""
        super().__init__(window)
        self._window = window
        self._engine = engine
        self._tasks = tasks
        self._demo = demo
        self._submit = submit
        self._reuse = reuse
        self._render_final = render_final
        self._continue_from = continue_from
        self._data_dir = data_dir

    def allowed(self, job: Job) -> frozenset[Action]:
        """What the job allows with the backend in use now."""
        allowed = rules.allowed(job, demo=self._demo())
        if self._continue_from is None or self._data_dir is None:
            return allowed - {Action.CONTINUE}
        return allowed

    def run(self, action: Action, job_ids: Sequence[str]) -> None:
        """Do ``action`` for the jobs that allow it: removal for all of them, anything else
        for the first."""
        jobs = [job for job in map(self._engine.job, job_ids) if job is not None]
        jobs = [job for job in jobs if action in self.allowed(job)]
        if not jobs:
            return
        if action is Action.REMOVE:
            self._ask(self._remove(jobs), "remove")
            return
        job = jobs[0]
        if action is Action.OPEN:
            open_local(job.path or "")
        elif action is Action.REVEAL:
            reveal_in_file_manager(Path(job.path or ""))
        elif action is Action.REUSE:
            self._reuse(job.request)
        elif action is Action.SUBMIT_AGAIN:
            self._ask(self._submit_again(job), "submit-again")
        elif action is Action.STOP_TRACKING:
            self._ask(self._stop_tracking(job), "stop-tracking")
        elif action is Action.RETRY_SAVING:
            self._tasks.run(self._engine.retry(job.id), name="retry")
        elif action is Action.COPY_PROMPT:
            QGuiApplication.clipboard().setText(job.request.prompt)
            self._window.statusBar().showMessage(
                QCoreApplication.translate("MainWindow", "Prompt copied"), 3000
            )
        elif action is Action.SHOW_REPLY:
            self._tasks.run(self._show_reply(job), name="show-reply", owner=self._window)
        elif action is Action.RENDER_FINAL and self._render_final is not None:
            self._render_final(job)
        elif action is Action.CONTINUE:
            self._tasks.run(self._continue(job), name="continue", owner=self._window)

    async def _continue(self, job: Job) -> None:
        """Read the take's last frame (a worker thread: it decodes the video), then hand the
        form a request that starts on it."""
        if self._continue_from is None or self._data_dir is None:
            return
        frame = await asyncio.to_thread(continue_frame, job, self._data_dir)
        self._continue_from(job, continued(job.request, frame, job.request.prompt))

    def _ask(self, coro: Coroutine[Any, Any, None], name: str) -> None:
        self._tasks.run(coro, name=f"ask-{name}", owner=self._window)

    def _still_allows(self, job: Job, action: Action) -> bool:
        """Asked again after a question: the job may have moved on while it was open."""
        current = self._engine.job(job.id)
        return current is not None and action in self.allowed(current)

    async def _submit_again(self, job: Job) -> None:
        text = QCoreApplication.translate(
            "MainWindow", "Submit this video again? It is a new, paid submission."
        )
        cost = format_credits(job.credits)
        if not rules.resubmitting_costs(demo=self._demo()):
            text = QCoreApplication.translate(
                "MainWindow", "Submit this video again? (Demo mode: no cost.)"
            )
        elif cost and not job.demo:
            text += "\n" + QCoreApplication.translate(
                "MainWindow", "Last time it cost %1 credits."
            ).replace("%1", cost)
        answer = await question(
            self._window,
            QCoreApplication.translate("MainWindow", "Submit again"),
            text,
            buttons=(StandardButton.Yes, StandardButton.Cancel),
            default=StandardButton.Cancel,
        )
        if answer == StandardButton.Yes:
            self._submit(job.request)

    async def _stop_tracking(self, job: Job) -> None:
        answer = await question(
            self._window,
            QCoreApplication.translate("MainWindow", "Stop tracking"),
            QCoreApplication.translate(
                "MainWindow",
                "FoxAPI cannot cancel a task: the credits are spent anyway. ReelDesk will stop "
                "checking on this job and will not save its video.",
            ),
            buttons=(StandardButton.Yes, StandardButton.Cancel),
            default=StandardButton.Cancel,
        )
        if answer == StandardButton.Yes and self._still_allows(job, Action.STOP_TRACKING):
            await self._engine.stop_tracking(job.id)

    async def _remove(self, jobs: list[Job]) -> None:
        count = len(jobs)
        box = message_box(
            self._window,
            QCoreApplication.translate("MainWindow", "Remove from history"),
            QCoreApplication.translate("MainWindow", "Remove this job from the history?")
            if count == 1
            else QCoreApplication.translate(
                "MainWindow", "Remove %n jobs from the history?", "", count
            ),
            buttons=StandardButton.Yes | StandardButton.Cancel,
            default=StandardButton.Cancel,
        )
        also_files = QCheckBox(
            QCoreApplication.translate("MainWindow", "&Also delete the video files")
        )
        box.setCheckBox(also_files)
        try:
            clicked = await ask_box(box)
            yes = clicked is not None and box.standardButton(clicked) == StandardButton.Yes
            delete = also_files.isChecked()
        finally:
            box.deleteLater()
        if not yes:
            return
        for job in jobs:
            if self._still_allows(job, Action.REMOVE):
                await self._engine.remove(job.id, delete_file=delete)

    async def _show_reply(self, job: Job) -> None:
        from PySide6.QtWidgets import QDialogButtonBox  # not needed until a reply is shown

        reply = await self._engine.reply(job.id)
        dialog = QDialog(self._window)
        dialog.setWindowTitle(QCoreApplication.translate("MainWindow", "Service reply"))
        layout = QVBoxLayout(dialog)
        text = QPlainTextEdit()
        text.setReadOnly(True)
        if reply is None:
            body = QCoreApplication.translate(
                "MainWindow", "No reply from the service was kept for this job."
            )
        else:
            body = json.dumps(reply, indent=2, ensure_ascii=False)
        if job.error_message:
            body += "\n\n" + job.error_message
        text.setPlainText(redact(body))
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(560, 420)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

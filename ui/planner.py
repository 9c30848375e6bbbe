"""From the form's click to the engine: preview, budget guard, confirmation, then the jobs.

The window's half of planning (``app.plan`` and ``app.estimate`` are the core's). It keeps the
cost and time models learned from the history up to date (rebuilt lazily after jobs change),
tells the form what a batch will cost, and sends a batch only once it passed:

1. the preview, for a plan of several requests: unticked rows are dropped;
2. the budget guard: a daily limit, the reported balance (refused with a message; nothing sent);
3. the confirmation, for a batch estimated above the threshold in Preferences.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Coroutine, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QDialog, QMessageBox, QWidget

from app import rules
from app.api.client import Balance
from app.api.models import GenerationRequest
from app.engine.engine import Engine
from app.engine.jobs import Job, new_id
from app.errors import ReelDeskError
from app.estimate import (
    CostModel,
    Eta,
    TimeModel,
    check_budget,
    estimate_text,
    spent_since,
)
from app.messages import Catalogue
from app.plan import PlanError, explain, prompts_from_file
from app.present import format_duration
from app.settings import SettingsStore
from ui.dialogs import StandardButton, ask, ask_box, message_box, question
from ui.form import GenerationForm
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)
#: How long the balance may take before a batch goes without it (the guard is best effort).
BALANCE_WAIT = 5.0
#: Job changes arriving together refresh the button once.
REFRESH_DELAY_MS = 500


#: Learning on a worker thread rests this long after every ``PACE_JOBS`` jobs.
PACE_SECONDS, PACE_JOBS = 0.001, 100


def learn(jobs: list[Job], price_table: Mapping[str, float] | None) -> tuple[CostModel, TimeModel]:
    """What the history says a video costs and takes (any thread: jobs are immutable)."""
    return CostModel(paced(jobs), price_table), TimeModel(paced(jobs))


def paced(jobs: list[Job]) -> Iterator[Job]:
    """``jobs``, resting now and then when read on a worker thread. Python code on another
    thread takes the interpreter lock from the window's thread at every call Qt makes into
    Python (a paint makes hundreds): learning from 10,000 jobs flat out stalled the window
    for up to 100 ms (tests/bench). Resting, it leaves the lock free most of the time."""
    if threading.current_thread() is threading.main_thread():
        yield from jobs
        return
    for start in range(0, len(jobs), PACE_JOBS):
        yield from jobs[start : start + PACE_JOBS]
        time.sleep(PACE_SECONDS)


class Planner(QObject):
    def __init__(
        self,
        window: QWidget,
        form: GenerationForm,
        engine: Engine,
        settings: SettingsStore,
        tasks: TaskRunner,
        *,
        catalogue: Callable[[], Catalogue],
        demo: Callable[[], bool],
        balance: Callable[[], Coroutine[Any, Any, Balance | None]] | None,
        sent: Callable[[list[Job]], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._form = form
        self._engine = engine
        self._settings = settings
        self._tasks = tasks
        self._catalogue = catalogue
        self._demo = demo
        self._balance = balance
        self._sent = sent
        self._models: tuple[CostModel, TimeModel] | None = None
        self._learning: asyncio.Task[tuple[CostModel, TimeModel]] | None = None
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_DELAY_MS)
        self._refresh.timeout.connect(self.learn_again)
        self.unsubscribe = engine.subscribe(self)
        form.set_estimator(self.words)
        form.generate_requested.connect(self._on_form_generate_requested)
        form.prompts_file_chosen.connect(self._on_form_prompts_file_chosen)

    # -- what the history teaches (an engine listener) ------------------------------------------

    def job_added(self, _job: Job) -> None:
        self._changed()

    def job_changed(self, _job: Job) -> None:
        self._changed()

    def job_removed(self, _job_id: str) -> None:
        self._changed()

    def _changed(self) -> None:
        if not self._refresh.isActive():
            self._refresh.start()

    def learn_again(self) -> None:
        """Learn the history again on a worker thread, then say the cost again: a history of
        100,000 jobs takes a quarter of a second to learn from, which the window's thread
        cannot spare while jobs run. Until then the estimate is the one learned before."""
        if self._learning is not None and not self._learning.done():
            self._refresh.start()  # after this one, with what changed meanwhile
            return
        jobs, table = self._engine.jobs, self._settings.settings.price_table
        self._learning = self._tasks.run(
            asyncio.to_thread(learn, jobs, table),
            name="learning from the history",
            on_success=self._on_learned,
            owner=self._window,
        )

    def _on_learned(self, models: tuple[CostModel, TimeModel]) -> None:
        self._models = models
        self._form.set_estimator(self.words)

    def refresh(self) -> None:
        """Say the cost again (the history, the price table or the backend changed)."""
        self._models = None
        self._form.set_estimator(self.words)

    def _learned(self) -> tuple[CostModel, TimeModel]:
        if self._models is None:
            self._models = learn(self._engine.jobs, self._settings.settings.price_table)
        return self._models

    # -- the words ------------------------------------------------------------------------------

    def words(self, requests: list[GenerationRequest]) -> tuple[str, str]:
        """What ``requests`` will cost ("≈ 120 credits") and take (a line, or "")."""
        costs, times = self._learned()
        demo = self._demo()
        estimate = costs.batch(requests, demo=demo)
        eta = times.batch(requests, demo=demo, parallel=self._settings.settings.max_in_flight)
        return estimate_text(estimate, self._catalogue()), self._eta_text(eta)

    def job_words(self, request: GenerationRequest) -> str:
        costs, _times = self._learned()
        return estimate_text(costs.batch([request], demo=self._demo()), self._catalogue())

    def _eta_text(self, eta: Eta) -> str:
        if eta.total is None or eta.render is None:
            return ""
        return (
            self.tr("About %1: %2 waiting, %3 rendering")
            .replace("%1", format_duration(eta.total))
            .replace("%2", format_duration(eta.wait or 0.0))
            .replace("%3", format_duration(eta.render))
        )

    # -- sending --------------------------------------------------------------------------------

    def _on_form_generate_requested(self, requests: list[GenerationRequest], count: int) -> None:
        # Disabling the focused button while it submits would hand the focus to the next
        # widget in the chain (the search box); the next prompt is written where this one was.
        if self._form.generate.hasFocus():
            self._form.prompt.setFocus()
        self._form.set_busy(True)
        self._tasks.run(
            # A take carried on from its last frame: each new job remembers it.
            self.send(requests, count, parent_id=self._form.parent_id()),
            name="send-plan",
            on_success=lambda _jobs: self._form.set_busy(False),
            on_failure=self._on_send_failed,
            owner=self._form,
        )

    def _on_send_failed(self, error: ReelDeskError) -> None:
        self._form.set_busy(False)
        self._show(self._catalogue().error_message(error), self._catalogue().next_action(error))

    def submit(self, requests: list[GenerationRequest], count: int, *, confirm: bool) -> None:
        """Send from elsewhere than the form's button (submit again, render final): the
        guard still applies; ``confirm=False`` where the person has just said yes to it."""
        self._form.set_busy(True)
        self._tasks.run(
            self.send(requests, count, confirm=confirm),
            name="send-plan",
            on_success=lambda _jobs: self._form.set_busy(False),
            on_failure=self._on_send_failed,
            owner=self._form,
        )

    async def send(
        self,
        requests: list[GenerationRequest],
        count: int,
        *,
        confirm: bool = True,
        parent_id: str | None = None,
    ) -> list[Job]:
        """Preview, guard, confirm, submit; the jobs recorded (none if stopped on the way).
        ``parent_id``: the job they continue."""
        if len(requests) > 1:
            from ui.plan_preview import PlanPreview  # not before the first paint

            preview = PlanPreview(
                requests,
                count,
                self._catalogue(),
                batch_words=self.words,
                job_words=self.job_words,
                parent=self._window,
            )
            try:
                if await ask(preview) != QDialog.DialogCode.Accepted.value:
                    return []
                requests = preview.chosen()
            finally:
                preview.deleteLater()
        videos = [request for request in requests for _ in range(count)]
        if not videos or not await self._passes_guard(videos, confirm=confirm):
            return []
        jobs: list[Job] = []
        plan = new_id() if len(requests) > 1 else ""
        try:
            for request in requests:
                jobs += await self._engine.submit(
                    request, count=count, plan_id=plan, parent_id=parent_id
                )
        finally:
            if jobs:
                self._sent(jobs)
        return jobs

    async def _passes_guard(self, videos: list[GenerationRequest], *, confirm: bool) -> bool:
        catalogue = self._catalogue()
        settings = self._settings.settings
        costs, _times = self._learned()
        estimate = costs.batch(videos, demo=self._demo())
        if estimate.source == "demo":
            return True
        balance = await self._reported_balance() if estimate.credits else None
        today = dt.datetime.combine(dt.date.today(), dt.time()).timestamp()
        refusal = check_budget(
            estimate,
            daily_limit=settings.daily_limit or None,
            spent_today=spent_since(self._engine.jobs, today),
            balance=balance,
        )
        if refusal is not None:
            self._show(catalogue.text(refusal.key, **refusal.params))
            return False
        # An unknown cost is not asked about: the button and the preview say it is unknown.
        threshold = settings.confirm_above
        if confirm and threshold and estimate.credits is not None and estimate.credits > threshold:
            answer = await question(
                self._window,
                self.tr("Send these videos?"),
                (
                    self.tr("Send 1 video? Estimated cost: %1.")
                    if len(videos) == 1
                    else self.tr("Send %n videos? Estimated cost: %1.", "", len(videos))
                ).replace("%1", estimate_text(estimate, catalogue)),
                informative=self.tr("Preferences ask before any batch above %1 credits.").replace(
                    "%1", f"{threshold:g}"
                ),
                default=StandardButton.No,
            )
            return answer == StandardButton.Yes
        return True

    async def _reported_balance(self) -> float | None:
        if self._balance is None:
            return None
        try:
            balance = await asyncio.wait_for(self._balance(), BALANCE_WAIT)
        except (ReelDeskError, TimeoutError) as exc:
            log.info("balance not known before sending: %s", exc)
            return None
        if balance is None or balance.unlimited:
            return None
        return balance.credits

    # -- afterwards ----------------------------------------------------------------------------

    def show_spending(self) -> None:
        """Totals per day and per batch, and on failed jobs (the history in memory)."""
        from app.commands.spend import summarise  # not before the first paint
        from ui.spending import SpendingDialog

        dialog = SpendingDialog(summarise(self._engine.jobs), self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # -- draft to final --------------------------------------------------------------------------

    def render_final(self, job: Job) -> None:
        """Offer the take again at each higher resolution, same seed and settings, each with
        its extra cost; send the one chosen."""
        self._tasks.run(self._render_final(job), name="render-final", owner=self._window)

    async def _render_final(self, job: Job) -> None:
        box = message_box(
            self._window,
            self.tr("Render final"),
            self.tr(
                "Render this take again at a higher resolution, with the same seed (%1) and "
                "settings? It is a new video, charged on top of this one."
            ).replace("%1", str(job.request.seed))
            if not self._demo()
            else self.tr(
                "Render this take again at a higher resolution, with the same seed (%1) and "
                "settings? (Demo mode: no cost.)"
            ).replace("%1", str(job.request.seed)),
            informative=self.tr(
                "The service may not reproduce the take exactly: the same seed and settings "
                "give a close result, not always the same one."
            ),
            buttons=StandardButton.Cancel,
            default=StandardButton.Cancel,
        )
        finals: dict[QAbstractButton, GenerationRequest] = {}
        for resolution in rules.final_resolutions(job):
            final = replace(job.request, resolution=resolution)
            button = box.addButton(
                f"{resolution.value} · {self.job_words(final)}", QMessageBox.ButtonRole.AcceptRole
            )
            finals[button] = final
        try:
            clicked = await ask_box(box)
        finally:
            box.deleteLater()
        chosen = finals.get(clicked) if clicked is not None else None
        if chosen is not None:
            self.submit([chosen], 1, confirm=False)

    # -- prompts from a file --------------------------------------------------------------------

    def _on_form_prompts_file_chosen(self, path: str) -> None:
        file = Path(path)

        def loaded(lines: list[Any]) -> None:
            self._form.set_file_prompts(file.name, lines)

        def failed(error: ReelDeskError) -> None:
            if isinstance(error, PlanError):
                self._show(explain(error, self._catalogue()))
            else:
                self._show(self._catalogue().explain(error))

        self._tasks.run(
            asyncio.to_thread(prompts_from_file, file),
            name="load-prompts",
            on_success=loaded,
            on_failure=failed,
            owner=self._form,
        )

    def _show(self, text: str, informative: str = "") -> None:
        box = message_box(
            self._window,
            "ReelDesk",
            text,
            icon=QMessageBox.Icon.Warning,
            informative=informative,
        )
        box.setObjectName("planMessage")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

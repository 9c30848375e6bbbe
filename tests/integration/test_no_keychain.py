"""Saving a key on a system with no keychain while jobs run: the question about a private file
is open while the jobs keep advancing, and they are saved (issue 11, hole 1)."""

from __future__ import annotations

import asyncio
import stat
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from app.api.models import GenerationRequest
from app.engine.jobs import JobStatus
from app.paths import Paths
from app.secrets import KeyStore
from app.settings import SettingsStore
from app.simulator import Simulator, SimulatorConfig
from tests.conftest import run_async
from tests.unit.app.test_secrets import SENTINEL
from tests.unit.ui.boxes import click, wait_for_box
from ui.key_field import store_key
from ui.tasks import TaskRunner

from .helpers import build_engine


def test_the_key_question_leaves_running_jobs_moving(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, paths: Paths
) -> None:
    sim = Simulator(SimulatorConfig(job_seconds=1.5)).start()
    parts = build_engine(paths, sim.base_url)
    engine = parts.engine
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    try:
        run_async(qtbot, qloop, engine.start())
        jobs = run_async(qtbot, qloop, engine.submit(GenerationRequest("lanterns"), count=2))
        ids = [job.id for job in jobs]

        def progress() -> list[int]:
            return [engine.job(i).progress for i in ids]  # type: ignore[union-attr]

        qtbot.waitUntil(lambda: all(p > 0 for p in progress()), timeout=5000)

        errors: list[Any] = []
        results: list[bool] = []
        keys = KeyStore(paths.key_file, backend=None)  # no keychain on this system
        settings = SettingsStore(paths.settings_file)
        TaskRunner(errors.append).run(
            store_key(SENTINEL, keys, settings, window),
            name="save-key",
            on_success=results.append,
        )
        box = wait_for_box(qtbot)
        assert str(paths.key_file) in box.text()
        before = progress()
        # Every job advances while the question waits for an answer.
        qtbot.waitUntil(
            lambda: all(now >= was + 10 for now, was in zip(progress(), before, strict=True)),
            timeout=5000,
        )
        assert box.isVisible() and not paths.key_file.exists()
        click(qtbot, box, QMessageBox.StandardButton.Yes)
        qtbot.waitUntil(lambda: results == [True], timeout=5000)
        assert keys.load("file") == SENTINEL
        assert stat.S_IMODE(paths.key_file.stat().st_mode) == 0o600
        assert SettingsStore(paths.settings_file).settings.key_storage == "file"

        def statuses() -> list[JobStatus]:
            return [engine.job(i).status for i in ids]  # type: ignore[union-attr]

        qtbot.waitUntil(lambda: statuses() == [JobStatus.SAVED] * 2, timeout=10_000)
        assert errors == []
    finally:
        run_async(qtbot, qloop, parts.close())
        sim.stop()

"""Python's cycle collector and the window's thread."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from app.engine.store import HistoryStore
from app.paths import Paths
from app.simulator import SimulatorConfig
from tests.bench import history_data

from .conftest import Studio

HISTORY = 40


def test_the_history_is_out_of_the_collectors_full_passes(
    open_studio: Callable[..., Studio], paths: Paths, qtbot: Any
) -> None:
    """A full pass of the collector walks every object it tracks, on the window's thread (70-
    100 ms with 10,000 jobs under load): once the window shows the history, its jobs are
    frozen out of its reach."""
    store = HistoryStore(paths.history_db)
    try:
        store.insert_many(history_data.jobs(HISTORY, paths.videos))
    finally:
        store.close()
    studio = open_studio(SimulatorConfig(job_seconds=1.2))
    qtbot.waitUntil(lambda: len(studio.rows()) == HISTORY, timeout=5000)

    def walked() -> int:
        tracked = {id(thing) for thing in gc.get_objects()}
        return sum(id(job) in tracked for job in studio.rows())

    qtbot.waitUntil(lambda: walked() == 0, timeout=5000)

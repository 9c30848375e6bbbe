"""Benchmark 6, in its own process: what one coalesced repaint of the job list costs with the
filter and sort live. 10,000 jobs in the real model, proxy, table and progress delegate
(offscreen); 200 of them generating, each advancing between repaints, under the views a person
picks: all jobs newest first, Running, and sorted by status. Times the model's flush (the
proxy re-filters and re-sorts the changed rows there) and the paint that follows. Prints JSON."""

from __future__ import annotations

import json
import os
import random
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from app.api.models import GenerationRequest, Resolution
from app.engine.jobs import Job, JobStatus
from app.messages import Catalogue
from ui.delegates import ProgressDelegate
from ui.job_model import Column, JobFilterProxy, JobTableModel, StatusFilter

JOBS, RUNNING, BATCHES = 10_000, 200, 20
VIEWS = (
    ("all", StatusFilter.ALL, Column.TIME, Qt.SortOrder.DescendingOrder),
    ("running", StatusFilter.ACTIVE, Column.TIME, Qt.SortOrder.DescendingOrder),
    ("by status", StatusFilter.ALL, Column.STATUS, Qt.SortOrder.AscendingOrder),
)


def history() -> list[Job]:
    rng = random.Random(7)
    now = time.time()
    jobs = []
    for n in range(JOBS):
        running = n >= JOBS - RUNNING  # the newest, as when a batch is under way
        status = (
            JobStatus.PROCESSING
            if running
            else rng.choice([JobStatus.SAVED] * 8 + [JobStatus.FAILED, JobStatus.EXPIRED])
        )
        jobs.append(
            Job(
                id=f"bench-{n:05d}",
                request=GenerationRequest(
                    f"lantern {n} river at dusk", resolution=rng.choice(list(Resolution))
                ),
                status=status,
                progress=10 if running else 100,
                created_at=now - (JOBS - n) * 60,
                credits=10.0,
                error_code="content_policy" if status is JobStatus.FAILED else "",
            )
        )
    return jobs


def measure(
    app: QApplication, status: StatusFilter, column: Column, order: Qt.SortOrder
) -> tuple[list[float], list[float]]:
    jobs = history()
    model = JobTableModel(jobs, Catalogue("en"))
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setItemDelegateForColumn(Column.STATUS, ProgressDelegate(view))
    view.setSortingEnabled(True)
    view.sortByColumn(column, order)
    proxy.set_status(status)
    view.resize(1000, 600)
    view.show()
    app.processEvents()
    running = [job for job in jobs if job.status is JobStatus.PROCESSING]
    flushes, paints = [], []
    for _ in range(BATCHES):
        running = [job.replace(progress=job.progress + 1) for job in running]
        for job in running:
            model.job_changed(job)
        started = time.perf_counter()
        model.flush()
        flushed = time.perf_counter()
        app.processEvents()
        flushes.append((flushed - started) * 1000)
        paints.append((time.perf_counter() - flushed) * 1000)
    view.close()
    return flushes, paints


def main() -> None:
    app = QApplication([])
    result: dict[str, float] = {}
    for name, status, column, order in VIEWS:
        flushes, paints = measure(app, status, column, order)
        result[f"{name} flush median ms"] = statistics.median(flushes)
        result[f"{name} flush max ms"] = max(flushes)
        result[f"{name} paint median ms"] = statistics.median(paints)
    result["flush_median_ms"] = max(v for k, v in result.items() if k.endswith("flush median ms"))
    result["flush_max_ms"] = max(v for k, v in result.items() if k.endswith("flush max ms"))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()

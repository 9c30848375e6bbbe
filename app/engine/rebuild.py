"""Rebuilding the history from the videos: every saved video ``NAME.mp4`` has a sidecar
``NAME.json`` (``app.engine.saver.sidecar``) that says which job and task made it, with the
full request and the video's file name.

A rebuild adds the saved jobs the history does not have (by job id and by task id, so nothing
is listed twice) and never removes one. A history that cannot be opened because it is damaged
(not a database, too new, emptied) is set aside first, never deleted, and a new one is made.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.api.models import GenerationRequest
from app.engine import backup
from app.engine.jobs import Job, JobStatus, new_id
from app.engine.store import HistoryStore
from app.errors import HistoryCorrupt, HistoryEmptied, HistoryTooNew, InvalidValue

log = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".json"
#: A sidecar is a few kilobytes; anything much larger is not one of ours.
MAX_SIDECAR_BYTES = 1_000_000


@dataclass
class RebuildReport:
    """What a rebuild found and did."""

    found: int = 0
    added: int = 0
    already: int = 0
    unreadable: list[Path] = field(default_factory=list)
    set_aside: Path | None = None


def job_from_sidecar(sidecar: Path) -> Job:
    """The saved job a sidecar describes. Raises ``ValueError`` (or ``OSError``) when the
    file is not a ReelDesk sidecar, ``InvalidValue`` when its request is not one."""
    if sidecar.stat().st_size > MAX_SIDECAR_BYTES:
        raise ValueError("too large for a sidecar")
    data: Any = json.loads(sidecar.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("request"), dict):
        raise ValueError("no request in it")
    file = data.get("file")
    if not isinstance(file, str) or not file or Path(file).name != file:
        raise ValueError("no video file name in it")
    request = GenerationRequest.from_json(data["request"])
    video = sidecar.with_name(file)
    saved = _number(data.get("saved")) or sidecar.stat().st_mtime
    created = _number(data.get("created")) or saved
    transitions = {
        status.value: moment
        for status, moment in (
            (JobStatus.PENDING, _number(data.get("submitted"))),
            (JobStatus.COMPLETED, _number(data.get("completed"))),
            (JobStatus.SAVED, saved),
        )
        if moment is not None
    }
    task_id = data.get("task_id")
    job_id = data.get("job_id")
    parent_id = data.get("parent_id")  # the take it continues (sidecars since pictures)
    return Job(
        id=job_id if isinstance(job_id, str) and job_id else new_id(),
        request=request,
        status=JobStatus.SAVED,
        demo=bool(data.get("demo")),
        task_id=task_id if isinstance(task_id, str) and task_id else None,
        progress=100,
        created_at=created,
        updated_at=saved,
        credits=_number(data.get("credits")),
        path=str(video),
        transitions=transitions,
        parent_id=parent_id if isinstance(parent_id, str) and parent_id else None,
    )


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def sidecars(folders: Iterable[Path]) -> list[Path]:
    """The JSON files under ``folders`` (sidecars, and other files that ``job_from_sidecar``
    turns down), in name order."""
    found: set[Path] = set()
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                if name.endswith(SIDECAR_SUFFIX) and not name.startswith("."):
                    found.add(Path(root, name).resolve())
    return sorted(found)


def open_or_set_aside(history: Path) -> tuple[HistoryStore, Path | None]:
    """Open the history; one that is damaged beyond opening is set aside and replaced by a new
    one. Other problems (locked, read-only, unreadable) are raised: a rebuild cannot help."""
    try:
        return HistoryStore(history), None
    except (HistoryCorrupt, HistoryTooNew, HistoryEmptied) as exc:
        log.warning("rebuild: %s; setting it aside", exc.details)
    aside = backup.set_aside(history)
    return HistoryStore(history), aside


def rebuild(history: Path, folders: Iterable[Path]) -> RebuildReport:
    """Add to ``history`` every job whose video and sidecar are under ``folders`` and which
    it does not have. Hold the instance lock while calling it."""
    found = sidecars(folders)
    store, aside = open_or_set_aside(history)
    report = RebuildReport(found=len(found), set_aside=aside)
    try:
        ids, task_ids = store.known_ids()
        new: list[Job] = []
        for path in found:
            try:
                job = job_from_sidecar(path)
            except (OSError, ValueError, TypeError, KeyError, InvalidValue) as exc:
                log.info("rebuild: %s is not a readable sidecar: %s", path, exc)
                report.unreadable.append(path)
                continue
            if job.id in ids or (job.task_id is not None and job.task_id in task_ids):
                report.already += 1
                continue
            ids.add(job.id)
            if job.task_id is not None:
                task_ids.add(job.task_id)
            new.append(job)
        store.insert_many(new)
        report.added = len(new)
    finally:
        store.close()
    return report

"""The task journal: a paid task id is on disk the moment the service gives it.

The history database can refuse a write right after a POST (another program holds it locked,
the disk is read-only for a moment). The task id that POST brought back is what lets
``resume`` save a video already paid for, so before the history is written it is appended
here, one JSON line per reply, fsynced. Entries are replayed into the history before its next
write and on the next start, then the file is emptied.

The file sits beside the history (``journal.jsonl``), owner-only like it. A line cut short by a
crash is skipped: its POST's history write had not been attempted yet either.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.fsutil import fsync_dir
from app.paths import PRIVATE_FILE

log = logging.getLogger(__name__)

JOURNAL_NAME = "journal.jsonl"


def journal_path(history: Path) -> Path:
    """Where the journal of the history database ``history`` lives."""
    return history.with_name(JOURNAL_NAME)


class TaskJournal:
    """Append-only task ids waiting to be in the history. Thread-safe: entries are added from
    the event loop's side and replayed on the history thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        #: Entries not yet known to be in the history, by job id (the last one wins).
        self._pending: dict[str, dict[str, Any]] = {}
        self._read_back()

    def _read_back(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as exc:
            log.error("task journal %s could not be read: %s", self.path, exc)
            return
        for number, line in enumerate(text.splitlines(), 1):
            try:
                entry = json.loads(line)
                job_id = entry["job"]
                if not isinstance(job_id, str) or not isinstance(entry["values"], dict):
                    raise TypeError("not a journal entry")
            except (ValueError, KeyError, TypeError) as exc:
                log.warning("task journal line %d skipped: %s", number, exc)
                continue
            self._pending[job_id] = entry
        if self._pending:
            log.warning("task journal holds %d task id(s) to fold in", len(self._pending))

    def record(
        self, job_id: str, intent_id: str, task_id: str, when: float, values: Mapping[str, Any]
    ) -> None:
        """Append one entry and fsync it: ``values`` are the history fields the reply brought
        (JSON-ready). Raises ``OSError`` when the disk refuses."""
        entry = {"job": job_id, "intent": intent_id, "task": task_id, "time": when}
        entry["values"] = dict(values)
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode()
        with self._lock:
            new = not self.path.exists()
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
            if new:
                fsync_dir(self.path.parent)
            self._pending[job_id] = entry

    def pending(self) -> list[dict[str, Any]]:
        """The entries not yet known to be in the history, oldest first."""
        with self._lock:
            return list(self._pending.values())

    def settled(self, entries: list[dict[str, Any]]) -> None:
        """``entries`` are in the history now; once none is left the file is emptied. An entry
        recorded again meanwhile (same job, newer reply) stays."""
        with self._lock:
            for entry in entries:
                if self._pending.get(entry["job"]) is entry:
                    del self._pending[entry["job"]]
            if self._pending or not self.path.exists():
                return
            try:
                fd = os.open(self.path, os.O_WRONLY)
                try:
                    os.ftruncate(fd, 0)
                    os.fsync(fd)
                finally:
                    os.close(fd)
            except OSError as exc:
                # Harmless: replaying an entry whose job already has its task id changes nothing.
                log.warning("task journal %s not emptied: %s", self.path, exc)

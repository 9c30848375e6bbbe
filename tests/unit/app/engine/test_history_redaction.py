"""Every way a job reaches the history database redacts the service's words: the engine's
updates, a single insert and a batch (an import, a restored backup) alike."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app import redact as redact_module
from app.api.models import GenerationRequest
from app.engine.jobs import Job, JobStatus
from app.engine.store import HistoryStore
from app.redact import remember_secret

#: A key without ``sk-`` or ``Bearer``: only knowing it finds it.
KEY = "Zq7plainKEYwithoutPrefix9931"


@pytest.fixture(autouse=True)
def _known_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(redact_module, "_known", ())
    remember_secret(KEY)


def echoed(n: int) -> Job:
    """A job whose service reply echoed the key, as a gateway does ("Invalid token: …")."""
    return Job(
        id=f"job-{n}",
        request=GenerationRequest(f"prompt {n}"),
        status=JobStatus.FAILED,
        error_code="auth",
        error_message=f"Invalid token: {KEY}; Bearer sk-live-abcdef123456",
        raw_reply={"error": {"message": f"Invalid token: {KEY}", KEY: [f"Bearer {KEY}"]}},
    )


def database_text(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return repr(db.execute("SELECT * FROM jobs").fetchall())
    finally:
        db.close()


def test_a_batch_insert_keeps_no_key(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = HistoryStore(path)
    store.insert_many([echoed(1), echoed(2)])
    store.insert(echoed(3))
    jobs = store.load_all()
    store.close()
    text = database_text(path)
    assert KEY not in text
    assert "sk-live" not in text
    assert [job.error_message.startswith("Invalid token: •••") for job in jobs] == [True] * 3
    assert jobs[0].raw_reply is not None
    assert KEY not in repr(jobs[0].raw_reply)


def test_an_update_outside_the_engine_keeps_no_key(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = HistoryStore(path)
    clean = Job(id="job-1", request=GenerationRequest("prompt"))
    store.insert(clean)
    store.update(echoed(1), ["error_message", "raw_reply", "status"])
    store.close()
    assert KEY not in database_text(path)

"""What the command line prints reads like the window: the same status words, lengths and
credits (app/present.py), against a real history file."""

from __future__ import annotations

import pytest

from app import cli
from app.api.models import AspectRatio, GenerationRequest, Resolution
from app.engine.jobs import Job, JobStatus
from app.engine.store import HistoryStore
from app.paths import Paths


def test_tasks_prints_statuses_lengths_and_credits_like_the_window(
    paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    request = GenerationRequest(
        "Lanterns <b>over</b> a river",
        resolution=Resolution.P1080,
        duration=8,
        aspect_ratio=AspectRatio.R9_16,
    )
    store = HistoryStore(paths.history_db)
    store.insert_many(
        [
            Job(id="paid", request=request, status=JobStatus.SAVED, credits=20.0, created_at=1.0),
            Job(
                id="demo",
                request=request,
                status=JobStatus.PROCESSING,
                progress=40,
                demo=True,
                credits=21.33,
                task_id="task-demo",
                created_at=2.0,
            ),
        ]
    )
    store.close()
    assert cli.main(["tasks"]) == cli.EXIT_OK
    demo, paid = capsys.readouterr().out.splitlines()
    assert "Generating 40%" in demo and "1080p · 8s · 9:16" in demo
    assert " Demo " in demo and "21.33" not in demo  # a demo job costs nothing
    assert "Saved" in paid and " 20 " in paid
    assert "Lanterns <b>over</b> a river" in paid

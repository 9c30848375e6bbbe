"""The queue's pause on disk: what another process (or a crash) may leave there."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine.queue import PauseReason, clear_pause, read_pause, write_pause


def test_no_file_means_the_queue_runs(tmp_path: Path) -> None:
    assert read_pause(tmp_path / "queue-paused.json") is None
    assert read_pause(None) is None


def test_a_pause_keeps_its_reason_and_clearing_twice_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "queue-paused.json"
    written = write_pause(path, PauseReason.QUOTA)
    assert read_pause(path) == written and written.reason is PauseReason.QUOTA
    clear_pause(path)
    clear_pause(path)
    assert read_pause(path) is None


@pytest.mark.parametrize("body", ["", "{", "[]", '{"reason": "nap", "since": 1}', '{"since": 1}'])
def test_a_file_that_is_not_a_pause_still_pauses(tmp_path: Path, body: str) -> None:
    # Never start sending (and paying) by mistake: a person can always resume.
    path = tmp_path / "queue-paused.json"
    path.write_text(body)
    pause = read_pause(path)
    assert pause is not None and pause.reason is PauseReason.USER

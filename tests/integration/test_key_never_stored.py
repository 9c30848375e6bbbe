"""The API key never lands on disk or on the screen, even when the service echoes it back
("Invalid token: Bearer <key>"): the history file and its write-ahead log, sidecars, the log
folder and the command line's output, for a stored key that has no ``sk-`` prefix to spot."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.paths import Paths, resolve_paths
from app.secrets import KeyStore
from app.settings import SettingsStore
from app.simulator import SimulatorConfig
from app.simulator.faults import FaultySimulator
from tests.children import ROOT, child_env

#: A key a redactor cannot recognise by its shape: only knowing it finds it.
PLAIN_KEY = "Zq7plainKEYwithoutPrefix9931"


def _store_key_in_file(home: Path) -> Paths:
    paths = resolve_paths({"REELDESK_HOME": str(home)})
    paths.ensure()
    SettingsStore(paths.settings_file).update(key_storage="file", first_run_done=True)
    KeyStore(paths.key_file).save(PLAIN_KEY, "file")
    return paths


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.launcher", *args],
        cwd=ROOT,
        env=child_env(home, REELDESK_TIME_SCALE="0.05"),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def _files_holding_the_key(home: Path) -> list[Path]:
    """Every file under the home but the key file itself that holds the key's bytes."""
    found = []
    for path in home.rglob("*"):
        if path.is_file() and path.name != "api-key" and PLAIN_KEY.encode() in path.read_bytes():
            found.append(path)
    return found


@pytest.fixture
def echoing_sim() -> Iterator[FaultySimulator]:
    simulator = FaultySimulator(SimulatorConfig(job_seconds=0.5))
    with simulator:
        yield simulator


def test_a_refusal_echoing_the_key_is_stored_and_printed_without_it(
    home: Path, echoing_sim: FaultySimulator
) -> None:
    paths = _store_key_in_file(home)
    echo = f"Invalid token: Bearer {PLAIN_KEY} (token {PLAIN_KEY} is not known)"
    echoing_sim.queue_error("post", 401, error_type="authentication_error", message=echo)
    result = _run(home, "generate", "x", "--base-url", echoing_sim.base_url, "--json")

    assert result.returncode == 1
    job = json.loads(result.stdout)
    assert job["status"] == "failed" and "Invalid token" in job["error"]["detail"]
    assert PLAIN_KEY not in result.stdout + result.stderr
    assert paths.history_db.exists()
    assert _files_holding_the_key(home) == []


def test_a_poll_error_echoing_the_key_reaches_no_sidecar_log_or_history(
    home: Path, echoing_sim: FaultySimulator
) -> None:
    paths = _store_key_in_file(home)
    echoing_sim.queue_error(
        "get", 503, error_type="service_unavailable_error", message=f"upstream saw {PLAIN_KEY}"
    )
    result = _run(home, "generate", "x", "--base-url", echoing_sim.base_url, "--json")

    assert result.returncode == 0, result.stderr
    video = Path(json.loads(result.stdout)["path"])
    assert video.with_suffix(".json").is_file()
    assert list(paths.logs.glob("*.log*"))
    assert PLAIN_KEY not in result.stdout + result.stderr
    assert _files_holding_the_key(home) == []


def test_the_history_is_private_to_its_owner(home: Path, echoing_sim: FaultySimulator) -> None:
    paths = _store_key_in_file(home)
    result = _run(home, "generate", "x", "--base-url", echoing_sim.base_url, "--no-wait")
    assert result.returncode == 0, result.stderr

    assert stat.S_IMODE(paths.data.stat().st_mode) == 0o700
    # SQLite removes the -wal and -shm files on close; any it left behind are checked too.
    for path in [paths.history_db, *paths.data.glob("history.sqlite3-*")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path

"""More of the command line's promises (design.md), each as a script or a person at a terminal
meets it: a real subprocess, the simulator on loopback."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import pty
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.engine.lock import InstanceLock
from app.simulator import Simulator, SimulatorConfig
from tests.children import ROOT

from .helpers import KEY
from .test_cli import _wait_for, cli_env, run_cli


def one_line(stderr: str) -> str:
    (line,) = stderr.strip().splitlines()
    return line


def test_every_form_flag_reaches_the_request(home: Path, sim: Simulator) -> None:
    result = run_cli(
        home,
        "generate",
        "lanterns over a river",
        "--negative-prompt",
        "blur, text",
        "--resolution",
        "1080p",
        "--style",
        "anime",
        "--seed",
        "7",
        "--multi-clip",
        "--base-url",
        sim.base_url,
        REELDESK_API_KEY=KEY,
    )
    assert result.returncode == 0, result.stderr
    (post,) = sim.submissions()
    assert post.json() == {
        "model": "pixverse-v6-text-to-video",
        "prompt": "lanterns over a river",
        "negative_prompt": "blur, text",
        "aspect_ratio": "16:9",
        "resolution": "1080p",
        "duration": 5,
        "style": "anime",
        "seed": 7,
        "generate_audio": False,
        "generate_multi_clip": True,
    }


def test_an_empty_history_says_how_to_start(home: Path) -> None:
    result = run_cli(home, "tasks")
    assert result.returncode == 0
    assert result.stdout.strip() == 'No jobs yet. Try: reeldesk generate --demo "a red fox in snow"'
    assert run_cli(home, "tasks", "--json").stdout == ""


def test_tasks_shows_an_unfinished_job_with_its_task(home: Path) -> None:
    with Simulator(SimulatorConfig(job_seconds=30)) as slow:
        submitted = run_cli(
            home,
            "generate",
            "a slow one\nover two lines",
            "--no-wait",
            "--json",
            "--base-url",
            slow.base_url,
            REELDESK_API_KEY=KEY,
        )
    task_id = json.loads(submitted.stdout)["task_id"]
    listed = run_cli(home, "tasks")
    assert listed.returncode == 0
    (row,) = listed.stdout.splitlines()
    # Pending: the service has not started it, so there is no percentage to show yet.
    assert "  Waiting at the service  " in row and "%" not in row
    assert "a slow one over two lines" in row  # one row per job
    assert row.endswith(task_id)


@pytest.mark.parametrize(
    ("where", "code"),
    [
        ({"args": ("--base-url", "http://api.example.com")}, 2),  # a bad argument: exit 2
        ({"env": {"REELDESK_BASE_URL": "http://api.example.com"}}, 1),  # the environment's
    ],
)
def test_a_plain_http_address_is_refused_before_anything_is_sent(
    home: Path, where: dict[str, object], code: int
) -> None:
    args: tuple[str, ...] = where.get("args", ())  # type: ignore[assignment]
    env: dict[str, str] = where.get("env", {})  # type: ignore[assignment]
    result = run_cli(home, "generate", "x", *args, REELDESK_API_KEY=KEY, **env)
    assert result.returncode == code
    assert "only allowed for this computer" in one_line(result.stderr)
    assert not (home / "data" / "history.sqlite3").exists()


def test_a_second_process_on_the_same_history_is_refused(home: Path, sim: Simulator) -> None:
    with InstanceLock(home / "state" / "engine.lock"):
        result = run_cli(home, "generate", "x", "--base-url", sim.base_url, REELDESK_API_KEY=KEY)
    assert result.returncode == 1
    assert "already running" in one_line(result.stderr)
    assert sim.received() == []


def test_an_unreadable_settings_file_is_set_aside_with_a_warning(home: Path) -> None:
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text("{not json")
    result = run_cli(home, "generate", "--demo", "x", "--no-wait")
    assert result.returncode == 0, result.stderr
    warning = one_line(result.stderr)
    assert warning.startswith("warning: the settings file was unreadable")
    (aside,) = settings.parent.glob("settings.json.corrupt-*")
    assert aside.read_text() == "{not json"
    assert str(aside) in warning


@pytest.mark.slow
def test_ctrl_c_stops_waiting_and_resume_finishes_the_job(home: Path) -> None:
    with Simulator(SimulatorConfig(job_seconds=1.5)) as sim:
        process = subprocess.Popen(
            [sys.executable, "-m", "app", "generate", "x", "--base-url", sim.base_url],
            cwd=ROOT,
            env=cli_env(home, REELDESK_API_KEY=KEY),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        try:
            _wait_for(lambda: len(sim.received("api", "GET")) >= 1 or process.poll() is not None)
            assert process.poll() is None, "the command ended before it was interrupted"
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=20)
        finally:
            process.kill()
        assert process.returncode == 1
        assert one_line(stderr) == (
            "reeldesk: interrupted; unfinished jobs resume with `reeldesk resume`"
        )
        resumed = run_cli(home, "resume", "--base-url", sim.base_url, REELDESK_API_KEY=KEY)
        assert resumed.returncode == 0, resumed.stderr
        assert resumed.stdout.splitlines()[-1].startswith("saved: ")
        assert one_line(resumed.stderr) == "1 unfinished jobs resumed; all saved."
        assert len(sim.submissions()) == 1


def _read_terminal(leader: int) -> bytes:
    try:
        return os.read(leader, 4096)
    except OSError as exc:  # EIO once the child has closed the terminal
        if exc.errno != errno.EIO:
            raise
        return b""


def test_a_terminal_sees_one_line_redrawn(home: Path, sim: Simulator) -> None:
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "generate", "x", "--count", "2", "--base-url", sim.base_url],
        cwd=ROOT,
        env=cli_env(home, REELDESK_API_KEY=KEY),
        stdout=subprocess.PIPE,
        stderr=follower,
        stdin=subprocess.DEVNULL,
    )
    os.close(follower)
    screen = b""
    while chunk := _read_terminal(leader):
        screen += chunk
    os.close(leader)
    stdout, _ = process.communicate(timeout=30)
    assert process.returncode == 0
    text = screen.decode()
    # Every redraw clears the line and starts again; no new lines scroll by.
    assert "\n" not in text.replace("\r\n", "\n").strip("\r\n\x1b[K")
    assert "\r\x1b[K[1/2] " in text and "  [2/2] " in text
    assert "Saved" in text
    assert text.endswith("\r\x1b[K")  # and the line is gone at the end
    assert stdout.decode().count("saved: ") == 2


def test_the_simulator_command_serves_until_stopped(home: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "simulator", "--job-seconds", "0.5"],
        cwd=ROOT,
        env=cli_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        assert banner.startswith("FoxAPI simulator: http://127.0.0.1:"), banner
        base_url = banner.split()[2]
        assert process.stdout.readline().startswith("Any bearer key is accepted.")
        made = run_cli(
            home, "generate", "x", "--json", "--base-url", base_url, REELDESK_API_KEY=KEY
        )
        assert json.loads(made.stdout)["status"] == "saved", made.stderr
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert time.monotonic() - started < 5
    finally:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.communicate()
    with pytest.raises(httpx.ConnectError):
        httpx.get(base_url + "/v1/tasks/x", timeout=2)


def test_the_simulator_command_says_when_its_port_is_taken(home: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli(home, "simulator", "--port", str(port), timeout=20)
    assert result.returncode == 1
    assert one_line(result.stderr).startswith(f"simulator: cannot listen on port {port}:")


def test_version(home: Path) -> None:
    result = run_cli(home, "--version")
    assert result.returncode == 0
    assert result.stdout.startswith("ReelDesk ")

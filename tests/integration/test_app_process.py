"""The window as a real process: it starts offscreen in demo mode, and a SIGTERM closes it
cleanly (exit 0) within 5 s, as a logout or `kill` needs, whatever its tasks are doing."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.children import ROOT, child_env

#: What a logout or ``kill`` waits before killing outright.
SIGTERM_BOUND = 5.0


def start_window(command: list[str], home: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=child_env(home, QT_QPA_PLATFORM="offscreen"),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def log_size(home: Path) -> int:
    log = home / "logs" / "reeldesk.log"
    return log.stat().st_size if log.exists() else 0


def wait_for_log(
    home: Path, text: str, process: subprocess.Popen[bytes], timeout: float, *, since: int = 0
) -> None:
    """Wait until ``text`` is in the log after byte ``since`` (what an earlier run wrote)."""
    log = home / "logs" / "reeldesk.log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and text.encode() in log.read_bytes()[since:]:
            return
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise AssertionError(f"the app exited early ({process.returncode}): {output}")
        time.sleep(0.1)
    process.kill()
    raise AssertionError(f"{text!r} never appeared in the log")


def terminate(process: subprocess.Popen[bytes]) -> tuple[int, float, str]:
    """SIGTERM; the exit code, the seconds it took and the process's output."""
    try:
        process.send_signal(signal.SIGTERM)
        started = time.monotonic()
        code = process.wait(timeout=20)
        return code, time.monotonic() - started, read_output(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        read_output(process)


def read_output(process: subprocess.Popen[bytes]) -> str:
    if process.stdout is None or process.stdout.closed:
        return ""
    output = process.stdout.read().decode(errors="replace")
    process.stdout.close()
    return output


def check_window_starts_and_stops(command: list[str], home: Path) -> None:
    since = log_size(home)
    process = start_window(command, home)
    try:
        wait_for_log(home, "window shown", process, timeout=60, since=since)
    finally:
        code, seconds, output = terminate(process)
    assert code == 0, output
    assert seconds < SIGTERM_BOUND
    assert "Traceback" not in output
    assert "unexpected error" not in (home / "logs" / "reeldesk.log").read_text()


def test_window_process_starts_in_demo_mode_and_quits_on_sigterm(home: Path) -> None:
    check_window_starts_and_stops([sys.executable, "-m", "ui.launcher", "--demo"], home)


def test_without_a_screen_the_window_says_so_instead_of_aborting(home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ui.launcher", "--demo"],
        cwd=ROOT,
        env=child_env(home, without=("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "needs a desktop session" in result.stderr
    assert "reeldesk generate --help" in result.stderr
    assert "Traceback" not in result.stderr and "qt." not in result.stderr


def test_sigterm_while_jobs_run_exits_in_time_and_reopens(home: Path) -> None:
    submitted = subprocess.run(
        [sys.executable, "-m", "ui.launcher", "generate", "--demo", "--no-wait", "lanterns"],
        cwd=ROOT,
        env=child_env(home),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert submitted.returncode == 0, submitted.stderr
    window = [sys.executable, "-m", "ui.launcher", "--demo"]
    check_window_starts_and_stops(window, home)  # the job is being tracked (8 s in demo)
    log = home / "logs" / "reeldesk.log"
    assert "abandoned" not in log.read_text()
    # The lock went with the process: the window opens again.
    check_window_starts_and_stops(window, home)
    assert log.read_text().count("window shown") == 2


def test_sigterm_during_the_first_run_welcome_exits_in_time(home: Path) -> None:
    process = start_window([sys.executable, "-m", "ui.launcher"], home)
    try:
        wait_for_log(home, "welcome shown", process, timeout=60)
    finally:
        code, seconds, output = terminate(process)
    assert code == 0, output
    assert seconds < SIGTERM_BOUND


STUBBORN = """
import asyncio, sys
from ui import application

started = application.start_session

async def start_session(session, *args, **kwargs):
    window = await started(session, *args, **kwargs)

    async def stubborn():
        while True:
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                pass

    session.tasks.run(stubborn(), name="stubborn")
    return window

application.start_session = start_session
sys.exit(application.run(["--demo"]))
"""

CLOSING_NEVER_ENDS = """
import asyncio, sys
from ui import application

async def close_session(session, **kwargs):
    await asyncio.Event().wait()

application.close_session = close_session
sys.exit(application.run(["--demo"]))
"""


def test_sigterm_abandons_a_task_that_ignores_cancellation(home: Path) -> None:
    process = start_window([sys.executable, "-c", STUBBORN], home)
    try:
        wait_for_log(home, "window shown", process, timeout=60)
    finally:
        code, seconds, output = terminate(process)
    assert seconds < SIGTERM_BOUND, output
    assert code == 1, output
    log = (home / "logs" / "reeldesk.log").read_text()
    assert "abandoned: " in log and "stubborn" in log
    check_window_starts_and_stops([sys.executable, "-m", "ui.launcher", "--demo"], home)


def test_sigterm_ends_the_process_even_if_closing_never_returns(home: Path) -> None:
    process = start_window([sys.executable, "-c", CLOSING_NEVER_ENDS], home)
    try:
        wait_for_log(home, "window shown", process, timeout=60)
    finally:
        code, seconds, output = terminate(process)
    assert seconds < SIGTERM_BOUND, output
    assert code == 1, output
    assert "quitting took more than" in (home / "logs" / "reeldesk.log").read_text()

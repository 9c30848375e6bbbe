"""The window as a real process: it starts offscreen in demo mode, and a SIGTERM closes it
cleanly (exit 0), as a logout or `kill` would."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.children import ROOT, child_env


def start_window(command: list[str], home: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=child_env(home, QT_QPA_PLATFORM="offscreen"),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def wait_for_log(home: Path, text: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    log = home / "logs" / "reeldesk.log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and text in log.read_text(errors="replace"):
            return
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise AssertionError(f"the app exited early ({process.returncode}): {output}")
        time.sleep(0.1)
    process.kill()
    raise AssertionError(f"{text!r} never appeared in the log")


def check_window_starts_and_stops(command: list[str], home: Path) -> None:
    process = start_window(command, home)
    try:
        wait_for_log(home, "window shown", process, timeout=60)
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
        output = process.stdout.read().decode(errors="replace") if process.stdout else ""
        if process.stdout:
            process.stdout.close()
    assert code == 0, output
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

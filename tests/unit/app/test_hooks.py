"""The command after saving: real small scripts, run as argument lists with a time limit."""

from __future__ import annotations

import json
import logging
import shlex
import sys
from pathlib import Path

import pytest

from app.errors import SettingsError
from app.hooks import check_hook, run_hook
from app.redact import remember_secret

RECORD = """
import json, os, sys
with open(sys.argv[1], "w") as out:
    json.dump({"args": sys.argv[2:], "key": os.environ.get("REELDESK_API_KEY")}, out)
"""

VALUES = {
    "path": "/videos/fox at dawn.mp4",
    "task_id": "task-1",
    "prompt": "a fox; rm -rf ~ $(reboot) \"quoted\" 'single'",
    "project": "Spring ad",
}


def script(folder: Path, name: str, body: str) -> str:
    path = folder / name
    path.write_text(body)
    return shlex.quote(sys.executable) + " " + shlex.quote(str(path))


@pytest.mark.asyncio
async def test_each_argument_gets_its_placeholders_and_no_shell_sees_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REELDESK_API_KEY", "sk-hook-must-not-see-this")
    out = tmp_path / "out.json"
    command = (
        script(tmp_path, "record.py", RECORD)
        + f" {shlex.quote(str(out))}"
        + " {path} 'prompt: {prompt}' {task_id} {project} {{x}}"
    )
    assert await run_hook(command, VALUES) == ""
    seen = json.loads(out.read_text())
    assert seen["args"] == [
        "/videos/fox at dawn.mp4",
        "prompt: " + VALUES["prompt"],
        "task-1",
        "Spring ad",
        "{x}",
    ]
    assert seen["key"] is None  # the API key stays with ReelDesk


@pytest.mark.asyncio
async def test_a_failing_command_says_its_status_and_its_output_is_logged_redacted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    remember_secret("sk-known-secret-123")
    body = (
        "import sys\n"
        "print('copying sk-known-secret-123')\n"
        "sys.stderr.write('disk gone')\n"
        "sys.exit(3)\n"
    )
    with caplog.at_level(logging.INFO, logger="app.hooks"):
        failure = await run_hook(script(tmp_path, "fail.py", body), VALUES)
    assert "exited with status 3" in failure
    logged = caplog.text
    assert "copying" in logged and "disk gone" in logged
    assert "sk-known-secret-123" not in logged


@pytest.mark.asyncio
async def test_a_command_past_its_time_limit_is_stopped_with_what_it_started(
    tmp_path: Path,
) -> None:
    pids = tmp_path / "pids"
    body = f"""
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
open({str(pids)!r}, "w").write(f"{{child.pid}}")
time.sleep(60)
"""
    failure = await run_hook(script(tmp_path, "slow.py", body), VALUES, seconds=1.0)
    assert "still running after 1 s; stopped" in failure
    grandchild = int(pids.read_text())
    # Killed with its group: at most a zombie until init reaps it, never still sleeping.
    try:
        state = Path(f"/proc/{grandchild}/stat").read_text().split()[2]
    except FileNotFoundError:
        state = "gone"
    assert state in ("gone", "Z")


@pytest.mark.asyncio
async def test_a_missing_program_is_named() -> None:
    failure = await run_hook("reeldesk-no-such-program {path}", VALUES)
    assert failure.startswith("reeldesk-no-such-program:")


@pytest.mark.asyncio
async def test_no_command_runs_nothing() -> None:
    assert await run_hook("   ", VALUES) == ""


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        ("cp {path} {folder}", "reason.hook_placeholder"),
        ("cp '{path}", "reason.hook_syntax"),
        ("cp {path", "reason.unmatched_brace"),
        ("cp {0}", "reason.hook_placeholder"),
    ],
)
def test_a_bad_command_is_refused_in_the_settings(command: str, reason: str) -> None:
    with pytest.raises(SettingsError) as caught:
        check_hook(command)
    assert caught.value.field == "save_hook" and caught.value.reason_key == reason


def test_the_placeholders_pass() -> None:
    command = "cp -- {path} '/watch/{project}/{task_id}.mp4'"
    assert check_hook(command) == command

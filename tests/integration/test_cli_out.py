"""``generate --out``: a folder that cannot take the videos is refused before anything is sent
(and paid for), in one line that names ``--out``. The real command in a child process, the
simulator on loopback."""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path

import pytest

from app.engine.jobs import JobStatus
from app.simulator import SimulatorConfig
from app.simulator.faults import FaultySimulator
from tests.children import ROOT

from .helpers import KEY
from .test_cli import REELDESK, cli_env, history, live_sim, run_cli

__all__ = ["live_sim"]  # the fixture, imported for these tests


def _generate(home: Path, sim: FaultySimulator, out: str) -> tuple[int, str]:
    result = run_cli(
        home, "generate", "a fox", "--out", out, "--base-url", sim.base_url, REELDESK_API_KEY=KEY
    )
    return result.returncode, result.stderr


@pytest.mark.parametrize("out", ["Z:\\Videos", "C:/x", "\\\\server\\share"])
def test_a_windows_path_is_refused_and_no_folder_of_that_name_appears(
    home: Path, live_sim: FaultySimulator, out: str
) -> None:
    code, stderr = _generate(home, live_sim, out)
    assert code == 2
    (line,) = stderr.strip().splitlines()
    assert "--out" in line and "Windows path" in line and "Preferences" not in line
    assert live_sim.submissions() == []
    assert not (ROOT / out).exists()  # the child's working directory


def test_a_file_in_the_way_is_refused_before_the_post(
    home: Path, live_sim: FaultySimulator, tmp_path: Path
) -> None:
    # A file where a folder should be stops even root, unlike permission bits.
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    for out in (blocker, blocker / "videos"):
        code, stderr = _generate(home, live_sim, str(out))
        assert code == 2, stderr
        (line,) = stderr.strip().splitlines()
        assert "--out" in line and str(blocker) in line and "not a folder" in line
        assert "Preferences" not in line
    assert live_sim.submissions() == []


def test_a_bad_setting_falls_back_alone_and_the_warning_names_it(
    home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "my videos"
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"download_dir": str(folder), "theme": "purple"}))
    result = run_cli(home, "generate", "--demo", "a fox", "--duration", "1", "--json")
    assert result.returncode == 0, result.stderr
    (warning,) = result.stderr.strip().splitlines()
    assert warning.startswith("warning:") and warning.endswith("defaults: theme")
    # The good field is kept: the video is saved where the file says.
    video = Path(json.loads(result.stdout)["path"])
    assert video.parent == folder and video.is_file()


def test_resume_saves_where_generate_was_told_to_not_in_the_settings_folder(
    home: Path, tmp_path: Path
) -> None:
    wanted = tmp_path / "shoot" / "day 1"
    with FaultySimulator(SimulatorConfig(job_seconds=2.0)) as sim:
        process = subprocess.Popen(
            [*REELDESK, "generate", "a fox", "--out", str(wanted), "--base-url", sim.base_url],
            cwd=ROOT,
            env=cli_env(home, REELDESK_API_KEY=KEY),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        assert process.stdout is not None
        try:
            # "[1/1] Submitting…", then "[1/1] task-… Waiting…": the service has it.
            lines = [process.stdout.readline() for _ in range(2)]
            assert any(" task-" in line for line in lines), lines
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
            process.stdout.close()
        (killed,) = history(home)
        assert killed.status is not JobStatus.SAVED, "the kill came too late"

        # From another folder, with the settings' folder (REELDESK_HOME/videos) the default.
        resumed = run_cli(home, "resume", "--base-url", sim.base_url, REELDESK_API_KEY=KEY)

    assert resumed.returncode == 0, resumed.stderr
    (job,) = history(home)
    assert job.status is JobStatus.SAVED and job.out_dir == str(wanted)
    video = Path(job.path or "")
    assert video.parent == wanted and video.is_file()
    assert not (home / "videos").exists()


def test_a_folder_that_cannot_be_written_at_saving_time_names_the_commands_options(
    home: Path, tmp_path: Path
) -> None:
    # The settings' folder (chosen in the window) has a file in its way; --out was not given.
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"download_dir": str(blocker / "videos")}))

    result = run_cli(home, "generate", "--demo", "a fox", "--duration", "1")

    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "cannot be written to" in line
    assert "--out DIR" in line and "reeldesk resume" in line
    assert "Preferences" not in line and "Preferences" not in result.stdout

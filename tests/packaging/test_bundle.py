"""The frozen bundle (built once per source state: see conftest.py), run for real."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import av
import pytest

from app.engine.downloader import looks_like_mp4
from app.simulator import pictures
from tests.integration.test_app_process import check_window_starts_and_stops

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle"),
]


def frozen_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REELDESK_", "PYTHON"))}
    env.update(REELDESK_HOME=str(home), REELDESK_TIME_SCALE="0.1", QT_QPA_PLATFORM="offscreen")
    return env


def frozen_cli(bundle: Path, home: Path, *args: str) -> dict[str, Any]:
    """``reeldesk ARGS --json`` from the bundle in demo mode: the one job it printed."""
    result = subprocess.run(
        [str(bundle / "reeldesk"), *args, "--demo", "--json"],
        env=frozen_env(home),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert not result.stderr  # nothing said on the terminal besides the job
    job: dict[str, Any] = json.loads(result.stdout)
    assert job["status"] == "saved"
    return job


def test_frozen_cli_makes_a_playable_video_in_demo_mode(bundle: Path, home: Path) -> None:
    job = frozen_cli(
        bundle, home, "generate", "a red fox in snow", "--duration", "3", "--aspect-ratio", "9:16"
    )
    video = Path(job["path"])
    assert looks_like_mp4(video)
    data = video.read_bytes()
    assert b"moov" in data and b"avc1" in data  # an H.264 track a player can open
    assert json.loads(video.with_suffix(".json").read_text())["request"]["aspect_ratio"] == "9:16"


def test_frozen_continue_reads_and_writes_video_through_qts_ffmpeg(
    bundle: Path, home: Path
) -> None:
    take = frozen_cli(bundle, home, "generate", "a red fox in snow", "--duration", "3")
    # Its last frame read and kept as a PNG, the simulator's clip made from it...
    child = frozen_cli(bundle, home, "continue", take["task_id"], "it runs away")
    # ... which the bundle reads again in turn: a clip it wrote plays in it.
    grandchild = frozen_cli(bundle, home, "continue", child["task_id"], "it stops")
    assert grandchild["parent"] == child["task_id"]
    with av.open(child["path"]) as container:
        stream = container.streams.video[0]
        # Qt's FFmpeg has no libx264: the simulator fell back to MPEG-4 there.
        assert stream.codec_context.name == "mpeg4"
        assert len(list(container.decode(stream))) == pictures.FPS * pictures.SECONDS


def test_bundle_ships_one_ffmpeg_shared_by_pyav_and_qt(bundle: Path) -> None:
    internal = bundle / "_internal"
    codecs = [p for p in internal.rglob("libavcodec*") if p.is_file() and not p.is_symlink()]
    assert [p.relative_to(internal).parent for p in codecs] == [Path("PySide6/Qt/lib")]
    assert not list(internal.rglob("libx265*"))  # PyAV's encoders went with its FFmpeg
    assert not [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()]


def test_frozen_window_starts_offscreen_and_closes_cleanly(bundle: Path, home: Path) -> None:
    check_window_starts_and_stops([str(bundle / "reeldesk"), "--demo"], home)


def test_bundle_ships_what_the_app_loads(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (internal / "resources" / "i18n" / "reeldesk_zh_CN.qm").is_file()
    assert len(list((internal / "resources" / "demo").glob("*.mp4"))) == 8
    assert (internal / "resources" / "icons" / "reeldesk-256.png").is_file()
    plugins = internal / "PySide6" / "Qt" / "plugins"
    assert list((plugins / "multimedia").glob("*ffmpeg*"))
    assert list((plugins / "platforms").glob("*offscreen*"))


@pytest.mark.parametrize(
    ("tool", "args", "target"),
    [
        ("desktop-file-validate", [], "io.reeldesk.ReelDesk.desktop"),
        ("appstreamcli", ["validate", "--no-net"], "io.reeldesk.ReelDesk.metainfo.xml"),
    ],
)
def test_desktop_integration_files_validate(tool: str, args: list[str], target: str) -> None:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: scripts/bootstrap.sh installs it")
    result = subprocess.run(
        [tool, *args, str(LINUX / target)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr

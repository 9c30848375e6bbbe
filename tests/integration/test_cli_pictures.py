"""Pictures from the command line, as real processes against the simulator on loopback:
``generate --image [--tail-image]``, ``continue TASK PROMPT``, ``tasks --json`` with mode and
parent, bad pictures refused before anything is uploaded or sent, and a kill between the upload
and the POST recovered by ``resume``."""

from __future__ import annotations

import json
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.api.models import Mode
from app.engine.jobs import JobStatus
from app.pictures import MAX_BYTES
from app.simulator import SimulatorConfig
from app.simulator.faults import FaultySimulator
from tests.pictures import mean_difference, picture_frame, small_rgb, video_frames, write_picture

from .helpers import KEY
from .test_cli import history, run_cli
from .test_cli_interrupt import gateway, generate_through


@pytest.fixture
def live_sim() -> Iterator[FaultySimulator]:
    with FaultySimulator(SimulatorConfig(job_seconds=0.3)) as simulator:
        yield simulator


def live(home: Path, sim: FaultySimulator, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(home, *args, "--base-url", sim.base_url, REELDESK_API_KEY=KEY)


def one_job(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    return dict(json.loads(line))


def test_generate_with_a_picture_then_a_transition_and_tasks_say_the_mode(
    home: Path, live_sim: FaultySimulator, tmp_path: Path
) -> None:
    first = write_picture(tmp_path / "first.png", 160, 90, seed=1)
    last = write_picture(tmp_path / "last.jpg", 160, 90, "jpeg", seed=2)
    image = one_job(live(home, live_sim, "generate", "ripples", "--image", str(first), "--json"))
    transition = one_job(
        live(home, live_sim, "generate", "dusk", "--image", str(first),
             "--tail-image", str(last), "--resolution", "540p", "--json")
    )  # fmt: skip
    assert (image["mode"], image["parent"], transition["mode"]) == ("image", None, "transition")
    bodies = [r.json() for r in live_sim.submissions()]
    assert [b["model"] for b in bodies] == ["pixverse-v6-image-to-video", "pixverse-c1-transition"]
    assert "image_tail_url" in bodies[1] and bodies[1]["resolution"] == "540p"
    video = video_frames(Path(image["path"]))
    assert mean_difference(small_rgb(video[0]), small_rgb(picture_frame(first.read_bytes()))) < 3
    listed = run_cli(home, "tasks", "--json")
    assert [json.loads(line)["mode"] for line in listed.stdout.splitlines()] == [
        "transition",
        "image",
    ]


def test_continue_starts_on_the_last_frame_and_names_its_parent(home: Path) -> None:
    parent = one_job(run_cli(home, "generate", "--demo", "a red fox", "--duration", "3", "--json"))
    suffix = parent["task_id"][-8:]
    child = one_job(
        run_cli(home, "continue", "--demo", suffix, "the fox runs off", "--no-audio", "--json")
    )
    assert child["mode"] == "image" and child["parent"] == parent["task_id"]
    listed = [json.loads(line) for line in run_cli(home, "tasks", "--json").stdout.splitlines()]
    assert [(job["mode"], job["parent"]) for job in listed] == [
        ("image", parent["task_id"]),
        ("text", None),
    ]
    (kept,) = [job for job in history(home) if job.id == child["id"]]
    assert kept.parent_id == parent["id"] and kept.request.duration == 3
    assert kept.request.mode is Mode.IMAGE and kept.request.image is not None
    assert Path(kept.request.image.path).parent == home / "data" / "frames"
    parent_last = video_frames(Path(parent["path"]))[-1]
    child_first = video_frames(Path(child["path"]))[0]
    assert mean_difference(small_rgb(child_first), small_rgb(parent_last)) < 3


def test_continue_refuses_an_unknown_take_and_a_take_without_its_video(home: Path) -> None:
    parent = one_job(run_cli(home, "generate", "--demo", "a red fox", "--duration", "1", "--json"))
    unknown = run_cli(home, "continue", "--demo", "no-such-task", "x")
    assert unknown.returncode == 2 and "no-such-task" in unknown.stderr
    Path(parent["path"]).unlink()
    gone = run_cli(home, "continue", "--demo", parent["task_id"], "x")
    assert gone.returncode == 2 and "is not a saved take whose video is still there" in gone.stderr
    assert len(history(home)) == 1


@pytest.mark.parametrize("flag", ["--image", "--tail-image"])
def test_a_picture_that_cannot_go_exits_2_with_nothing_uploaded_or_sent(
    home: Path, live_sim: FaultySimulator, tmp_path: Path, flag: str
) -> None:
    good = write_picture(tmp_path / "good.png")
    gif = tmp_path / "anim.gif"
    gif.write_bytes(b"GIF89a" + bytes(100))
    huge = write_picture(tmp_path / "huge.png")
    with huge.open("r+b") as handle:
        handle.truncate(MAX_BYTES + 1)
    cases = {
        tmp_path / "missing.png": "does not exist",
        gif: "is not a PNG, JPEG or WebP picture",
        huge: "a picture may be at most 20 MB",
    }
    for bad, words in cases.items():
        pictures = ["--image", str(bad)] if flag == "--image" else ["--image", str(good)]
        if flag == "--tail-image":
            pictures += ["--tail-image", str(bad)]
        result = live(home, live_sim, "generate", "x", *pictures)
        assert result.returncode == 2, (bad, result.stderr)
        assert words in result.stderr and "nothing was uploaded or sent" in result.stderr
    assert live_sim.received() == []  # no upload, no POST, not even a GET
    assert not (home / "data" / "history.sqlite3").exists() or history(home) == []


def test_a_kill_between_the_upload_and_the_post_is_recovered_by_resume(
    home: Path, live_sim: FaultySimulator, tmp_path: Path
) -> None:
    still = write_picture(tmp_path / "still.png")
    with gateway(live_sim, delay=30.0) as slow:
        # The gateway holds the first POST's answer: the upload, which the service has kept.
        process = generate_through(home, slow, "--image", str(still))
        try:
            assert slow.post_arrived.wait(30), "the upload never came"
            process.send_signal(signal.SIGKILL)
            process.wait(10)
        finally:
            process.kill()
            process.communicate()
    assert len(live_sim.uploads()) == 1 and live_sim.submissions() == []
    (job,) = history(home)
    assert job.status is JobStatus.QUEUED  # not sent, and known not to be

    resumed = live(home, live_sim, "resume")

    assert resumed.returncode == 0, resumed.stderr
    (job,) = history(home)
    assert job.status is JobStatus.SAVED and Path(job.path or "").is_file()
    assert len(live_sim.uploads()) == 2 and len(live_sim.submissions()) == 1
    assert job.request.image is not None and job.request.image.url is not None

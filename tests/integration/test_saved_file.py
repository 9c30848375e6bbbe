"""What a saved video carries and what follows it: the settings inside the MP4 (read back into
the same request), and the command after saving, whose failure never undoes the save."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest

from app import errors
from app.api.models import AspectRatio, GenerationRequest, Resolution, Style, ThinkingType
from app.engine.downloader import looks_like_mp4, part_path
from app.engine.jobs import JobStatus
from app.messages import Catalogue
from app.metadata import read_request, read_tags
from app.paths import Paths
from app.present import problem_line, status_text, status_tone
from app.simulator.faults import FaultySimulator

from .helpers import running_engine

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("loop_guard")]

REQUEST = GenerationRequest(
    "Lanterns drift over a river at night, “slow” and calm",
    negative_prompt="text, watermark",
    aspect_ratio=AspectRatio.R9_16,
    resolution=Resolution.P1080,
    duration=8,
    generate_audio=True,
    style=Style.CLAY,
    seed=4242,
    generate_multi_clip=True,
    thinking_type=ThinkingType.ENABLED,
)


async def test_the_saved_mp4_holds_its_request_seed_model_and_task(
    sim: FaultySimulator, paths: Paths
) -> None:
    async with running_engine(paths, sim) as engine:
        (job,) = await engine.submit(REQUEST)
        await engine.wait([job.id])
        saved = engine.job(job.id)
    assert saved is not None and saved.status is JobStatus.SAVED
    video = Path(saved.path or "")
    assert looks_like_mp4(video) and not part_path(video).exists()
    record = read_tags(video)
    assert record is not None
    assert record["request"] == REQUEST.to_json()
    assert (record["seed"], record["task_id"]) == (4242, saved.task_id)
    assert record["model"] == "pixverse-v6-text-to-video"
    # The file alone, without its sidecar, gives the same request back.
    video.with_suffix(".json").unlink()
    assert read_request(video) == REQUEST
    assert saved.bytes_total == video.stat().st_size


async def test_a_file_without_reeldesk_settings_is_refused_in_words(tmp_path: Path) -> None:
    stranger = tmp_path / "holiday.mp4"
    stranger.write_bytes(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2")
    with pytest.raises(errors.NotReelDeskFile) as caught:
        read_request(stranger)
    assert "holiday.mp4" in Catalogue("en").explain(caught.value)


RECORD = """
import json, sys
with open(sys.argv[1], "w") as out:
    json.dump(sys.argv[2:], out)
"""


def python_script(folder: Path, name: str, body: str) -> str:
    path = folder / name
    path.write_text(body)
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(path))}"


async def test_the_command_after_saving_gets_the_saved_file(
    sim: FaultySimulator, paths: Paths, tmp_path: Path
) -> None:
    out = tmp_path / "hook.json"
    command = python_script(tmp_path, "hook.py", RECORD) + f" {out} {{path}} {{task_id}} {{prompt}}"
    async with running_engine(paths, sim) as engine:
        engine.configure(save_hook=command)
        (job,) = await engine.submit(REQUEST)
        await engine.wait([job.id])
        saved = engine.job(job.id)
    assert saved is not None and saved.status is JobStatus.SAVED and not saved.error_code
    path, task_id, prompt = json.loads(out.read_text())
    assert (path, task_id, prompt) == (saved.path, saved.task_id, REQUEST.prompt)
    # The hook ran once the file was in place, tagged.
    assert read_tags(Path(path)) is not None


async def test_a_failing_command_is_shown_on_the_job_and_the_video_stays_saved(
    sim: FaultySimulator, paths: Paths, tmp_path: Path
) -> None:
    command = python_script(tmp_path, "fail.py", "import sys; sys.exit(7)\n") + " {path}"
    async with running_engine(paths, sim) as engine:
        engine.configure(save_hook=command)
        (job,) = await engine.submit(REQUEST)
        await engine.wait([job.id])
        saved = engine.job(job.id)
    assert saved is not None and saved.status is JobStatus.SAVED
    assert Path(saved.path or "").is_file()
    assert saved.error_code == errors.ProblemCode.HOOK_FAILED
    assert "exited with status 7" in saved.error_message
    line = problem_line(saved, Catalogue("en"))
    assert "command after saving failed" in line and "Preferences" in line
    # The list says it too, as a problem, in the status column.
    status = status_text(saved, Catalogue("zh_CN"))
    assert "视频已保存" in status and "命令失败" in status
    assert status_tone(saved) == "problem"

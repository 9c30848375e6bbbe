"""Continuing a take: what the new request keeps, which takes can be continued, the chain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.api.models import GenerationRequest, Mode, Picture, Resolution, Style, ThinkingType
from app.continuation import chain, continue_frame, continued
from app.engine.jobs import Job, JobStatus
from app.engine.rebuild import job_from_sidecar
from app.engine.saver import sidecar
from app.errors import InvalidParameter, PictureRejected
from app.pictures import check_picture


def test_a_continued_request_keeps_what_image_to_video_takes() -> None:
    parent = GenerationRequest(
        "a red fox",
        resolution=Resolution.P1080,
        duration=8,
        generate_audio=True,
        style=Style.ANIME,
        seed=42,
        thinking_type=ThinkingType.DISABLED,
    )
    frame = Picture("/data/frames/t-last.png", sha256="cd" * 32)
    request = continued(parent, frame, "it runs away")
    assert request.mode is Mode.IMAGE and request.image == frame
    assert (request.prompt, request.resolution, request.duration) == ("it runs away", "1080p", 8)
    assert request.generate_audio and request.thinking_type is ThinkingType.DISABLED
    assert request.style is None and request.seed is None  # no style; a new seed per take


def test_only_a_saved_take_whose_video_is_there_can_be_continued(tmp_path: Path) -> None:
    request = GenerationRequest("x")
    for job in (
        Job("a", request, JobStatus.PROCESSING, task_id="task-1"),
        Job("b", request, JobStatus.SAVED, task_id="task-2", path=str(tmp_path / "gone.mp4")),
    ):
        with pytest.raises(InvalidParameter) as caught:
            continue_frame(job, tmp_path)
        assert caught.value.reason_key == "reason.cannot_continue"
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\0\0\0\x18ftypmp42" + bytes(100))
    job = Job("c", request, JobStatus.SAVED, task_id="task/3", path=str(broken))
    with pytest.raises(PictureRejected) as rejected:
        continue_frame(job, tmp_path)
    assert rejected.value.reason_key == "reason.no_last_frame"


def test_the_last_frame_is_kept_as_a_checked_png_named_after_the_task(tmp_path: Path) -> None:
    demo = Path(__file__).parents[3] / "resources" / "demo" / "9x16.mp4"
    job = Job("d", GenerationRequest("x"), JobStatus.SAVED, task_id="task-u/1", path=str(demo))
    frame = continue_frame(job, tmp_path)
    assert Path(frame.path) == tmp_path / "frames" / "task-u_1-last.png"
    checked = check_picture(frame.path)
    assert (checked.width, checked.height) == (180, 320) and frame.sha256 == checked.sha256


def test_the_chain_names_the_parent_and_the_children_oldest_first() -> None:
    request = GenerationRequest("x")
    root = Job("root", request)
    second = Job("second", request, parent_id="root", created_at=20)
    first = Job("first", request, parent_id="root", created_at=10)
    grandchild = Job("grand", request, parent_id="first")
    jobs = [root, second, first, grandchild]
    assert chain(root, jobs).parent is None
    assert [job.id for job in chain(root, jobs).children] == ["first", "second"]
    assert chain(grandchild, jobs).parent is first and chain(grandchild, jobs).children == ()


def test_a_continued_take_rebuilt_from_its_sidecar_keeps_its_parent_and_pictures(
    tmp_path: Path,
) -> None:
    frame = Picture(str(tmp_path / "frames" / "t-last.png"), url="https://c/u/t.png")
    request = continued(GenerationRequest("a red fox"), frame, "it runs away")
    child = Job("child", request, JobStatus.SAVED, task_id="task-2", parent_id="parent")
    video = tmp_path / "it-runs-away.mp4"
    side = video.with_suffix(".json")
    side.write_text(json.dumps(sidecar(child, video, 5.0, {"image": "it-runs-away.first.png"})))
    assert json.loads(side.read_text())["mode"] == "image"
    rebuilt = job_from_sidecar(side)
    assert rebuilt.parent_id == "parent" and rebuilt.request == request

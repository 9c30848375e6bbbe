"""First frames of saved videos: decoded from the real file (QtMultimedia), kept on disk for the
next start, and nothing but a blank for what cannot be played."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from app.api.models import GenerationRequest
from app.engine.jobs import Job, JobStatus
from app.resources import demo_clip
from ui.thumbnails import PREVIEW_SIZE, THUMB_SCALE, THUMB_SIZE, VideoThumbnails

# What QtMultimedia says about this machine (no GPU, no sound server) when it loads, not about
# ReelDesk.
pytestmark = pytest.mark.qt_log_ignore(
    "Couldn't (load|resolve) .* (library|symbols)", "No HW decoder found", "No RHI backend"
)


def saved(tmp_path: Path, name: str, content: bytes) -> Job:
    video = tmp_path / "videos" / f"{name}.mp4"
    video.parent.mkdir(exist_ok=True)
    video.write_bytes(content)
    return Job(id=name, request=GenerationRequest(name), status=JobStatus.SAVED, path=str(video))


def test_a_saved_video_gets_its_first_frame_kept_for_the_next_start(
    tmp_path: Path, qtbot: Any
) -> None:
    cache = tmp_path / "thumbnails"
    wide = saved(tmp_path, "wide", demo_clip("16:9"))
    tall = saved(tmp_path, "tall", demo_clip("9:16"))
    thumbnails = VideoThumbnails(cache)
    ready: list[str] = []
    thumbnails.thumbnail_ready.connect(ready.append)
    assert thumbnails.thumbnail(wide) is None  # made in the background
    assert thumbnails.thumbnail(tall) is None
    assert thumbnails.thumbnail(wide) is None  # asked twice, made once
    qtbot.waitUntil(lambda: len(ready) == 2, timeout=15_000)
    assert ready == ["wide", "tall"]  # one at a time, in order
    pixmap = thumbnails.thumbnail(wide)
    assert pixmap is not None and pixmap.deviceIndependentSize().toSize() == THUMB_SIZE
    portrait = thumbnails.thumbnail(tall)
    assert portrait is not None
    assert portrait.height() == THUMB_SIZE.height() * THUMB_SCALE  # sharp at 200 %
    assert portrait.width() < portrait.height()
    assert not QImage(str(cache / "wide@2x.png")).isNull()

    after_restart = VideoThumbnails(cache)
    cached = after_restart.thumbnail(wide)
    assert cached is not None and cached.deviceIndependentSize().toSize() == THUMB_SIZE


def test_a_video_saved_again_gets_a_new_frame(tmp_path: Path, qtbot: Any) -> None:
    cache = tmp_path / "thumbnails"
    job = saved(tmp_path, "clip", demo_clip("16:9"))
    cache.mkdir()
    QImage(8, 8, QImage.Format.Format_RGB32).save(str(cache / "clip@2x.png"))
    old = Path(job.path or "").stat().st_mtime - 60
    os.utime(cache / "clip@2x.png", (old, old))
    thumbnails = VideoThumbnails(cache)
    ready: list[str] = []
    thumbnails.thumbnail_ready.connect(ready.append)
    assert thumbnails.thumbnail(job) is None
    qtbot.waitUntil(lambda: ready == ["clip"], timeout=15_000)
    assert QImage(str(cache / "clip@2x.png")).size() == THUMB_SIZE * THUMB_SCALE


@pytest.mark.qt_log_ignore("Could not open media")  # the point of this test
def test_what_cannot_be_played_stays_blank_and_is_not_tried_again(
    tmp_path: Path, qtbot: Any
) -> None:
    broken = saved(tmp_path, "broken", b"<html>not a video</html>")
    gone = saved(tmp_path, "gone", demo_clip("1:1"))
    Path(gone.path or "").unlink()
    good = saved(tmp_path, "good", demo_clip("1:1"))
    thumbnails = VideoThumbnails(tmp_path / "thumbnails")
    ready: list[str] = []
    thumbnails.thumbnail_ready.connect(ready.append)
    for job in (broken, gone, good):
        assert thumbnails.thumbnail(job) is None
    # The good one comes after the two that failed: they did not hold up the queue.
    qtbot.waitUntil(lambda: ready == ["good"], timeout=15_000)
    assert thumbnails.thumbnail(broken) is None and thumbnails.thumbnail(gone) is None
    assert not (tmp_path / "thumbnails" / "broken@2x.png").exists()


def test_only_saved_videos_have_a_thumbnail(tmp_path: Path) -> None:
    thumbnails = VideoThumbnails(tmp_path / "thumbnails")
    running = Job(id="r", request=GenerationRequest("x"), status=JobStatus.DOWNLOADING)
    assert thumbnails.thumbnail(running) is None
    assert not (tmp_path / "thumbnails").exists()


def test_the_details_still_is_made_at_its_own_size_sharp_at_200_percent(
    tmp_path: Path, qtbot: Any
) -> None:
    job = saved(tmp_path, "wide", demo_clip("16:9"))
    thumbnails = VideoThumbnails(tmp_path / "thumbnails")
    ready: list[str] = []
    thumbnails.thumbnail_ready.connect(ready.append)
    assert thumbnails.preview(job) is None  # made in the background
    qtbot.waitUntil(lambda: ready == ["wide"], timeout=15_000)
    still = thumbnails.preview(job)
    assert still is not None
    # All the pixels the demo clip has (320×180), up to the pane's at 200 %; more than the
    # list's still, which would look soft stretched to the pane.
    assert still.size() == QSize(320, 180)
    assert still.width() <= PREVIEW_SIZE.width() * THUMB_SCALE
    assert still.devicePixelRatio() == THUMB_SCALE
    assert thumbnails.thumbnail(job) is None  # the list's is a still of its own, made next

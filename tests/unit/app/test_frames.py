"""Frames read from real videos with PyAV: first, last, a scrubbing strip, and its disk cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.frames import STRIP_FRAMES, FrameCache, UnreadableVideo, first_frame, last_frame
from app.resources import demo_clip


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    video = tmp_path / "take.mp4"
    video.write_bytes(demo_clip("16:9"))  # 320×180, 3 s, a frame counter in the corner
    return video


def test_first_and_last_frames_are_the_picture_at_each_end(clip: Path) -> None:
    first = first_frame(clip)
    last = last_frame(clip)
    assert (first.width, first.height) == (320, 180) == (last.width, last.height)
    assert len(first.rgb) == 320 * 180 * 3
    assert first.rgb != last.rgb
    small = first_frame(clip, (96, 96))
    assert (small.width, small.height) == (96, 54)  # fitted, shape kept


def test_a_portrait_take_fits_its_box_by_height(tmp_path: Path) -> None:
    video = tmp_path / "tall.mp4"
    video.write_bytes(demo_clip("9:16"))
    frame = first_frame(video, (96, 54))
    assert frame.height == 54 and frame.width < frame.height


def test_a_strip_is_evenly_spaced_frames_kept_on_disk(clip: Path, tmp_path: Path) -> None:
    cache = FrameCache(tmp_path / "frames")
    strip = cache.strip(clip, (160, 90))
    assert len(strip.frames) == STRIP_FRAMES
    assert (strip.width, strip.height) == (160, 90)
    assert strip.duration == pytest.approx(3.0, abs=0.1)
    assert all(frame.startswith(b"\xff\xd8") for frame in strip.frames)  # JPEG
    assert len(set(strip.frames)) == STRIP_FRAMES  # the counter moves: every frame differs
    (kept,) = (tmp_path / "frames").iterdir()

    # Read back without decoding: a video that no longer decodes still has its strip.
    mtime = clip.stat().st_mtime_ns
    clip.write_bytes(b"x" * clip.stat().st_size)
    os.utime(clip, ns=(mtime, mtime))
    assert cache.strip(clip, (160, 90)) == strip
    # Another size is another strip, from the file as it is now.
    with pytest.raises(UnreadableVideo):
        cache.strip(clip, (320, 180))
    assert kept.exists()


def test_a_video_saved_again_gets_new_frames_and_a_damaged_strip_is_made_again(
    clip: Path, tmp_path: Path
) -> None:
    cache = FrameCache(tmp_path / "frames")
    old = cache.file_for(clip, (160, 90))
    cache.strip(clip, (160, 90))
    later = clip.stat().st_mtime_ns + 10**9
    os.utime(clip, ns=(later, later))
    assert cache.file_for(clip, (160, 90)) != old
    new = cache.file_for(clip, (160, 90))
    new.parent.mkdir(exist_ok=True)
    new.write_bytes(b'{"sizes": [5]}\nabc')  # cut short
    assert len(cache.strip(clip, (160, 90)).frames) == STRIP_FRAMES
    assert new.stat().st_size > 1000


@pytest.mark.parametrize("content", [b"<html>not a video</html>", b""])
def test_what_is_not_a_video_is_unreadable(tmp_path: Path, content: bytes) -> None:
    video = tmp_path / "bad.mp4"
    video.write_bytes(content)
    for read in (first_frame, last_frame):
        with pytest.raises(UnreadableVideo):
            read(video)
    with pytest.raises(UnreadableVideo):
        FrameCache(tmp_path / "frames").strip(video, (160, 90))
    with pytest.raises(UnreadableVideo):
        first_frame(tmp_path / "gone.mp4")


def test_pyav_is_loaded_only_when_a_video_is_decoded(clip: Path, tmp_path: Path) -> None:
    """A session whose stills are all cached, or whose takes were moved away, never loads
    PyAV and its FFmpeg libraries (some 10 MB)."""
    code = (
        "import sys; from pathlib import Path; "
        "from app.frames import FrameCache, UnreadableVideo, first_frame, last_frame\n"
        "strip = lambda p: FrameCache(Path(sys.argv[3])).strip(p, (8, 8))\n"
        "for read in (first_frame, last_frame, strip):\n"
        "    try: read(Path(sys.argv[2]))\n"
        "    except UnreadableVideo: pass\n"
        "print('av' in sys.modules)\n"
        "first_frame(Path(sys.argv[1]))\n"
        "print('av' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(clip), str(tmp_path / "gone.mp4"), str(tmp_path / "f")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.split() == ["False", "True"]

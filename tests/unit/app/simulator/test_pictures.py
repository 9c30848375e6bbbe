"""The simulator's image-to-video clips: made with the first encoder the FFmpeg in use has (the
frozen bundle's FFmpeg, Qt Multimedia's, has no libx264), each starting on the picture."""

from __future__ import annotations

import io
from collections.abc import Iterator

import av
import pytest

from app.simulator import pictures
from tests.pictures import mean_difference, picture_bytes, picture_frame, small_rgb, video_frames


@pytest.fixture
def encoders(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """``pictures.ENCODERS`` to patch, with the encoder chosen forgotten before and after."""
    pictures.encoder.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    pictures.encoder.cache_clear()


def check_clip(clip: bytes, still: bytes) -> str:
    """The clip's codec, once checked it has every frame and starts on the picture."""
    frames = video_frames(clip)
    assert len(frames) == pictures.FPS * pictures.SECONDS
    assert mean_difference(small_rgb(frames[0]), small_rgb(picture_frame(still))) < 3
    with av.open(io.BytesIO(clip)) as container:
        return str(container.streams.video[0].codec_context.name)


def test_with_libx264_there_the_clip_is_h264(encoders: pytest.MonkeyPatch) -> None:
    still = picture_bytes(96, 64, seed=2)
    assert check_clip(pictures.make_clip(still), still) == "h264"  # PyAV's wheel has libx264


def test_without_libx264_the_clip_is_mpeg4_and_starts_on_the_picture(
    encoders: pytest.MonkeyPatch,
) -> None:
    # The FFmpeg the bundle runs on, in effect: the first encoder unknown to it.
    encoders.setattr(pictures, "ENCODERS", (("libreeldesk-none", {}), *pictures.ENCODERS[1:]))
    still = picture_bytes(96, 64, seed=2)
    assert check_clip(pictures.make_clip(still), still) == "mpeg4"
    first, last = picture_bytes(96, 64, seed=1), picture_bytes(96, 64, seed=4)
    transition = video_frames(pictures.make_clip(first, last))
    assert mean_difference(small_rgb(transition[-1]), small_rgb(picture_frame(last))) < 3


def test_with_no_known_encoder_the_clip_fails_clearly(encoders: pytest.MonkeyPatch) -> None:
    encoders.setattr(pictures, "ENCODERS", (("libreeldesk-none", {}),))
    with pytest.raises(RuntimeError, match="none of the encoders"):
        pictures.make_clip(picture_bytes(32, 32))

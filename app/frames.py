"""Frames of saved videos, read with PyAV: a take's first and last frame, and a strip of evenly
spaced frames for scrubbing, kept on disk so each video is decoded once per size.

Qt-free: the window (``ui.thumbnails``) runs these on a worker thread, and the command line
can use them as they are. Every function here blocks while it decodes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from app.fsutil import atomic_write

# PyAV is imported where a video is decoded, not with this module: with its FFmpeg libraries
# it takes some 10 MB and 60 ms, and a session whose stills and strips are all in the caches
# on disk never decodes a frame.

#: Frames in a scrubbing strip: enough that a pointer crossing a tile sees motion, few enough
#: that a thousand strips stay small (a strip of 320-pixel JPEGs is some 100 kB).
STRIP_FRAMES = 12
_JPEG_QUALITY = 4  # mjpeg's qscale: 2 is best, 31 worst
_CACHE_VERSION = 1


class UnreadableVideo(ValueError):
    """The file is missing, not a video, or has no frame to show. Callers show a blank."""


@dataclass(frozen=True, slots=True)
class Frame:
    """One picture: packed RGB rows (``width * 3`` bytes each)."""

    width: int
    height: int
    rgb: bytes


@dataclass(frozen=True, slots=True)
class Strip:
    """Evenly spaced frames of a video, frame ``i`` at ``duration * i / len(frames)`` seconds,
    each a JPEG of ``width`` × ``height``."""

    duration: float
    width: int
    height: int
    frames: tuple[bytes, ...]


def fit(width: int, height: int, box: tuple[int, int]) -> tuple[int, int]:
    """``width`` × ``height`` scaled to fit inside ``box``, keeping its shape (never up)."""
    scale = min(box[0] / width, box[1] / height, 1.0)
    return max(2, round(width * scale)), max(2, round(height * scale))


def _open(path: Path) -> Any:
    if not path.is_file():  # a take moved or deleted: nothing to decode, no PyAV to load
        raise UnreadableVideo(f"{path}: no such file")
    import av

    try:
        container = av.open(str(path))
    except (OSError, av.FFmpegError, ValueError) as exc:
        raise UnreadableVideo(f"{path}: {exc}") from exc
    if not container.streams.video:
        container.close()
        raise UnreadableVideo(f"{path}: no video stream")
    return container


def _rgb(frame: Any, box: tuple[int, int] | None) -> Frame:
    width, height = (frame.width, frame.height)
    if box is not None:
        width, height = fit(width, height, box)
    picture = frame.reformat(width=width, height=height, format="rgb24")
    plane = picture.planes[0]
    row = width * 3
    data = bytes(plane)
    if plane.line_size != row:  # rows padded for alignment: keep the pixels only
        data = b"".join(
            data[y * plane.line_size : y * plane.line_size + row] for y in range(height)
        )
    return Frame(width, height, data)


def first_frame(path: Path, box: tuple[int, int] | None = None) -> Frame:
    """The video's first frame, scaled to fit ``box`` (its own size when ``None``)."""
    container = _open(path)
    import av  # loaded by _open

    try:
        for frame in container.decode(video=0):
            return _rgb(frame, box)
    except (av.FFmpegError, ValueError) as exc:
        raise UnreadableVideo(f"{path}: {exc}") from exc
    finally:
        container.close()
    raise UnreadableVideo(f"{path}: no frame")


def last_frame(path: Path, box: tuple[int, int] | None = None) -> Frame:
    """The video's last frame (a take carried on from where it ends starts from it)."""
    container = _open(path)
    import av  # loaded by _open

    try:
        stream = container.streams.video[0]
        last = None
        if container.duration and stream.time_base:
            # Near the end, then forward: decoding a long take from its start is wasted work.
            seconds = max(0.0, container.duration / av.time_base - 2.0)
            container.seek(int(seconds / stream.time_base), stream=stream, backward=True)
        for frame in container.decode(stream):
            last = frame
        if last is None:
            raise UnreadableVideo(f"{path}: no frame")
        return _rgb(last, box)
    except (av.FFmpegError, ValueError) as exc:
        raise UnreadableVideo(f"{path}: {exc}") from exc
    finally:
        container.close()


def _jpeg(frame: Any, width: int, height: int) -> bytes:
    import av
    from av.video.codeccontext import VideoCodecContext

    codec = av.CodecContext.create("mjpeg", "w")
    # PyAV 15's stubs type create() as the base class; an mjpeg context is a video one.
    assert isinstance(codec, VideoCodecContext)
    codec.width, codec.height = width, height
    codec.pix_fmt = "yuvj420p"
    codec.time_base = Fraction(1, 25)
    codec.qmin = codec.qmax = _JPEG_QUALITY
    packets = codec.encode(frame.reformat(width=width, height=height, format="yuvj420p"))
    packets += codec.encode(None)
    return b"".join(bytes(packet) for packet in packets)


def extract_strip(path: Path, box: tuple[int, int], count: int = STRIP_FRAMES) -> Strip:
    """``count`` evenly spaced frames of the video, each fitted to ``box``. Decodes the whole
    video once, front to back: generated takes are short, and seeking in a file with one
    keyframe would decode the start again for every frame."""
    container = _open(path)
    import av  # loaded by _open

    try:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        duration = _duration(container, stream)
        targets = [duration * i / count for i in range(count)]
        frames: list[bytes] = []
        size: tuple[int, int] | None = None
        previous = None
        for frame in container.decode(stream):
            if size is None:
                size = fit(frame.width, frame.height, box)
            time = frame.time if frame.time is not None else 0.0
            # The frame on screen at each target: the last one that starts at or before it,
            # made small at once (a 1080p frame held until the end would be 3 MB each).
            while len(frames) < count and time > targets[len(frames)] + 1e-6:
                frames.append(_jpeg(previous if previous is not None else frame, *size))
            previous = frame
        if previous is None or size is None:
            raise UnreadableVideo(f"{path}: no frame")
        last = _jpeg(previous, *size)
        frames += [last] * (count - len(frames))
        width, height = size
    except (av.FFmpegError, ValueError) as exc:
        raise UnreadableVideo(f"{path}: {exc}") from exc
    finally:
        container.close()
    return Strip(duration, width, height, tuple(frames))


def _duration(container: Any, stream: Any) -> float:
    import av

    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return float(container.duration / av.time_base)
    return 0.0


class FrameCache:
    """Strips on disk, one file per video, size and version of the video (its path, size and
    modification time): a video saved again gets new frames, and a zoom to another size makes
    its own strip instead of stretching a small one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def file_for(self, path: Path, box: tuple[int, int], count: int = STRIP_FRAMES) -> Path:
        try:
            info = path.stat()
        except OSError as exc:
            raise UnreadableVideo(f"{path}: {exc}") from exc
        key = f"{_CACHE_VERSION}|{path.resolve()}|{info.st_size}|{info.st_mtime_ns}|{box}|{count}"
        return self.folder / (hashlib.sha1(key.encode()).hexdigest() + ".strip")

    def strip(self, path: Path, box: tuple[int, int], count: int = STRIP_FRAMES) -> Strip:
        """The cached strip, or a new one extracted and kept."""
        file = self.file_for(path, box, count)
        cached = _read(file)
        if cached is not None:
            return cached
        strip = extract_strip(path, box, count)
        # A full or read-only cache: the frames are shown all the same.
        with contextlib.suppress(OSError):
            atomic_write(file, _encode(strip), mode=0o600)
        return strip


def _encode(strip: Strip) -> bytes:
    header = {
        "duration": strip.duration,
        "width": strip.width,
        "height": strip.height,
        "sizes": [len(frame) for frame in strip.frames],
    }
    return json.dumps(header).encode() + b"\n" + b"".join(strip.frames)


def _read(file: Path) -> Strip | None:
    """A strip from its file, or ``None`` when there is none or it is damaged."""
    try:
        data = file.read_bytes()
    except OSError:
        return None
    line, _, body = data.partition(b"\n")
    try:
        header = json.loads(line)
        sizes = [int(size) for size in header["sizes"]]
        if sum(sizes) != len(body) or not sizes:
            raise ValueError("sizes")
        frames, offset = [], 0
        for size in sizes:
            frames.append(body[offset : offset + size])
            offset += size
        return Strip(
            float(header["duration"]), int(header["width"]), int(header["height"]), tuple(frames)
        )
    except (ValueError, KeyError, TypeError):
        with contextlib.suppress(OSError):
            os.unlink(file)
        return None

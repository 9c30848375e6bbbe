"""Real pictures and frame comparisons for tests, made and read with PyAV (no numpy, no Pillow)."""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

_ENCODERS = {"png": ("png", "rgb24"), "jpeg": ("mjpeg", "yuvj420p"), "webp": ("libwebp", "yuv420p")}


def rgb_frame(width: int, height: int, seed: int = 0) -> Any:
    """A soft pattern (gradients, a bright block), different for each ``seed``: mild colours
    that survive a round trip through 4:2:0 video."""
    frame = av.VideoFrame(width, height, "rgb24")
    plane = frame.planes[0]
    rows = []
    for y in range(height):
        row = bytearray()
        for x in range(width):
            block = (x * 4 // width + y * 3 // height + seed) % 2 == 0
            red = 60 + (x * 120 // width) + (40 if block else 0)
            green = 70 + (y * 100 // height) + seed * 17 % 60
            blue = 180 - (x * 90 // width) - (30 if block else 0)
            row += bytes((red, green, blue))
        rows.append(bytes(row) + bytes(plane.line_size - width * 3))
    plane.update(b"".join(rows))
    return frame


def picture_bytes(width: int, height: int, kind: str = "png", seed: int = 0) -> bytes:
    codec_name, pix_fmt = _ENCODERS[kind]
    codec = av.CodecContext.create(codec_name, "w")
    codec.width, codec.height, codec.pix_fmt = width, height, pix_fmt
    codec.time_base = Fraction(1, 25)
    frame = rgb_frame(width, height, seed).reformat(format=pix_fmt)
    packets = codec.encode(frame) + codec.encode(None)
    return b"".join(bytes(packet) for packet in packets)


def write_picture(
    path: Path, width: int = 96, height: int = 64, kind: str = "png", seed: int = 0
) -> Path:
    path.write_bytes(picture_bytes(width, height, kind, seed))
    return path


def small_rgb(frame: Any, size: tuple[int, int] = (32, 18)) -> bytes:
    """``frame`` downscaled to ``size`` as packed RGB."""
    small = frame.reformat(width=size[0], height=size[1], format="rgb24", interpolation="AREA")
    plane = small.planes[0]
    data, row = bytes(plane), size[0] * 3
    return b"".join(data[y * plane.line_size : y * plane.line_size + row] for y in range(size[1]))


def mean_difference(a: bytes, b: bytes) -> float:
    """Mean absolute difference of two packed RGB pictures of one size (0-255)."""
    assert len(a) == len(b)
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)


def video_frames(data_or_path: bytes | Path) -> list[Any]:
    source = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else str(data_or_path)
    with av.open(source) as container:
        return list(container.decode(video=0))


def picture_frame(data: bytes) -> Any:
    with av.open(io.BytesIO(data)) as container:
        return next(container.decode(video=0))

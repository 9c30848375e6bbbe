"""The simulator's clips for image to video and transition, made from the uploaded pictures.

So that a person can see the feature work offline, an image-to-video clip starts on the picture
itself (scaled to the clip's size) and slowly zooms in; a transition starts on the first picture
and fades into the last, ending on it. Clips are as small as the bundled demo clips (about
320 pixels wide, 12 frames a second, 3 seconds): H.264 made with libx264 where the FFmpeg PyAV
runs on has it (PyAV's wheel). The frozen bundle's PyAV runs on Qt Multimedia's FFmpeg, which has
no libx264: there the clips are MPEG-4 Part 2, which both FFmpegs and common players decode.
"""

from __future__ import annotations

import functools
import io
from fractions import Fraction
from typing import Any, cast

import av
import av.filter
from av.video.reformatter import ColorRange
from av.video.stream import VideoStream

from app.pictures import PictureKind, read_header

FPS = 12
SECONDS = 3
#: The longer side of a clip, as in ``resources/demo``.
LONG_SIDE = 320
#: How far the image-to-video clip has zoomed in by its last frame.
ZOOM = 1.15
#: Frames a transition holds each picture before and after the fade.
HOLD = 6
#: The encoders tried in turn, each with its near-lossless settings (the first frame is the
#: picture: a continued take is compared with it). ``mpeg4`` is FFmpeg's own, in Qt's build too;
#: its quality is a fixed quantiser, 2, given as ``global_quality`` (quantiser × FF_QP2LAMBDA).
ENCODERS: tuple[tuple[str, dict[str, str]], ...] = (
    ("libx264", {"crf": "18", "preset": "veryfast", "tune": "stillimage"}),
    ("mpeg4", {"flags": "+qscale", "global_quality": str(2 * 118)}),
)


def clip_size(width: int, height: int) -> tuple[int, int]:
    """The clip's size for a picture of ``width`` × ``height``: its shape, the longer side
    ``LONG_SIDE``, both even (H.264 with 4:2:0 colour needs that)."""
    scale = LONG_SIDE / max(width, height)
    return max(16, round(width * scale / 2) * 2), max(16, round(height * scale / 2) * 2)


def make_clip(first: bytes, last: bytes | None = None) -> bytes:
    """An MP4 that starts on ``first``: a slow zoom, or with ``last`` a fade that ends on it.
    Raises ``ValueError`` when a picture cannot be decoded."""
    source = _decode(first)
    width, height = clip_size(source.width, source.height)
    start = _scaled(source, width, height)
    count = FPS * SECONDS
    if last is None:
        frames = [start] + [
            _zoomed(source, width, height, 1 + (ZOOM - 1) * i / (count - 1))
            for i in range(1, count)
        ]
    else:
        end = _scaled(_decode(last), width, height)
        fading = count - 2 * HOLD
        frames = (
            [start] * HOLD
            + [_blend(start, end, (i + 1) / (fading + 1)) for i in range(fading)]
            + [end] * HOLD
        )
    return _encode(frames, width, height)


def _decode(data: bytes) -> Any:
    header = read_header(data)
    if header is None:
        raise ValueError("not a PNG, JPEG or WebP picture")
    kind: PictureKind = header[0]
    try:
        with av.open(io.BytesIO(data), mode="r", format=kind.demuxer) as container:
            for frame in container.decode(video=0):
                return frame
    except (OSError, av.FFmpegError) as exc:
        raise ValueError(str(exc)) from exc
    raise ValueError("the picture has no frame")


def _video(frame: Any, **size: int) -> Any:
    """``frame`` as the encoder takes it: 4:2:0 in the limited range a player assumes of an
    untagged H.264 stream (PyAV marks a frame made from RGB full range, which reads shifted)."""
    return frame.reformat(
        format="yuv420p", interpolation="AREA", dst_color_range=ColorRange.MPEG, **size
    )


def _scaled(frame: Any, width: int, height: int) -> Any:
    """``frame`` stretched to exactly the clip's size (the size keeps its shape already)."""
    return _video(frame, width=width, height=height)


def _zoomed(frame: Any, width: int, height: int, zoom: float) -> Any:
    """The middle of ``frame`` magnified ``zoom`` times, at the clip's size."""
    big_w, big_h = round(width * zoom), round(height * zoom)
    big = frame.reformat(width=big_w, height=big_h, format="rgb24", interpolation="BILINEAR")
    plane = big.planes[0]
    data, stride = bytes(plane), plane.line_size
    left, top = (big_w - width) // 2 * 3, (big_h - height) // 2
    rows = b"".join(
        data[(top + y) * stride + left : (top + y) * stride + left + width * 3]
        for y in range(height)
    )
    crop = av.VideoFrame(width, height, "rgb24")
    out = crop.planes[0]
    if out.line_size == width * 3:
        out.update(rows)
    else:  # rows padded for alignment: copy row by row into the padded layout
        padding = bytes(out.line_size - width * 3)
        out.update(
            b"".join(rows[y * width * 3 : (y + 1) * width * 3] + padding for y in range(height))
        )
    return _video(crop)


def _blend(first: Any, last: Any, share: float) -> Any:
    """``last`` over ``first`` at ``share`` opacity (0: first, 1: last)."""
    graph = av.filter.Graph()
    time_base = Fraction(1, FPS)
    spec = {"width": first.width, "height": first.height, "format": "yuv420p"}
    top = graph.add_buffer(time_base=time_base, **spec)
    bottom = graph.add_buffer(time_base=time_base, **spec)
    blend = graph.add("blend", f"all_mode=normal:all_opacity={share:.4f}")
    sink = graph.add("buffersink")
    top.link_to(blend, 0, 0)
    bottom.link_to(blend, 0, 1)
    blend.link_to(sink)
    graph.configure()
    last.pts = first.pts = 0
    top.push(last)
    bottom.push(first)
    return sink.pull()


@functools.cache
def encoder() -> tuple[str, dict[str, str]]:
    """The first of ``ENCODERS`` the FFmpeg PyAV runs on has, with its options."""
    for name, options in ENCODERS:
        try:
            av.Codec(name, "w")
        except ValueError:  # UnknownCodecError: not in this FFmpeg build
            continue
        return name, options
    raise RuntimeError("this FFmpeg has none of the encoders the simulator uses")


def _encode(frames: list[Any], width: int, height: int) -> bytes:
    name, options = encoder()
    out = io.BytesIO()
    with av.open(out, mode="w", format="mp4") as container:
        # Every name in ENCODERS is a video encoder's (the stubs know only literal names).
        stream = cast(VideoStream, container.add_stream(name, rate=FPS))
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = dict(options)
        for index, frame in enumerate(frames):
            frame.pts = index
            frame.time_base = Fraction(1, FPS)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return out.getvalue()

"""Pictures chosen as a video's first or last frame, checked here before anything is uploaded.

PixVerse takes PNG, JPEG and WebP of at most 20 MB with each side at most 10,000 pixels
(foxapi.md). The kind is judged by the file's first bytes, never by its name; the size in
pixels is read by PyAV from the header, and one frame is decoded to prove the file is whole.
Every problem is a ``PictureRejected`` naming the file and the frame it was meant for.

Qt-free and blocking: the window calls it on a worker thread. PyAV loads on first use: the
engine imports this module, and a window or a command that meets no picture never needs it.
"""

from __future__ import annotations

import enum
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.api.models import GenerationRequest, Picture
from app.errors import PictureRejected
from app.fsutil import atomic_write

MAX_BYTES = 20 * 1024 * 1024
MAX_SIDE = 10_000
#: Enough of the head of a file to tell the three kinds apart.
_HEAD = 16


class PictureKind(enum.StrEnum):
    PNG = "png"
    JPEG = "jpeg"
    WEBP = "webp"

    @property
    def mime(self) -> str:
        return f"image/{self.value}"

    @property
    def extension(self) -> str:
        return ".jpg" if self is PictureKind.JPEG else f".{self.value}"

    @property
    def demuxer(self) -> str:
        """FFmpeg's reader for exactly this kind, so a file is decoded as what its bytes say."""
        return f"{self.value}_pipe"


def sniff(head: bytes) -> PictureKind | None:
    """The kind of picture a file's first bytes announce, or ``None``."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PictureKind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return PictureKind.JPEG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return PictureKind.WEBP
    return None


@dataclass(frozen=True, slots=True)
class CheckedPicture:
    """A picture PixVerse will take, as it was when checked."""

    path: Path
    kind: PictureKind
    width: int
    height: int
    size: int
    sha256: str


def check_picture(path: str | os.PathLike[str], field: str = "image") -> CheckedPicture:
    """Check ``path`` as the picture for ``field`` (``image`` or ``image_tail``); raise
    ``PictureRejected`` saying what is wrong with it."""
    file = Path(path).expanduser()
    shown = str(file)

    def rejected(reason: str, **params: object) -> PictureRejected:
        return PictureRejected(field, reason, path=shown, **params)

    try:
        info = file.stat()
    except FileNotFoundError:
        raise rejected("reason.picture_missing") from None
    except OSError:
        raise rejected("reason.picture_unreadable") from None
    if not file.is_file():
        raise rejected("reason.picture_unreadable")
    if info.st_size > MAX_BYTES:
        megabytes = f"{info.st_size / (1024 * 1024):.1f}"
        raise rejected("reason.picture_too_large", megabytes=megabytes, limit=MAX_BYTES >> 20)
    try:
        data = file.read_bytes()
    except OSError:
        raise rejected("reason.picture_unreadable") from None
    if len(data) > MAX_BYTES:  # it grew since stat(): judged on what was read
        raise rejected("reason.not_a_picture")
    header = read_header(data)
    if header is None:
        raise rejected("reason.not_a_picture")
    kind, width, height = header
    if width > MAX_SIDE or height > MAX_SIDE:
        raise rejected("reason.picture_too_many_pixels", width=width, height=height, limit=MAX_SIDE)
    if not decodes(data, kind):
        raise rejected("reason.not_a_picture")
    return CheckedPicture(
        path=file,
        kind=kind,
        width=width,
        height=height,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def chosen(image: str | None, image_tail: str | None) -> dict[str, Picture]:
    """The pictures given for the first and last frame (``--image``, ``--tail-image``), each
    checked (``PictureRejected``), as request fields."""
    found: dict[str, Picture] = {}
    for name, path in (("image", image), ("image_tail", image_tail)):
        if path is not None:
            checked = check_picture(path, name)
            found[name] = Picture(str(checked.path.resolve()), sha256=checked.sha256)
    return found


def read_header(data: bytes) -> tuple[PictureKind, int, int] | None:
    """Kind, width and height of a picture from its header, without decoding the (possibly
    huge) picture; ``None`` when it is none of the three kinds."""
    kind = sniff(data[:_HEAD])
    if kind is None:
        return None
    import av

    try:
        with _open(data, kind) as container:
            if not container.streams.video:
                return None
            context = container.streams.video[0].codec_context
            width, height = int(context.width), int(context.height)
    except (OSError, av.FFmpegError, ValueError):
        return None
    return (kind, width, height) if width > 0 and height > 0 else None


def decodes(data: bytes, kind: PictureKind) -> bool:
    """Whether the picture decodes: a cut or damaged file does not."""
    import av

    try:
        with _open(data, kind) as container:
            for _frame in container.decode(video=0):
                return True
    except (OSError, av.FFmpegError, ValueError):
        return False
    return False


def _open(data: bytes, kind: PictureKind) -> Any:
    import av

    return av.open(io.BytesIO(data), format=kind.demuxer)


#: The copies of a take's pictures beside its video: ``NAME.first.png``, ``NAME.last.webp``.
_BESIDE = {"image": "first", "image_tail": "last"}


def keep_beside(video: Path, request: GenerationRequest) -> dict[str, str]:
    """Copy the pictures ``request`` was made from beside ``video``, so that the take can be
    made again from its folder alone. Returns the copies' file names by field. A picture gone
    or changed since it was uploaded (its ``sha256`` differs) is not copied: the sidecar still
    names it and its URL. Raises ``OSError`` when a copy cannot be written."""
    kept: dict[str, str] = {}
    for name, picture in request.pictures.items():
        try:
            data = Path(picture.path).read_bytes() if picture.path else b""
        except OSError:
            continue
        kind = sniff(data[:_HEAD])
        if kind is None or (picture.sha256 and hashlib.sha256(data).hexdigest() != picture.sha256):
            continue
        target = video.with_name(f"{video.stem}.{_BESIDE[name]}{kind.extension}")
        atomic_write(target, data)
        kept[name] = target.name
    return kept


def beside_paths(video: Path) -> list[Path]:
    """Every name ``keep_beside`` may have given a copy beside ``video`` (to delete them with
    it)."""
    return [
        video.with_name(f"{video.stem}.{which}{kind.extension}")
        for which in _BESIDE.values()
        for kind in PictureKind
    ]


def last_frame_png(video: Path) -> bytes:
    """The last frame of ``video`` as a PNG, at the video's own size: the first frame of a take
    that carries it on. Raises ``PictureRejected`` (for ``image``) when the video has no frame
    that can be read."""
    from fractions import Fraction  # here: fractions (with decimal) is 2 ms of start-up

    import av

    from app import frames

    try:
        last = frames.last_frame(video)
    except frames.UnreadableVideo:
        raise PictureRejected("image", "reason.no_last_frame", path=str(video)) from None
    picture = av.VideoFrame(last.width, last.height, "rgb24")
    plane, row = picture.planes[0], last.width * 3
    padding = bytes(plane.line_size - row)  # rows may be padded for alignment
    plane.update(
        last.rgb
        if not padding
        else b"".join(last.rgb[y * row : (y + 1) * row] + padding for y in range(last.height))
    )
    codec = av.CodecContext.create("png", "w")
    codec.width, codec.height, codec.pix_fmt = last.width, last.height, "rgb24"
    codec.time_base = Fraction(1, 25)
    packets = codec.encode(picture) + codec.encode(None)
    return b"".join(bytes(packet) for packet in packets)


def save_last_frame(video: Path, folder: Path, name: str) -> Path:
    """Write the last frame of ``video`` to ``folder/NAME-last.png`` (atomically) and return
    its path. Raises ``PictureRejected``, or ``OSError`` when it cannot be written."""
    data = last_frame_png(video)
    target = folder / f"{name}-last.png"
    atomic_write(target, data, mode=0o600)
    return target

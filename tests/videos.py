"""Comparing a saved video with the bytes the CDN served.

ReelDesk writes its settings into each saved MP4 (``app.metadata``), so the file on disk is the
served file plus a metadata box: the pictures and sound (the ``mdat`` boxes) are the same."""

from __future__ import annotations

import struct
from pathlib import Path


def media(data: bytes) -> list[bytes]:
    """The payloads of the top-level ``mdat`` boxes of an MP4."""
    found: list[bytes] = []
    offset = 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        header = 8
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8 : offset + 16])[0]
            header = 16
        elif size == 0:
            size = len(data) - offset
        if size < header:
            break
        if kind == b"mdat":
            found.append(data[offset + header : offset + size])
        offset += size
    return found


def same_video(saved: Path, served: bytes) -> bool:
    """Whether ``saved`` holds the media of ``served`` (and so is that video, tagged)."""
    return bool(media(served)) and media(saved.read_bytes()) == media(served)

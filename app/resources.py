"""The one way to find shipped files, from a checkout, an installed wheel or a frozen bundle."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    """A file or folder under ``resources/``."""
    node = resources.files("resources")
    for part in parts:
        node = node.joinpath(part)
    return node


def demo_clip(aspect_ratio: str) -> bytes:
    """The bundled demo MP4 for an aspect ratio such as ``"9:16"``."""
    name = aspect_ratio.replace(":", "x") + ".mp4"
    return resource("demo", name).read_bytes()

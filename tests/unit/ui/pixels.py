"""Reading what a widget looks like: how far its pixels stand out from a background."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage

from ui.theme import contrast, luminance

__all__ = ["contrast", "luminance", "strongest_contrast"]


def strongest_contrast(image: QImage, background: QColor) -> float:
    """How far the boldest pixel of ``image`` stands out from ``background``: a line drawn in
    nearly the background colour scores close to 1."""
    pixels = [image.pixelColor(x, y) for y in range(image.height()) for x in range(image.width())]
    return max(contrast(c, background) for c in pixels if c.alpha() > 128)

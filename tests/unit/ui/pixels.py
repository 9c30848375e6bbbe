"""Reading what a widget looks like: how far its pixels stand out from a background."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio: 1 for the same colour, 21 for black on white."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def strongest_contrast(image: QImage, background: QColor) -> float:
    """How far the boldest pixel of ``image`` stands out from ``background``: a line drawn in
    nearly the background colour scores close to 1."""
    pixels = [image.pixelColor(x, y) for y in range(image.height()) for x in range(image.width())]
    return max(contrast(c, background) for c in pixels if c.alpha() > 128)

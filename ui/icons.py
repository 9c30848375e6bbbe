"""Small icons drawn in code (no files to ship or find)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from app.api.models import AspectRatio


def ratio_pixmap(ratio: AspectRatio, colour: QColor, width: int, height: int) -> QPixmap:
    """An outline of the frame's shape, centred in a ``width`` × ``height`` pixmap."""
    pixmap = QPixmap(width, height)
    pixmap.fill(Qt.GlobalColor.transparent)
    w, h = ratio.ratio
    scale = min((width - 4) / w, (height - 4) / h)
    rw, rh = w * scale, h * scale
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = painter.pen()
    pen.setColor(colour)
    pen.setWidthF(1.6)
    painter.setPen(pen)
    painter.drawRoundedRect(QRectF((width - rw) / 2, (height - rh) / 2, rw, rh), 3, 3)
    painter.end()
    return pixmap


def ratio_icon(ratio: AspectRatio, colour: QColor, size: int = 22) -> QIcon:
    return QIcon(ratio_pixmap(ratio, colour, size, size))


@cache
def placeholder(ratio: AspectRatio, width: int, height: int) -> QPixmap:
    """The list's stand-in for a video that has no first frame (yet)."""
    return ratio_pixmap(ratio, QColor(128, 128, 128, 150), width, height)

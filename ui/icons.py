"""Small icons drawn in code (no files to ship or find), sharp on every screen: each is drawn
at 100 % and at 200 % (and at the screens' own scale), so nothing is a stretched drawing."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPixmap

from app.api.models import AspectRatio

#: A placeholder's outline on a selected row: the selection is the accent colour on both
#: themes, and its text is white.
_ON_SELECTION = QColor(255, 255, 255)


def _scales() -> list[float]:
    app = QGuiApplication.instance()
    screens = app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0
    return sorted({1.0, 2.0, screens})


def ratio_pixmap(
    ratio: AspectRatio, colour: QColor, width: int, height: int, scale: float = 1.0
) -> QPixmap:
    """An outline of the frame's shape, centred in a ``width`` × ``height`` pixmap (logical
    pixels) drawn for a screen at ``scale`` (2.0 for 200 %)."""
    pixmap = QPixmap(round(width * scale), round(height * scale))
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    w, h = ratio.ratio
    size = min((width - 4) / w, (height - 4) / h)
    rw, rh = w * size, h * size
    painter = QPainter(pixmap)  # in logical pixels: the painter scales to the pixmap's ratio
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = painter.pen()
    pen.setColor(colour)
    pen.setWidthF(1.6)
    painter.setPen(pen)
    painter.drawRoundedRect(QRectF((width - rw) / 2, (height - rh) / 2, rw, rh), 3, 3)
    painter.end()
    return pixmap


def ratio_icon(ratio: AspectRatio, colour: QColor, size: int = 22) -> QIcon:
    icon = QIcon()
    for scale in _scales():
        icon.addPixmap(ratio_pixmap(ratio, colour, size, size, scale))
    return icon


@cache
def placeholder(ratio: AspectRatio, width: int, height: int) -> QIcon:
    """The list's stand-in for a video that has no first frame (yet): a soft outline, white on
    a selected row, where a grey one (or the style's blue tint of it) would all but vanish."""
    icon = QIcon()
    for scale in _scales():
        icon.addPixmap(ratio_pixmap(ratio, QColor(128, 128, 128, 150), width, height, scale))
        icon.addPixmap(
            ratio_pixmap(ratio, _ON_SELECTION, width, height, scale), QIcon.Mode.Selected
        )
    return icon

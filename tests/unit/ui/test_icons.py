"""Icons drawn in code are sharp at 200 %: drawn for the screen, not a small drawing stretched."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor

from app.api.models import AspectRatio
from ui.icons import ratio_icon


def test_an_aspect_icon_has_the_pixels_of_a_200_percent_screen(qtbot: Any) -> None:
    icon = ratio_icon(AspectRatio.R9_16, QColor("#1d2026"))
    sharp = icon.pixmap(QSize(22, 22), 2.0)
    assert (sharp.width(), sharp.height()) == (44, 44)
    plain = icon.pixmap(QSize(22, 22), 1.0)
    assert (plain.width(), plain.height()) == (22, 22)

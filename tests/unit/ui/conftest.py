from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture
def restore_style(qapp: QApplication) -> Iterator[None]:
    """A test may apply a theme: the next one starts from the style and palette before it."""
    style, palette = qapp.style().name(), qapp.palette()
    yield
    qapp.setStyle(style)
    qapp.setPalette(palette)  # this also drops the class palettes a theme sets

"""The themes as a person sees them: every control's edge shows on either background."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tests.unit.ui.pixels import contrast, strongest_contrast
from ui.delegates import ProgressDelegate
from ui.job_model import ProgressRole
from ui.status_bar import WindowStatusBar
from ui.tasks import TaskRunner
from ui.theme import BADGE, TONES, apply_theme, tone_colour

#: WCAG's contrast for the parts of a control a person must see to find it, and for text (AA).
NON_TEXT, TEXT = 3.0, 4.5


def left_edge(widget: QWidget) -> QRect:
    """The widget's left border, corners left out, in its window's coordinates."""
    origin = widget.mapTo(widget.window(), widget.rect().topLeft())
    return QRect(origin.x(), origin.y() + 4, 2, widget.height() - 8)


@pytest.mark.usefixtures("restore_style")
@pytest.mark.parametrize("theme", ["dark", "light"])
def test_text_fields_have_a_visible_edge(qtbot: Any, qapp: QApplication, theme: str) -> None:
    apply_theme(qapp, theme)
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    address = QComboBox(editable=True)
    address.addItem("https://api.foxapi.cc")
    fields = [QLineEdit(placeholderText="random"), QSpinBox(), address, QPlainTextEdit()]
    for field in fields:
        layout.addWidget(field)
    window.show()
    qtbot.waitExposed(window)
    background = window.palette().color(QPalette.ColorRole.Window)
    image = window.grab().toImage()
    readings = {
        type(field).__name__: round(strongest_contrast(image.copy(left_edge(field)), background), 1)
        for field in fields
    }
    assert all(value >= NON_TEXT for value in readings.values()), readings


@pytest.mark.usefixtures("restore_style")
@pytest.mark.parametrize("theme", ["dark", "light"])
def test_a_progress_bar_shows_where_it_ends(qtbot: Any, qapp: QApplication, theme: str) -> None:
    apply_theme(qapp, theme)
    model = QStandardItemModel(1, 1)
    item = QStandardItem("Generating 10%")
    item.setData(10, ProgressRole)
    model.setItem(0, 0, item)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegate(ProgressDelegate(view))
    view.setColumnWidth(0, 190)
    view.verticalHeader().setDefaultSectionSize(60)
    view.setSelectionMode(QTableView.SelectionMode.NoSelection)
    view.show()
    qtbot.waitExposed(view)
    cell = view.visualRect(model.index(0, 0))
    # The far end of the bar, where 10 % leaves it empty: only its groove marks the length.
    end = QRect(cell.right() - 6, cell.center().y() - 4, 4, 8)
    image = view.viewport().grab(end).toImage()
    background = view.palette().color(QPalette.ColorRole.Base)
    assert strongest_contrast(image, background) >= NON_TEXT


@pytest.mark.usefixtures("restore_style")
@pytest.mark.parametrize("theme", ["dark", "light"])
def test_a_selected_row_reads_as_well_as_any(qtbot: Any, qapp: QApplication, theme: str) -> None:
    apply_theme(qapp, theme)
    model = QStandardItemModel(1, 1)
    model.setItem(0, 0, QStandardItem("Lanterns drifting over a night river"))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setColumnWidth(0, 300)
    view.show()
    qtbot.waitExposed(view)
    view.selectRow(0)
    image = view.viewport().grab(view.visualRect(model.index(0, 0))).toImage()
    selection = view.palette().color(QPalette.ColorRole.Highlight)
    assert strongest_contrast(image, selection) >= TEXT


@pytest.mark.usefixtures("restore_style")
@pytest.mark.parametrize("theme", ["dark", "light"])
def test_a_link_reads_on_the_window(qtbot: Any, qapp: QApplication, theme: str) -> None:
    apply_theme(qapp, theme)
    window = QWidget()
    qtbot.addWidget(window)
    link = QLabel('No key yet? Create one at <a href="https://foxapi.cc">foxapi.cc</a>.', window)
    link.setTextFormat(Qt.TextFormat.RichText)  # our own words, with a link in them
    window.resize(link.sizeHint())
    window.show()
    qtbot.waitExposed(window)
    words = link.fontMetrics().horizontalAdvance("No key yet? Create one at ")
    image = window.grab(QRect(words + 2, 0, link.width() - words - 10, link.height())).toImage()
    background = window.palette().color(QPalette.ColorRole.Window)
    assert strongest_contrast(image, background) >= TEXT


def _grounds(palette: QPalette) -> dict[str, QColor]:
    roles = {
        "window": QPalette.ColorRole.Window,
        "base": QPalette.ColorRole.Base,
        "alternate rows": QPalette.ColorRole.AlternateBase,
    }
    return {name: palette.color(role) for name, role in roles.items()}


def _desktop_palette(window: str, base: str, text: str) -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, base),
        (QPalette.ColorRole.WindowText, text),
    ):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.mark.usefixtures("restore_style")
@pytest.mark.parametrize("theme", ["dark", "light"])
def test_every_tone_and_hint_reads_at_aa_on_every_ground(qapp: QApplication, theme: str) -> None:
    apply_theme(qapp, theme)
    palette = qapp.palette()
    colours = {tone: tone_colour(palette, tone) for tone in TONES}
    colours["placeholder"] = palette.color(QPalette.ColorRole.PlaceholderText)
    colours["text"] = palette.color(QPalette.ColorRole.Text)
    readings = {
        (name, ground): round(contrast(colour, back), 2)
        for name, colour in colours.items()
        for ground, back in _grounds(palette).items()
    }
    assert min(readings.values()) >= TEXT, {k: v for k, v in readings.items() if v < TEXT}


@pytest.mark.parametrize(
    ("window", "base", "text"),
    [("#3c3f41", "#2b2b2b", "#bbbbbb"), ("#d6d2d0", "#e8e4e2", "#000000")],
    ids=["a dark desktop", "a greyish light desktop"],
)
def test_the_tones_follow_a_desktop_palette(window: str, base: str, text: str) -> None:
    """The tones are made from the palette, not fixed: on a system palette the fixed shades
    were not made for, they still read at AA."""
    palette = _desktop_palette(window, base, text)
    for tone in TONES:
        colour = tone_colour(palette, tone)
        for ground, back in _grounds(palette).items():
            assert contrast(colour, back) >= TEXT, (tone, ground, colour.name())


@pytest.mark.usefixtures("restore_style")
@pytest.mark.parametrize("theme", ["dark", "light"])
def test_the_demo_badge_reads_on_its_fill(qtbot: Any, qapp: QApplication, theme: str) -> None:
    apply_theme(qapp, theme)
    bar = WindowStatusBar(TaskRunner(lambda _error: None), None)
    qtbot.addWidget(bar)
    bar.set_backend("Demo mode", True)
    bar.show()
    qtbot.waitExposed(bar)
    label = bar.backend_label
    assert not label.styleSheet()  # painted from the palette: a theme switch repaints it
    image = label.grab().toImage()
    fill = image.pixelColor(2, label.height() // 2)
    assert contrast(fill, BADGE) < 1.1  # the tag is drawn
    assert strongest_contrast(image, fill) >= TEXT
    bar.set_backend("Live · api.foxapi.cc", False)
    assert label.palette().color(QPalette.ColorRole.WindowText) == qapp.palette().color(
        QPalette.ColorRole.WindowText
    )

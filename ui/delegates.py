"""Painting for the job list: a real progress bar in the status column (no widget per row), and
stills centred in theirs."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QWidget,
)

from ui.job_model import ProgressRole, ToneRole
from ui.theme import outlined, tone_colour

ModelIndex = QModelIndex | QPersistentModelIndex


class ProgressDelegate(QStyledItemDelegate):
    """Draws a horizontal progress bar with the status text for running jobs (busy while the
    progress is unknown) and coloured status text for the rest."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        progress = index.data(ProgressRole)
        if not isinstance(progress, int) or progress == -2:
            self._paint_text(painter, option, index)
            return
        widget = option.widget
        style = widget.style() if isinstance(widget, QWidget) else QApplication.style()
        # The selection background first, then the bar inside the cell.
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(option.rect).adjusted(4, 5, -4, -5)
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        bar.direction = option.direction
        bar.fontMetrics = option.fontMetrics
        bar.palette = outlined(option.palette)  # a groove that shows on the dark theme too
        bar.minimum = 0
        bar.maximum = 0 if progress < 0 else 100  # 0..0 is Qt's busy indicator
        bar.progress = max(progress, 0)
        bar.text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)

    def _paint_text(
        self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        tone = index.data(ToneRole)
        if isinstance(tone, str) and tone:
            # From the view's palette as it is now, so a theme switch recolours at once.
            opt.palette.setColor(opt.palette.ColorRole.Text, tone_colour(opt.palette, tone))
        widget = opt.widget
        style = widget.style() if isinstance(widget, QWidget) else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(max(size.width(), 150), max(size.height(), 26))


class ThumbnailDelegate(QStyledItemDelegate):
    """Each still in the middle of a box of the view's icon size, whatever the video's shape:
    a portrait still would otherwise hug the cell's left edge, off the line the placeholders
    (drawn to the full box) keep."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        super().initStyleOption(option, index)
        view = option.widget
        if isinstance(view, QAbstractItemView):
            option.decorationSize = view.iconSize()
        option.decorationAlignment = Qt.AlignmentFlag.AlignCenter

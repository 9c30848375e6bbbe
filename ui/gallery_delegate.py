"""Painting one tile of the gallery: the take's frame, its length, a status badge, the stars,
the flag and the prompt. Painted, not a widget per take, so a thousand takes scroll smoothly."""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable
from functools import cache

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.engine.jobs import Flag, Job
from app.present import format_duration
from ui.job_model import Column, JobRole, ToneRole
from ui.theme import mixed, status_colours

ModelIndex = QModelIndex | QPersistentModelIndex
#: The picture's shape in a tile; other shapes are fitted inside it.
PICTURE_RATIO = 9 / 16
PADDING = 6
MAX_STARS = 5
#: Scaled frames kept for painting: every tile of a few screens, and a scrubbed take's frames.
SCALED_KEPT = 300
#: Whole tiles kept drawn: two screens of a large gallery.
TILES_KEPT = 160


def tile_size(width: int, line_height: int) -> QSize:
    """A tile ``width`` wide: the picture, a line of stars and flag, a line of prompt."""
    picture = round(width * PICTURE_RATIO)
    return QSize(width, picture + 2 * line_height + 3 * PADDING)


@cache
def _star(size: float) -> QPolygonF:
    """A five-pointed star ``size`` across, its top left at 0, 0."""
    points = []
    for i in range(10):
        radius = size / 2 if i % 2 == 0 else size / 5
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(
            QPointF(size / 2 + radius * math.cos(angle), size / 2 + radius * math.sin(angle))
        )
    return QPolygonF(points)


def paint_stars(
    painter: QPainter, origin: QPointF, size: float, rating: int, on: QColor, off: QColor
) -> None:
    """Five stars from ``origin``, the first ``rating`` filled."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for i in range(MAX_STARS):
        painter.save()
        painter.translate(origin.x() + i * (size + 2), origin.y())
        filled = i < rating
        painter.setPen(QPen(on if filled else off, 1))
        painter.setBrush(on if filled else Qt.BrushStyle.NoBrush)
        painter.drawPolygon(_star(size))
        painter.restore()
    painter.restore()


def paint_flag(painter: QPainter, rect: QRectF, flag: str, dark: bool) -> None:
    """A green tick for a pick, a red cross for a reject, in a disc; nothing when unflagged."""
    if flag not in (Flag.PICKED, Flag.REJECTED):
        return
    colours = status_colours(dark)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colours["ok" if flag == Flag.PICKED else "problem"])
    painter.drawEllipse(rect)
    pen = QPen(QColor(255, 255, 255), max(1.5, rect.width() / 8))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    w, x, y = rect.width(), rect.x(), rect.y()
    if flag == Flag.PICKED:
        painter.drawPolyline(
            [
                QPointF(x + w * 0.28, y + w * 0.52),
                QPointF(x + w * 0.44, y + w * 0.68),
                QPointF(x + w * 0.72, y + w * 0.34),
            ]
        )
    else:
        painter.drawLine(QPointF(x + w * 0.32, y + w * 0.32), QPointF(x + w * 0.68, y + w * 0.68))
        painter.drawLine(QPointF(x + w * 0.68, y + w * 0.32), QPointF(x + w * 0.32, y + w * 0.68))
    painter.restore()


class TileDelegate(QStyledItemDelegate):
    """Paints a take as a tile; ``picture(index, job)`` gives the frame to show (the hovered
    frame while the pointer scrubs), or ``None`` for the list's still or placeholder, and
    ``length(job)`` its length in seconds."""

    def __init__(
        self,
        picture: Callable[[ModelIndex, Job], QImage | None],
        length: Callable[[Job], float],
        width: Callable[[], int],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._picture = picture
        self._length = length
        self._width = width
        self._pixmaps: OrderedDict[tuple[int, int, int], QPixmap] = OrderedDict()
        self._tiles: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        return tile_size(self._width(), QFontMetrics(option.font).height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        job = index.data(JobRole)
        if not isinstance(job, Job):
            self._paint_header(painter, option, index)
            return
        status = index.model().index(index.row(), Column.STATUS)
        words, tone = str(status.data() or ""), str(status.data(ToneRole) or "")
        image = self._picture(index, job)
        if image is None:  # still loading: drawn as it is, not kept
            self._render(painter, option, job, None, words, tone, index)
            return
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        tile = self._tile(option, index, job, image, words, tone, ratio, painter.font())
        painter.drawPixmap(option.rect.topLeft(), tile)

    def warm(self, option: QStyleOptionViewItem, index: ModelIndex, ratio: float) -> None:
        """Draw a tile that is about to scroll into view, so that showing it is one copy."""
        job = index.data(JobRole)
        if not isinstance(job, Job):
            return
        status = index.model().index(index.row(), Column.STATUS)
        words, tone = str(status.data() or ""), str(status.data(ToneRole) or "")
        image = self._picture(index, job)
        if image is not None:
            self._tile(option, index, job, image, words, tone, ratio, option.font)

    def _tile(
        self,
        option: QStyleOptionViewItem,
        index: ModelIndex,
        job: Job,
        image: QImage,
        words: str,
        tone: str,
        ratio: float,
        font: QFont,
    ) -> QPixmap:
        # A tile drawn once is one pixmap to copy at every scroll step after.
        state = option.state & (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus)
        size = option.rect.size()
        key = (
            job.id,
            job.rating,
            job.flag,
            words,
            tone,
            image.cacheKey(),
            size.width(),
            size.height(),
            int(state.value),
            option.palette.cacheKey(),
            ratio,
        )
        tile = self._tiles.get(key)
        if tile is None:
            tile = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
            tile.setDevicePixelRatio(ratio)
            tile.fill(Qt.GlobalColor.transparent)
            local = QStyleOptionViewItem(option)
            local.rect = QRect(QPoint(0, 0), size)
            tile_painter = QPainter(tile)
            tile_painter.setFont(font)
            self._render(tile_painter, local, job, image, words, tone, index)
            tile_painter.end()
            self._tiles[key] = tile
            if len(self._tiles) > TILES_KEPT:
                self._tiles.popitem(last=False)
        else:
            self._tiles.move_to_end(key)
        return tile

    def _render(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        job: Job,
        image: QImage | None,
        words: str,
        tone: str,
        index: ModelIndex,
    ) -> None:
        palette = option.palette
        dark = palette.color(palette.ColorRole.Window).lightness() < 128
        rect = QRect(option.rect).adjusted(2, 2, -2, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        back = palette.color(palette.ColorRole.Highlight) if selected else mixed(palette, 0.06)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(back)
        painter.drawRoundedRect(QRectF(rect), 6, 6)
        text = palette.color(
            palette.ColorRole.HighlightedText if selected else palette.ColorRole.Text
        )
        metrics = option.fontMetrics
        line = metrics.height()
        picture = QRect(
            rect.x() + PADDING,
            rect.y() + PADDING,
            rect.width() - 2 * PADDING,
            round(option.rect.width() * PICTURE_RATIO) - 2 * PADDING,
        )
        self._paint_picture(painter, picture, index, image, dark)
        self._paint_badges(painter, picture, job, words, tone, metrics)
        row = picture.bottom() + PADDING
        off = mixed(palette, 0.35) if not selected else text
        star_size = min(line - 2, 14)
        paint_stars(
            painter,
            QPointF(picture.x(), row + (line - star_size) / 2),
            star_size,
            job.rating,
            QColor("#f5b301"),
            off,
        )
        flag_size = line - 2
        paint_flag(
            painter,
            QRectF(picture.right() - flag_size, row + 1, flag_size, flag_size),
            job.flag,
            dark,
        )
        painter.setPen(text)
        prompt = " ".join(job.request.prompt.split())
        prompt_rect = QRect(picture.x(), row + line + PADDING // 2, picture.width(), line)
        painter.drawText(
            prompt_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(prompt, Qt.TextElideMode.ElideRight, prompt_rect.width()),
        )
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(palette.color(palette.ColorRole.Highlight), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(rect).adjusted(1, 1, -1, -1), 6, 6)
        painter.restore()

    def _paint_header(
        self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex
    ) -> None:
        """An idea's header: a card that opens its takes, with the sums (saved, failed,
        credits) wrapped over the tile."""
        text = str(index.data() or "")
        if not text:
            return
        palette = option.palette
        rect = QRect(option.rect).adjusted(2, 2, -2, -2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(mixed(palette, 0.35), 1))
        painter.setBrush(mixed(palette, 0.12))
        painter.drawRoundedRect(QRectF(rect), 6, 6)
        painter.setPen(palette.color(palette.ColorRole.Text))
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(
            rect.adjusted(PADDING * 2, PADDING * 2, -PADDING * 2, -PADDING * 2),
            int(
                Qt.AlignmentFlag.AlignLeft
                | Qt.AlignmentFlag.AlignVCenter
                | Qt.TextFlag.TextWordWrap
            ),
            text,
        )
        painter.restore()

    def _scaled(self, image: QImage, box: QSize, ratio: float) -> QPixmap:
        """The frame scaled to fit ``box`` (logical pixels) on a screen at ``ratio`` (2.0 at
        200 %: as many pixels as the screen has there), made once: drawing a stretched image
        at every scroll step was half the cost of a gallery's paint."""
        key = (image.cacheKey(), round(box.width() * ratio), round(box.height() * ratio))
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            size = image.size().scaled(QSize(key[1], key[2]), Qt.AspectRatioMode.KeepAspectRatio)
            pixmap = QPixmap.fromImage(
                image.scaled(
                    size,
                    Qt.AspectRatioMode.IgnoreAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            pixmap.setDevicePixelRatio(ratio)
            self._pixmaps[key] = pixmap
            if len(self._pixmaps) > SCALED_KEPT:
                self._pixmaps.popitem(last=False)
        else:
            self._pixmaps.move_to_end(key)
        return pixmap

    def _paint_picture(
        self, painter: QPainter, area: QRect, index: ModelIndex, image: QImage | None, dark: bool
    ) -> None:
        painter.fillRect(area, QColor(16, 16, 16) if dark else QColor(36, 36, 36))
        if image is not None:
            device = painter.device()
            ratio = device.devicePixelRatioF() if device is not None else 1.0
            pixmap = self._scaled(image, area.size(), ratio)
            target = QRect(QPoint(0, 0), pixmap.deviceIndependentSize().toSize())
            target.moveCenter(area.center())
            painter.drawPixmap(target.topLeft(), pixmap)
            return
        decoration = (
            index.model().index(index.row(), Column.THUMB).data(Qt.ItemDataRole.DecorationRole)
        )
        if isinstance(decoration, QPixmap) and not decoration.isNull():
            size = decoration.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(area.center())
            painter.drawPixmap(target, decoration)
        elif decoration is not None and hasattr(decoration, "paint"):
            decoration.paint(painter, area)

    def _paint_badges(
        self,
        painter: QPainter,
        area: QRect,
        job: Job,
        words: str,
        tone: str,
        metrics: QFontMetrics,
    ) -> None:
        # On the picture, light on dark whatever the theme: a badge reads over any frame.
        for text, colour, right in (
            (words, _badge_colour(tone), False),
            (format_duration(round(self._length(job))), QColor(235, 235, 235), True),
        ):
            if not text:
                continue
            width = min(
                metrics.horizontalAdvance(text) + 10, area.width() // (1 if right else 2) - 8
            )
            height = metrics.height() + 2
            x = area.right() - width - 4 if right else area.x() + 4
            y = area.y() + 4 if not right else area.bottom() - height - 4
            badge = QRectF(x, y, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 170))
            painter.drawRoundedRect(badge, 4, 4)
            painter.setPen(colour)
            painter.drawText(
                badge,
                int(Qt.AlignmentFlag.AlignCenter),
                metrics.elidedText(text, Qt.TextElideMode.ElideRight, width - 8),
            )


def _badge_colour(tone: str) -> QColor:
    """A status colour that reads on the badge's dark ground."""
    if not tone:
        return QColor(235, 235, 235)
    return status_colours(True)[tone]

"""The gallery: the job list's takes as a grid of tiles, over the same filter proxy and selection
as the list. Hovering a tile scrubs through its take; Ctrl+wheel, Ctrl+= and Ctrl+- zoom."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractProxyModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QFontMetrics,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyleOptionViewItem, QWidget

from app.engine.jobs import Job
from ui.gallery_delegate import PICTURE_RATIO, TileDelegate, tile_size
from ui.job_model import Column, JobFilterProxy, JobRole, JobTableModel
from ui.take_views import DEFAULT_TILE, MAX_TILE, MIN_TILE

if TYPE_CHECKING:
    from ui.thumbnails import FrameStrips

ModelIndex = QModelIndex | QPersistentModelIndex
ZOOM_STEP = 40
#: Strips are made at one of these widths (the smallest not narrower than the tile), so a zoom
#: reuses a strip instead of decoding the take again for every pixel of width.
STRIP_WIDTHS = (160, 240, 320, 480)


def strip_box(width: int) -> tuple[int, int]:
    """The box a tile ``width`` wide asks its frames to fit."""
    chosen = next((w for w in STRIP_WIDTHS if w >= width), STRIP_WIDTHS[-1])
    return chosen, round(chosen * PICTURE_RATIO)


class Gallery(QListView):
    """Tiles in rows that wrap with the width; a whole row is selected for each tile, so the
    list sharing this selection model sees the same jobs selected."""

    tile_width_changed = Signal(int)

    def __init__(self, proxy: JobFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._proxy = proxy
        self._tile_width = DEFAULT_TILE
        self._strips: FrameStrips | None = None
        self._hovered = QPersistentModelIndex()
        self._hover_frame = 0
        # Tiles of the row about to scroll into view, drawn one an event-loop turn ahead of
        # time: a row entering would otherwise decode and draw all its tiles in one frame.
        self._ahead: list[QPersistentModelIndex] = []
        self._warm_timer = QTimer(self)
        self._warm_timer.setInterval(0)
        self._warm_timer.timeout.connect(self._on_warm_timer_timeout)
        self._setup_ui()

    def _setup_ui(self) -> None:
        self.setModel(self._proxy)
        self.setModelColumn(Column.THUMB)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWrapping(True)
        self.setFlow(QListView.Flow.LeftToRight)
        # Every tile is the same size: Qt lays out a thousand without asking each one.
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.setSpacing(4)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setMouseTracking(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setItemDelegate(
            TileDelegate(self._picture, self._length, lambda: self._tile_width, self)
        )
        self._apply_grid()

    # -- drawing ahead of the scroll -------------------------------------------------------------

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if dy == 0:
            return
        grid = self.gridSize()
        if grid.isEmpty():
            return
        # The row just past the edge the content moves towards.
        y = self.viewport().height() + grid.height() // 2 if dy < 0 else -grid.height() // 2
        columns = max(1, self.viewport().width() // grid.width())
        middle = grid.width() // 2
        ahead = [self.indexAt(QPoint(c * grid.width() + middle, y)) for c in range(columns)]
        self._ahead = [QPersistentModelIndex(index) for index in ahead if index.isValid()]
        if self._ahead and not self._warm_timer.isActive():
            self._warm_timer.start()

    def _on_warm_timer_timeout(self) -> None:
        if not self._ahead:
            self._warm_timer.stop()
            return
        kept = self._ahead.pop(0)
        delegate = self.itemDelegate()
        if kept.isValid() and isinstance(delegate, TileDelegate):
            index = self.model().index(kept.row(), kept.column())
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            option.rect = self.visualRect(index)
            option.index = index
            delegate.warm(option, index, self.devicePixelRatioF())

    # -- frames ---------------------------------------------------------------------------------

    def _strip_box(self) -> tuple[int, int]:
        """The frames' box in device pixels: at 200 % a tile's picture has twice the pixels
        to fill, and a frame decoded for 100 % would be drawn stretched, soft."""
        return strip_box(round(self._tile_width * self.devicePixelRatioF()))

    def set_strips(self, strips: FrameStrips) -> None:
        """Show frames from ``strips`` (made after the window is up)."""
        self._strips = strips
        strips.strip_ready.connect(self._on_strips_strip_ready)
        self.viewport().update()

    def _picture(self, index: ModelIndex, job: Job) -> QImage | None:
        if self._strips is None:
            return None
        frame = self._hover_frame if QPersistentModelIndex(index) == self._hovered else 0
        return self._strips.frame(job, self._strip_box(), frame)

    def _length(self, job: Job) -> float:
        """The file's length once read; until then the length that was asked for."""
        if self._strips is not None:
            seconds = self._strips.duration(job, self._strip_box())
            if seconds is not None:
                return seconds
        return float(job.request.duration)

    def _on_strips_strip_ready(self, job_id: str) -> None:
        source = self._proxy.sourceModel()
        if isinstance(source, JobTableModel):
            index = self._proxy.mapFromSource(source.index_of(job_id, Column.THUMB))
            shown = self.model()
            if shown is not self._proxy and isinstance(shown, QAbstractProxyModel):
                index = shown.mapFromSource(index)  # grouped by idea
            if index.isValid():
                self.update(index)

    def has_frames(self, job: Job) -> bool:
        """Whether the take's frames are ready to show (asks for them when not)."""
        return bool(self._strips and self._strips.count(job, self._strip_box()))

    def shown_frame(self) -> tuple[str, int] | None:
        """The hovered take's id and the frame shown for it, while the pointer scrubs."""
        job = self._hovered.data(JobRole) if self._hovered.isValid() else None
        return (job.id, self._hover_frame) if isinstance(job, Job) else None

    # -- scrubbing ------------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        self._scrub(event.position().toPoint())

    def leaveEvent(self, event: QEvent) -> None:
        super().leaveEvent(event)
        self._set_hover(QPersistentModelIndex(), 0)

    def _scrub(self, point: QPoint) -> None:
        index = self.indexAt(point)
        if not index.isValid():
            self._set_hover(QPersistentModelIndex(), 0)
            return
        job = index.data(JobRole)
        if not isinstance(job, Job):  # an idea's header
            self._set_hover(QPersistentModelIndex(), 0)
            return
        frames = self._strips.count(job, self._strip_box()) if self._strips else 0
        count = max(1, frames)
        rect = self.visualRect(index)
        share = (point.x() - rect.x()) / max(1, rect.width())
        self._set_hover(QPersistentModelIndex(index), min(count - 1, max(0, int(share * count))))

    def _set_hover(self, index: QPersistentModelIndex, frame: int) -> None:
        if index == self._hovered and frame == self._hover_frame:
            return
        before = self._hovered
        self._hovered, self._hover_frame = index, frame
        if before.isValid():
            self.update(before)
        if index.isValid():
            self.update(index)

    # -- zoom -----------------------------------------------------------------------------------

    @property
    def tile_width(self) -> int:
        return self._tile_width

    def set_tile_width(self, width: int) -> None:
        width = max(MIN_TILE, min(MAX_TILE, width))
        if width == self._tile_width:
            return
        self._tile_width = width
        self._apply_grid()
        self.tile_width_changed.emit(width)

    def zoom(self, steps: int) -> None:
        self.set_tile_width(self._tile_width + steps * ZOOM_STEP)

    def _apply_grid(self) -> None:
        size = tile_size(self._tile_width, QFontMetrics(self.font()).height())
        self.setGridSize(QSize(size.width() + 4, size.height() + 4))
        # The delegate's size hint changed: Qt lays the tiles out again.
        delegate = self.itemDelegate()
        if isinstance(delegate, TileDelegate):
            delegate.sizeHintChanged.emit(self.model().index(0, Column.THUMB))
        self.scheduleDelayedItemsLayout()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoom(1 if delta > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.ZoomIn) or (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and event.key() in (Qt.Key.Key_Equal, Qt.Key.Key_Plus)
        ):
            self.zoom(1)
            return
        if event.matches(QKeySequence.StandardKey.ZoomOut) or (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and event.key() == Qt.Key.Key_Minus
        ):
            self.zoom(-1)
            return
        super().keyPressEvent(event)

    # -- selection ------------------------------------------------------------------------------

    def selectionCommand(
        self, index: ModelIndex, event: QEvent | None = None
    ) -> QItemSelectionModel.SelectionFlag:
        # Whole rows, as the list selects them: its "selected jobs" are the full rows.
        return super().selectionCommand(index, event) | QItemSelectionModel.SelectionFlag.Rows

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()

    def selected_jobs(self) -> list[Job]:
        jobs = []
        for index in self.selectionModel().selectedRows(Column.THUMB):
            job = index.data(JobRole)
            if isinstance(job, Job):
                jobs.append(job)
        return jobs

"""One take in the compare window: its video (QtMultimedia, frames drawn from a video sink so a
screenshot or an offscreen test sees them), its sound muted unless soloed, and under it the
settings it was made with, those that differ from the other takes highlighted.

QtMultimedia is imported when a compare opens, not at start-up. ``QMediaPlayer.stop()`` is never
called: on a machine without a sound device it can hang; a take is paused and its source
cleared instead.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette
from PySide6.QtMultimedia import QAudioOutput, QMediaMetaData, QMediaPlayer, QVideoFrame, QVideoSink
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.engine.jobs import Job
from ui.job_model import plain_tooltip
from ui.theme import mixed

#: When a take's frame rate is not in its file.
FALLBACK_FPS = 24.0


class VideoView(QWidget):
    """The newest frame of a take, fitted and centred on black."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = QImage()
        self.frames_shown = 0
        self.setMinimumSize(160, 90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_frame(self, frame: QVideoFrame) -> None:
        image = frame.toImage()
        if not image.isNull():
            self.image = image
            self.frames_shown += 1
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 270)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0))
        if not self.image.isNull():
            size = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(self.rect().center())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, self.image)
        painter.end()


class TakePlayer(QFrame):
    """A take's player, with its number, marks and settings. The compare window drives it."""

    ended = Signal()

    def __init__(self, number: int, job: Job, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.job = job
        self.video = VideoView()
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.settings = QWidget()
        self._grid = QGridLayout(self.settings)
        self._grid.setContentsMargins(0, 2, 0, 0)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(1)
        self._grid.setColumnStretch(1, 1)
        #: The value labels by field name (tests read which are highlighted).
        self.values: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.video, 1)
        layout.addWidget(self.settings)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.audio.setMuted(True)
        self.player.setAudioOutput(self.audio)
        self.sink = QVideoSink(self)
        self.player.setVideoSink(self.sink)
        self.sink.videoFrameChanged.connect(self.video.show_frame)
        self.player.mediaStatusChanged.connect(self._on_player_media_status_changed)
        if job.path:
            self.player.setSource(QUrl.fromLocalFile(job.path))

    # -- what it shows --------------------------------------------------------------------------

    def set_heading(self, text: str, active: bool) -> None:
        self.title.setText(text)
        font = self.title.font()
        font.setBold(active)
        self.title.setFont(font)
        self.setLineWidth(3 if active else 1)

    def set_settings(self, rows: list[tuple[str, str]], differing: set[str]) -> None:
        """The settings, one per line; those in ``differing`` bold on a tinted background."""
        for row, (name, value) in enumerate(rows):
            title, shown = QLabel(name), QLabel(value or "—")
            for label in (title, shown):
                label.setTextFormat(Qt.TextFormat.PlainText)
            shown.setWordWrap(True)
            shown.setToolTip(plain_tooltip(value) if len(value) > 60 else "")
            if len(value) > 120:
                shown.setText(value[:119] + "…")
            differs = name in differing
            shown.setProperty("differs", differs)
            if differs:
                font = shown.font()
                font.setBold(True)
                shown.setFont(font)
                palette = shown.palette()
                palette.setColor(QPalette.ColorRole.Window, mixed(palette, 0.2))
                shown.setPalette(palette)
                shown.setAutoFillBackground(True)
            self._grid.addWidget(title, row, 0, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(shown, row, 1)
            self.values[name] = shown

    # -- playback -------------------------------------------------------------------------------

    @property
    def frame_ms(self) -> float:
        rate: Any = self.player.metaData().value(QMediaMetaData.Key.VideoFrameRate)
        fps = float(rate) if isinstance(rate, (int, float)) and rate > 0 else FALLBACK_FPS
        return 1000.0 / fps

    def playing(self) -> bool:
        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def seek(self, ms: int) -> None:
        duration = self.player.duration()
        self.player.setPosition(max(0, min(ms, duration - 1 if duration > 0 else ms)))

    def release(self) -> None:
        """Let go of the file without ``stop()`` (see the module's note)."""
        self.player.pause()
        self.player.setSource(QUrl())

    def _on_player_media_status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.EndOfMedia:
            self.ended.emit()

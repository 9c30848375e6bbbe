"""First-frame thumbnails of saved videos, made lazily (only for rows someone looks at) and
cached on disk. QtMultimedia is loaded on the first request, not at start-up."""

from __future__ import annotations

import logging
from collections import deque
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QImage, QPixmap

from app.engine.jobs import Job, JobStatus
from ui.job_model import ThumbnailSource

log = logging.getLogger(__name__)
THUMB_SIZE = QSize(96, 54)
FRAME_TIMEOUT_MS = 5000


class VideoThumbnails(ThumbnailSource):
    def __init__(self, cache_dir: Path, size: QSize = THUMB_SIZE) -> None:
        super().__init__()
        self._cache_dir = cache_dir
        self._size = size
        self._pixmaps: dict[str, QPixmap] = {}
        self._failed: set[str] = set()
        self._queue: deque[tuple[str, Path]] = deque()
        self._queued: set[str] = set()
        self._current: tuple[str, Path] | None = None
        self._player: Any = None
        self._sink: Any = None
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.setInterval(FRAME_TIMEOUT_MS)
        self._timeout.timeout.connect(self._on_timeout_timeout)

    def thumbnail(self, job: Job) -> QPixmap | None:
        if job.status is not JobStatus.SAVED or not job.path:
            return None
        cached = self._pixmaps.get(job.id)
        if cached is not None or job.id in self._failed:
            return cached
        disk = self._cache_dir / f"{job.id}.png"
        video = Path(job.path)
        try:
            fresh = disk.exists() and disk.stat().st_mtime >= video.stat().st_mtime
        except OSError:
            fresh = False
        if fresh:
            pixmap = QPixmap(str(disk))
            if not pixmap.isNull():
                self._pixmaps[job.id] = pixmap
                return pixmap
        if job.id not in self._queued:
            self._queued.add(job.id)
            self._queue.append((job.id, video))
            QTimer.singleShot(0, self._pump)
        return None

    def _ensure_player(self) -> None:
        if self._player is not None:
            return
        from PySide6.QtMultimedia import QMediaPlayer, QVideoSink

        self._player = QMediaPlayer(self)
        self._sink = QVideoSink(self)
        self._player.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self._on_sink_video_frame_changed)
        self._player.errorOccurred.connect(self._on_player_error_occurred)

    def _pump(self) -> None:
        if self._current is not None or not self._queue:
            return
        self._current = self._queue.popleft()
        job_id, video = self._current
        if not video.exists():
            self._done(job_id, None)
            return
        self._ensure_player()
        self._player.setSource(QUrl.fromLocalFile(str(video)))
        self._player.play()
        self._timeout.start()

    def _on_sink_video_frame_changed(self, frame: Any) -> None:
        if self._current is None or not frame.isValid():
            return
        image: QImage = frame.toImage()
        if image.isNull():
            return
        job_id, _video = self._current
        scaled = image.scaled(
            self._size,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        try:
            self._cache_dir.mkdir(parents=True, exist_ok=True)
            scaled.save(str(self._cache_dir / f"{job_id}.png"))
        except OSError as exc:
            log.info("thumbnail cache not written: %s", exc)
        self._done(job_id, QPixmap.fromImage(scaled))

    def _on_player_error_occurred(self, *_args: object) -> None:
        if self._current is not None:
            self._done(self._current[0], None)

    def _on_timeout_timeout(self) -> None:
        if self._current is not None:
            self._done(self._current[0], None)

    def _done(self, job_id: str, pixmap: QPixmap | None) -> None:
        self._timeout.stop()
        if self._player is not None:
            self._player.stop()
            self._player.setSource(QUrl())
        self._current = None
        self._queued.discard(job_id)
        if pixmap is None:
            self._failed.add(job_id)
        else:
            self._pixmaps[job_id] = pixmap
            self.thumbnail_ready.emit(job_id)
        QTimer.singleShot(0, self._pump)

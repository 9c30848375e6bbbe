"""Pictures of saved videos for the window: first-frame thumbnails for the list and scrubbing
strips for the gallery. Both are decoded by ``app.frames`` (PyAV) on one background thread,
only for the takes someone looks at, and kept on disk for the next start."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtGui import QImage, QPixmap

from app.engine.downloader import background_priority
from app.engine.jobs import Job, JobStatus
from app.frames import Frame, FrameCache, Strip, UnreadableVideo, first_frame
from ui.job_model import ThumbnailSource

log = logging.getLogger(__name__)
THUMB_SIZE = QSize(96, 54)
#: Strips kept in memory as JPEG frames (some 50 kB each): every take of a large gallery.
STRIPS_IN_MEMORY = 3000
#: Frames kept decoded: the tiles of a few screens, and the frames of a scrubbed take.
IMAGES_IN_MEMORY = 400


def frame_image(frame: Frame) -> QImage:
    """A ``QImage`` that owns a copy of the frame's pixels."""
    image = QImage(
        frame.rgb, frame.width, frame.height, frame.width * 3, QImage.Format.Format_RGB888
    )
    return image.copy()


class FrameWorker(QObject):
    """One background thread that runs decoding jobs, newest request first when ``newest_first``
    (the tiles just scrolled into view matter more than those already gone), and hands each
    result back on the GUI thread through ``finished(key, result)``; ``None`` for a failure."""

    finished = Signal(str, object)

    def __init__(self, *, newest_first: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._newest_first = newest_first
        self._queue: deque[tuple[str, Callable[[], object]]] = deque()
        self._pending: set[str] = set()
        self._wake = threading.Condition()
        self._closed = False
        # A daemon: quitting never waits for a long video to finish decoding.
        self._thread = threading.Thread(target=self._run, name="frames", daemon=True)
        self._thread.start()
        self.destroyed.connect(self._wake_to_close)

    def submit(self, key: str, work: Callable[[], object]) -> bool:
        """Queue ``work`` unless ``key`` is queued or running already; True when queued."""
        with self._wake:
            if key in self._pending or self._closed:
                return False
            self._pending.add(key)
            self._queue.append((key, work))
            self._wake.notify()
        return True

    def close(self) -> None:
        """Drop what is queued; the running job's result is not delivered."""
        self._wake_to_close()

    def _wake_to_close(self, *_args: object) -> None:
        with self._wake:
            self._closed = True
            self._queue.clear()
            self._wake.notify()

    def _is_closed(self) -> bool:
        return self._closed

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._queue and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                key, work = self._queue.pop() if self._newest_first else self._queue.popleft()
            try:
                result = work()
            except (UnreadableVideo, OSError) as exc:
                log.info("no frames for %s: %s", key, exc)
                result = None
            except Exception:
                # A fault in one video must not end the thread every later picture needs.
                log.exception("decoding frames for %s failed", key)
                result = None
            with self._wake:
                self._pending.discard(key)
                if self._is_closed():  # closed while it decoded
                    return
            try:
                # Emitted from this thread, queued to the GUI thread where the receiver lives.
                self.finished.emit(key, result)
            except RuntimeError:
                return  # deleted while it decoded: no one is waiting for the picture


class VideoThumbnails(ThumbnailSource):
    """First frames for the list and the details pane, kept as ``<job id>.png`` in the cache
    folder until the video is newer."""

    def __init__(self, cache_dir: Path, size: QSize = THUMB_SIZE) -> None:
        super().__init__()
        self._cache_dir = cache_dir
        self._size = size
        self._pixmaps: dict[str, QPixmap] = {}
        self._failed: set[str] = set()
        self._worker = FrameWorker(parent=self)
        self._worker.finished.connect(self._on_worker_finished)

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
        box = (self._size.width(), self._size.height())
        self._worker.submit(job.id, lambda: self._make(video, box, disk))
        return None

    @staticmethod
    def _make(video: Path, box: tuple[int, int], disk: Path) -> QImage:
        """On the worker thread: decode, scale, and keep the still on disk."""
        image = frame_image(first_frame(video, box))
        try:
            disk.parent.mkdir(parents=True, exist_ok=True)
            image.save(str(disk))
        except OSError as exc:
            log.info("thumbnail cache not written: %s", exc)
        return image

    def _on_worker_finished(self, job_id: str, image: object) -> None:
        if isinstance(image, QImage):
            self._pixmaps[job_id] = QPixmap.fromImage(image)
            self.thumbnail_ready.emit(job_id)
        else:
            self._failed.add(job_id)


class FrameStrips(QObject):
    """Scrubbing strips for the gallery. The worker thread reads (or extracts) a take's strip
    once; its JPEG frames stay in memory, a few kB each, and a frame is decoded on the GUI
    thread when a tile first shows it (a fraction of a millisecond), so scrolling a gallery
    seen before never waits for the worker, and the worker has nothing to compete with."""

    strip_ready = Signal(str)

    def __init__(self, cache: FrameCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache = cache
        self._strips: OrderedDict[tuple[str, tuple[int, int]], Strip] = OrderedDict()
        self._images: OrderedDict[tuple[str, tuple[int, int], int], QImage] = OrderedDict()
        self._failed: set[str] = set()
        self._keys: dict[str, tuple[str, tuple[int, int]]] = {}
        self._worker = FrameWorker(newest_first=True, parent=self)
        self._worker.finished.connect(self._on_worker_finished)

    def count(self, job: Job, box: tuple[int, int]) -> int:
        """How many frames the take's strip has: 0 until it is read (then asked for)."""
        strip = self._strip(job, box)
        return len(strip.frames) if strip is not None else 0

    def duration(self, job: Job, box: tuple[int, int]) -> float | None:
        """The take's length as its file says, once its strip is read."""
        strip = self._strip(job, box)
        return strip.duration if strip is not None and strip.duration > 0 else None

    def frame(self, job: Job, box: tuple[int, int], number: int) -> QImage | None:
        """Frame ``number`` of the take's strip, or ``None`` until the strip is read."""
        strip = self._strip(job, box)
        if strip is None or not strip.frames:
            return None
        number = max(0, min(number, len(strip.frames) - 1))
        key = (job.id, box, number)
        image = self._images.get(key)
        if image is None:
            image = QImage.fromData(strip.frames[number])
            self._images[key] = image
            if len(self._images) > IMAGES_IN_MEMORY:
                self._images.popitem(last=False)
        else:
            self._images.move_to_end(key)
        return image if not image.isNull() else None

    def _strip(self, job: Job, box: tuple[int, int]) -> Strip | None:
        if job.status is not JobStatus.SAVED or not job.path or job.id in self._failed:
            return None
        key = (job.id, box)
        strip = self._strips.get(key)
        if strip is not None:
            self._strips.move_to_end(key)
            return strip
        name = f"{job.id}@{box[0]}x{box[1]}"
        video, cache = Path(job.path), self._cache
        if self._worker.submit(name, lambda: _read_strip(cache, video, box)):
            self._keys[name] = key
        return None

    def _on_worker_finished(self, name: str, strip: object) -> None:
        key = self._keys.pop(name, None)
        if key is None:
            return
        if not isinstance(strip, Strip) or not strip.frames:
            self._failed.add(key[0])
            return
        self._strips[key] = strip
        while len(self._strips) > STRIPS_IN_MEMORY:
            self._strips.popitem(last=False)
        self.strip_ready.emit(key[0])


def _read_strip(cache: FrameCache, video: Path, box: tuple[int, int]) -> Strip:
    """On the worker thread, at a lower priority than the window's: the strip from the disk
    cache, or from the video."""
    background_priority()
    return cache.strip(video, box)

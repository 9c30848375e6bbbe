"""Benchmark 7, in its own process: the review views (offscreen). Prints JSON.

- Gallery scroll (wall clock, and the GUI thread's own CPU time per frame, which other
  processes on a busy machine do not inflate): 1,000 saved takes in the real model, proxy
  and gallery with its frame strips, scrolled top to bottom 40 px a frame; each frame is the
  scroll, the paint and the events that came with it (strips arriving from the worker
  thread). Once cold (strips read as tiles come into view) and once warm; the targets apply
  to the warm pass, as a person scrolls a gallery they have seen.
- Hover-scrub: the pointer moved across a tile to a new frame; from the move to the end of the
  paint that shows the new frame.
- Compare: four 12-second takes; from the request to every player playing with a frame shown,
  and after 10 s of playing, the largest gap between the takes in frames.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import av
from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.api.models import AspectRatio, GenerationRequest
from app.engine.jobs import Job, JobStatus
from app.frames import FrameCache
from app.messages import Catalogue
from app.resources import demo_clip
from tests.bench.common import percentile
from ui.compare import CompareWindow
from ui.gallery import Gallery
from ui.job_model import JobFilterProxy, JobTableModel
from ui.thumbnails import FrameStrips

TAKES, STEP_PX = 1000, 40
RATIOS = ("16:9", "9:16", "1:1", "4:3")


class Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def takes(folder: Path) -> list[Job]:
    videos = []
    for i, ratio in enumerate(RATIOS):
        video = folder / f"clip{i}.mp4"
        video.write_bytes(demo_clip(ratio))
        videos.append(video)
    now = time.time()
    return [
        Job(
            id=f"take-{n:04d}",
            request=GenerationRequest(f"lantern {n} over the river", seed=n),
            status=JobStatus.SAVED,
            path=str(videos[n % len(videos)]),
            created_at=now - (TAKES - n) * 60,
            rating=n % 6,
        )
        for n in range(TAKES)
    ]


def settle(app: QApplication, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.005)


def scroll_pass(app: QApplication, gallery: Gallery, cpu: list[float] | None = None) -> list[float]:
    bar = gallery.verticalScrollBar()
    bar.setValue(0)
    settle(app, 0.2)
    frames = []
    for value in range(0, bar.maximum() + STEP_PX, STEP_PX):
        start, used = time.perf_counter(), time.thread_time()
        # As a wheel scrolls: the view moves its pixels and paints the strip that came into
        # view, with whatever events arrived meanwhile (strips from the worker thread).
        bar.setValue(min(value, bar.maximum()))
        app.processEvents()
        frames.append((time.perf_counter() - start) * 1000)
        if cpu is not None:
            cpu.append((time.thread_time() - used) * 1000)
    return frames


def gallery_figures(app: QApplication, folder: Path) -> dict[str, float]:
    jobs = takes(folder)
    model = JobTableModel(jobs, Catalogue("en"))
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    gallery = Gallery(proxy)
    gallery.set_strips(FrameStrips(FrameCache(folder / "frames"), parent=gallery))
    gallery.resize(1100, 720)
    gallery.show()
    settle(app, 0.5)
    cold = scroll_pass(app, gallery)
    # Every strip decoded: what a second pass over a gallery seen before costs.
    deadline = time.perf_counter() + 120
    while time.perf_counter() < deadline and not all(gallery.has_frames(job) for job in jobs):
        settle(app, 0.2)
    cpu: list[float] = []
    warm = scroll_pass(app, gallery, cpu)

    # Hover-scrub on the first tile: the pointer moves to the next frame's stretch each time.
    gallery.verticalScrollBar().setValue(0)
    settle(app, 0.3)
    paints = Paints()
    gallery.viewport().installEventFilter(paints)
    rect = gallery.visualRect(proxy.index(0, 0))
    latencies = []
    for i in range(120):
        frame = i % 12
        x = rect.x() + int((frame + 0.5) * rect.width() / 12)
        before = paints.count
        start = time.perf_counter()
        QTest.mouseMove(gallery.viewport(), QPoint(x, rect.center().y()))
        while paints.count == before and time.perf_counter() - start < 1:
            app.processEvents()
        latencies.append((time.perf_counter() - start) * 1000)
        settle(app, 0.01)
    gallery.close()
    gallery.deleteLater()  # and its worker thread: nothing left to compete with compare
    settle(app, 0.2)
    return {
        "scroll_frames": len(warm),
        "scroll_max_ms": max(warm),
        "scroll_p99_ms": percentile(warm, 0.99),
        "scroll_cpu_p99_ms": percentile(cpu, 0.99),
        "scroll_cpu_max_ms": max(cpu),
        "scroll_cold_max_ms": max(cold),
        "scroll_cold_p99_ms": percentile(cold, 0.99),
        "scrub_median_ms": statistics.median(latencies),
        "scrub_max_ms": max(latencies),
    }


def long_clip(path: Path, seconds: int = 12, fps: int = 24) -> None:
    """A 640×360 H.264 take whose picture changes every frame."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 640, 360, "yuv420p"
        stream.codec_context.time_base = Fraction(1, fps)
        for n in range(seconds * fps):
            frame = av.VideoFrame(640, 360, "rgb24")
            shade = bytes([(n * 5) % 256, (n * 3) % 256, 128]) * (640 * 360)
            frame.planes[0].update(shade)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)


def compare_figures(app: QApplication, folder: Path) -> dict[str, float]:
    source = folder / "long.mp4"
    long_clip(source)
    jobs = []
    for n in range(4):
        video = folder / f"long{n}.mp4"
        video.write_bytes(source.read_bytes())
        request = GenerationRequest("a long take", aspect_ratio=AspectRatio.R16_9, seed=n)
        jobs.append(Job(id=f"long{n}", request=request, status=JobStatus.SAVED, path=str(video)))
    start = time.perf_counter()
    window = CompareWindow(jobs, Catalogue("en"))
    window.show()
    window.play()
    shown = [p.video.frames_shown for p in window.players]
    while time.perf_counter() - start < 10:
        app.processEvents()
        playing = all(p.playing() for p in window.players)
        moved = all(p.video.frames_shown > s for p, s in zip(window.players, shown, strict=True))
        if playing and moved:
            break
    started_ms = (time.perf_counter() - start) * 1000
    settle(app, 9.5)
    frame = window.leader.frame_ms
    # The worst of ten looks over the tenth second.
    drifts = []
    for _ in range(10):
        settle(app, 0.1)
        drifts.append(window.drift_ms())
    drift = max(drifts)
    window.close()
    settle(app, 0.2)
    # Players report positions a frame at a time, in whole milliseconds: 42 ms apart at 24 fps
    # is one frame, not 1.008 of one.
    return {"compare_start_ms": started_ms, "compare_drift_frames": float(round(drift / frame))}


def main() -> None:
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="reeldesk-bench-") as folder:
        figures = gallery_figures(app, Path(folder))
        figures |= compare_figures(app, Path(folder))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

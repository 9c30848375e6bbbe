"""Timelines for editing programs: one video track with a clip per take, each as long as its
file, built with OpenTimelineIO and written by its adapters (``otio_json``, ``fcp_xml``,
``cmx_3600``), never by hand. What a file says about itself (frames, rate, size) is read with
PyAV. Both libraries load on first use: the window and most commands never need them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from app.engine.jobs import Job


class Timeline(enum.StrEnum):
    """The timeline kinds an export can carry (``--timeline``)."""

    OTIO = "otio"
    FCPXML = "fcpxml"
    EDL = "edl"

    @property
    def file_name(self) -> str:
        return _KINDS[self][0]

    @property
    def adapter(self) -> str:
        """The OpenTimelineIO adapter that writes it."""
        return _KINDS[self][1]


_KINDS = {
    Timeline.OTIO: ("timeline.otio", "otio_json"),
    Timeline.FCPXML: ("timeline.xml", "fcp_xml"),
    Timeline.EDL: ("timeline.edl", "cmx_3600"),
}
#: The file names the timelines are written as.
TIMELINE_FILES = frozenset(name for name, _ in _KINDS.values())


@dataclass(frozen=True, slots=True)
class Media:
    """What a video file says about itself."""

    frames: int
    rate: Fraction
    width: int
    height: int

    @property
    def seconds(self) -> float:
        return float(self.frames / self.rate)


def probe(video: Path) -> Media:
    """Frame count, frame rate and size of ``video``'s first video stream. Raises ``OSError``
    (a file that cannot be read) or ``ValueError`` (not a video PyAV can read)."""
    import av  # loaded on first use: the window and most commands never need it

    try:
        container = av.open(str(video))
    except av.FFmpegError as exc:
        raise ValueError(f"{video.name}: not a readable video ({exc})") from exc
    # Closed in ``finally`` rather than ``with``: PyAV 15's stubs say leaving the block may
    # swallow an exception, and mypy would then want a return after it.
    try:
        if not container.streams.video:
            raise ValueError(f"{video.name}: no video stream")
        stream = container.streams.video[0]
        rate = stream.average_rate or stream.base_rate or stream.guessed_rate
        if not rate:
            raise ValueError(f"{video.name}: no frame rate")
        frames = stream.frames
        if not frames:
            if stream.duration is not None and stream.time_base is not None:
                seconds = Fraction(stream.duration) * stream.time_base
            elif container.duration is not None:
                seconds = Fraction(container.duration, av.time_base)
            else:
                raise ValueError(f"{video.name}: unknown length")
            frames = round(seconds * rate)
        return Media(
            frames=int(frames),
            rate=Fraction(rate),
            width=stream.codec_context.width,
            height=stream.codec_context.height,
        )
    finally:
        container.close()


#: Whole-number frame rates that SMPTE timecode (FCP XML, EDL) has, for ``edit_rate``.
_TIMECODE_RATES = (24, 25, 30, 48, 50, 60)


def edit_rate(rates: Iterable[Fraction]) -> Fraction:
    """The timeline's frame rate: the takes' most common rate when timecode has it; else the
    smallest timecode rate that is a whole multiple of it (12 fps: 24), so that every frame
    still falls on a frame; else 24. Timecode (FCP XML, EDL) knows no 12 or 15 fps."""
    import opentimelineio as otio

    counted: dict[Fraction, int] = {}
    for rate in rates:
        counted[rate] = counted.get(rate, 0) + 1
    if not counted:
        return Fraction(24)
    common = max(counted, key=lambda rate: counted[rate])
    if otio.opentime.RationalTime.is_valid_timecode_rate(float(common)):
        return common
    for whole in _TIMECODE_RATES:
        if (whole / common).denominator == 1:
            return Fraction(whole)
    return Fraction(24)


def build_timeline(name: str, entries: Sequence[tuple[Job, str, Media]], folder: Path) -> Any:
    """One video track, a clip per take, each as long as its file, pointing at the exported
    file in ``folder`` (where it will be once published). Times are in ``edit_rate``; the
    file's own rate is in the clip's metadata."""
    import opentimelineio as otio  # loaded on first use, like PyAV

    rate = edit_rate(media.rate for _, _, media in entries)
    timeline = otio.schema.Timeline(name=name)
    track = otio.schema.Track(name="Video", kind=otio.schema.TrackKind.Video)
    timeline.tracks.append(track)
    for job, file_name, media in entries:
        frames = round(media.frames * rate / media.rate)
        length = otio.opentime.TimeRange(
            otio.opentime.RationalTime(0, float(rate)),
            otio.opentime.RationalTime(frames, float(rate)),
        )
        reference = otio.schema.ExternalReference(
            target_url=(folder / file_name).as_uri(), available_range=length
        )
        clip = otio.schema.Clip(
            name=Path(file_name).stem,
            media_reference=reference,
            source_range=length,
            metadata={
                "reeldesk": {
                    "task_id": job.task_id or "",
                    "prompt": job.request.prompt,
                    "seed": job.request.seed,
                    "rating": job.rating,
                    "flag": job.flag,
                    "project": job.project,
                    "frame_rate": float(media.rate),
                }
            },
        )
        track.append(clip)
    return timeline


def timeline_text(timeline: Any, kind: Timeline) -> str:
    import opentimelineio as otio

    try:
        text = otio.adapters.write_to_string(timeline, adapter_name=kind.adapter)
    except otio.exceptions.OTIOError as exc:
        raise ValueError(f"{kind.file_name}: {exc}") from exc
    return str(text)

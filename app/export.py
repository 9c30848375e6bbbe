"""Exporting takes for an editing program: a folder with the videos, their sidecars, a
manifest (JSON and CSV) and a timeline (OpenTimelineIO, and through its adapters FCP XML and
CMX 3600 EDL: never written by hand).

```
export_takes(jobs, DIR)
   ├─ DIR taken (a file, a folder with something in it)?  → ExportFolderTaken, nothing written
   ├─ .DIR.<random>.part/  beside DIR: videos hard-linked (same disk) or copied, sidecars,
   │                        manifest.json, manifest.csv, timeline.otio|xml|edl
   └─ renamed to DIR in one step; on any error the staging folder is removed → ExportError
```

A person sees either no export folder or a complete one. Clip lengths and frame rates are read
from the files (PyAV), not from the request: the service's video is what the editor gets.
Qt-free, blocking: the window runs it on a worker thread, the command line directly.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import PRODUCT, __version__, rules
from app.engine.jobs import Flag, Job, JobStatus
from app.engine.saver import REVIEW_FIELDS, sidecar
from app.errors import ExportError, ExportFolderTaken, NothingToExport
from app.fsutil import fsync_dir
from app.timeline import TIMELINE_FILES, Media, Timeline, build_timeline, probe, timeline_text

MANIFEST_JSON = "manifest.json"
MANIFEST_CSV = "manifest.csv"
#: Names the export writes itself; a take's files never take them.
_RESERVED = frozenset({MANIFEST_JSON, MANIFEST_CSV, *TIMELINE_FILES})
#: The manifest's CSV columns, in order.
CSV_COLUMNS = (
    "file",
    "task_id",
    "prompt",
    "negative_prompt",
    "seed",
    "aspect_ratio",
    "resolution",
    "duration",
    "generate_audio",
    "style",
    "thinking_type",
    "generate_multi_clip",
    "credits",
    "rating",
    "flag",
    "project",
    "frames",
    "frame_rate",
    "seconds",
    "width",
    "height",
)


def choose_takes(
    jobs: Iterable[Job], *, picked: bool = False, project: str | None = None
) -> list[Job]:
    """The takes the command line exports: saved with their file there, in ``project`` when
    given; only the picked ones with ``picked``, else every one not rejected (a rejected take
    is one a person said no to)."""
    chosen = []
    for job in jobs:
        if not rules.can_export(job) or (project is not None and job.project != project):
            continue
        if (job.flag == Flag.PICKED) if picked else (job.flag != Flag.REJECTED):
            chosen.append(job)
    return chosen


@dataclass(frozen=True, slots=True)
class ExportResult:
    folder: Path
    #: The exported videos, in timeline order.
    videos: tuple[Path, ...]
    #: How many videos are hard links to the originals (the rest are copies).
    linked: int
    timelines: tuple[Path, ...]


#: Called after each take with (takes done, takes in all); from the exporting thread.
Progress = Callable[[int, int], None]


def export_takes(
    jobs: Sequence[Job],
    target: Path,
    *,
    timelines: Iterable[Timeline] = (Timeline.OTIO,),
    link: bool = True,
    name: str = "",
    progress: Progress | None = None,
) -> ExportResult:
    """Export the takes of ``jobs`` that have their file (``rules.can_export``), in the order
    given, into the new folder ``target`` (or an empty one). ``link``: hard-link the videos
    where the file system allows (same disk), else copy. ``name`` names the timeline.

    Raises ``NothingToExport``, ``ExportFolderTaken`` or ``ExportError`` (the disk said no, a
    file is not a readable video); nothing is left half-written."""
    takes = [job for job in jobs if rules.can_export(job)]
    if not takes:
        raise NothingToExport()
    target = Path(os.path.abspath(target.expanduser()))
    kinds = list(dict.fromkeys(timelines))
    _check_free(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(
            tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        )
    except OSError as exc:
        raise ExportError(f"{target}: {exc}", path=str(target)) from exc
    try:
        entries = []
        linked = 0
        for done, (job, file_name) in enumerate(zip(takes, _file_names(takes), strict=True), 1):
            source = Path(job.path or "")
            video = staging / file_name
            linked += _link_or_copy(source, video, link=link)
            media = probe(video)
            _write_sidecar(job, source, video)
            entries.append((job, file_name, media))
            if progress is not None:
                progress(done, len(takes))
        now = time.time()
        manifest = _manifest(entries, name, now)
        _write(staging / MANIFEST_JSON, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        _write(staging / MANIFEST_CSV, _csv(manifest["takes"]), encoding="utf-8-sig")
        timeline = build_timeline(name or target.name, entries, target)
        for kind in kinds:
            _write(staging / kind.file_name, timeline_text(timeline, kind))
        _publish(staging, target)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, ExportFolderTaken):
            raise
        if isinstance(exc, OSError | ValueError):
            raise ExportError(f"{target}: {exc}", path=str(target)) from exc
        raise
    fsync_dir(target.parent)
    return ExportResult(
        folder=target,
        videos=tuple(target / file_name for _, file_name, _ in entries),
        linked=linked,
        timelines=tuple(target / kind.file_name for kind in kinds),
    )


def _check_free(target: Path) -> None:
    """The export goes into a new folder, or an empty one: never among other files."""
    if not os.path.lexists(target):
        return
    if target.is_dir() and not target.is_symlink():
        try:
            if not any(target.iterdir()):
                return
        except OSError as exc:
            raise ExportError(f"{target}: {exc}", path=str(target)) from exc
    raise ExportFolderTaken(f"{target} exists", path=str(target))


def _publish(staging: Path, target: Path) -> None:
    """Give the finished folder its name in one step."""
    with contextlib.suppress(FileNotFoundError):
        # An empty folder was chosen: it makes way (it is checked again by the rename).
        target.rmdir()
    try:
        os.rename(staging, target)
    except OSError as exc:
        if os.path.lexists(target):
            raise ExportFolderTaken(f"{target} appeared meanwhile", path=str(target)) from exc
        raise


def _file_names(takes: Sequence[Job]) -> list[str]:
    """Each take's file name in the export: its own, with ``-2``, ``-3`` … where two takes
    (saved in different folders) share one, or one would take a name the export writes."""
    taken = set(_RESERVED)
    names = []
    for job in takes:
        source = Path(job.path or "")
        stem, suffix = source.stem, source.suffix or ".mp4"
        n = 1
        while True:
            candidate = stem if n == 1 else f"{stem}-{n}"
            video, side = f"{candidate}{suffix}", f"{candidate}.json"
            if video.lower() not in taken and side.lower() not in taken:
                break
            n += 1
        taken |= {video.lower(), side.lower()}  # one name on case-insensitive disks too
        names.append(video)
    return names


def _link_or_copy(source: Path, target: Path, *, link: bool) -> int:
    """1 when hard-linked, 0 when copied. A link needs the same file system and one that has
    links (not FAT, not every network share): anything else is copied."""
    if link:
        try:
            os.link(source, target)
        except OSError:
            pass
        else:
            return 1
    with source.open("rb") as reading, target.open("xb") as writing:
        shutil.copyfileobj(reading, writing, 1 << 20)
        writing.flush()
        os.fsync(writing.fileno())
    shutil.copystat(source, target)
    return 0


def _write_sidecar(job: Job, source: Path, video: Path) -> None:
    """The take's sidecar as it was saved, naming the exported file and carrying today's
    marks; written afresh from the job when the original is missing or unreadable."""
    data: Any = None
    with contextlib.suppress(OSError, ValueError):
        data = json.loads(source.with_suffix(".json").read_bytes())
    if not isinstance(data, dict):
        saved = job.transitions.get(JobStatus.SAVED.value) or job.updated_at
        data = sidecar(job, video, saved)
    data["file"] = video.name
    data.update({field: getattr(job, field) for field in REVIEW_FIELDS})
    _write(video.with_suffix(".json"), json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _write(path: Path, text: str, encoding: str = "utf-8") -> None:
    with path.open("x", encoding=encoding, newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _manifest(entries: Sequence[tuple[Job, str, Media]], name: str, now: float) -> dict[str, Any]:
    return {
        "app": PRODUCT,
        "app_version": __version__,
        "name": name,
        "exported": now,
        "takes": [_manifest_entry(job, file_name, media) for job, file_name, media in entries],
    }


def _manifest_entry(job: Job, file_name: str, media: Media) -> dict[str, Any]:
    request = job.request
    return {
        "file": file_name,
        "sidecar": str(Path(file_name).with_suffix(".json")),
        "task_id": job.task_id,
        "job_id": job.id,
        "prompt": request.prompt,
        "negative_prompt": request.negative_prompt,
        "seed": request.seed,
        "parameters": request.to_json(),
        "credits": job.credits,
        "demo": job.demo,
        "rating": job.rating,
        "flag": job.flag,
        "project": job.project,
        "source": job.path,
        "frames": media.frames,
        "frame_rate": float(media.rate),
        "seconds": round(media.seconds, 3),
        "width": media.width,
        "height": media.height,
    }


def _csv(takes: Sequence[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for take in takes:
        row = {**take["parameters"], **take}
        writer.writerow({column: _cell(row.get(column)) for column in CSV_COLUMNS})
    return out.getvalue()


#: A cell starting with one of these is a formula to spreadsheet programs (CSV injection):
#: a prompt such as ``=HYPERLINK(…)`` must open as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value

"""File names for saved videos: a user template made safe on Windows, macOS and Linux."""

from __future__ import annotations

import os
import re
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from app.api.models import GenerationRequest
from app.settings import DEFAULT_TEMPLATE

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_SPACES = re.compile(r"[\s_]+")
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)
MAX_STEM = 120
PROMPT_SLUG_CHARS = 40


def slugify(text: str, limit: int = PROMPT_SLUG_CHARS) -> str:
    """Letters (any script), digits and single dashes; at most ``limit`` characters."""
    text = unicodedata.normalize("NFKC", text)
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category[0] in ("L", "N"):
            kept.append(char.lower())
        elif char in "-_ " or category[0] in ("Z", "P", "S"):
            kept.append("-")
    slug = re.sub(r"-{2,}", "-", "".join(kept)).strip("-")
    return slug[:limit].rstrip("-") or "video"


def safe_stem(stem: str) -> str:
    """Make a file name stem valid everywhere."""
    stem = unicodedata.normalize("NFC", stem)
    stem = _UNSAFE.sub("-", stem)
    stem = _SPACES.sub("_", stem).strip(" .-_")
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"_{stem}"
    encoded = stem.encode("utf-8")
    if len(encoded) > MAX_STEM * 2:
        stem = encoded[: MAX_STEM * 2].decode("utf-8", "ignore")
    return stem[:MAX_STEM].rstrip(" .") or "video"


def short_task_id(task_id: str | None, fallback: str) -> str:
    source = task_id or fallback
    tail = re.sub(r"[^A-Za-z0-9]", "", source)[-8:]
    return tail or "job"


def safe_folder(text: str) -> str:
    """A folder name valid everywhere, or "" when nothing of ``text`` is left (an empty
    project, only dots): the caller then leaves the folder out."""
    return safe_stem(text) if text.strip(" ._-") else ""


def render_name(
    template: str,
    request: GenerationRequest,
    *,
    task_id: str | None,
    job_id: str,
    when: float | None = None,
    project: str = "",
) -> tuple[tuple[str, ...], str]:
    """The folders (below the videos folder) and the stem a template gives for one job:
    ``{project}/{date}_{prompt}_{task}`` gives ``(("Spring_ad",), "2026-…_fox_ab12cd34")``,
    and no folder at all for a job without a project."""
    moment = time.localtime(time.time() if when is None else when)
    values = {
        "date": time.strftime("%Y-%m-%d", moment),
        "time": time.strftime("%H%M%S", moment),
        "prompt": slugify(request.prompt),
        "task": short_task_id(task_id, job_id),
        "ratio": request.aspect_ratio.value.replace(":", "x"),
        "resolution": request.resolution.value,
        "duration": f"{request.duration}s",
        "seed": "random" if request.seed is None else str(request.seed),
        "project": project,
    }
    *folders, file_name = template.split("/")
    try:
        # Each part on its own: a "/" in a project name is a character, not a folder.
        parts = [safe_folder(folder.format(**values)) for folder in folders]
        stem = file_name.format(**values)
    except (KeyError, IndexError, ValueError):
        parts, stem = [], DEFAULT_TEMPLATE.format(**values)
    return tuple(part for part in parts if part), safe_stem(stem)


def _candidates(folder: Path, stem: str) -> Iterator[tuple[Path, Path]]:
    for n in range(1, 10_000):
        candidate = stem if n == 1 else f"{stem}-{n}"
        video = folder / f"{candidate}.mp4"
        yield video, video.with_name(video.name + ".part")


def unique_video_path(folder: Path, stem: str) -> Path:
    """``folder/stem.mp4`` or ``stem-2.mp4`` …: a name no video, partial file or sidecar uses."""
    for video, part in _candidates(folder, stem):
        if not (video.exists() or part.exists() or video.with_suffix(".json").exists()):
            return video
    raise FileExistsError(f"no free file name for {stem} in {folder}")


def claim_video_path(folder: Path, stem: str) -> Path:
    """Like ``unique_video_path``, and reserve the name by creating its empty ``.part`` file
    exclusively, so two downloads (even in two processes) never share a name."""
    for video, part in _candidates(folder, stem):
        if video.exists() or video.with_suffix(".json").exists():
            continue
        try:
            os.close(os.open(part, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            continue
        return video
    raise FileExistsError(f"no free file name for {stem} in {folder}")

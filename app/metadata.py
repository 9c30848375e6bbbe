"""ReelDesk's settings inside the MP4 itself, and reading them back from a video or its sidecar.

A saved video carries what made it in its own metadata (mutagen): the prompt as the comment and
description any player shows, and the whole record (request, seed, model, task id) as JSON in a
freeform atom, ``----:com.reeldesk:settings``. So the settings travel with the file into an
editor, a share or a backup, even without the ``.json`` sidecar beside it; dropping either on
the form restores them (``read_request``).

Tags are written to the ``.part`` file before it is published, so the final name only ever
holds a finished, tagged video.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app import PRODUCT, __version__, errors
from app.api.models import GenerationRequest

#: The freeform atom holding the JSON record: ``----:<mean>:<name>``.
SETTINGS_ATOM = "----:com.reeldesk:settings"
#: A sidecar or tag record larger than this is not one of ours.
_RECORD_LIMIT = 1024 * 1024


def file_record(
    request: GenerationRequest, *, task_id: str | None, job_id: str, demo: bool
) -> dict[str, Any]:
    """What goes into the file's metadata: enough to make the video again."""
    return {
        "app": PRODUCT,
        "app_version": __version__,
        "model": request.model,
        "prompt": request.prompt,
        "seed": request.seed,
        "task_id": task_id,
        "job_id": job_id,
        "demo": demo,
        "request": request.to_json(),
    }


def write_tags(video: Path, record: dict[str, Any]) -> None:
    """Write ``record`` into the MP4 at ``video`` (in place). Blocking. Raises ``OSError`` or
    ``ValueError`` when the file cannot be tagged (it is left as it was, or as mutagen left it:
    callers tag a ``.part`` file, never a published one)."""
    from mutagen import MutagenError
    from mutagen.mp4 import MP4, AtomDataType, MP4FreeForm

    try:
        # mutagen's MP4 is untyped: held as ``Any`` here, at its one edge.
        mp4: Any = MP4(video)  # type: ignore[no-untyped-call]
        if mp4.tags is None:
            mp4.add_tags()
        tags = mp4.tags
        prompt = str(record.get("prompt") or "")
        tags["©cmt"] = [prompt]
        tags["desc"] = [prompt[:255]]  # a short description, as players show it
        tags["©too"] = [f"{PRODUCT} {__version__}"]
        data = json.dumps(record, ensure_ascii=False, sort_keys=True).encode()
        atom = MP4FreeForm(data, dataformat=AtomDataType.UTF8)  # type: ignore[no-untyped-call]
        tags[SETTINGS_ATOM] = [atom]
        mp4.save()
    except MutagenError as exc:
        raise ValueError(f"{video.name}: {exc}") from exc


def read_tags(video: Path) -> dict[str, Any] | None:
    """The record ReelDesk wrote into ``video``; ``None`` when it holds none. Blocking."""
    from mutagen import MutagenError
    from mutagen.mp4 import MP4

    try:
        tags: Any = MP4(video).tags  # type: ignore[no-untyped-call]
    except (MutagenError, OSError):
        return None
    values = tags.get(SETTINGS_ATOM) if tags is not None else None
    if not values:
        return None
    return _record(bytes(values[0]))


def read_request(path: Path) -> GenerationRequest:
    """The request that made the video at ``path``: read from an MP4's tags, or from a
    sidecar (``NAME.json`` / ``NAME.mp4.json``); an MP4 without tags falls back to its
    sidecar. Blocking. Raises ``NotReelDeskFile`` when neither holds one."""
    record: dict[str, Any] | None
    if path.suffix.lower() == ".json":
        record = _read_sidecar(path)
    else:
        record = read_tags(path)
        for sidecar in (path.with_suffix(".json"), path.with_name(path.name + ".json")):
            if record is None:
                record = _read_sidecar(sidecar)
    request = record.get("request") if record is not None else None
    try:
        return GenerationRequest.from_json(request)
    except (errors.InvalidParameter, TypeError, ValueError) as exc:
        raise errors.NotReelDeskFile(f"{path}: {exc}", name=path.name) from exc


def _read_sidecar(path: Path) -> dict[str, Any] | None:
    try:
        with path.open("rb") as handle:
            data = handle.read(_RECORD_LIMIT + 1)
    except OSError:
        return None
    return _record(data)


def _record(data: bytes) -> dict[str, Any] | None:
    if len(data) > _RECORD_LIMIT:
        return None
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return value if isinstance(value, dict) else None

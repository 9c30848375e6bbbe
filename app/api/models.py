"""Typed models of the FoxAPI PixVerse V6 contract (see foxapi.md): text to video, image to
video and transition.

``GenerationRequest`` checks every value before anything is sent. Its ``mode`` follows from its
pictures: none is text to video, a first frame (``image``) image to video, and a last frame as
well (``image_tail``) a transition. A picture is kept as the local file the person chose and,
once uploaded, the URL the service fetches it from: ``to_json`` is the request as ReelDesk keeps
it (history, sidecars: local paths included), ``body`` what goes on the wire (URLs only).
``parse_task`` turns any reply body into a ``TaskSnapshot`` or raises ``BadResponse``, and
tolerates both documented shapes.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, TypeVar

from app.errors import BadResponse, InvalidParameter

MODEL = "pixverse-v6-text-to-video"
IMAGE_MODEL = "pixverse-v6-image-to-video"
TRANSITION_MODEL = "pixverse-c1-transition"
#: Not documented by FoxAPI; other PixVerse resellers cap prompts here.
MAX_PROMPT_CHARS = 5000
MIN_DURATION, MAX_DURATION = 1, 15
MAX_SEED = 2_147_483_647

E = TypeVar("E", bound=enum.StrEnum)


class AspectRatio(enum.StrEnum):
    R16_9 = "16:9"
    R4_3 = "4:3"
    R1_1 = "1:1"
    R3_4 = "3:4"
    R9_16 = "9:16"
    R2_3 = "2:3"
    R3_2 = "3:2"
    R21_9 = "21:9"

    @property
    def ratio(self) -> tuple[int, int]:
        w, h = self.value.split(":")
        return int(w), int(h)


class Resolution(enum.StrEnum):
    P360 = "360p"
    P540 = "540p"
    P720 = "720p"
    P1080 = "1080p"


class Style(enum.StrEnum):
    ANIME = "anime"
    ANIMATION_3D = "3d_animation"
    CLAY = "clay"
    COMIC = "comic"
    CYBERPUNK = "cyberpunk"


class ThinkingType(enum.StrEnum):
    ENABLED = "enabled"
    DISABLED = "disabled"
    AUTO = "auto"


class TaskStatus(enum.StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Mode(enum.StrEnum):
    """What a video starts from: a prompt alone, a first frame, or a first and a last frame."""

    TEXT = "text"
    IMAGE = "image"
    TRANSITION = "transition"

    @property
    def model(self) -> str:
        return _MODELS[self]


_MODELS = {Mode.TEXT: MODEL, Mode.IMAGE: IMAGE_MODEL, Mode.TRANSITION: TRANSITION_MODEL}
#: The optional fields each model takes (foxapi.md); any other must be left unset. Prompt,
#: resolution, duration and audio every model takes.
_TAKES: dict[Mode, frozenset[str]] = {
    Mode.TEXT: frozenset(
        {
            "aspect_ratio",
            "negative_prompt",
            "style",
            "seed",
            "generate_multi_clip",
            "thinking_type",
        }
    ),
    # The picture sets the shape; no style is documented.
    Mode.IMAGE: frozenset({"negative_prompt", "seed", "generate_multi_clip", "thinking_type"}),
    Mode.TRANSITION: frozenset({"aspect_ratio"}),
}
_RESOLUTIONS: dict[Mode, tuple[Resolution, ...]] = {
    Mode.TEXT: tuple(Resolution),
    Mode.IMAGE: tuple(Resolution),
    Mode.TRANSITION: (Resolution.P540, Resolution.P720),
}


def takes(mode: Mode, name: str) -> bool:
    """Whether the model of ``mode`` takes the optional field ``name``: the form shows only
    these, the command line refuses the others."""
    return name in _TAKES[mode]


def resolutions(mode: Mode) -> tuple[Resolution, ...]:
    """The resolutions the model of ``mode`` offers."""
    return _RESOLUTIONS[mode]


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture a video starts or ends on: the local file (``path``, as chosen; its
    ``sha256`` when it was checked) and, once uploaded, the public ``url`` the service reads.
    Uploads may be evicted, so the URL is only good for the submit it was made for."""

    path: str
    url: str | None = None
    sha256: str = ""

    def validate(self, name: str) -> None:
        if not isinstance(self.path, str) or not isinstance(self.sha256, str):
            raise InvalidParameter(name, "reason.text")
        if not self.path and not self.url:
            raise InvalidParameter(name, "reason.blank")
        if self.url is not None and _url(self.url) != self.url:
            raise InvalidParameter(name, "reason.url_scheme")

    def uploaded(self, url: str) -> Picture:
        return replace(self, url=url)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path}
        if self.sha256:
            data["sha256"] = self.sha256
        if self.url is not None:
            data["url"] = self.url
        return data

    @classmethod
    def from_json(cls, name: str, data: object) -> Picture:
        """From ``to_json`` output, or a bare URL (a request body seen on the wire)."""
        if isinstance(data, str):
            return cls(path="", url=data)
        if not isinstance(data, dict):
            raise InvalidParameter(name, "reason.object")
        path, url, sha = data.get("path", ""), data.get("url"), data.get("sha256", "")
        if not isinstance(path, str) or not isinstance(sha, str):
            raise InvalidParameter(name, "reason.text")
        if url is not None and not isinstance(url, str):
            raise InvalidParameter(name, "reason.url_scheme")
        return cls(path=path, url=url, sha256=sha)


def _enum_value(kind: type[E], name: str, value: object) -> E:
    try:
        return kind(str(value))
    except ValueError:
        raise InvalidParameter(name, "reason.choice", value=value) from None


@dataclass(frozen=True, slots=True)
class GenerationRequest:
    """One submission in any ``mode``. Optional fields left ``None`` are never sent, nor is a
    field the mode's model does not take (``aspect_ratio`` for image to video: the picture
    sets the shape)."""

    prompt: str
    aspect_ratio: AspectRatio = AspectRatio.R16_9
    resolution: Resolution = Resolution.P720
    duration: int = 5
    generate_audio: bool = False
    negative_prompt: str | None = None
    style: Style | None = None
    seed: int | None = None
    generate_multi_clip: bool | None = None
    thinking_type: ThinkingType | None = None
    #: The first frame: image to video, or with ``image_tail`` a transition.
    image: Picture | None = None
    #: The last frame of a transition.
    image_tail: Picture | None = None

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise ``InvalidParameter`` naming the first field whose value is not allowed."""
        if not isinstance(self.prompt, str) or not self.prompt.strip():
            raise InvalidParameter("prompt", "reason.blank")
        if len(self.prompt) > MAX_PROMPT_CHARS:
            raise InvalidParameter("prompt", "reason.too_long", limit=MAX_PROMPT_CHARS)
        if not isinstance(self.aspect_ratio, AspectRatio):
            raise InvalidParameter("aspect_ratio", "reason.choice", value=self.aspect_ratio)
        if not isinstance(self.resolution, Resolution):
            raise InvalidParameter("resolution", "reason.choice", value=self.resolution)
        if isinstance(self.duration, bool) or not isinstance(self.duration, int):
            raise InvalidParameter("duration", "reason.integer")
        if not MIN_DURATION <= self.duration <= MAX_DURATION:
            raise InvalidParameter("duration", "reason.range", low=MIN_DURATION, high=MAX_DURATION)
        if not isinstance(self.generate_audio, bool):
            raise InvalidParameter("generate_audio", "reason.boolean")
        if self.negative_prompt is not None:
            if not isinstance(self.negative_prompt, str):
                raise InvalidParameter("negative_prompt", "reason.text")
            if len(self.negative_prompt) > MAX_PROMPT_CHARS:
                raise InvalidParameter("negative_prompt", "reason.too_long", limit=MAX_PROMPT_CHARS)
        if self.style is not None and not isinstance(self.style, Style):
            raise InvalidParameter("style", "reason.choice", value=self.style)
        if self.seed is not None and (
            isinstance(self.seed, bool)
            or not isinstance(self.seed, int)
            or not 0 <= self.seed <= MAX_SEED
        ):
            raise InvalidParameter("seed", "reason.range", low=0, high=MAX_SEED)
        if self.generate_multi_clip is not None and not isinstance(self.generate_multi_clip, bool):
            raise InvalidParameter("generate_multi_clip", "reason.boolean")
        if self.thinking_type is not None and not isinstance(self.thinking_type, ThinkingType):
            raise InvalidParameter("thinking_type", "reason.choice", value=self.thinking_type)
        self._validate_mode()

    def _validate_mode(self) -> None:
        for name in ("image", "image_tail"):
            picture = getattr(self, name)
            if picture is not None:
                if not isinstance(picture, Picture):
                    raise InvalidParameter(name, "reason.object")
                picture.validate(name)
        if self.image_tail is not None and self.image is None:
            raise InvalidParameter("image", "reason.blank")
        mode = self.mode
        if self.resolution not in resolutions(mode):
            raise InvalidParameter("resolution", "reason.choice", value=self.resolution.value)
        for name in ("negative_prompt", "style", "seed", "generate_multi_clip", "thinking_type"):
            if getattr(self, name) is not None and not takes(mode, name):
                raise InvalidParameter(name, "reason.not_for_mode", model=mode.model)

    @property
    def mode(self) -> Mode:
        if self.image is None:
            return Mode.TEXT
        return Mode.IMAGE if self.image_tail is None else Mode.TRANSITION

    @property
    def model(self) -> str:
        return self.mode.model

    @property
    def pictures(self) -> dict[str, Picture]:
        """The pictures by field name (``image``, ``image_tail``), first frame first."""
        found = {"image": self.image, "image_tail": self.image_tail}
        return {name: picture for name, picture in found.items() if picture is not None}

    def with_picture(self, name: str, picture: Picture) -> GenerationRequest:
        """A copy with the picture for ``name`` (``image`` or ``image_tail``) replaced."""
        if name == "image":
            return replace(self, image=picture)
        if name == "image_tail":
            return replace(self, image_tail=picture)
        raise ValueError(f"no picture field {name!r}")

    def with_uploads(self, urls: Mapping[str, str]) -> GenerationRequest:
        """A copy whose pictures (by field name) carry the URLs they were uploaded to."""
        request = self
        for name, url in urls.items():
            request = request.with_picture(name, self.pictures[name].uploaded(url))
        return request

    def with_seed(self, seed: int | None) -> GenerationRequest:
        return replace(self, seed=seed)

    def to_json(self) -> dict[str, Any]:
        """The request as ReelDesk keeps it: the body's fields, with each picture's local file
        (and URL once uploaded) in place of the URL fields. For text to video, the body."""
        data = self._fields()
        for name, picture in self.pictures.items():
            data[name] = picture.to_json()
        return data

    def body(self) -> dict[str, Any]:
        """What is sent: the defaulted fields always, optional ones only when set, and the
        pictures' URLs. Raises ``InvalidParameter`` for a picture not uploaded yet."""
        data = self._fields()
        for name, picture in self.pictures.items():
            if picture.url is None:
                raise InvalidParameter(name, "reason.not_uploaded")
            data[f"{name}_url"] = picture.url
        return data

    def _fields(self) -> dict[str, Any]:
        mode = self.mode
        body: dict[str, Any] = {"model": mode.model, "prompt": self.prompt}
        if takes(mode, "aspect_ratio"):
            body["aspect_ratio"] = self.aspect_ratio.value
        body.update(
            resolution=self.resolution.value,
            duration=self.duration,
            generate_audio=self.generate_audio,
        )
        negative = (self.negative_prompt or "").strip()
        if negative:
            body["negative_prompt"] = negative
        if self.style is not None:
            body["style"] = self.style.value
        if self.seed is not None:
            body["seed"] = self.seed
        if self.generate_multi_clip is not None:
            body["generate_multi_clip"] = self.generate_multi_clip
        if self.thinking_type is not None:
            body["thinking_type"] = self.thinking_type.value
        return body

    @classmethod
    def from_json(cls, data: object) -> GenerationRequest:
        """Rebuild a request from ``to_json`` output (history rows, sidecars; a row from
        before pictures is text to video) or from a ``body``."""
        if not isinstance(data, dict):
            raise InvalidParameter("request", "reason.object")
        values = {k: v for k, v in data.items() if k in _REQUEST_FIELDS}
        if "prompt" not in values:
            raise InvalidParameter("prompt", "reason.blank")
        for name in ("image", "image_tail"):
            raw = values.get(name, data.get(f"{name}_url"))
            values[name] = None if raw is None else Picture.from_json(name, raw)
        converters: dict[str, type[enum.StrEnum]] = {
            "aspect_ratio": AspectRatio,
            "resolution": Resolution,
            "style": Style,
            "thinking_type": ThinkingType,
        }
        for name, kind in converters.items():
            if values.get(name) is not None:
                values[name] = _enum_value(kind, name, values[name])
        request = cls(**values)
        if data.get("model", request.model) != request.model:
            # A picture model's request that lost its pictures must not turn into text.
            raise InvalidParameter("image", "reason.blank")
        return request


#: Computed once: a large history rebuilds a request per row.
_REQUEST_FIELDS = frozenset(f.name for f in fields(GenerationRequest))


@dataclass(frozen=True, slots=True)
class TaskError:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class TaskSnapshot:
    """What the service said about one task at one moment."""

    id: str
    status: TaskStatus
    progress: int
    created: float | None = None
    estimated_time: float | None = None
    result_url: str | None = None
    error: TaskError | None = None
    credits: float | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_final(self) -> bool:
        """Finished for good. ``completed`` without a URL is not: the link often follows."""
        if self.status is TaskStatus.COMPLETED:
            return self.result_url is not None
        return self.status in (TaskStatus.FAILED, TaskStatus.CANCELLED)

    @property
    def awaiting_result(self) -> bool:
        return self.status is TaskStatus.COMPLETED and self.result_url is None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _url(value: object) -> str | None:
    if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
        return value.strip()
    return None


def _result_url(data: dict[str, Any]) -> str | None:
    results = data.get("results")
    if isinstance(results, list):
        for item in results:
            url = _url(item.get("url")) if isinstance(item, dict) else _url(item)
            if url:
                return url
    output = data.get("output")
    if isinstance(output, dict):
        url = _url(output.get("url"))
        if url:
            return url
        urls = output.get("urls")
        if isinstance(urls, list):
            for item in urls:
                url = _url(item)
                if url:
                    return url
    return None


def _credits(data: dict[str, Any]) -> float | None:
    usage = data.get("usage")
    if isinstance(usage, dict):
        for key in ("credits_reserved", "credits", "credits_used"):
            value = _number(usage.get(key))
            if value is not None:
                return value
    return None


def parse_task(data: object) -> TaskSnapshot:
    """Turn a decoded reply into a snapshot. Unknown fields are ignored; anything missing that
    the contract needs raises ``BadResponse`` (never another exception)."""
    if not isinstance(data, dict):
        raise BadResponse("reply is not a JSON object")
    task_id = data.get("id")
    if isinstance(task_id, int) and not isinstance(task_id, bool):
        task_id = str(task_id)
    if not isinstance(task_id, str) or not task_id.strip():
        raise BadResponse("reply has no task id")
    raw_status = data.get("status")
    try:
        status = TaskStatus(str(raw_status).strip().lower())
    except ValueError:
        raise BadResponse(f"unknown task status {raw_status!r}") from None
    progress_value = _number(data.get("progress"))
    progress = 0 if progress_value is None else int(min(100.0, max(0.0, progress_value)))
    estimated: float | None = None
    info = data.get("task_info")
    if isinstance(info, dict):
        estimated = _number(info.get("estimated_time"))
        if estimated is not None and estimated <= 0:
            estimated = None
    error: TaskError | None = None
    raw_error = data.get("error")
    if isinstance(raw_error, dict):
        error = TaskError(
            code=str(raw_error.get("code") or raw_error.get("type") or "task_error"),
            message=str(raw_error.get("message") or ""),
        )
    elif isinstance(raw_error, str) and raw_error:
        error = TaskError(code="task_error", message=raw_error)
    url = _result_url(data)
    if status is TaskStatus.COMPLETED and url is not None:
        progress = 100
    return TaskSnapshot(
        id=task_id.strip(),
        status=status,
        progress=progress,
        created=_number(data.get("created")),
        estimated_time=estimated,
        result_url=url,
        error=error,
        credits=_credits(data),
        raw=data,
    )


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file the service keeps for us: ``url`` is public and what a request points at."""

    id: str
    url: str
    filename: str = ""
    size: int | None = None


def parse_upload(data: object) -> UploadedFile:
    """The reply to an upload; ``BadResponse`` when it has no usable URL."""
    if not isinstance(data, dict):
        raise BadResponse("upload reply is not a JSON object")
    inner = data.get("data")
    if "url" not in data and isinstance(inner, dict):
        data = inner  # some gateways wrap the reply in ``data``
    url = _url(data.get("url"))
    if url is None:
        raise BadResponse("upload reply has no file URL")
    size = _number(data.get("size"))
    return UploadedFile(
        id=str(data.get("id") or ""),
        url=url,
        filename=str(data.get("filename") or ""),
        size=None if size is None else int(size),
    )

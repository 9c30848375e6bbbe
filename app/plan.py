"""Planning a batch: prompts × templates × parameter values × seeds → the requests to send.

Nothing here sends anything. A plan is built from:

- prompts: typed lines, a pasted list, a ``.txt`` file (one prompt a line) or a ``.csv`` file
  whose header names parameters (a ``prompt`` column is required; a blank cell keeps the value
  the rest of the plan gives that parameter);
- templates: ``{a|b|c}`` in a prompt expands into one prompt per alternative (braces without
  ``|`` are left as written);
- axes: any request parameter given several values (aspect ratios, durations, ...);
- seeds: a list, or a count of random seeds drawn once and shared by every combination, so the
  takes of one seed can be compared across prompts and settings.

The requests are the cross product. Each value is checked by ``GenerationRequest``'s own rules;
a bad one raises ``PlanError`` saying where it came from (file and line, CSV column).
"""

from __future__ import annotations

import csv
import io
import itertools
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.api.models import (
    MAX_SEED,
    AspectRatio,
    GenerationRequest,
    Resolution,
    Style,
    ThinkingType,
)
from app.errors import InvalidParameter
from app.messages import Catalogue

#: The most jobs one plan may hold: each is paid for, and a typo in a grid multiplies fast.
MAX_PLAN_JOBS = 500
#: How a parameter may be named in a CSV header (either spelling) → the request field.
_COLUMN_NAMES: dict[str, str] = {
    "prompt": "prompt",
    "negative_prompt": "negative_prompt",
    "aspect_ratio": "aspect_ratio",
    "resolution": "resolution",
    "duration": "duration",
    "style": "style",
    "seed": "seed",
    "generate_audio": "generate_audio",
    "audio": "generate_audio",
    "generate_multi_clip": "generate_multi_clip",
    "multi_clip": "generate_multi_clip",
    "thinking_type": "thinking_type",
    "thinking": "thinking_type",
}
#: The fields an axis may vary (the prompt has its own input; one negative prompt per plan).
AXIS_FIELDS = (
    "aspect_ratio",
    "resolution",
    "duration",
    "style",
    "generate_audio",
    "generate_multi_clip",
    "thinking_type",
)
_ENUMS: dict[str, type[Any]] = {
    "aspect_ratio": AspectRatio,
    "resolution": Resolution,
    "style": Style,
    "thinking_type": ThinkingType,
}
_TRUE = frozenset({"on", "true", "yes", "1"})
_FALSE = frozenset({"off", "false", "no", "0"})
_ALTERNATIVES = re.compile(r"\{([^{}]*\|[^{}]*)\}")


@dataclass(frozen=True, slots=True)
class Where:
    """Where a value came from: a file (or "" for typed text), a line (0: none), a column."""

    source: str = ""
    line: int = 0
    column: str = ""

    def at(self, column: str) -> Where:
        return Where(self.source, self.line, column)


NOWHERE = Where()


class PlanError(InvalidParameter):
    """A value of the plan is not allowed; ``where`` says where it came from (file, line, CSV
    column). ``explain`` puts that in front of the field and reason."""

    def __init__(
        self, field: str, reason_key: str, *, where: Where = NOWHERE, **params: object
    ) -> None:
        super().__init__(field, reason_key, **params)
        self.where = where


@dataclass(frozen=True, slots=True)
class PromptLine:
    """One prompt as given, before its template is expanded, with the CSV row's own values."""

    text: str
    where: Where = NOWHERE
    overrides: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Plan:
    """What a person asked for. ``base`` holds the single values (the form's, or the flags'),
    ``axes`` the parameters given several values, ``seeds`` a list of seeds (empty: one job
    per combination, its seed random) and ``count`` the variations of each combination."""

    prompts: tuple[PromptLine, ...]
    base: Mapping[str, Any] = field(default_factory=dict)
    axes: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    seeds: tuple[int, ...] = ()

    def size(self) -> int:
        """How many requests ``expand`` makes, without making them (for a quick refusal)."""
        prompts = sum(len(expand_template(line.text)) for line in self.prompts)
        total = prompts * max(1, len(self.seeds))
        for values in self.axes.values():
            total *= max(1, len(values))
        return total


def expand_template(text: str) -> list[str]:
    """``"a {red|blue} car"`` → ``["a red car", "a blue car"]``; several groups multiply."""
    parts = _ALTERNATIVES.split(text)
    # split() alternates literal text and group contents: odd indexes are the groups.
    choices = [[part] if i % 2 == 0 else part.split("|") for i, part in enumerate(parts)]
    return ["".join(pick) for pick in itertools.product(*choices)]


def parse_value(name: str, text: str, *, where: Where = NOWHERE) -> Any:
    """One value of request field ``name`` from text, checked with the request's own rules."""
    raw = text.strip()
    value: Any
    if name in _ENUMS:
        if name in ("style", "thinking_type") and raw.lower() in ("", "none", "default"):
            value = None
        else:
            try:
                value = _ENUMS[name](raw)
            except ValueError:
                raise PlanError(name, "reason.choice", where=where, value=raw) from None
    elif name in ("duration", "seed"):
        try:
            value = int(raw)
        except ValueError:
            raise PlanError(name, "reason.integer", where=where) from None
    elif name in ("generate_audio", "generate_multi_clip"):
        if raw.lower() in _TRUE:
            value = True
        elif raw.lower() in _FALSE:
            value = False
        else:
            raise PlanError(name, "reason.boolean", where=where)
    elif name in ("prompt", "negative_prompt"):
        value = text
    else:
        raise PlanError(name, "reason.unknown_parameter", where=where, name=name)
    check_value(name, value, where=where)
    return value


def check_value(name: str, value: Any, *, where: Where = NOWHERE) -> None:
    """Raise ``PlanError`` unless ``GenerationRequest`` accepts ``value`` for ``name``."""
    probe: dict[str, Any] = {"prompt": "x", name: value}
    try:
        GenerationRequest(**probe)
    except InvalidParameter as exc:
        raise PlanError(exc.field, exc.reason_key, where=where, **_params(exc)) from None


def _params(exc: InvalidParameter) -> dict[str, object]:
    return {k: v for k, v in exc.params.items() if k != "field"}


def split_values(name: str, text: str, *, where: Where = NOWHERE) -> tuple[Any, ...]:
    """A comma list (``"16:9,9:16"``) as checked values, in order, repeats dropped."""
    items = [item for item in text.split(",") if item.strip()]
    if not items:
        raise PlanError(name, "reason.blank", where=where)
    values = [parse_value(name, item, where=where) for item in items]
    return tuple(dict.fromkeys(values))


def seeds_from_text(text: str, *, where: Where = NOWHERE) -> tuple[int, ...]:
    return tuple(int(seed) for seed in split_values("seed", text, where=where))


def random_seeds(count: int, rng: random.Random | None = None) -> tuple[int, ...]:
    """``count`` different random seeds."""
    if count < 1:
        raise PlanError("seed", "reason.positive_integer")
    pick = rng or random.SystemRandom()
    seeds: dict[int, None] = {}
    while len(seeds) < count:
        seeds[pick.randint(0, MAX_SEED)] = None
    return tuple(seeds)


def prompts_from_lines(text: str, *, source: str = "") -> list[PromptLine]:
    """A typed or pasted list: one prompt a line, blank lines skipped."""
    return [
        PromptLine(line.strip(), Where(source, number))
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


def prompts_from_csv(text: str, *, source: str) -> list[PromptLine]:
    """Rows of a CSV whose header names parameters; ``prompt`` is required."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise PlanError("prompt", "reason.csv_header", where=Where(source, 1))
    columns: list[str] = []
    for cell in header:
        key = cell.strip().lower().replace("-", "_").replace(" ", "_")
        if key not in _COLUMN_NAMES:
            raise PlanError(
                "prompt",
                "reason.unknown_parameter",
                where=Where(source, 1, cell.strip()),
                name=cell.strip(),
            )
        columns.append(_COLUMN_NAMES[key])
    if "prompt" not in columns:
        raise PlanError("prompt", "reason.csv_needs_prompt", where=Where(source, 1))
    lines = []
    for row in reader:
        place = Where(source, reader.line_num)
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(columns):
            raise PlanError("prompt", "reason.csv_extra_cells", where=place, count=len(columns))
        values: dict[str, Any] = {}
        for name, label, cell in zip(columns, header, row, strict=False):
            if not cell.strip():
                continue
            values[name] = parse_value(name, cell, where=place.at(label.strip()))
        prompt = values.pop("prompt", None)
        if prompt is None:
            raise PlanError("prompt", "reason.blank", where=place.at("prompt"))
        lines.append(PromptLine(str(prompt).strip(), place, values))
    return lines


def prompts_from_file(path: Path) -> list[PromptLine]:
    """A ``.csv`` (header row) or any other text file (one prompt a line), UTF-8 (a BOM from
    a spreadsheet is fine)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise PlanError("prompt", "reason.not_utf8", where=Where(path.name)) from None
    except OSError as exc:
        raise PlanError(
            "prompt", "reason.unreadable", where=Where(path.name), why=exc.strerror or str(exc)
        ) from None
    if path.suffix.lower() == ".csv":
        return prompts_from_csv(text, source=path.name)
    return prompts_from_lines(text, source=path.name)


def expand(plan: Plan) -> list[GenerationRequest]:
    """The cross product: prompt (template expanded) × each axis × seeds, in that order."""
    if not plan.prompts:
        raise PlanError("prompt", "reason.blank")
    if plan.size() > MAX_PLAN_JOBS:
        raise PlanError("jobs", "reason.too_many_jobs", count=plan.size(), limit=MAX_PLAN_JOBS)
    names = [name for name in AXIS_FIELDS if plan.axes.get(name)]
    combos = list(itertools.product(*(plan.axes[name] for name in names)))
    seeds: Sequence[int | None] = plan.seeds or (plan.base.get("seed"),)
    requests: list[GenerationRequest] = []
    for line in plan.prompts:
        for text in expand_template(line.text):
            for combo in combos:
                values = dict(plan.base)
                values.update(zip(names, combo, strict=True))
                values.update(line.overrides)  # the CSV row's own values win
                values["prompt"] = text
                for seed in seeds if "seed" not in line.overrides else (line.overrides["seed"],):
                    values["seed"] = seed
                    requests.append(_request(values, line.where))
    return requests


def _request(values: Mapping[str, Any], where: Where) -> GenerationRequest:
    try:
        return GenerationRequest(**values)
    except InvalidParameter as exc:
        raise PlanError(exc.field, exc.reason_key, where=where, **_params(exc)) from None


def explain(error: PlanError, catalogue: Catalogue, *, action: bool = True) -> str:
    """The error in one line, with where it came from in front ("prompts.csv, line 3, column
    duration: Duration: must be between 1 and 15."); ``action=False`` leaves out what to do."""
    where = error.where
    parts = [where.source] if where.source else []
    if where.line:
        parts.append(catalogue.text("plan.line", line=where.line))
    if where.column:
        parts.append(catalogue.text("plan.column", column=where.column))
    text = catalogue.explain(error) if action else catalogue.error_message(error)
    if not parts:
        return text
    return catalogue.text("plan.where", where=catalogue.text("plan.list_gap").join(parts)) + text

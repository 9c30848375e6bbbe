"""Saved prompts and named parameter presets, in one JSON file in the user's data folder.

A prompt is saved under a name (any language) and found again by search: every word of the
query must appear in its name, text or negative prompt, compared without case or width
(``ＡＢＣ`` finds ``abc``; Chinese is matched as written). A preset is a name for the form's
values (``GenerationDefaults``). Names are unique without regard to case; saving under a
name that exists replaces it.

The file is written atomically (``app.fsutil.atomic_write``); writing raises ``OSError`` and
leaves the file as it was. A file that cannot be read as a library is moved aside
(``library.json.corrupt-<time>``, ``Library.moved_aside``) and the library starts empty; a
single bad entry is left out on its own (``Library.dropped`` counts them).
"""

from __future__ import annotations

import json
import os
import time
import unicodedata
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from app.errors import SettingsError
from app.fsutil import atomic_write
from app.paths import PRIVATE_FILE
from app.settings import GenerationDefaults

SCHEMA_VERSION = 1


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass(frozen=True, slots=True)
class SavedPrompt:
    name: str
    text: str
    negative_prompt: str = ""
    saved_at: float = 0.0

    def matches(self, query: str) -> bool:
        haystack = _fold(" ".join((self.name, self.text, self.negative_prompt)))
        return all(word in haystack for word in _fold(query).split())


@dataclass(frozen=True, slots=True)
class Preset:
    name: str
    values: GenerationDefaults
    saved_at: float = 0.0


class Library:
    """The saved prompts and presets of one user, newest first."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.prompts: list[SavedPrompt] = []
        self.presets: list[Preset] = []
        self.moved_aside: Path | None = None
        self.dropped = 0
        self._load()

    # -- reading --------------------------------------------------------------------------------

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_bytes())
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
        except FileNotFoundError:
            return
        except (OSError, ValueError, RecursionError):
            aside = self.path.with_name(
                f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}"
            )
            try:
                os.replace(self.path, aside)
            except OSError:
                return
            self.moved_aside = aside
            return
        for item in _items(data, "prompts"):
            prompt = _prompt(item)
            if prompt is None:
                self.dropped += 1
            else:
                self.prompts.append(prompt)
        for item in _items(data, "presets"):
            preset = _preset(item)
            if preset is None:
                self.dropped += 1
            else:
                self.presets.append(preset)

    def search(self, query: str) -> list[SavedPrompt]:
        return [prompt for prompt in self.prompts if prompt.matches(query)]

    def prompt(self, name: str) -> SavedPrompt | None:
        return next((p for p in self.prompts if _fold(p.name) == _fold(name)), None)

    def preset(self, name: str) -> Preset | None:
        return next((p for p in self.presets if _fold(p.name) == _fold(name)), None)

    # -- writing (each raises OSError and changes nothing when the disk refuses) ---------------

    def save_prompt(self, prompt: SavedPrompt) -> None:
        kept = [p for p in self.prompts if _fold(p.name) != _fold(prompt.name)]
        self._write([prompt, *kept], self.presets)

    def remove_prompt(self, name: str) -> None:
        self._write([p for p in self.prompts if _fold(p.name) != _fold(name)], self.presets)

    def save_preset(self, preset: Preset) -> None:
        kept = [p for p in self.presets if _fold(p.name) != _fold(preset.name)]
        self._write(self.prompts, [preset, *kept])

    def remove_preset(self, name: str) -> None:
        self._write(self.prompts, [p for p in self.presets if _fold(p.name) != _fold(name)])

    def _write(self, prompts: list[SavedPrompt], presets: list[Preset]) -> None:
        document = {
            "schema_version": SCHEMA_VERSION,
            "prompts": [asdict(p) for p in prompts],
            "presets": [
                {"name": p.name, "values": asdict(p.values), "saved_at": p.saved_at}
                for p in presets
            ],
        }
        data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()
        atomic_write(self.path, data, mode=PRIVATE_FILE)
        self.prompts, self.presets = prompts, presets


def _items(data: dict[str, Any], key: str) -> list[Any]:
    items = data.get(key)
    return items if isinstance(items, list) else []


def _text(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key, "")
    return value if isinstance(value, str) else None


def _when(item: dict[str, Any]) -> float:
    value = item.get("saved_at", 0.0)
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if ok else 0.0


def _prompt(item: object) -> SavedPrompt | None:
    if not isinstance(item, dict):
        return None
    name, text, negative = _text(item, "name"), _text(item, "text"), _text(item, "negative_prompt")
    if not name or not name.strip() or not text or not text.strip() or negative is None:
        return None
    return SavedPrompt(name.strip(), text, negative, _when(item))


def _preset(item: object) -> Preset | None:
    if not isinstance(item, dict):
        return None
    name, values = _text(item, "name"), item.get("values")
    if not name or not name.strip() or not isinstance(values, dict):
        return None
    known = {f.name for f in fields(GenerationDefaults)}
    try:
        defaults = GenerationDefaults(**{k: v for k, v in values.items() if k in known})
        defaults.validate()
    except (SettingsError, TypeError):
        return None
    return Preset(name.strip(), defaults, _when(item))

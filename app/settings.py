"""The typed, versioned settings schema, stored as JSON in the per-user config folder.

Every field has a default and a one-line description (``describe``). A bad value raises
``SettingsError`` naming the field. Saves are atomic (``app.fsutil.atomic_write``); a disk that
refuses raises ``SettingsNotSaved`` and the file stays as it was. A file that does not parse or
is not a JSON object is moved aside as ``settings.json.corrupt-<time>`` and defaults load;
``LoadResult.moved_aside`` says where it went. A field with a bad value falls back to its
default alone (``LoadResult.fell_back`` names it) and the file is written back without it. Keys
this version does not know (from a newer ReelDesk) are kept and written back. The API
key is never stored here (see ``app.secrets``).
"""

from __future__ import annotations

import ipaddress
import json
import logging
import math
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from app.api.client import PRESET_BASE_URLS
from app.api.models import (
    MAX_DURATION,
    MIN_DURATION,
    AspectRatio,
    Resolution,
    Style,
    ThinkingType,
)
from app.errors import InvalidParameter, SettingsNotSaved
from app.errors import SettingsError as SettingsError  # the settings' own error, also here
from app.estimate import PRICE_KEYS
from app.fsutil import atomic_write
from app.hooks import check_hook
from app.review import check_project

T = TypeVar("T")
log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
#: ``MIGRATIONS[n]`` turns a version ``n`` document into version ``n + 1``.
Migration = Callable[[dict[str, Any]], dict[str, Any]]
#: A field that fell back to its default, and why (for the log).
Bad = tuple[str, str]
MIGRATIONS: dict[int, Migration] = {}

PROXY_MODES = ("system", "none", "custom")
LANGUAGES = ("system", "en", "zh_CN")
THEMES = ("system", "light", "dark")
KEY_STORAGES = ("keychain", "file")
MAX_VARIATIONS = 8
DEFAULT_TEMPLATE = "{date}_{prompt}_{task}"
TEMPLATE_FIELDS = (
    "date",
    "time",
    "prompt",
    "task",
    "ratio",
    "resolution",
    "duration",
    "seed",
    "project",
)


def _doc(text: str, **kw: Any) -> Any:
    return field(metadata={"doc": text}, **kw)


@dataclass(frozen=True, slots=True)
class GenerationDefaults:
    """The values the form starts with."""

    aspect_ratio: str = _doc("Aspect ratio of new videos", default="16:9")
    resolution: str = _doc("Resolution of new videos", default="720p")
    duration: int = _doc("Length of new videos in seconds (1-15)", default=5)
    generate_audio: bool = _doc("Generate background sound, effects and dialogue", default=False)
    style: str | None = _doc("Visual style, or none", default=None)
    thinking_type: str | None = _doc("Prompt optimisation, or the service default", default=None)
    generate_multi_clip: bool | None = _doc("Several shots; unset leaves it out", default=None)
    negative_prompt: str = _doc("Things to avoid, comma-separated", default="")
    count: int = _doc("How many variations one click makes", default=1)

    def validate(self) -> None:
        _check_choice("defaults.aspect_ratio", self.aspect_ratio, [a.value for a in AspectRatio])
        _check_choice("defaults.resolution", self.resolution, [r.value for r in Resolution])
        _check_int("defaults.duration", self.duration, MIN_DURATION, MAX_DURATION)
        _check_bool("defaults.generate_audio", self.generate_audio)
        if self.style is not None:
            _check_choice("defaults.style", self.style, [s.value for s in Style])
        if self.thinking_type is not None:
            _check_choice(
                "defaults.thinking_type", self.thinking_type, [t.value for t in ThinkingType]
            )
        if self.generate_multi_clip is not None:
            _check_bool("defaults.generate_multi_clip", self.generate_multi_clip)
        if not isinstance(self.negative_prompt, str):
            raise SettingsError("defaults.negative_prompt", "reason.text")
        _check_int("defaults.count", self.count, 1, MAX_VARIATIONS)


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a creator can set, with defaults."""

    base_url: str = _doc("FoxAPI address", default=PRESET_BASE_URLS[0])
    demo_mode: bool = _doc("Use the built-in offline simulator (no key, no cost)", default=False)
    first_run_done: bool = _doc("The welcome has been answered", default=False)
    key_storage: str = _doc(
        "Where the API key lives: the OS keychain or a private file", default="keychain"
    )
    proxy_mode: str = _doc("Proxy: the system's, none, or a custom one", default="system")
    proxy_url: str = _doc(
        "Custom proxy (http://, https:// or socks5://, user:pass@ allowed)", default=""
    )
    download_dir: str = _doc("Folder for finished videos; empty means Videos/ReelDesk", default="")
    filename_template: str = _doc("File name of a saved video", default=DEFAULT_TEMPLATE)
    remember_last: bool = _doc("The form starts with the values last used", default=True)
    defaults: GenerationDefaults = _doc(  # noqa: RUF009
        "Form values", default_factory=GenerationDefaults
    )
    max_in_flight: int = _doc("How many submissions may be sent at once", default=3)
    notifications: bool = _doc("Notify when a batch of videos is done", default=True)
    language: str = _doc(
        "Language: follow the system, English or Simplified Chinese", default="system"
    )
    theme: str = _doc("Theme: follow the system, light or dark", default="system")
    window_state: str = _doc("Window geometry and splitter positions (opaque)", default="")
    ca_bundle: str = _doc(
        "A CA certificate file (PEM) trusted on top of the system's store; empty for none",
        default="",
    )
    save_hook: str = _doc(
        "A command run after each saved video ({path} {task_id} {prompt} {project}); "
        "empty for none",
        default="",
    )
    current_project: str = _doc("The project new jobs go into; empty for none", default="")
    price_table: dict[str, float] = _doc(  # noqa: RUF009
        "Credits per second by resolution (720p, or 720p+audio with sound), for estimates "
        "before the history knows a price",
        default_factory=dict,
    )
    confirm_above: float = _doc(
        "Ask before sending a batch estimated above this many credits (0: never ask)",
        default=100.0,
    )
    daily_limit: float = _doc("Credits one day may spend at most (0: no limit)", default=0.0)

    def validate(self) -> None:
        """Raise ``SettingsError`` naming the first bad field."""
        check_base_url(self.base_url)
        for name in ("demo_mode", "first_run_done", "remember_last", "notifications"):
            _check_bool(name, getattr(self, name))
        _check_choice("key_storage", self.key_storage, KEY_STORAGES)
        _check_choice("proxy_mode", self.proxy_mode, PROXY_MODES)
        if self.proxy_mode == "custom":
            check_proxy_url(self.proxy_url)
        elif not isinstance(self.proxy_url, str):
            raise SettingsError("proxy_url", "reason.text")
        check_download_dir(self.download_dir)
        check_template(self.filename_template)
        self.defaults.validate()
        _check_int("max_in_flight", self.max_in_flight, 1, 16)
        _check_choice("language", self.language, LANGUAGES)
        _check_choice("theme", self.theme, THEMES)
        if not isinstance(self.window_state, str):
            raise SettingsError("window_state", "reason.text")
        if not isinstance(self.ca_bundle, str):
            raise SettingsError("ca_bundle", "reason.text")
        check_hook(self.save_hook)
        try:
            if check_project(self.current_project) != self.current_project:
                raise SettingsError("current_project", "reason.not_trimmed")
        except InvalidParameter as exc:
            params = {k: v for k, v in exc.params.items() if k != "field"}
            raise SettingsError("current_project", exc.reason_key, **params) from None
        check_price_table(self.price_table)
        _check_credits("confirm_above", self.confirm_above)
        _check_credits("daily_limit", self.daily_limit)

    def proxy(self) -> str | None:
        """The proxy URL for httpx, or ``None`` for a direct connection."""
        if self.proxy_mode == "custom" and self.proxy_url:
            return self.proxy_url
        if self.proxy_mode == "system":
            return _system_proxy(self.base_url)
        return None

    def videos_folder(self, fallback: Path) -> Path:
        return Path(self.download_dir).expanduser() if self.download_dir else fallback


def describe() -> dict[str, str]:
    """Field name → one-line description, for docs and tooltips."""
    out = {f.name: str(f.metadata["doc"]) for f in fields(Settings)}
    out.update({f"defaults.{f.name}": str(f.metadata["doc"]) for f in fields(GenerationDefaults)})
    return out


def _system_proxy(url: str) -> str | None:
    import urllib.request

    proxies = urllib.request.getproxies()
    if urllib.request.proxy_bypass(urlsplit(url).hostname or ""):
        return None
    scheme = urlsplit(url).scheme
    return proxies.get(scheme) or proxies.get("all") or None


def _check_choice(name: str, value: object, allowed: Any) -> None:
    if value not in allowed:
        raise SettingsError(name, "reason.choice", value=value)


def _check_bool(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise SettingsError(name, "reason.boolean")


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SettingsError(name, "reason.range", low=low, high=high)


def _check_credits(name: str, value: object) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
    ):
        raise SettingsError(name, "reason.credits")


def check_price_table(table: object) -> None:
    """Known keys (``PRICE_KEYS``), each a number of credits per second (0 or more)."""
    if not isinstance(table, dict):
        raise SettingsError("price_table", "reason.json_object")
    for key, value in table.items():
        if key not in PRICE_KEYS:
            raise SettingsError("price_table", "reason.choice", value=key)
        _check_credits("price_table", value)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(url: object) -> str:
    """Accept ``https://host[:port][/path]``; plain ``http://`` only for loopback."""
    if not isinstance(url, str) or not url.strip():
        raise SettingsError("base_url", "reason.url_address")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError("base_url", "reason.url_scheme")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise SettingsError("base_url", "reason.url_plain_http")
    if parts.query or parts.fragment or parts.username:
        raise SettingsError("base_url", "reason.url_extras")
    return url.strip().rstrip("/")


def check_proxy_url(url: object) -> str:
    if not isinstance(url, str) or not url.strip():
        raise SettingsError("proxy_url", "reason.proxy_address")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https", "socks5") or not parts.hostname:
        raise SettingsError("proxy_url", "reason.proxy_scheme")
    try:
        port = parts.port
    except ValueError:
        raise SettingsError("proxy_url", "reason.proxy_port_number") from None
    if port is None:
        raise SettingsError("proxy_url", "reason.proxy_port")
    return url.strip()


#: ``Z:\Videos``, ``C:/x``, ``\\server\share``: a folder as Windows writes it.
_WINDOWS_PATH = re.compile(r"^(?:[A-Za-z]:(?:[\\/]|$)|\\\\)")


def check_download_dir(folder: object, *, windows: bool = os.name == "nt") -> str:
    """Accept a folder this system can use. Elsewhere than on Windows, a Windows path is
    refused: ``Path("Z:\\Videos")`` would be a folder of that literal name in the working
    directory, where nobody would look for the videos."""
    if not isinstance(folder, str):
        raise SettingsError("download_dir", "reason.text")
    if not windows and _WINDOWS_PATH.match(folder.strip()):
        raise SettingsError("download_dir", "reason.windows_path", value=folder)
    return folder


def _template_fields(template: str) -> list[str]:
    import string

    try:
        return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError:
        raise SettingsError("filename_template", "reason.unmatched_brace") from None


def check_template(template: object) -> str:
    """A file name template: known fields, one that tells videos apart in the file name, and
    folders (``/``) only to follow the project: ``{project}/{date}_{prompt}_{task}``."""
    if not isinstance(template, str) or not template.strip():
        raise SettingsError("filename_template", "reason.blank")
    names = _template_fields(template)
    unknown = [n for n in names if n not in TEMPLATE_FIELDS]
    if unknown:
        raise SettingsError("filename_template", "reason.unknown_field", name=unknown[0])
    if "\\" in template:
        raise SettingsError("filename_template", "reason.folder_separator")
    folders, _, file_name = template.rpartition("/")
    if folders and "project" not in _template_fields(folders):
        raise SettingsError("filename_template", "reason.folder_separator")
    in_name = _template_fields(file_name)
    if not any(n in ("task", "seed", "time", "prompt") for n in in_name):
        raise SettingsError("filename_template", "reason.needs_unique_field")
    return template


# -- reading and writing ---------------------------------------------------------------------


def _from_dict(kind: type[T], data: dict[str, Any]) -> T:
    values: dict[str, Any] = {}
    for f in fields(kind):  # type: ignore[arg-type]
        if f.name not in data:
            continue
        value = data[f.name]
        if f.name == "defaults":
            if not isinstance(value, dict):
                raise SettingsError("defaults", "reason.json_object")
            value = _from_dict(GenerationDefaults, value)
        values[f.name] = value
    return kind(**values)


def settings_from_dict(data: dict[str, Any]) -> Settings:
    settings = _from_dict(Settings, data)
    settings.validate()
    return settings


def settings_to_dict(settings: Settings) -> dict[str, Any]:
    return asdict(settings)


@dataclass(frozen=True, slots=True)
class LoadResult:
    settings: Settings
    #: Keys from a newer version, kept for writing back.
    extra: dict[str, Any]
    #: The version the file said it was (ours, or newer).
    file_version: int
    #: Set once when the file was unusable and moved aside: where it went.
    moved_aside: Path | None = None
    reason: str = ""
    #: The fields whose value in the file was bad and that hold their default instead
    #: (``defaults.duration`` for a default of the form), with why, for the log.
    fell_back: tuple[str, ...] = ()
    why: tuple[str, ...] = ()


def _migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is not None:
            data = step(data)
        version += 1
        data["schema_version"] = version
    return data


def _set_aside(path: Path, reason: str) -> LoadResult:
    """Defaults, with the unusable file moved out of the way (``moved_aside``) if it can be."""
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        os.replace(path, aside)
    except OSError as exc:
        log.warning("settings file %s could not be set aside: %s", path, exc)
        return LoadResult(Settings(), {}, SCHEMA_VERSION, reason=reason)
    return LoadResult(Settings(), {}, SCHEMA_VERSION, moved_aside=aside, reason=reason)


class _Unreadable(Exception):
    """The settings file is there but cannot be used (why: ``args[0]``)."""


def load_settings(path: Path) -> LoadResult:
    """Read the settings file; never raises for a bad file (it is moved aside instead)."""
    try:
        return _read_settings(path) or LoadResult(Settings(), {}, SCHEMA_VERSION)
    except _Unreadable as exc:
        # A damaged file, a folder at the file's name, a file that cannot be read: set aside,
        # so the defaults can be saved in its place.
        return _set_aside(path, str(exc))


def _read_settings(path: Path) -> LoadResult | None:
    """The file's settings (bad values at their defaults, see ``fell_back``); None where there
    is no file. Raises ``_Unreadable``; changes nothing on disk."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _Unreadable(f"{type(exc).__name__}: {exc.strerror or exc}") from exc
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise SettingsError("settings", "reason.json_object")
        version = data.get("schema_version", 1)
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise SettingsError("schema_version", "reason.positive_integer")
        data = _migrate(dict(data), version)
        known = {f.name for f in fields(Settings)} | {"schema_version"}
        extra = {k: v for k, v in data.items() if k not in known}
        values = {k: v for k, v in data.items() if k in known}
    except (SettingsError, ValueError, TypeError, RecursionError) as exc:
        raise _Unreadable(str(exc)) from exc
    settings, bad = _salvage(Settings, values)
    return LoadResult(
        settings,
        extra,
        max(version, SCHEMA_VERSION),
        fell_back=tuple(name for name, _ in bad),
        why=tuple(why for _, why in bad),
    )


def _salvage(kind: type[T], data: dict[str, Any], prefix: str = "") -> tuple[T, list[Bad]]:
    """The file's values that pass, each other field at its default; and the bad fields.

    A field is tried on top of those already taken; one refused now may pass once another is
    in (``proxy_mode: custom`` needs ``proxy_url``), so the rounds go on while any is taken."""
    current = kind()
    bad: list[Bad] = []
    pending: dict[str, Any] = {}
    for f in fields(kind):  # type: ignore[arg-type]
        if f.name not in data:
            continue
        value = data[f.name]
        if f.name == "defaults":
            if not isinstance(value, dict):
                bad.append(("defaults", "reason.json_object"))
                continue
            value, inner = _salvage(GenerationDefaults, value, "defaults.")
            bad.extend(inner)
        pending[f.name] = value
    errors: dict[str, Exception] = {}
    taken = True
    while pending and taken:
        taken = False
        for name, value in list(pending.items()):
            candidate = replace(current, **{name: value})  # type: ignore[type-var]
            try:
                candidate.validate()  # type: ignore[attr-defined]
            except (SettingsError, ValueError, TypeError) as exc:
                errors[name] = exc
                continue
            current = candidate
            del pending[name]
            taken = True
    for name in pending:
        bad.append((prefix + name, str(errors[name])))
        # Refused because of another field already taken (a custom proxy_mode whose
        # proxy_url is bad): that one's value goes too, and is named.
        culprit = getattr(errors[name], "field", prefix + name).removeprefix(prefix)
        if culprit != name and culprit in data and culprit not in pending:
            current = replace(current, **{culprit: getattr(kind(), culprit)})  # type: ignore[type-var]
            bad.append((prefix + culprit, str(errors[name])))
    return current, bad


def save_settings(
    path: Path, settings: Settings, extra: dict[str, Any] | None = None, version: int = 0
) -> None:
    """Validate and write atomically. Raises ``SettingsError`` for a bad value and
    ``SettingsNotSaved`` when the disk refuses (the file on disk is then unchanged)."""
    settings.validate()
    document: dict[str, Any] = {"schema_version": max(version, SCHEMA_VERSION)}
    document.update(extra or {})
    document.update(settings_to_dict(settings))
    data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise SettingsNotSaved(f"{path}: {exc.strerror or exc}", folder=str(path.parent)) from exc


class SettingsStore:
    """The loaded settings plus what is needed to write them back faithfully."""

    def __init__(self, path: Path) -> None:
        self.path = path
        result = load_settings(path)
        self.settings = result.settings
        self._extra = result.extra
        self._version = result.file_version
        self.moved_aside = result.moved_aside
        #: The fields the file held a bad value for, now at their defaults: to tell the user.
        self.fallbacks = list(result.fell_back)
        if result.moved_aside is not None:
            log.warning("settings unreadable (%s); moved to %s", result.reason, result.moved_aside)
        self._lock = threading.Lock()
        if self.fallbacks:
            log.warning("settings back to their defaults: %s", "; ".join(result.why))
            # Written back without the bad values, so that they are out of use for good and
            # the user is told once; a disk that refuses only means being told again.
            try:
                save_settings(path, self.settings, self._extra, self._version)
            except SettingsNotSaved as exc:
                log.warning("settings not written back: %s", exc)

    def update(self, **changes: Any) -> Settings:
        """Apply, validate and save changes; returns the new settings. Thread-safe. On
        ``SettingsError`` or ``SettingsNotSaved`` nothing changes, in memory or on disk.

        The changes go on top of the file as it is now, not as this store read it: another
        ReelDesk process may have changed other settings since (``reeldesk project NAME``
        while the window is open), and the window's closing must not put them back."""
        with self._lock:
            base, extra, version = self._current()
            candidate = replace(base, **changes)
            candidate.validate()
            save_settings(self.path, candidate, extra, version)
            self.settings, self._extra, self._version = candidate, extra, version
            return candidate

    def reload(self) -> frozenset[str]:
        """Take in what another process saved since; returns the names of the settings that
        changed (none where the file is unchanged, gone or unusable)."""
        with self._lock:
            before = self.settings
            self.settings, self._extra, self._version = self._current()
            return frozenset(
                f.name
                for f in fields(Settings)
                if getattr(before, f.name) != getattr(self.settings, f.name)
            )

    def _current(self) -> tuple[Settings, dict[str, Any], int]:
        """The settings the file holds now; those this store holds where the file is gone or
        cannot be used (it is set aside at the next start, not here)."""
        try:
            result = _read_settings(self.path)
        except _Unreadable as exc:
            log.warning("settings file unusable, keeping the settings in use: %s", exc)
            result = None
        if result is None:
            return self.settings, self._extra, self._version
        return result.settings, result.extra, result.file_version

"""One bad field in the settings file falls back to its default alone; the others are kept,
the user is told which, and the file is written back without the bad value."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.settings import GenerationDefaults, Settings, SettingsStore


def _store(tmp_path: Path, document: dict[str, Any]) -> tuple[SettingsStore, Path]:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(document))
    return SettingsStore(path), path


def test_a_bad_field_falls_back_alone_and_is_named(tmp_path: Path) -> None:
    store, path = _store(
        tmp_path,
        {
            "download_dir": "/srv/videos",
            "key_storage": "file",
            "theme": "purple",
            "defaults": {"duration": 99, "resolution": "1080p"},
            "from_a_newer_version": 7,
        },
    )
    assert store.settings == Settings(
        download_dir="/srv/videos",
        key_storage="file",
        defaults=GenerationDefaults(resolution="1080p"),
    )
    assert sorted(store.fallbacks) == ["defaults.duration", "theme"]
    assert store.moved_aside is None
    # Written back without the bad values: they stay out of use, and the user is told once.
    saved = json.loads(path.read_text())
    assert saved["theme"] == "system" and saved["defaults"]["duration"] == 5
    assert saved["download_dir"] == "/srv/videos" and saved["from_a_newer_version"] == 7
    again = SettingsStore(path)
    assert again.fallbacks == [] and again.settings == store.settings


def test_a_windows_download_folder_falls_back_and_the_key_storage_stays(tmp_path: Path) -> None:
    store, _ = _store(tmp_path, {"download_dir": "Z:\\Videos", "key_storage": "file"})
    assert store.fallbacks == ["download_dir"]
    assert store.settings.download_dir == "" and store.settings.key_storage == "file"


def test_a_field_that_needs_another_is_kept_whatever_the_order(tmp_path: Path) -> None:
    store, _ = _store(
        tmp_path, {"proxy_mode": "custom", "proxy_url": "http://proxy:8080", "max_in_flight": 0}
    )
    assert store.settings.proxy_mode == "custom"
    assert store.settings.proxy_url == "http://proxy:8080"
    assert store.fallbacks == ["max_in_flight"]


def test_defaults_that_are_not_an_object_fall_back_as_one(tmp_path: Path) -> None:
    store, _ = _store(tmp_path, {"defaults": [1], "theme": "dark"})
    assert store.fallbacks == ["defaults"]
    assert store.settings == Settings(theme="dark")

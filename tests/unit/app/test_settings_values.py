"""A settings file edited by hand: a wrong value falls back to its default with the field named,
never a crash; and the proxy the settings choose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.settings import Settings, load_settings


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({"demo_mode": "yes"}, "demo_mode"),
        ({"key_storage": "cloud"}, "key_storage"),
        ({"proxy_mode": "custom", "proxy_url": "socks4://p:1"}, "proxy_url"),
        ({"proxy_mode": "none", "proxy_url": 8080}, "proxy_url"),
        ({"download_dir": ["a", "b"]}, "download_dir"),
        ({"filename_template": "{prompt}/{task}"}, "filename_template"),
        ({"max_in_flight": 0}, "max_in_flight"),
        ({"max_in_flight": True}, "max_in_flight"),
        ({"language": "fr"}, "language"),
        ({"window_state": {"x": 1}}, "window_state"),
        ({"base_url": ""}, "base_url"),
        ({"base_url": "https://api.foxapi.cc#top"}, "base_url"),
        ({"defaults": "720p"}, "defaults"),
        ({"defaults": {"thinking_type": "deep"}}, "defaults.thinking_type"),
        ({"defaults": {"generate_multi_clip": "on"}}, "defaults.generate_multi_clip"),
        ({"defaults": {"negative_prompt": None}}, "defaults.negative_prompt"),
        ({"defaults": {"style": "oil"}}, "defaults.style"),
        ({"defaults": {"count": 9}}, "defaults.count"),
        ({"schema_version": "2"}, "schema_version"),
        ({"schema_version": 0}, "schema_version"),
    ],
)
def test_a_wrong_value_falls_back_naming_the_field(
    tmp_path: Path, document: dict[str, object], field: str
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": "dark", **document}))
    result = load_settings(path)
    if field == "schema_version":  # the file as a whole cannot be read
        assert result.settings == Settings()
        assert result.moved_aside is not None and result.moved_aside.exists()
        assert result.reason.startswith(f"{field}:")
        return
    assert result.settings.theme == "dark"  # the good value kept, the bad one not
    holder, name = result.settings, field
    if field.startswith("defaults."):
        holder, name = result.settings.defaults, field.removeprefix("defaults.")
    assert getattr(holder, name) == getattr(type(holder)(), name)
    assert result.moved_aside is None
    assert field in result.fell_back


def test_a_custom_proxy_is_used_as_given() -> None:
    settings = Settings(proxy_mode="custom", proxy_url="socks5://me:pw@127.0.0.1:1080")
    assert settings.proxy() == "socks5://me:pw@127.0.0.1:1080"


def test_no_proxy_means_a_direct_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("https_proxy", "http://proxy.example:3128")
    assert Settings(proxy_mode="none").proxy() is None


def test_the_system_proxy_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    assert Settings().proxy() is None
    monkeypatch.setenv("https_proxy", "http://proxy.example:3128")
    assert Settings().proxy() == "http://proxy.example:3128"
    # A service the system lists as reached directly bypasses it.
    monkeypatch.setenv("no_proxy", "api.foxapi.cc")
    assert Settings(base_url="https://api.foxapi.cc").proxy() is None


def test_the_videos_folder_is_the_chosen_one_or_the_default(tmp_path: Path) -> None:
    assert Settings().videos_folder(tmp_path / "Videos") == tmp_path / "Videos"
    chosen = Settings(download_dir=str(tmp_path / "clips"))
    assert chosen.videos_folder(tmp_path / "Videos") == tmp_path / "clips"

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app import settings as settings_module
from app.errors import SettingsNotSaved
from app.messages import Catalogue
from app.settings import (
    SCHEMA_VERSION,
    GenerationDefaults,
    Settings,
    SettingsError,
    SettingsStore,
    check_base_url,
    check_proxy_url,
    check_template,
    describe,
    load_settings,
    save_settings,
)


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    result = load_settings(tmp_path / "settings.json")
    assert result.settings == Settings()
    assert result.moved_aside is None


def test_every_field_has_a_description() -> None:
    docs = describe()
    assert "base_url" in docs and "defaults.duration" in docs
    assert all(text.strip() for text in docs.values())


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    store = SettingsStore(path)
    store.update(
        theme="dark",
        language="zh_CN",
        defaults=GenerationDefaults(aspect_ratio="9:16", duration=8, count=3),
    )
    again = SettingsStore(path)
    assert again.settings.theme == "dark"
    assert again.settings.defaults.aspect_ratio == "9:16"
    assert json.loads(path.read_text())["schema_version"] == SCHEMA_VERSION


def test_a_change_goes_on_top_of_what_another_process_saved(tmp_path: Path) -> None:
    """The window read the settings at its start; the command line changed the project since.
    The window's own change (its size, at closing) keeps the command line's."""
    path = tmp_path / "settings.json"
    window = SettingsStore(path)
    window.update(theme="dark")
    command_line = SettingsStore(path)
    command_line.update(current_project="Spring ad")

    window.update(window_state="800x600")
    on_disk = SettingsStore(path).settings
    assert (on_disk.current_project, on_disk.theme, on_disk.window_state) == (
        "Spring ad",
        "dark",
        "800x600",
    )
    assert window.settings == on_disk


def test_reload_says_what_another_process_changed(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    window = SettingsStore(path)
    assert window.reload() == frozenset()
    SettingsStore(path).update(current_project="Spring ad", theme="dark")
    assert window.reload() == {"current_project", "theme"}
    assert window.settings.current_project == "Spring ad"
    assert window.reload() == frozenset()


@pytest.mark.parametrize("damage", ["removed", "garbled"])
def test_a_file_gone_or_garbled_meanwhile_keeps_the_settings_in_use(
    tmp_path: Path, damage: str
) -> None:
    path = tmp_path / "settings.json"
    store = SettingsStore(path)
    store.update(theme="dark", current_project="Spring ad")
    if damage == "removed":
        path.unlink()
    else:
        path.write_bytes(b"{not json")
    assert store.reload() == frozenset()
    store.update(language="zh_CN")
    again = SettingsStore(path)
    assert again.moved_aside is None
    assert (again.settings.theme, again.settings.current_project) == ("dark", "Spring ad")
    assert again.settings.language == "zh_CN"


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"[1, 2]",
        b"[" * 100_000,  # deeper than the parser goes
        b"\xff\xfe",
    ],
)
def test_unusable_file_is_moved_aside_and_defaults_load(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    store = SettingsStore(path)
    assert store.settings == Settings()
    assert store.moved_aside is not None
    assert store.moved_aside.name.startswith("settings.json.corrupt-")
    assert store.moved_aside.read_bytes() == content
    assert not path.exists()
    assert SettingsStore(path).moved_aside is None  # told once


def test_keys_from_a_newer_version_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {"schema_version": SCHEMA_VERSION + 3, "theme": "dark", "future_thing": {"a": 1}}
        )
    )
    store = SettingsStore(path)
    assert store.settings.theme == "dark"
    store.update(language="en")
    saved = json.loads(path.read_text())
    assert saved["future_thing"] == {"a": 1}
    assert saved["schema_version"] == SCHEMA_VERSION + 3
    assert saved["language"] == "en"


def _register_migrations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Three made-up schema changes (version 1 to 4) that only give the right result when each
    runs once, in order, and only from the file's own version on. Returns the versions run."""
    ran: list[int] = []

    def v1(data: dict[str, object]) -> dict[str, object]:  # a flag becomes a name
        ran.append(1)
        data["appearance"] = "night" if data.pop("dark_mode", False) else "day"
        return data

    def v2(data: dict[str, object]) -> dict[str, object]:  # the names change
        ran.append(2)
        data["appearance"] = {"night": "dark", "day": "light"}[str(data["appearance"])]
        return data

    def v3(data: dict[str, object]) -> dict[str, object]:  # the field takes its final name
        ran.append(3)
        data["theme"] = data.pop("appearance")
        return data

    monkeypatch.setattr(settings_module, "SCHEMA_VERSION", 4)
    monkeypatch.setattr(settings_module, "MIGRATIONS", {3: v3, 1: v1, 2: v2})
    return ran


@pytest.mark.parametrize(
    ("document", "expected_runs"),
    [
        ({"schema_version": 1, "dark_mode": True}, [1, 2, 3]),
        ({"dark_mode": True}, [1, 2, 3]),  # files from before versions were written
        ({"schema_version": 2, "appearance": "night"}, [2, 3]),
        ({"schema_version": 3, "appearance": "dark"}, [3]),
        ({"schema_version": 4, "theme": "dark"}, []),
    ],
)
def test_migrations_run_in_order_from_the_files_version(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    document: dict[str, object],
    expected_runs: list[int],
) -> None:
    ran = _register_migrations(monkeypatch)
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(document))
    store = SettingsStore(path)
    assert ran == expected_runs
    assert store.moved_aside is None
    assert store.settings.theme == "dark"
    # Saved back at the new version, without the old fields, and not migrated again.
    store.update(language="en")
    saved = json.loads(path.read_text())
    assert saved["schema_version"] == 4 and saved["theme"] == "dark"
    assert not {"dark_mode", "appearance"} & set(saved)
    ran.clear()
    assert SettingsStore(path).settings.theme == "dark"
    assert ran == []


def test_the_api_key_is_never_a_setting() -> None:
    assert not any("key" in name and name != "key_storage" for name in describe())


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://api.foxapi.cc", True),
        ("https://api.aihubmax.com/", True),
        ("http://127.0.0.1:8787", True),
        ("http://localhost:1", True),
        ("http://api.foxapi.cc", False),
        ("ftp://x", False),
        ("https://", False),
        ("https://x?y=1", False),
    ],
)
def test_base_url_rules(url: str, ok: bool) -> None:
    if ok:
        assert check_base_url(url) == url.rstrip("/")
    else:
        with pytest.raises(SettingsError):
            check_base_url(url)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("http://proxy:8080", True),
        ("socks5://user:pw@127.0.0.1:1080", True),
        ("https://p:443", True),
        ("socks4://p:1", False),
        ("http://p", False),
        ("http://p:abc", False),
    ],
)
def test_proxy_url_rules(url: str, ok: bool) -> None:
    if ok:
        check_proxy_url(url)
    else:
        with pytest.raises(SettingsError):
            check_proxy_url(url)


@pytest.mark.parametrize(
    "template",
    [
        "{date}_{prompt}_{task}",
        "{task}",
        "clip-{time}",
        "{project}/{date}_{prompt}_{task}",
        "clients/{project}/{task}",
    ],
)
def test_good_templates(template: str) -> None:
    assert check_template(template) == template


@pytest.mark.parametrize(
    "template",
    ["", "{nope}", "{date", "a/{task}", "{date}", "{project}\\{task}", "{task}/{project}"],
)
def test_bad_templates(template: str) -> None:
    with pytest.raises(SettingsError):
        check_template(template)


def test_a_bad_value_is_explained_in_the_users_language() -> None:
    with pytest.raises(SettingsError) as caught:
        check_base_url("http://example.com")
    error = caught.value
    assert error.field == "base_url"
    assert Catalogue("en").explain(error) == (
        "Service address: plain http:// is only allowed for this computer. "
        "Correct it in Preferences."
    )
    assert Catalogue("zh_CN").error_message(error) == "服务地址：只有本机地址可以使用 http://"
    with pytest.raises(SettingsError) as caught:
        check_template("{prompt}_{nope}")
    assert Catalogue("en").error_message(caught.value) == "File name: unknown field {nope}"


def test_every_setting_has_a_label_in_both_languages() -> None:
    for name in describe():
        error = SettingsError(name, "reason.text")
        for language in ("en", "zh_CN"):
            label = Catalogue(language).field_label(error)
            assert label and label != name, (language, name)
    assert Catalogue("zh_CN").field_label(SettingsError("defaults.duration", "x")) == "时长"


def test_a_disk_that_refuses_the_save_is_a_typed_error_and_changes_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config" / "settings.json"
    store = SettingsStore(path)
    store.update(theme="dark")
    before = path.read_bytes()
    # A real OSError from the file system: the new file cannot replace a folder (the same
    # happens on a full disk or a read-only folder, which a test running as root cannot make).
    path.unlink()
    path.mkdir()
    (path / "keep").write_text("x")
    with pytest.raises(SettingsNotSaved) as caught:
        store.update(theme="light")
    assert store.settings.theme == "dark"
    assert caught.value.params["folder"] == str(path.parent)
    message = Catalogue("en").explain(caught.value)
    assert message.startswith("The settings could not be saved") and str(path.parent) in message
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    path.joinpath("keep").unlink()
    path.rmdir()
    save_settings(path, store.settings)
    assert path.read_bytes() == before


WRITER = """
import sys, time
from pathlib import Path
from app.settings import SettingsStore, GenerationDefaults
store = SettingsStore(Path(sys.argv[1]))
print("ready", flush=True)
n = 0
while True:
    n += 1
    store.update(defaults=GenerationDefaults(duration=1 + n % 15, negative_prompt="x" * (n % 5000)))
"""


@pytest.mark.slow
def test_atomic_save_survives_a_killed_process(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    root = Path(__file__).resolve().parents[3]
    for delay in (0.05, 0.13, 0.31):
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)], cwd=root, stdout=subprocess.PIPE
        )
        assert process.stdout is not None
        process.stdout.readline()
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        process.stdout.close()
        result = load_settings(path)
        assert result.moved_aside is None, result.reason
        assert path.exists()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "settings.json"]
    assert all(name.startswith(".settings.json.") for name in leftovers)


def test_a_folder_at_the_settings_files_name_is_set_aside_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.mkdir()
    (path / "left-behind").write_text("x")
    store = SettingsStore(path)
    assert store.settings == Settings()
    assert store.moved_aside is not None and (store.moved_aside / "left-behind").exists()
    store.update(theme="dark")  # the defaults now save where the folder was
    assert SettingsStore(path).settings.theme == "dark"

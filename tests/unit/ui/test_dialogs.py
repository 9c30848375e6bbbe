"""The welcome and preferences dialogs, with a small fake keychain (the OS one cannot run here)."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.paths import Paths
from app.secrets import KeyStore
from app.settings import SettingsStore
from app.simulator import Simulator
from tests.unit.app.test_secrets import SENTINEL, FakeKeychain
from tests.unit.ui.boxes import click, wait_for_box
from ui.preferences import PreferencesDialog
from ui.tasks import TaskRunner
from ui.welcome import WelcomeDialog


def everything_under(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_welcome_demo_mode(qtbot: Any, qloop: asyncio.AbstractEventLoop, paths: Paths) -> None:
    settings = SettingsStore(paths.settings_file)
    dialog = WelcomeDialog(KeyStore(paths.key_file, backend=None), settings, TaskRunner(print))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert settings.settings.demo_mode and settings.settings.first_run_done
    assert SettingsStore(paths.settings_file).settings.demo_mode


def test_welcome_key_goes_to_the_keychain(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, paths: Paths, home: Path
) -> None:
    keychain = FakeKeychain()
    keys = KeyStore(paths.key_file, backend=keychain)
    settings = SettingsStore(paths.settings_file)
    dialog = WelcomeDialog(keys, settings, TaskRunner(print))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.key_button.isEnabled()
    dialog.key_field.edit.setText(SENTINEL)
    assert dialog.key_field.edit.echoMode() == dialog.key_field.edit.EchoMode.Password
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.key_button, Qt.MouseButton.LeftButton)
    assert keys.load("keychain") == SENTINEL
    assert settings.settings.first_run_done and not settings.settings.demo_mode
    assert SENTINEL.encode() not in everything_under(home)


@pytest.mark.parametrize("agree", [True, False])
def test_no_keychain_offers_a_private_file_only_with_consent(
    qtbot: Any,
    qloop: asyncio.AbstractEventLoop,
    paths: Paths,
    home: Path,
    agree: bool,
) -> None:
    keys = KeyStore(paths.key_file, backend=None)
    settings = SettingsStore(paths.settings_file)
    dialog = WelcomeDialog(keys, settings, TaskRunner(print))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.key_field.edit.setText(SENTINEL)
    qtbot.mouseClick(dialog.key_button, Qt.MouseButton.LeftButton)
    box = wait_for_box(qtbot)
    assert str(paths.key_file) in box.text()
    click(qtbot, box, QMessageBox.StandardButton.Yes if agree else QMessageBox.StandardButton.No)
    qtbot.waitUntil(dialog.key_button.isEnabled, timeout=5000)
    if agree:
        assert keys.load("file") == SENTINEL
        assert stat.S_IMODE(paths.key_file.stat().st_mode) == 0o600
        assert settings.settings.key_storage == "file"
    else:
        assert not paths.key_file.exists()
        assert dialog.error.isVisibleTo(dialog)
        assert SENTINEL.encode() not in everything_under(home)


@pytest.fixture
def preferences(qtbot: Any, qloop: asyncio.AbstractEventLoop, paths: Paths) -> PreferencesDialog:
    settings = SettingsStore(paths.settings_file)
    dialog = PreferencesDialog(
        settings, KeyStore(paths.key_file, backend=FakeKeychain()), TaskRunner(print), None
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_preferences_test_connection_reports_in_words(
    qtbot: Any, preferences: PreferencesDialog, sim: Simulator
) -> None:
    dialog = preferences
    dialog.demo.setChecked(False)
    dialog.base_url.setCurrentText(sim.base_url)
    dialog.proxy_none.setChecked(True)
    dialog.key_field.edit.setText(SENTINEL)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "✓ The key was accepted." in dialog.test_result.text(), timeout=5000)
    assert "The service answered" in dialog.test_result.text()
    assert "Balance: 1000 credits" in dialog.test_result.text()
    sim.accept_only("sk-the-only-good-one")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "✗ The key was not accepted." in dialog.test_result.text(), timeout=5000
    )


def test_preferences_reject_bad_values_and_save_good_ones(
    qtbot: Any, preferences: PreferencesDialog, paths: Paths
) -> None:
    dialog = preferences
    dialog.base_url.setCurrentText("http://example.com")
    dialog.buttons.accepted.emit()
    assert "only allowed for this computer" in dialog.error.text()
    dialog.base_url.setCurrentText("https://api.aihubmax.com")
    dialog.template.setText("{prompt}_{nope}")
    assert "unknown field" in dialog.template_example.text()
    dialog.template.setText("{date}-{task}")
    assert dialog.template_example.text().startswith("Example: ")
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.max_in_flight.setValue(5)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.buttons.accepted.emit()
    saved = SettingsStore(paths.settings_file).settings
    assert saved.base_url == "https://api.aihubmax.com"
    assert saved.filename_template == "{date}-{task}"
    assert saved.theme == "dark" and saved.max_in_flight == 5

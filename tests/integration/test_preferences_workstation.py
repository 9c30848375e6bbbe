"""Preferences for the workstation: the extra CA file (chosen without a nested loop, used by the
connection test) and the command after saving, on the real dialog."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit

from app.paths import Paths
from app.secrets import KeyStore
from app.settings import SettingsStore
from app.simulator import Simulator, SimulatorConfig
from tests.certificates import Authority, make_authority, server_context
from tests.unit.app.test_secrets import FakeKeychain
from ui.preferences import PreferencesDialog
from ui.tasks import TaskRunner

from .helpers import KEY


@pytest.fixture
def authority(tmp_path: Path) -> Authority:
    return make_authority(tmp_path / "ca")


@pytest.fixture
def https_sim(authority: Authority, tmp_path: Path) -> Iterator[Simulator]:
    tls = server_context(authority, tmp_path / "server")
    with Simulator(SimulatorConfig(job_seconds=0.3), tls=tls) as simulator:
        yield simulator


@pytest.fixture
def dialog(qtbot: Any, qloop: asyncio.AbstractEventLoop, paths: Paths) -> PreferencesDialog:
    store = SettingsStore(paths.settings_file)
    keys = KeyStore(paths.key_file, backend=FakeKeychain())
    shown = PreferencesDialog(store, keys, TaskRunner(print), None, environ={})
    qtbot.addWidget(shown)
    shown.show()
    return shown


def _ok(qtbot: Any, dialog: PreferencesDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def test_the_connection_test_names_the_certificate_then_works_with_the_chosen_ca(
    qtbot: Any, dialog: PreferencesDialog, https_sim: Simulator, authority: Authority
) -> None:
    dialog.demo.setChecked(False)
    dialog.base_url.setCurrentText(https_sim.base_url)
    dialog.proxy_none.setChecked(True)
    dialog.key_field.edit.setText(KEY)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "127.0.0.1" in dialog.test_result.text(), timeout=5000)
    said = dialog.test_result.text()
    assert "✗ The service could not be reached." in said
    assert "does not trust" in said and "CA certificate" in said

    # The CA file is chosen in a file dialog opened without a nested loop.
    qtbot.mouseClick(dialog.choose_ca, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.findChild(QFileDialog) is not None, timeout=2000)
    chooser = dialog.findChild(QFileDialog)
    assert chooser.isVisible() and chooser.fileMode() == QFileDialog.FileMode.ExistingFile
    name = chooser.findChild(QLineEdit, "fileNameEdit")
    name.setText(str(authority.pem))  # set, not typed: typing pops a completer up
    qtbot.keyClick(name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.ca_file.text() == str(authority.pem), timeout=2000)

    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "✓ The key was accepted." in dialog.test_result.text(), timeout=5000)
    assert "✓ The service answered." in dialog.test_result.text()


def test_ok_keeps_the_ca_file_and_the_command_after_saving(
    qtbot: Any, dialog: PreferencesDialog, paths: Paths, authority: Authority
) -> None:
    dialog.demo.setChecked(True)
    dialog.ca_file.setText(str(authority.pem))
    qtbot.keyClicks(dialog.save_hook, "cp {path} /srv/watch/")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        _ok(qtbot, dialog)
    settings = SettingsStore(paths.settings_file).settings
    assert settings.ca_bundle == str(authority.pem)
    assert settings.save_hook == "cp {path} /srv/watch/"


def test_a_bad_command_or_ca_file_is_said_and_the_dialog_stays(
    qtbot: Any, dialog: PreferencesDialog, paths: Paths, tmp_path: Path
) -> None:
    dialog.demo.setChecked(True)
    qtbot.keyClicks(dialog.save_hook, "cp {path} {folder}")
    _ok(qtbot, dialog)
    qtbot.waitUntil(dialog.error.isVisible, timeout=2000)
    assert "{folder}" in dialog.error.text() and "{project}" in dialog.error.text()
    assert dialog.isVisible()

    dialog.save_hook.clear()
    not_a_ca = tmp_path / "notes.txt"
    not_a_ca.write_text("not a certificate\n")
    dialog.ca_file.setText(str(not_a_ca))
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: "notes.txt" in dialog.error.text(), timeout=5000)
    assert dialog.isVisible() and dialog.buttons.isEnabled()
    assert SettingsStore(paths.settings_file).settings.ca_bundle == ""

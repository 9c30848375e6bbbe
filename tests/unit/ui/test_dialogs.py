"""The welcome and preferences dialogs, with a small fake keychain (the OS one cannot run here)."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel, QMessageBox

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
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert settings.settings.demo_mode and settings.settings.first_run_done
    assert SettingsStore(paths.settings_file).settings.demo_mode


def test_welcome_says_so_when_the_choice_cannot_be_saved(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, paths: Paths
) -> None:
    settings = SettingsStore(paths.settings_file)
    dialog = WelcomeDialog(KeyStore(paths.key_file, backend=None), settings, TaskRunner(print))
    qtbot.addWidget(dialog)
    dialog.show()
    # The real file system refuses the write (even to root): the file's name is a folder.
    paths.settings_file.unlink(missing_ok=True)
    paths.settings_file.mkdir()
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error.isVisible, timeout=5000)
    assert "could not be saved" in dialog.error.text()
    assert dialog.isVisible() and not settings.settings.first_run_done


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
    dialog.key_field.edit.setText(SENTINEL)  # live, so with a key
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.buttons.accepted.emit()
    saved = SettingsStore(paths.settings_file).settings
    assert saved.base_url == "https://api.aihubmax.com"
    assert saved.filename_template == "{date}-{task}"
    assert saved.theme == "dark" and saved.max_in_flight == 5


# -- Preferences: keyboard, overrides, refusals ----------------------------------------------

ALT = Qt.KeyboardModifier.AltModifier


def press_alt(qtbot: Any, dialog: PreferencesDialog, key: Qt.Key) -> None:
    qtbot.keyClick(dialog, key, ALT)


def test_preferences_mnemonics_move_focus_to_their_fields(
    qtbot: Any, preferences: PreferencesDialog
) -> None:
    dialog = preferences
    dialog.demo.setChecked(False)  # the connection fields are live
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    pages = {
        0: [
            (Qt.Key.Key_A, dialog.base_url),
            (Qt.Key.Key_K, dialog.key_field.edit),
            (Qt.Key.Key_Y, dialog.proxy_system),
            (Qt.Key.Key_N, dialog.proxy_none),
            (Qt.Key.Key_U, dialog.proxy_url),  # "Custom" leads on to its address
            (Qt.Key.Key_D, dialog.demo),
        ],
        1: [(Qt.Key.Key_F, dialog.folder), (Qt.Key.Key_N, dialog.template)],
        2: [
            (Qt.Key.Key_O, dialog.max_in_flight),
            (Qt.Key.Key_L, dialog.remember),
            (Qt.Key.Key_N, dialog.notifications),
        ],
        3: [(Qt.Key.Key_L, dialog.language), (Qt.Key.Key_T, dialog.theme)],
    }
    for page, keys in pages.items():
        dialog.tabs.setCurrentIndex(page)
        for key, field in keys:
            press_alt(qtbot, dialog, key)
            qtbot.waitUntil(lambda field=field: field.hasFocus(), timeout=2000)
    assert dialog.proxy_custom.isChecked()
    qtbot.waitUntil(dialog.demo.isChecked, timeout=2000)  # a button's mnemonic also clicks it


def test_preferences_show_no_literal_ampersand(preferences: PreferencesDialog) -> None:
    # A label's "&" only becomes a mnemonic with a buddy; without one it is shown as typed.
    for label in preferences.findChildren(QLabel):
        if "&" in label.text().replace("&&", ""):
            assert label.buddy() is not None, label.text()


def test_preferences_tab_goes_down_the_page(qtbot: Any, preferences: PreferencesDialog) -> None:
    dialog = preferences
    dialog.demo.setChecked(False)
    dialog.proxy_custom.setChecked(True)
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    dialog.base_url.setFocus()
    seen = [QApplication.focusWidget()]
    for _ in range(9):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    # Tab stops once in the proxy choices (arrows move within them).
    assert seen[4] in dialog.proxy_group.buttons()
    seen[4] = dialog.proxy_group
    assert seen == [
        dialog.base_url,
        dialog.key_field.edit,
        dialog.key_field.show_button,
        dialog.demo,
        dialog.proxy_group,
        dialog.proxy_url,
        dialog.ca_file,
        dialog.choose_ca,
        dialog.test_button,
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
    ]


def test_preferences_say_the_environment_overrides_key_and_address(
    qtbot: Any,
    qloop: asyncio.AbstractEventLoop,
    paths: Paths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keychain = FakeKeychain()
    keys = KeyStore(paths.key_file, backend=keychain)
    keys.save("sk-stored-key-Vb82Lq", "keychain")
    monkeypatch.setenv("REELDESK_API_KEY", SENTINEL)
    monkeypatch.setenv("REELDESK_BASE_URL", "http://127.0.0.1:8123")
    settings = SettingsStore(paths.settings_file)
    dialog = PreferencesDialog(settings, keys, TaskRunner(print), None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(100)  # any look-up of the stored key has had time to answer
    status = dialog.key_status.text()
    assert "REELDESK_API_KEY" in status and "overrides" in status
    assert "No key is stored yet" not in status and "A key is stored" not in status
    note = dialog.base_url_note
    assert note.isVisibleTo(dialog)
    assert "http://127.0.0.1:8123" in note.text() and "REELDESK_BASE_URL" in note.text()
    shown = [label.text() for label in dialog.findChildren(QLabel)]
    assert not any(SENTINEL in text or SENTINEL[-4:] in text for text in shown)


def test_unticking_demo_without_a_key_says_so_and_saves_nothing(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, paths: Paths
) -> None:
    settings = SettingsStore(paths.settings_file)
    settings.update(demo_mode=True, first_run_done=True)
    dialog = PreferencesDialog(
        settings, KeyStore(paths.key_file, backend=FakeKeychain()), TaskRunner(print), None
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(2)
    dialog.max_in_flight.setValue(7)  # an unrelated change, kept in the dialog
    dialog.tabs.setCurrentIndex(0)
    qtbot.mouseClick(dialog.demo, Qt.MouseButton.LeftButton)
    assert not dialog.demo.isChecked()
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(dialog.error.isVisible, timeout=5000)
    assert "Demo mode stays on until there is an API key" in dialog.error.text()
    assert dialog.error.textFormat() == Qt.TextFormat.PlainText
    assert dialog.isVisible() and dialog.buttons.isEnabled()
    assert dialog.key_field.edit.hasFocus() or QApplication.focusWidget() is None
    assert dialog.max_in_flight.value() == 7
    saved = SettingsStore(paths.settings_file).settings
    assert saved.demo_mode and saved.max_in_flight != 7
    # Typing a key answers the complaint: it goes at once, not at the next OK.
    qtbot.keyClicks(dialog.key_field.edit, SENTINEL)
    assert not dialog.error.isVisible()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    saved = SettingsStore(paths.settings_file).settings
    assert not saved.demo_mode and saved.max_in_flight == 7


def test_a_settings_write_that_fails_is_a_message_not_a_crash(
    qtbot: Any, preferences: PreferencesDialog, paths: Paths
) -> None:
    dialog = preferences
    dialog.demo.setChecked(True)
    # The real file system refuses the write (even to root): the file's name is a folder.
    paths.settings_file.unlink(missing_ok=True)
    paths.settings_file.mkdir()
    dialog.tabs.setCurrentIndex(1)
    dialog.template.clear()
    qtbot.keyClicks(dialog.template, "{date}-{seed}")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(dialog.error.isVisible, timeout=5000)
    text = dialog.error.text()
    assert "could not be saved" in text and str(paths.settings_file.parent) in text
    assert "free space" in text  # what to do next
    assert dialog.isVisible() and dialog.buttons.isEnabled()
    assert dialog.template.text() == "{date}-{seed}"
    # Once the disk lets it, the same input saves.
    paths.settings_file.rmdir()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    assert SettingsStore(paths.settings_file).settings.filename_template == "{date}-{seed}"


def test_browse_opens_a_folder_chooser_without_blocking(
    qtbot: Any, preferences: PreferencesDialog, tmp_path: Path
) -> None:
    dialog = preferences
    target = tmp_path / "clips"
    target.mkdir()
    dialog.tabs.setCurrentIndex(1)

    def give_up() -> None:  # a nested loop would hold the click until the chooser closes
        for chooser in dialog.findChildren(QFileDialog):
            chooser.reject()

    QTimer.singleShot(3000, dialog, give_up)
    qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)  # returns: no nested loop
    qtbot.waitUntil(lambda: dialog.findChild(QFileDialog) is not None, timeout=2000)
    chooser = dialog.findChild(QFileDialog)
    assert chooser.isVisible() and chooser.fileMode() == QFileDialog.FileMode.Directory
    chooser.setDirectory(str(target))
    chooser.accept()
    qtbot.waitUntil(lambda: dialog.folder.text() == str(target), timeout=2000)

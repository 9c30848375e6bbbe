"""The API key field (masked, with a show toggle) and saving a key without freezing the window."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QMessageBox, QToolButton, QWidget

from app.errors import KeychainUnavailable
from app.redact import remember_secret
from app.secrets import KeyStore
from app.settings import SettingsStore
from ui.dialogs import question


class KeyField(QWidget):
    """A password-style line edit with a "show" toggle. Never pre-filled with a stored key:
    an empty field means "keep the stored one"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setPlaceholderText("sk-…")
        self.edit.setClearButtonEnabled(True)
        self.show_button = QToolButton()
        self.show_button.setText(self.tr("Show"))
        self.show_button.setCheckable(True)
        self.show_button.toggled.connect(self._on_show_button_toggled)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.show_button)

    def key(self) -> str:
        return self.edit.text().strip()

    def _on_show_button_toggled(self, shown: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.show_button.setText(self.tr("Hide") if shown else self.tr("Show"))


async def store_key(key: str, keys: KeyStore, settings: SettingsStore, parent: QWidget) -> bool:
    """Save the key in the keychain; where there is none, offer a private file (used only if
    the user agrees). Returns True only once the key really is stored."""
    remember_secret(key)
    try:
        await asyncio.to_thread(keys.save, key, "keychain")
    except KeychainUnavailable as exc:
        # Asked through ui.dialogs: the jobs' tasks keep running while the question is open.
        answer = await question(
            parent,
            QCoreApplication.translate("KeyField", "No keychain"),
            QCoreApplication.translate(
                "KeyField",
                "The system keychain is not available (%1).\n\nStore the key in a private file "
                "that only your user can read?\n%2",
            )
            .replace("%1", exc.details)
            .replace("%2", str(keys.key_file)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        await asyncio.to_thread(keys.save, key, "file")
        await asyncio.to_thread(settings.update, key_storage="file")
        return True
    if settings.settings.key_storage != "keychain":
        await asyncio.to_thread(settings.update, key_storage="keychain")
    return True

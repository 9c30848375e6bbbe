"""The first-run welcome: paste a FoxAPI key, or try demo mode (no key, no cost)."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import ReelDeskError
from app.messages import Catalogue
from app.secrets import KeyStore
from app.settings import SettingsStore
from ui.dialogs import ask
from ui.key_field import KeyField, store_key
from ui.tasks import TaskRunner
from ui.theme import ToneLabel

KEYS_PAGE = "https://foxapi.cc"


class WelcomeDialog(QDialog):
    def __init__(
        self,
        keys: KeyStore,
        settings: SettingsStore,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        catalogue: Catalogue | None = None,
    ) -> None:
        super().__init__(parent)
        self._keys = keys
        self._settings = settings
        self._tasks = tasks
        self._catalogue = catalogue or Catalogue("en")
        self._setup_ui()

    def _setup_ui(self) -> None:
        self.setWindowTitle(self.tr("Welcome to ReelDesk"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        title = QLabel(self.tr("Welcome to ReelDesk"))
        title.setStyleSheet("font-size: 20px; font-weight: 600;")
        intro = QLabel(
            self.tr(
                "Make short videos with PixVerse V6 through FoxAPI. Paste your FoxAPI key to "
                "start, or look around first in demo mode."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(intro)

        key_label = QLabel(self.tr("FoxAPI &key"))
        self.key_field = KeyField()
        key_label.setBuddy(self.key_field.edit)
        link = QLabel(
            self.tr('No key yet? Create one at <a href="%1">foxapi.cc</a>.').replace(
                "%1", KEYS_PAGE
            )
        )
        link.setOpenExternalLinks(True)
        link.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.note = QLabel(
            self.tr(
                "The key is kept in your system keychain, never in a plain file unless you agree."
            )
        )
        self.note.setWordWrap(True)
        self.note.setEnabled(False)
        layout.addWidget(key_label)
        layout.addWidget(self.key_field)
        layout.addWidget(link)
        layout.addWidget(self.note)

        buttons = QHBoxLayout()
        self.demo_button = QPushButton(self.tr("Try &demo mode (no key, no cost)"))
        self.key_button = QPushButton(self.tr("&Use this key"))
        self.key_button.setDefault(True)
        self.key_button.setEnabled(False)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.key_button)
        layout.addLayout(buttons)
        self.error = ToneLabel("problem")  # the theme's error colour, in light and dark
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)

        self.key_field.edit.textChanged.connect(
            lambda text: self.key_button.setEnabled(bool(text.strip()))
        )
        self.demo_button.clicked.connect(self._on_demo_button_clicked)
        self.key_button.clicked.connect(self._on_key_button_clicked)

    async def run(self) -> int:
        """Show the dialog without blocking the event loop; returns its result."""
        return await ask(self)

    def _on_demo_button_clicked(self) -> None:
        self._finish(demo=True)

    def _finish(self, *, demo: bool) -> None:
        """Remember the choice (off the GUI thread), then close; a disk that refuses keeps the
        dialog open and says why."""
        settings = self._settings

        async def write() -> None:
            await asyncio.to_thread(settings.update, first_run_done=True, demo_mode=demo)

        self._tasks.run(
            write(),
            name="welcome-choice",
            on_success=lambda _done: self.accept(),
            on_failure=self._show_problem,
            owner=self,
        )

    def _show_problem(self, error: ReelDeskError) -> None:
        self.error.setText(self._catalogue.explain(error))
        self.error.show()

    def _on_key_button_clicked(self) -> None:
        key = self.key_field.key()
        self.key_button.setEnabled(False)
        self.key_button.setText(self.tr("Saving…"))

        async def save() -> bool:
            return await store_key(key, self._keys, self._settings, self)

        def saved(ok: bool) -> None:
            self.key_button.setText(self.tr("&Use this key"))
            self.key_button.setEnabled(True)
            if ok:
                self._finish(demo=False)
            else:
                self.error.setText(self.tr("The key was not saved. Try again or use demo mode."))
                self.error.show()

        def failed(error: ReelDeskError) -> None:
            self.key_button.setText(self.tr("&Use this key"))
            self.key_button.setEnabled(True)
            self._show_problem(error)

        self._tasks.run(save(), name="save-key", on_success=saved, on_failure=failed, owner=self)

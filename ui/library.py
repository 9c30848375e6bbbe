"""The saved-prompts library and the parameter presets in the window (``app.library``).

"Save prompt to library…" and "Save settings as preset…" ask for a name; "Prompt library…"
opens a searchable list of the saved prompts and the presets, to use or delete. The file is
read and written off the GUI thread; a disk that refuses is said in a message and nothing
changes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.library import Library, Preset, SavedPrompt
from ui.dialogs import ask, message_box
from ui.form import GenerationForm
from ui.tasks import TaskRunner

#: A saved prompt's suggested name: the start of its text.
NAME_LENGTH = 40


class LibraryDialog(QDialog):
    """Lists the library; ``chosen`` is what "Use" picked. Deleting asks the owner through
    ``removed(kind, name)`` ("prompt" or "preset"), which calls ``show`` again when done."""

    removed = Signal(str, str)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chosen: SavedPrompt | Preset | None = None
        self._library = library
        self._setup_ui()
        self.show_library(library)

    def _setup_ui(self) -> None:
        self.setWindowTitle(self.tr("Prompt library"))
        self.resize(520, 420)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        prompts = QWidget()
        column = QVBoxLayout(prompts)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search names and prompts"))
        self.search.setClearButtonEnabled(True)
        self.prompt_list = QListWidget()
        column.addWidget(self.search)
        column.addWidget(self.prompt_list, 1)
        self.tabs.addTab(prompts, self.tr("Prompts"))
        self.preset_list = QListWidget()
        self.tabs.addTab(self.preset_list, self.tr("Presets"))
        layout.addWidget(self.tabs, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.use_button = QPushButton(self.tr("&Use"))
        self.delete_button = QPushButton(self.tr("&Delete"))
        self.buttons.addButton(self.use_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        # Return in the search field uses the prompt found, never closes the dialog.
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        self.use_button.setDefault(True)
        layout.addWidget(self.buttons)

        self.search.textChanged.connect(lambda _text: self._fill_prompts())
        self.tabs.currentChanged.connect(lambda _index: self._update_buttons())
        self.prompt_list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.preset_list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.prompt_list.itemActivated.connect(lambda _item: self._on_use_clicked())
        self.preset_list.itemActivated.connect(lambda _item: self._on_use_clicked())
        self.use_button.clicked.connect(self._on_use_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.buttons.rejected.connect(self.reject)
        self.search.setFocus()

    def show_library(self, library: Library) -> None:
        self._library = library
        self._fill_prompts()
        self.preset_list.clear()
        for preset in library.presets:
            self.preset_list.addItem(_item(preset.name, _preset_summary(preset), preset))
        if self.preset_list.count():
            self.preset_list.setCurrentRow(0)
        self._update_buttons()

    def _fill_prompts(self) -> None:
        self.prompt_list.clear()
        for prompt in self._library.search(self.search.text()):
            self.prompt_list.addItem(_item(prompt.name, prompt.text, prompt))
        if self.prompt_list.count():
            self.prompt_list.setCurrentRow(0)
        self._update_buttons()

    def _current(self) -> SavedPrompt | Preset | None:
        listing = self.prompt_list if self.tabs.currentIndex() == 0 else self.preset_list
        item = listing.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, SavedPrompt | Preset) else None

    def _update_buttons(self) -> None:
        current = self._current()
        self.use_button.setEnabled(current is not None)
        self.delete_button.setEnabled(current is not None)

    def _on_use_clicked(self) -> None:
        self.chosen = self._current()
        if self.chosen is not None:
            self.accept()

    def _on_delete_clicked(self) -> None:
        current = self._current()
        if current is not None:
            kind = "prompt" if isinstance(current, SavedPrompt) else "preset"
            self.removed.emit(kind, current.name)


def _item(name: str, tip: str, value: object) -> QListWidgetItem:
    item = QListWidgetItem(name)
    item.setToolTip(tip)
    item.setData(Qt.ItemDataRole.UserRole, value)
    return item


def _preset_summary(preset: Preset) -> str:
    v = preset.values
    return f"{v.aspect_ratio} · {v.resolution} · {v.duration}s"


class LibraryCommands(QObject):
    """What the library's menu items do; the library is read on first use."""

    def __init__(
        self, window: QWidget, form: GenerationForm, tasks: TaskRunner, path: Path
    ) -> None:
        super().__init__(window)
        self._window = window
        self._form = form
        self._tasks = tasks
        self._path = path
        self._library: Library | None = None
        # One reader or writer at a time: the list opened right after a save shows it, and
        # two first uses do not read the file twice.
        self._lock = asyncio.Lock()

    async def _loaded(self) -> Library:
        async with self._lock:
            if self._library is None:
                self._library = await asyncio.to_thread(Library, self._path)
                if self._library.moved_aside is not None:
                    self._say(
                        self.tr(
                            "The library file could not be read; it was moved to %1 and the "
                            "library starts empty."
                        ).replace("%1", str(self._library.moved_aside))
                    )
            return self._library

    def save_prompt(self) -> None:
        self._run(self._save_prompt(), "save-prompt")

    def save_preset(self) -> None:
        self._run(self._save_preset(), "save-preset")

    def open_library(self) -> None:
        self._run(self._open_library(), "open-library")

    def _run(self, coro: Coroutine[Any, Any, None], name: str) -> None:
        self._tasks.run(coro, name=name, owner=self._window)

    async def _save_prompt(self) -> None:
        text = self._form.prompt.toPlainText().strip()
        if not text:
            self._say(self.tr("Write a prompt first, then save it to the library."))
            return
        name = await self._ask_name(self.tr("Save prompt"), " ".join(text.split())[:NAME_LENGTH])
        if name is None:
            return
        negative = self._form.negative_prompt.toPlainText().strip()
        prompt = SavedPrompt(name, text, negative, _now())
        library = await self._loaded()
        await self._write(lambda: library.save_prompt(prompt))

    async def _save_preset(self) -> None:
        name = await self._ask_name(self.tr("Save settings as preset"), "")
        if name is None:
            return
        preset = Preset(name, self._form.defaults(), _now())
        library = await self._loaded()
        await self._write(lambda: library.save_preset(preset))

    async def _open_library(self) -> None:
        library = await self._loaded()
        dialog = LibraryDialog(library, self._window)

        def removed(kind: str, name: str) -> None:
            remove = library.remove_prompt if kind == "prompt" else library.remove_preset

            async def run() -> None:
                if await self._write(lambda: remove(name)):
                    dialog.show_library(library)

            self._run(run(), "remove-from-library")

        dialog.removed.connect(removed)
        try:
            accepted = await ask(dialog) == QDialog.DialogCode.Accepted.value
            chosen = dialog.chosen
        finally:
            dialog.deleteLater()
        if not accepted or chosen is None:
            return
        if isinstance(chosen, SavedPrompt):
            self._form.prompt.setPlainText(chosen.text)
            self._form.negative_prompt.setPlainText(chosen.negative_prompt)
            if chosen.negative_prompt:
                self._form.advanced_toggle.setChecked(True)
            self._form.prompt.setFocus()
        else:
            self._form.apply_defaults(chosen.values)

    async def _ask_name(self, title: str, suggested: str) -> str | None:
        dialog = QInputDialog(self._window)
        dialog.setWindowTitle(title)
        dialog.setLabelText(self.tr("Name:"))
        dialog.setTextValue(suggested)
        try:
            if await ask(dialog) != QDialog.DialogCode.Accepted.value:
                return None
            name = dialog.textValue().strip()
        finally:
            dialog.deleteLater()
        return name or None

    async def _write(self, change: Callable[[], None]) -> bool:
        try:
            async with self._lock:
                await asyncio.to_thread(change)
        except OSError as exc:
            self._say(
                self.tr("The library could not be saved (%1); nothing was changed.").replace(
                    "%1", exc.strerror or str(exc)
                )
            )
            return False
        return True

    def _say(self, text: str) -> None:
        box = message_box(self._window, "ReelDesk", text, icon=QMessageBox.Icon.Information)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()


def _now() -> float:
    return time.time()

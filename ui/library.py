"""The saved-prompts library and the parameter presets in the window (``app.library``).

"Save prompt to library…" and "Save settings as preset…" ask for a name; "Prompt library…"
opens a searchable list of the saved prompts and the presets, to use or delete
(``ui.library_dialog``). The file is read and written off the GUI thread; a disk that refuses
is said in a message and nothing changes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ui.dialogs import ask, message_box
from ui.form import GenerationForm
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.library import Library

#: A saved prompt's suggested name: the start of its text.
NAME_LENGTH = 40


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
                # Here, not at the top: the library's module is not needed to start.
                from app.library import Library

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
        from app.library import SavedPrompt

        prompt = SavedPrompt(name, text, negative, _now())
        library = await self._loaded()
        await self._write(lambda: library.save_prompt(prompt))

    async def _save_preset(self) -> None:
        name = await self._ask_name(self.tr("Save settings as preset"), "")
        if name is None:
            return
        from app.library import Preset

        preset = Preset(name, self._form.defaults(), _now())
        library = await self._loaded()
        await self._write(lambda: library.save_preset(preset))

    async def _open_library(self) -> None:
        from ui.library_dialog import LibraryDialog  # its widgets' classes load when first opened

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
        from app.library import SavedPrompt

        if isinstance(chosen, SavedPrompt):
            self._form.prompt.setPlainText(chosen.text)
            self._form.negative_prompt.setPlainText(chosen.negative_prompt)
            if chosen.negative_prompt:
                self._form.advanced_toggle.setChecked(True)
            self._form.prompt.setFocus()
        else:
            self._form.apply_defaults(chosen.values)

    async def _ask_name(self, title: str, suggested: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog  # not needed before a name is asked for

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

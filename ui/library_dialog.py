"""The library's dialog: a searchable list of the saved prompts and a list of the presets, to
use or delete (``ui.library`` opens it). Its own module: the window loads it when first opened.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.library import Library, Preset, SavedPrompt


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

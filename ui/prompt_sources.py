"""Where the form's prompts come from besides the prompt box: "one prompt per line" and a
prompts file (``.txt``, one a line; ``.csv``, a ``prompt`` column and parameter columns).

The file is chosen here (``QFileDialog.open()``, never a nested loop) and read by the window
off the GUI thread (``file_chosen``); what it held comes back through ``set_file_prompts``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.plan import PromptLine, prompts_from_lines
from ui.theme import ToneLabel


class PromptSources(QWidget):
    """Emits ``changed`` when the prompts it gives change, ``file_chosen(path)`` to be read."""

    changed = Signal()
    file_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._file_prompts: list[PromptLine] = []
        self._setup_ui()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        prompts_row = QHBoxLayout()
        self.per_line = QCheckBox()
        self.load_prompts = QPushButton()
        prompts_row.addWidget(self.per_line)
        prompts_row.addStretch(1)
        prompts_row.addWidget(self.load_prompts)
        layout.addLayout(prompts_row)
        file_row = QHBoxLayout()
        self.file_note = ToneLabel("muted")
        self.file_note.setTextFormat(Qt.TextFormat.PlainText)  # a file name
        self.forget_file = QToolButton()
        self.forget_file.setText("✕")
        file_row.addWidget(self.file_note, 1)
        file_row.addWidget(self.forget_file)
        self.file_note.hide()
        self.forget_file.hide()
        layout.addLayout(file_row)

        self.per_line.toggled.connect(lambda _on: self.changed.emit())
        self.load_prompts.clicked.connect(self._on_load_prompts_clicked)
        self.forget_file.clicked.connect(self._on_forget_file_clicked)
        self._file_name = ""
        self.retranslate()

    def retranslate(self) -> None:
        """Every text again, in the language now installed (at the start, on LanguageChange)."""
        self.per_line.setText(self.tr("One prompt per l&ine"))
        self.per_line.setToolTip(
            self.tr("Each line is its own prompt; {a|b} in a prompt makes one video of each")
        )
        self.load_prompts.setText(self.tr("Loa&d prompts…"))
        self.load_prompts.setToolTip(
            self.tr("A .txt file (one prompt a line) or a .csv file with a prompt column")
        )
        self.forget_file.setToolTip(self.tr("Forget the loaded prompts"))
        # "✕" says nothing aloud.
        self.forget_file.setAccessibleName(self.tr("Forget the loaded prompts"))
        self._show_file_note()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def prompts(self, typed: str) -> list[PromptLine]:
        """The typed text as prompts (one, or one a line), then the file's."""
        if self.per_line.isChecked():
            lines = prompts_from_lines(typed, source=self.tr("Prompt"))
        else:
            lines = [PromptLine(typed.strip())] if typed.strip() else []
        return lines + self._file_prompts

    def has_file(self) -> bool:
        return bool(self._file_prompts)

    def set_file_prompts(self, name: str, lines: list[PromptLine]) -> None:
        """Prompts read from a file, made along with the typed ones."""
        self._file_prompts = list(lines)
        self._file_name = name
        self._show_file_note()
        self.file_note.show()
        self.forget_file.show()
        self.changed.emit()

    def _show_file_note(self) -> None:
        n = len(self._file_prompts)
        text = self.tr("%1: 1 prompt") if n == 1 else self.tr("%1: %n prompts", "", n)
        self.file_note.setText(text.replace("%1", self._file_name))

    def _on_load_prompts_clicked(self) -> None:
        # Here, not at the top: making QFileDialog's Python class is not needed to start.
        from PySide6.QtWidgets import QFileDialog

        dialog = QFileDialog(self, self.tr("Load prompts"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([self.tr("Prompt lists (*.txt *.csv)"), self.tr("All files (*)")])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self._on_dialog_file_selected)
        dialog.open()  # never exec(): see ui.dialogs

    def _on_dialog_file_selected(self, path: str) -> None:
        if path:
            self.file_chosen.emit(str(Path(path)))

    def _on_forget_file_clicked(self) -> None:
        self._file_prompts = []
        self.file_note.hide()
        self.forget_file.hide()
        self.load_prompts.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

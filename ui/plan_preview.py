"""The preview of a planned batch: every job the matrix expands to, before anything is sent.

One row per request, ticked; unticking drops it. Below the table, how many videos the ticked
rows make and what they are estimated to cost (and take). "Send" sends exactly the ticked rows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.api.models import GenerationRequest
from app.messages import Catalogue
from app.present import parameters_details

#: The words for a batch's cost and time, as the form's button says them.
BatchWords = Callable[[list[GenerationRequest]], tuple[str, str]]
#: One job's estimated credits, for its row.
JobWords = Callable[[GenerationRequest], str]


class PlanPreview(QDialog):
    """Opened with ``ui.dialogs.ask``; ``chosen()`` is the ticked requests, in order."""

    def __init__(
        self,
        requests: list[GenerationRequest],
        count: int,
        catalogue: Catalogue,
        *,
        batch_words: BatchWords,
        job_words: JobWords,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._requests = list(requests)
        self._count = count
        self._catalogue = catalogue
        self._batch_words = batch_words
        self._job_words = job_words
        self._setup_ui()
        self._update_summary()

    def _setup_ui(self) -> None:
        self.setWindowTitle(self.tr("Planned videos"))
        self.resize(760, 440)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(self._requests), 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Send"), self.tr("Prompt"), self.tr("Settings"), self.tr("Credits")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for row, request in enumerate(self._requests):
            tick = QTableWidgetItem()
            tick.setFlags(
                Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
            )
            tick.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(row, 0, tick)
            # Items show their text as plain text: a prompt is never read as markup.
            self.table.setItem(row, 1, _cell(" ".join(request.prompt.split())))
            settings = parameters_details(request, self._catalogue)
            if request.seed is not None:
                settings += " · " + self.tr("seed %1").replace("%1", str(request.seed))
            self.table.setItem(row, 2, _cell(settings))
            self.table.setItem(row, 3, _cell(self._job_words(request)))
        self.table.resizeColumnToContents(0)
        layout.addWidget(self.table, 1)

        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.buttons = QDialogButtonBox()
        self.send_button = QPushButton()
        self.buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        self.send_button.setDefault(True)
        layout.addWidget(self.buttons)

        self.table.itemChanged.connect(self._on_table_item_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.setCurrentCell(0, 0)
        self.table.setFocus()

    def chosen(self) -> list[GenerationRequest]:
        return [
            request
            for row, request in enumerate(self._requests)
            if self._tick(row).checkState() == Qt.CheckState.Checked
        ]

    def _tick(self, row: int) -> QTableWidgetItem:
        item = self.table.item(row, 0)
        assert item is not None
        return item

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            self._update_summary()

    def _update_summary(self) -> None:
        chosen = self.chosen()
        videos = [request for request in chosen for _ in range(self._count)]
        cost, eta = self._batch_words(videos) if videos else ("", "")
        parts = [
            (
                self.tr("1 video of %1")
                if len(videos) == 1
                else self.tr("%n videos of %1", "", len(videos))
            ).replace("%1", str(len(self._requests) * self._count))
        ]
        parts += [part for part in (cost, eta) if part]
        self.summary.setText(" · ".join(parts))
        self.send_button.setText(
            self.tr("Send 1 video")
            if len(videos) == 1
            else self.tr("Send %n videos", "", len(videos))
        )
        self.send_button.setEnabled(bool(videos))


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item

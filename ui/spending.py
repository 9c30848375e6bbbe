"""What the videos cost, afterwards: totals per day and per batch, and the credits spent on
failed jobs, from the same summary as ``reeldesk spend`` (``app.commands.spend``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.commands.spend import Spending, Total


class SpendingDialog(QDialog):
    def __init__(self, summary: Spending, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._summary = summary
        self._setup_ui()

    def _setup_ui(self) -> None:
        self.setWindowTitle(self.tr("Spending"))
        self.resize(600, 420)
        layout = QVBoxLayout(self)
        summary = self._summary
        self.totals = QLabel(
            self.tr("Total: %1 credits · on failed jobs: %2 credits (%3 jobs)")
            .replace("%1", _figure(summary.credits))
            .replace("%2", _figure(summary.failed_credits))
            .replace("%3", str(summary.failed_jobs))
        )
        self.totals.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.totals)
        tabs = QTabWidget()
        self.days = _table([self.tr("Day"), self.tr("Credits"), self.tr("Jobs")])
        for total in summary.days.values():
            _add_row(self.days, [total.day, _figure(total.credits), str(total.jobs)], total)
        self.batches = _table(
            [self.tr("Day"), self.tr("Credits"), self.tr("Jobs"), self.tr("Prompt")]
        )
        for total in reversed(summary.batches.values()):  # newest first, as the job list
            prompt = " ".join(total.prompt.split())
            cells = [total.day, _figure(total.credits), str(total.jobs), prompt]
            _add_row(self.batches, cells, total)
        tabs.addTab(self.days, self.tr("Per day"))
        tabs.addTab(self.batches, self.tr("Per batch"))
        layout.addWidget(tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def _figure(value: float) -> str:
    return f"{round(value, 2):g}"


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return table


def _add_row(table: QTableWidget, cells: list[str], total: Total) -> None:
    row = table.rowCount()
    table.insertRow(row)
    for column, text in enumerate(cells):
        item = QTableWidgetItem(text)
        item.setToolTip(text)
        item.setData(Qt.ItemDataRole.UserRole, total.key)
        table.setItem(row, column, item)

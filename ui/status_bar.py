"""The window's status bar: where requests go (demo mode badged), how many jobs are in flight,
the send queue (how many wait, paused or not, and its pause/resume button), and what is left on
a live account. Demo mode costs nothing, so it shows no balance.

Its strings keep the ``MainWindow`` translation context they had before the window was split.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QStatusBar, QToolButton, QWidget

from app.api.client import Balance
from ui.tasks import TaskRunner
from ui.theme import ToneLabel

BALANCE_INTERVAL_MS = 5 * 60 * 1000
FIRST_BALANCE_DELAY_MS = 1500

_DEMO_BADGE = (
    "QLabel { background: #f2a33a; color: #1d1d1d; border-radius: 4px; padding: 1px 6px; }"
)


class WindowStatusBar(QStatusBar):
    def __init__(
        self,
        tasks: TaskRunner,
        balance: Callable[[], Coroutine[Any, Any, Balance | None]] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._fetch_balance = balance
        self._demo = False
        self.backend_label = QLabel()
        self.flight_label = QLabel()
        self.queue_label = ToneLabel()
        self.queue_label.setTextFormat(Qt.TextFormat.PlainText)
        self.queue_button = QToolButton()
        self.queue_button.setAutoRaise(True)
        self.balance_label = QLabel()
        self.addWidget(self.backend_label)
        self.addWidget(self.flight_label)
        self.addWidget(self.queue_label, 1)
        self.addPermanentWidget(self.queue_button)
        self.addPermanentWidget(self.balance_label)
        self._balance_timer = QTimer(self)
        self._balance_timer.setInterval(BALANCE_INTERVAL_MS)
        self._balance_timer.timeout.connect(self.refresh_balance)
        if balance is not None:
            self._balance_timer.start()
            # Not in the way of the first paint and the history load.
            QTimer.singleShot(FIRST_BALANCE_DELAY_MS, self.refresh_balance)

    def set_backend(self, label: str, demo: bool) -> None:
        self._demo = demo
        self.backend_label.setText(label)
        self.backend_label.setStyleSheet(_DEMO_BADGE if demo else "")
        if demo:
            self.balance_label.clear()

    def set_in_flight(self, running: int) -> None:
        self.flight_label.setText(
            QCoreApplication.translate("MainWindow", "%n in flight", "", running) if running else ""
        )

    def set_queue_action(self, action: QAction) -> None:
        """The button that pauses and resumes the queue (the same action as the menu's)."""
        self.queue_button.setDefaultAction(action)

    def set_queue(self, text: str, *, problem: bool = False) -> None:
        """How the send queue stands, in one line; ``problem`` when it waits for a person."""
        self.queue_label.setText(text)
        self.queue_label.set_tone("problem" if problem else "")

    def refresh_balance(self) -> None:
        """Ask a live service for the balance (none is shown in demo mode)."""
        fetch = self._fetch_balance
        if self._demo:
            self.balance_label.clear()
            return
        if fetch is None:
            return
        self._tasks.run(
            fetch(),
            name="balance",
            on_success=self._show_balance,
            on_failure=lambda _e: None,
            owner=self,
        )

    def _show_balance(self, balance: Balance | None) -> None:
        if balance is None or self._demo:  # demo mode may have begun while it was asked
            self.balance_label.clear()
        elif balance.unlimited:
            self.balance_label.setText(
                QCoreApplication.translate("MainWindow", "Balance: unlimited")
            )
        elif balance.usd is not None:
            self.balance_label.setText(
                QCoreApplication.translate("MainWindow", "Balance $%1").replace(
                    "%1", f"{balance.usd:.2f}"
                )
            )
        elif balance.credits is not None:
            self.balance_label.setText(
                QCoreApplication.translate("MainWindow", "Balance %1 credits").replace(
                    "%1", f"{balance.credits:g}"
                )
            )

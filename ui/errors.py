"""One handler for everything unexpected: ``sys.excepthook``, the event loop's handler and the
thread hook all end here. It logs (redacted), shows a report, and keeps ReelDesk running."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.redact import redact

log = logging.getLogger(__name__)


class ErrorReporter(QObject):
    """Collects unexpected errors from any thread and reports them on the GUI thread."""

    error_reported = Signal(str, str)  # headline, details

    def __init__(self, parent_widget: Callable[[], QWidget | None] = lambda: None) -> None:
        super().__init__()
        self._parent_widget = parent_widget
        self._showing = False
        self._pending: list[tuple[str, str]] = []
        self.reports: list[tuple[str, str]] = []
        self.interactive = True
        self.error_reported.connect(self._on_self_error_reported)

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_hook
        loop.set_exception_handler(self._loop_handler)

    def _excepthook(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        self.report(
            f"{kind.__name__}: {value}", "".join(traceback.format_exception(kind, value, tb))
        )

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        details = "".join(
            traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)
        )
        self.report(f"{args.exc_type.__name__}: {args.exc_value}", details)

    def _loop_handler(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        error = context.get("exception")
        message = str(context.get("message", "error in the event loop"))
        if isinstance(error, BaseException):
            details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
            self.report(f"{message}: {type(error).__name__}: {error}", details)
        else:
            self.report(message, repr(context))

    def report(self, headline: str, details: str) -> None:
        """Safe from any thread."""
        headline, details = redact(headline), redact(details)
        log.error("unexpected error: %s\n%s", headline, details)
        self.error_reported.emit(headline, details)

    def _on_self_error_reported(self, headline: str, details: str) -> None:
        self.reports.append((headline, details))
        if not self.interactive:
            return
        if self._showing:
            self._pending.append((headline, details))
            return
        QTimer.singleShot(0, lambda: self._show(headline, details))

    def _show(self, headline: str, details: str) -> None:
        self._showing = True
        try:
            box = QMessageBox(self._parent_widget())
            box.setIcon(QMessageBox.Icon.Critical)
            box.setWindowTitle(self.tr("ReelDesk – unexpected error"))
            box.setText(self.tr("Something unexpected went wrong. ReelDesk keeps running."))
            box.setInformativeText(
                self.tr("Your jobs are safe. The details below are also in the log.")
            )
            box.setDetailedText(f"{headline}\n\n{details}")
            box.exec()
        finally:
            self._showing = False
        if self._pending:
            headline, details = self._pending.pop(0)
            self._show(headline, details)

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
from shiboken6 import isValid

from app.redact import redact
from ui.dialogs import message_box

log = logging.getLogger(__name__)


class ErrorReporter(QObject):
    """Collects unexpected errors from any thread and reports them on the GUI thread."""

    error_reported = Signal(str, str)  # headline, details

    def __init__(self, parent_widget: Callable[[], QWidget | None] = lambda: None) -> None:
        super().__init__()
        self._parent_widget = parent_widget
        self._box: QMessageBox | None = None
        self._pending: list[tuple[str, str]] = []
        self.reports: list[tuple[str, str]] = []
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
        self._pending.append((headline, details))
        self._show_next()

    def _show_next(self) -> None:
        """One report at a time, opened (never ``exec()``: a report can arrive inside a task,
        and a nested loop there is what stalls every job); the next opens when it closes."""
        if self._box is not None or not self._pending:
            return
        headline, details = self._pending.pop(0)
        parent = self._parent_widget()
        box = message_box(
            parent if parent is not None and isValid(parent) else None,
            self.tr("ReelDesk – unexpected error"),
            self.tr("Something unexpected went wrong. ReelDesk keeps running."),
            icon=QMessageBox.Icon.Critical,
            informative=self.tr(
                "If a job stops moving, quit and reopen ReelDesk: it picks up every unfinished "
                "job again. The details below are also in the log."
            ),
        )
        box.setDetailedText(f"{headline}\n\n{details}")
        box.finished.connect(box.deleteLater)
        # Also when it goes with its parent window before anyone answered it.
        box.destroyed.connect(lambda: self._forget(box))
        self._box = box
        box.open()

    def _forget(self, box: QMessageBox) -> None:
        if self._box is box:
            self._box = None
        # Not from inside a destructor: the parent window may be the one going away.
        QTimer.singleShot(0, self._show_next)

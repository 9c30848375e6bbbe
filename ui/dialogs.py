"""Asking a person something without a nested event loop.

Under qasync every coroutine shares Qt's event loop. ``QDialog.exec()``, the static
``QMessageBox.question()`` family and ``QFileDialog.get…()`` run a second, nested loop: while it
spins, the task that opened it is still "current", and every other task that wakes inside the
nested loop fails with "Cannot enter into task … while another task … is being executed".
So every question here is opened with ``open()`` (window-modal, returns at once) and answered
through a future that the dialog's ``finished`` signal resolves.

``ask()`` is the one awaitable for any dialog; ``ask_box()`` and ``question()`` are shorthands
for message boxes. Code that is not a coroutine starts them through the ``TaskRunner``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QMessageBox, QWidget
from shiboken6 import isValid

StandardButton = QMessageBox.StandardButton


async def ask(dialog: QDialog) -> int:
    """Show ``dialog`` window-modally and wait until it is finished; returns its result code
    (``QDialog.DialogCode`` for ordinary dialogs). Cancelling the waiting task rejects the
    dialog, so nothing is left on screen with no one to hear the answer; a dialog deleted
    unanswered (its parent window went away) counts as rejected."""
    loop = asyncio.get_running_loop()
    answered: asyncio.Future[int] = loop.create_future()

    def finished(result: int) -> None:
        if not answered.done():
            answered.set_result(int(result))

    def destroyed() -> None:
        finished(QDialog.DialogCode.Rejected.value)

    dialog.finished.connect(finished)
    dialog.destroyed.connect(destroyed)
    dialog.open()
    try:
        return await answered
    except asyncio.CancelledError:
        if isValid(dialog) and dialog.isVisible():
            dialog.reject()
        raise
    finally:
        if isValid(dialog):
            dialog.finished.disconnect(finished)
            dialog.destroyed.disconnect(destroyed)


async def ask_box(box: QMessageBox) -> QAbstractButton | None:
    """Show a prepared message box and return the button pressed (``None`` for Escape on a box
    without a cancel button, or when the box was closed some other way)."""
    await ask(box)
    return box.clickedButton() if isValid(box) else None


def message_box(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
    informative: str = "",
    buttons: StandardButton = StandardButton.Ok,
    default: StandardButton = StandardButton.NoButton,
) -> QMessageBox:
    """A message box with plain-text contents (user and service text is never HTML)."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    box.setStandardButtons(buttons)
    if default != StandardButton.NoButton:
        box.setDefaultButton(default)
    return box


async def question(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    buttons: Sequence[StandardButton] = (StandardButton.Yes, StandardButton.No),
    default: StandardButton = StandardButton.No,
    informative: str = "",
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
) -> StandardButton:
    """Ask with standard buttons; returns the one pressed (``NoButton`` if none was)."""
    flags = StandardButton.NoButton
    for button in buttons:
        flags |= button
    box = message_box(
        parent,
        title,
        text,
        icon=icon,
        informative=informative,
        buttons=flags,
        default=default,
    )
    try:
        clicked = await ask_box(box)
        return box.standardButton(clicked) if clicked is not None else StandardButton.NoButton
    finally:
        if isValid(box):
            box.deleteLater()

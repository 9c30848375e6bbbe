"""Driving the window as a person does: shortcuts, clicks, and answering the boxes it opens."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget

from ui.form import GenerationForm

#: Picks the button to click on a message box, or ``None`` for a box it is not about.
Choice = Callable[[QMessageBox], QAbstractButton | None]


def press(qtbot: Any, sequence: QKeySequence) -> None:
    """Type a shortcut where the keyboard focus is, as a person's keyboard would."""
    combination = sequence[0]
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None, "no window has the keyboard focus"
    qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())


def press_action(qtbot: Any, action: QAction) -> None:
    """Type the shortcut of a menu action (whatever the platform made of it)."""
    assert not action.shortcut().isEmpty(), f"{action.text()} has no shortcut"
    press(qtbot, action.shortcut())


def click(qtbot: Any, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def write_prompt(qtbot: Any, form: GenerationForm, text: str) -> None:
    click(qtbot, form.prompt.viewport())
    qtbot.keyClicks(form.prompt, text)


def set_variations(qtbot: Any, form: GenerationForm, count: int) -> None:
    """Click into the Variations box and type the number."""
    click(qtbot, form.count)
    assert QApplication.focusWidget() is form.count
    press(qtbot, QKeySequence(QKeySequence.StandardKey.SelectAll))
    qtbot.keyClicks(form.count, str(count))
    assert form.count.value() == count


def visible_windows(kind: type[QWidget]) -> list[Any]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


class BoxAnswerer:
    """Clicks a button of the next message box that shows up.

    A box opened with ``open()`` is seen by the test's own waits; one opened with ``exec()``
    runs a nested event loop that the test's code never returns to until the box closes, so
    the look-out runs on a timer, which Qt fires inside either loop."""

    def __init__(
        self,
        qtbot: Any,
        choose: Choice,
        *,
        read_for: float = 0.0,
        seen: Callable[[], None] | None = None,
    ) -> None:
        """``read_for`` seconds pass between the box showing and the click, as a person
        reads it first; the rest of the app keeps running meanwhile, or should. ``seen`` is
        called once, when the box first shows."""
        self._qtbot = qtbot
        self._choose = choose
        self._read_for = read_for
        self._on_seen = seen
        self._seen: float | None = None
        #: (title, text) of each box answered.
        self.answered: list[tuple[str, str]] = []
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def _look(self) -> None:
        for box in visible_windows(QMessageBox):
            button = self._choose(box)
            if button is None:
                continue
            now = time.monotonic()
            if self._seen is None:
                self._seen = now
                if self._on_seen is not None:
                    self._on_seen()
            if now - self._seen < self._read_for:
                return
            self._timer.stop()
            self.answered.append((box.windowTitle(), box.text()))
            self._qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            return

    def stop(self) -> None:
        self._timer.stop()


def standard(which: QMessageBox.StandardButton) -> Choice:
    """Choose the box's standard button ``which`` (Yes, Cancel…)."""
    return lambda box: box.button(which)


def labelled(text: str) -> Choice:
    """Choose the box's button that reads ``text`` (mnemonic ampersands ignored)."""

    def choose(box: QMessageBox) -> QAbstractButton | None:
        for button in box.buttons():
            if button.text().replace("&", "") == text:
                return button
        return None

    return choose

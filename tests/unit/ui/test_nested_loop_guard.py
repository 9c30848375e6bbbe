"""The runtime guard of tests/nested_loop_guard.py: a nested event loop started inside a task
fails the test; the same calls from test code (outside any task) are left alone."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMenu, QMessageBox, QWidget

from tests.nested_loop_guard import NestedLoopError


def menu(parent: QWidget) -> QMenu:
    menu = QMenu(parent)
    menu.addAction("one")
    return menu


NESTED: dict[str, Callable[[QWidget], object]] = {
    "QMessageBox.question": lambda parent: QMessageBox.question(parent, "t", "sure?"),
    "QMessageBox.warning": lambda parent: QMessageBox.warning(parent, "t", "careful"),
    "QDialog.exec": lambda parent: QMessageBox(parent).exec(),
    "QMenu.exec": lambda parent: menu(parent).exec(),
    "QMenu.exec (static)": lambda parent: QMenu.exec(menu(parent).actions(), QPoint(5, 5)),
    "QFileDialog.getExistingDirectory": lambda parent: QFileDialog.getExistingDirectory(parent),
    "QEventLoop.exec": lambda parent: QEventLoop(parent).exec(),
    "QCoreApplication.processEvents": lambda _parent: QApplication.processEvents(),
}


@pytest.mark.parametrize(
    "name",
    [
        # A menu grabs the keyboard, which the offscreen platform cannot do.
        pytest.param(name, marks=pytest.mark.qt_log_ignore("grabbing the keyboard"))
        for name in sorted(NESTED)
    ],
)
def test_a_nested_loop_inside_a_task_is_caught(
    name: str,
    qtbot: Any,
    qloop: asyncio.AbstractEventLoop,
    nested_loop_guard: list[str],
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    async def asks() -> object:
        return NESTED[name](parent)

    task = qloop.create_task(asks(), name="asks")
    qtbot.waitUntil(task.done)
    if name == "QMenu.exec":
        # Past the patch; the probe saw Qt dispatch events inside the task and closed the menu.
        assert task.exception() is None
    else:
        assert isinstance(task.exception(), NestedLoopError)
        assert name.split()[0] in nested_loop_guard[0]
    assert nested_loop_guard and "'asks'" in nested_loop_guard[0]
    nested_loop_guard.clear()  # caught as it should be: this test passes


def test_test_code_outside_tasks_may_still_spin_loops(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, nested_loop_guard: list[str]
) -> None:
    QCoreApplication.processEvents()
    dialog = QDialog()
    qtbot.addWidget(dialog)
    QTimer.singleShot(0, dialog.accept)
    assert dialog.exec() == QDialog.DialogCode.Accepted
    assert nested_loop_guard == []

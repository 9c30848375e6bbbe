"""A test fails if code running inside an asyncio task starts a nested Qt event loop.

Under qasync a nested loop (``exec()``, the static ``QMessageBox``/``QFileDialog``/``QInputDialog``
functions, ``processEvents()``) started from a task leaves that task "current" while other tasks
wake inside the nested loop, and each of them fails with "Cannot enter into task …". Tests drive
the real code, so while a test runs:

- these entry points raise if a task is current (before any loop spins);
- a probe timer catches what no patch can reach: ``menu.exec()`` (shiboken binds an instance call
  past the class attribute) or a loop started from C++. Qt dispatches a timer only when control
  is back in its own loop, never while a task runs, unless that task spins a nested loop. The
  probe then closes the active popup or modal dialog, so the test fails instead of hanging.

Either way the test fails at teardown, even when the code under test swallowed the error. Test
code itself (pytest-qt waits, ``qtbot.waitSignal``) runs outside any task and is not affected.

Static analysis of the same rule is in ``tests/unit/ui/test_no_nested_loop.py``.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

_EXEC = ("exec", "exec_")
#: Where Qt defines the entry points that spin a nested event loop (inherited ones, such as
#: ``QMessageBox.exec``, are covered through the class that defines them).
BLOCKING: dict[str, dict[str, tuple[str, ...]]] = {
    "PySide6.QtCore": {
        "QEventLoop": (*_EXEC, "processEvents"),
        "QCoreApplication": (*_EXEC, "processEvents"),
    },
    "PySide6.QtGui": {"QGuiApplication": _EXEC, "QDrag": _EXEC},
    "PySide6.QtWidgets": {
        "QApplication": _EXEC,
        "QDialog": _EXEC,
        "QMenu": _EXEC,
        "QMessageBox": ("question", "warning", "information", "critical", "about", "aboutQt"),
        "QFileDialog": (
            "getExistingDirectory",
            "getExistingDirectoryUrl",
            "getOpenFileName",
            "getOpenFileNames",
            "getOpenFileUrl",
            "getOpenFileUrls",
            "getSaveFileName",
            "getSaveFileUrl",
        ),
        "QInputDialog": ("getText", "getMultiLineText", "getInt", "getDouble", "getItem"),
        "QColorDialog": ("getColor",),
        "QFontDialog": ("getFont",),
    },
}


PROBE_MS = 20


class NestedLoopError(AssertionError):
    """A nested event loop was started from inside an asyncio task."""


def _current_task() -> asyncio.Task[Any] | None:
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return asyncio.current_task(loop)


def _guarded(
    name: str, original: Callable[..., Any], seen: list[str], *, static: bool
) -> Callable[..., Any]:
    def check() -> None:
        task = _current_task()
        if task is not None:
            message = f"{name}() called inside task {task.get_name()!r}: a nested event loop"
            seen.append(message)
            raise NestedLoopError(message)

    if static:

        def static_call(*args: Any, **kwargs: Any) -> Any:
            check()
            return original(*args, **kwargs)

        return staticmethod(static_call)  # type: ignore[return-value]

    def method_call(self: Any, *args: Any, **kwargs: Any) -> Any:
        check()
        return original(self, *args, **kwargs)

    return method_call


def _probe(seen: list[str]) -> Any:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    def tick() -> None:
        task = _current_task()
        if task is None:
            return
        seen.append(f"Qt dispatched events inside task {task.get_name()!r}: a nested event loop")
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog):
            modal.reject()

    timer = QTimer()
    timer.setInterval(PROBE_MS)
    timer.timeout.connect(tick)
    timer.start()
    return timer


@pytest.fixture(autouse=True)
def nested_loop_guard(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[list[str]]:
    """Guards only what Qt the test process has loaded; a test without Qt is left alone."""
    seen: list[str] = []
    probe = None
    if "PySide6.QtWidgets" in sys.modules:
        request.getfixturevalue("qapp")  # a timer needs the application
        probe = _probe(seen)
    for module_name, classes in BLOCKING.items():
        module = sys.modules.get(module_name)
        if module is None:
            continue
        for class_name, names in classes.items():
            cls = getattr(module, class_name)
            for name in names:
                if name not in cls.__dict__:
                    continue
                static = isinstance(cls.__dict__[name], staticmethod)
                wrapper = _guarded(f"{class_name}.{name}", getattr(cls, name), seen, static=static)
                monkeypatch.setattr(cls, name, wrapper)
    yield seen
    if probe is not None:
        probe.stop()
    assert not seen, "nested event loop inside a task:\n" + "\n".join(seen)

"""What a person does to finished and running jobs in the real window, with keys, menus and
clicks: open, reveal, copy, remove, submit again, read the service's reply, close, come back.
A real engine against the simulator over loopback."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QContextMenuEvent, QDesktopServices, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from app.api.client import FoxClient
from app.api.models import GenerationRequest
from app.engine.engine import Engine
from app.engine.jobs import Job
from app.messages import Catalogue
from app.paths import Paths
from app.settings import SettingsStore
from tests.conftest import run_async
from ui.job_model import Column
from ui.main_window import MainWindow, WindowServices
from ui.tasks import TaskRunner

from .helpers import KEY
from .test_window import Harness, harness, statuses  # noqa: F401  (the window fixture)

W = TypeVar("W", bound=QWidget)
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
NO_KEYS = Qt.KeyboardModifier.NoModifier


class Opened(QObject):
    """Where the window asked the desktop to open a file or folder (Qt's own hook for
    ``file:`` links), instead of starting a file manager or a player on this machine."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)

    @property
    def paths(self) -> list[Path]:
        return [Path(url.toLocalFile()) for url in self.urls]


@pytest.fixture
def opened() -> Iterator[Opened]:
    handler = Opened()
    QDesktopServices.setUrlHandler("file", handler, "open")
    yield handler
    QDesktopServices.unsetUrlHandler("file")


class Person:
    """Answers the menus and dialogs the window shows, in the order given, as soon as each
    shows. A timer looks for them, so this works whether the window uses ``exec()`` or
    ``open()``. ``said`` keeps what each showed: a dialog's text, a menu's entries."""

    def __init__(self) -> None:
        self.said: list[Any] = []
        self._expected: deque[tuple[type[QWidget], Callable[[Any], None]]] = deque()
        self._answered: list[QWidget] = []
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._look)

    def answers(self, kind: type[W], act: Callable[[W], None]) -> None:
        self._expected.append((kind, act))
        self._timer.start()

    def _look(self) -> None:
        if not self._expected:
            self._timer.stop()
            return
        kind, act = self._expected[0]
        widget = QApplication.activePopupWidget() or QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible() and widget not in self._answered:
            self._expected.popleft()
            self._answered.append(widget)
            if isinstance(widget, QMenu):
                self.said.append([shown(a.text()) for a in widget.actions() if not a.isSeparator()])
            else:
                self.said.append(widget.text())  # type: ignore[attr-defined]
            act(widget)

    def stop(self) -> None:
        self._timer.stop()
        assert not self._expected, f"never shown: {[kind for kind, _ in self._expected]}"


@pytest.fixture
def person() -> Iterator[Person]:
    someone = Person()
    yield someone
    someone.stop()


def keys(qtbot: Any, widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    """Keys pressed in the window, and let go afterwards: QTest's click leaves Qt believing the
    modifiers are still held, and a later selection would extend or toggle instead."""
    window = widget.window()
    if not window.isActiveWindow():  # as after a dialog closed, here where nothing is on screen
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(widget, key, modifiers)
    QTest.keyRelease(widget, Qt.Key.Key_Shift)


def shown(text: str) -> str:
    """A label as a person reads it: the mnemonic's "&" is drawn as an underline."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def choose(text: str) -> Callable[[QMenu], None]:
    def pick(menu: QMenu) -> None:
        (action,) = [a for a in menu.actions() if shown(a.text()) == text]
        menu.setActiveAction(action)
        QTest.keyClick(menu, Qt.Key.Key_Return)

    return pick


def press(button: QMessageBox.StandardButton) -> Callable[[QMessageBox], None]:
    return lambda box: box.button(button).click()


def saved_jobs(harness: Harness, qtbot: Any, *prompts: str) -> list[Job]:  # noqa: F811
    """Jobs submitted and saved, as they are now (``submit`` returns them as recorded)."""
    loop = asyncio.get_event_loop()
    submitted = [
        run_async(qtbot, loop, harness.engine.submit(GenerationRequest(prompt)))[0]
        for prompt in prompts
    ]
    qtbot.waitUntil(lambda: statuses(harness.window) == ["saved"] * len(prompts), timeout=10_000)
    jobs = [harness.engine.job(job.id) for job in submitted]
    assert all(job is not None and job.path for job in jobs)
    return [job for job in jobs if job is not None]


def row_center(window: MainWindow, job: Job) -> QPoint:
    index = window.proxy.mapFromSource(window.model.index_of(job.id)).siblingAtColumn(Column.PROMPT)
    return window.table.visualRect(index).center()


def right_click(window: MainWindow, job: Job, qtbot: Any) -> None:
    """What the system sends for a right click or the menu key on a row."""
    where = row_center(window, job)
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    viewport = window.table.viewport()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, viewport.mapToGlobal(where))
    QApplication.sendEvent(viewport, event)


# The offscreen platform says so when a menu pops up; not about our code.
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_a_saved_video_opens_from_the_list_and_its_menu(
    harness: Harness,  # noqa: F811
    qtbot: Any,
    opened: Opened,
    paths: Paths,
    person: Person,
) -> None:
    window = harness.window
    (job,) = saved_jobs(harness, qtbot, "lanterns over a river")
    video = Path(job.path or "")
    # A double click is a click, then the second press.
    where = row_center(window, job)
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened.paths == [video]

    person.answers(QMenu, choose("Reveal in file manager"))
    right_click(window, job, qtbot)
    qtbot.waitUntil(lambda: len(opened.urls) == 2)
    assert opened.paths[1] == video.parent
    (texts,) = person.said
    assert texts[:2] == ["Open", "Reveal in file manager"]
    assert "Show service reply" in texts and "Copy prompt" in texts
    assert "Stop tracking…" not in texts  # a saved job has nothing to stop

    keys(qtbot, window, Qt.Key.Key_O, CTRL_SHIFT)  # Open videos folder
    assert opened.paths[2] == paths.videos


def test_copying_a_prompt_with_its_shortcut(harness: Harness, qtbot: Any) -> None:  # noqa: F811
    window = harness.window
    (job,) = saved_jobs(harness, qtbot, "雪中的红狐狸")
    window.select_job(job.id)
    QGuiApplication.clipboard().clear()
    keys(qtbot, window.table, Qt.Key.Key_C, CTRL_SHIFT)
    assert QGuiApplication.clipboard().text() == "雪中的红狐狸"
    assert window.statusBar().currentMessage() == "Prompt copied"


def test_removing_asks_and_deletes_the_files_only_when_told(
    harness: Harness,  # noqa: F811
    qtbot: Any,
    person: Person,
) -> None:
    window = harness.window
    keep, drop = saved_jobs(harness, qtbot, "keep me", "drop me")

    window.select_job(keep.id)
    person.answers(QMessageBox, press(QMessageBox.StandardButton.Cancel))
    keys(qtbot, window.table, Qt.Key.Key_Delete, NO_KEYS)
    qtbot.waitUntil(lambda: bool(person.said))
    assert person.said == ["Remove this job from the history?"]
    qtbot.wait(100)
    assert window.model.rowCount() == 2

    person.answers(QMessageBox, press(QMessageBox.StandardButton.Yes))
    keys(qtbot, window.table, Qt.Key.Key_Delete, NO_KEYS)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert Path(keep.path or "").exists()  # removed from the history, the video stays

    def delete_too(box: QMessageBox) -> None:
        box.findChild(QCheckBox).setChecked(True)  # type: ignore[union-attr]
        box.button(QMessageBox.StandardButton.Yes).click()

    window.select_job(drop.id)
    person.answers(QMessageBox, delete_too)
    keys(qtbot, window.table, Qt.Key.Key_Delete, NO_KEYS)
    qtbot.waitUntil(lambda: window.model.rowCount() == 0)
    assert not Path(drop.path or "").exists()
    assert not Path(drop.path or "").with_suffix(".json").exists()


def test_submitting_again_says_it_is_paid_and_sends_a_new_job(
    harness: Harness,  # noqa: F811
    qtbot: Any,
    person: Person,
) -> None:
    window = harness.window
    (job,) = saved_jobs(harness, qtbot, "neon alley, rain")
    window.select_job(job.id)
    person.answers(QMessageBox, press(QMessageBox.StandardButton.Yes))
    keys(qtbot, window.table, Qt.Key.Key_R, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)
    (question,) = person.said
    assert "new, paid submission" in question
    assert f"cost {job.credits:g} credits" in question
    qtbot.waitUntil(lambda: len(harness.sim.submissions()) == 2, timeout=5000)
    first, second = (post.json() for post in harness.sim.submissions())
    assert first == second  # the same request, seed included


def test_the_service_reply_is_shown_without_secrets(
    harness: Harness,  # noqa: F811
    qtbot: Any,
) -> None:
    window = harness.window
    (job,) = saved_jobs(harness, qtbot, "x")
    window.select_job(job.id)
    qtbot.mouseClick(window.details.raw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(QDialog) is not None, timeout=5000)
    dialog = window.findChild(QDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Service reply"
    text = dialog.findChild(QPlainTextEdit).toPlainText()  # type: ignore[union-attr]
    assert job.task_id in text and '"status": "completed"' in text
    assert "signature=" not in text and "?…" in text
    dialog.reject()


def test_about_names_the_version(
    harness: Harness,  # noqa: F811
    qtbot: Any,
    person: Person,
) -> None:
    from app import __version__

    person.answers(QMessageBox, press(QMessageBox.StandardButton.Ok))
    help_menu = harness.window.menuBar().actions()[-1].menu()
    assert help_menu is not None
    (about,) = [a for a in help_menu.actions() if a.text() == "&About ReelDesk"]
    about.trigger()
    qtbot.waitUntil(lambda: bool(person.said))
    assert f"ReelDesk {__version__}" in person.said[0]


def test_closing_with_running_jobs_asks_first(
    harness: Harness,  # noqa: F811
    qtbot: Any,
    person: Person,
) -> None:
    harness.sim.config.job_seconds = 30
    window = harness.window
    run_async(qtbot, asyncio.get_event_loop(), harness.engine.submit(GenerationRequest("x")))
    person.answers(QMessageBox, press(QMessageBox.StandardButton.Cancel))
    window.close()
    qtbot.waitUntil(lambda: bool(person.said))
    assert person.said == ["A job is still being generated or saved."]
    assert window.isVisible()

    def quit_now(box: QMessageBox) -> None:
        (button,) = [b for b in box.buttons() if shown(b.text()) == "Quit"]
        button.click()

    person.answers(QMessageBox, quit_now)
    with qtbot.waitSignal(window.quit_requested):
        keys(qtbot, window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


def make_window(engine: Engine, paths: Paths, **services: Any) -> MainWindow:
    window = MainWindow(
        WindowServices(
            engine=engine,
            settings=SettingsStore(paths.settings_file),
            catalogue=Catalogue("en"),
            tasks=TaskRunner(lambda error: pytest.fail(f"unexpected: {error}")),
            backend_label="Live · test",
            demo=False,
            videos_dir=lambda: paths.videos,
            log_dir=paths.logs,
            **services,
        )
    )
    window.show()
    return window


def test_the_window_comes_back_as_it_was_left(
    harness: Harness,  # noqa: F811
    qtbot: Any,
    paths: Paths,
) -> None:
    first = harness.window
    first.resize(760, 560)  # within the offscreen screen, which a restored window is kept in
    keys(qtbot, first, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # hide details
    assert not first.details.isVisible()
    first.quit(ask=False)
    again = make_window(harness.engine, paths)
    qtbot.addWidget(again)
    assert again.size() == first.size()
    assert not again.window_actions.details_action.isChecked()
    assert not again.details.isVisible()


def test_the_status_bar_shows_the_balance(qtbot: Any, harness: Harness, paths: Paths) -> None:  # noqa: F811
    client = FoxClient(harness.sim.base_url, KEY)
    window = make_window(harness.engine, paths, balance=client.balance)
    qtbot.addWidget(window)
    balance = window.status_bar.balance_label
    window.status_bar.refresh_balance()
    qtbot.waitUntil(lambda: balance.text() != "", timeout=5000)
    assert balance.text().startswith("Balance ")
    run_async(qtbot, asyncio.get_event_loop(), client.aclose())


def test_keys_find_and_filter(harness: Harness, qtbot: Any) -> None:  # noqa: F811
    window = harness.window
    saved_jobs(harness, qtbot, "one")
    keys(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    keys(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Running
    assert window.status_filter.currentText() == "Running"
    assert window.proxy.rowCount() == 0
    keys(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # Saved
    assert window.proxy.rowCount() == 1

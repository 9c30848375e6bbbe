"""The real window's keyboard, menus and questions, with real key and mouse events, over a real
engine and the simulator on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, QRect, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QFontMetrics
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QPushButton, QWidget

from app import rules
from app.api.client import Balance
from app.engine.engine import Engine
from app.messages import Catalogue
from app.paths import Paths
from app.rules import Action
from app.settings import SettingsStore
from app.simulator import Simulator, SimulatorConfig
from tests.conftest import run_async
from ui.job_model import Column
from ui.main_window import MainWindow, WindowServices
from ui.tasks import TaskRunner

from .helpers import EngineParts, build_engine

CTRL = Qt.KeyboardModifier.ControlModifier
DEMO_LABEL = "Demo – offline simulator, no cost"

Fetch = Callable[[], Coroutine[Any, Any, Balance | None]]


@dataclass
class Opened:
    window: MainWindow
    engine: Engine
    parts: EngineParts
    sim: Simulator
    balance_asked: list[int]


@pytest.fixture
def open_window(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, paths: Paths
) -> Iterator[Callable[..., Opened]]:
    """Opens the real window on a real engine; ``demo`` and ``with_balance`` as asked."""
    opened: list[Opened] = []
    errors: list[Any] = []

    def make(*, demo: bool = False, with_balance: bool = False, job_seconds: float = 0.8) -> Opened:
        sim = Simulator(SimulatorConfig(job_seconds=job_seconds)).start()
        parts = build_engine(paths, sim.base_url)
        parts.engine.configure(demo=demo)
        run_async(qtbot, qloop, parts.engine.start())
        asked: list[int] = []

        def balance() -> Coroutine[Any, Any, Balance | None]:
            asked.append(1)
            return parts.client.balance()

        window = MainWindow(
            WindowServices(
                engine=parts.engine,
                settings=SettingsStore(paths.settings_file),
                catalogue=Catalogue("en"),
                tasks=TaskRunner(errors.append),
                backend_label=DEMO_LABEL if demo else "Live · test",
                demo=demo,
                videos_dir=lambda: paths.videos,
                log_dir=paths.logs,
                balance=balance if with_balance else None,
            )
        )
        window.resize(1280, 720)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        found = Opened(window, parts.engine, parts, sim, asked)
        opened.append(found)
        return found

    yield make
    for found in opened:
        found.window.quit(ask=False)
        found.window.deleteLater()
        run_async(qtbot, qloop, found.parts.close())
        found.sim.stop()
    assert errors == []


def open_box() -> QMessageBox | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            return widget
    return None


def button(box: QMessageBox, text: str) -> QPushButton:
    for candidate in box.findChildren(QPushButton):
        if candidate.text().replace("&", "") == text:
            return candidate
    raise AssertionError(f"no {text!r} button in {[b.text() for b in box.buttons()]}")


def returns_at_once(window: QWidget, press: Callable[[], None]) -> bool:
    """Press something that opens a question or a menu; True when the press returned with it
    open (no nested event loop). A nested loop would not return until the question was
    answered: after a while this answers it, and the press is reported as nested."""
    state = {"returned": False, "nested": False}

    def rescue() -> None:
        if state["returned"]:
            return
        state["nested"] = True
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                widget.reject()
            elif isinstance(widget, QMenu) and widget.isVisible():
                widget.close()

    timer = QTimer(window)
    timer.setSingleShot(True)
    timer.timeout.connect(rescue)
    timer.start(1500)
    press()
    state["returned"] = True
    timer.stop()
    return not state["nested"]


def reactivate(qtbot: Any, window: MainWindow) -> None:
    """The offscreen platform gives the activation back to no window after a popup or a
    dialog closes (a desktop gives it back to the window); shortcuts need an active window."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def generate(qtbot: Any, window: MainWindow, prompt: str) -> None:
    """Type a prompt and press Ctrl+Enter, as a person does."""
    window.form.prompt.setFocus()
    qtbot.keyClicks(window.form.prompt, prompt)
    qtbot.keyClick(window.form.prompt, Qt.Key.Key_Return, CTRL)


def statuses(window: MainWindow) -> list[str]:
    return [window.model.job_at(r).status.value for r in range(window.model.rowCount())]


# -- the keyboard ---------------------------------------------------------------------------------


def test_ctrl_n_starts_a_new_video_with_an_empty_focused_prompt(
    open_window: Callable[..., Opened], qtbot: Any
) -> None:
    window = open_window().window
    form = window.form
    qtbot.keyClicks(form.prompt, "A red fox in snow")
    form.advanced_toggle.setChecked(True)
    qtbot.keyClicks(form.negative_prompt, "blurry")
    form.duration.setValue(9)
    window.search.setFocus()

    qtbot.keyClick(window.search, Qt.Key.Key_N, CTRL)

    assert form.prompt.toPlainText() == ""
    assert form.negative_prompt.toPlainText() == ""
    assert form.duration.value() == 9  # the other settings stay
    assert QApplication.focusWidget() is form.prompt
    # The old prompt is one undo away...
    qtbot.keyClick(form.prompt, Qt.Key.Key_Z, CTRL)
    assert form.prompt.toPlainText() == "A red fox in snow"
    # ...and what is typed after Ctrl+N is the whole new prompt.
    qtbot.keyClick(form.prompt, Qt.Key.Key_N, CTRL)
    qtbot.keyClicks(form.prompt, "Lanterns")
    assert form.prompt.toPlainText() == "Lanterns"


def test_after_generate_the_focus_stays_in_the_prompt(
    open_window: Callable[..., Opened], qtbot: Any
) -> None:
    window = open_window().window
    form = window.form
    generate(qtbot, window, "first")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    qtbot.waitUntil(form.generate.isEnabled)
    assert QApplication.focusWidget() is form.prompt

    # Clicked with the mouse: the button, disabled while it submits, does not pass the focus
    # on to the search box.
    qtbot.keyClicks(form.prompt, " and second")
    qtbot.mouseClick(form.generate, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    qtbot.waitUntil(form.generate.isEnabled)
    assert QApplication.focusWidget() is form.prompt

    # Pressed from the keyboard, reached with Tab.
    form.generate.setFocus()
    qtbot.keyClick(form.generate, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3)
    qtbot.waitUntil(form.generate.isEnabled)
    assert QApplication.focusWidget() is form.prompt


# -- closing --------------------------------------------------------------------------------------


def test_closing_with_running_jobs_asks_and_cancel_keeps_everything_going(
    open_window: Callable[..., Opened], qtbot: Any
) -> None:
    opened = open_window(job_seconds=30)
    window = opened.window
    quits: list[bool] = []
    window.quit_requested.connect(lambda: quits.append(True))
    generate(qtbot, window, "a long one")
    qtbot.waitUntil(lambda: statuses(window) in (["pending"], ["processing"]), timeout=5000)

    assert returns_at_once(window, lambda: qtbot.keyClick(window.form.prompt, Qt.Key.Key_Q, CTRL))
    qtbot.waitUntil(lambda: open_box() is not None)
    box = open_box()
    assert box is not None
    assert "A job is still being generated or saved." in box.text()
    assert window.isVisible()
    # While it asks, the job is still followed: the service is asked about it again.
    polls = len(opened.sim.received(method="GET"))
    qtbot.waitUntil(lambda: len(opened.sim.received(method="GET")) > polls + 2)

    qtbot.mouseClick(button(box, "Cancel"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: open_box() is None)
    assert window.isVisible() and quits == []
    assert opened.engine.in_flight() == 1


def test_closing_with_running_jobs_and_choosing_quit_closes(
    open_window: Callable[..., Opened], qtbot: Any
) -> None:
    window = open_window(job_seconds=30).window
    quits: list[bool] = []
    window.quit_requested.connect(lambda: quits.append(True))
    generate(qtbot, window, "a long one")
    qtbot.waitUntil(lambda: statuses(window) in (["pending"], ["processing"]), timeout=5000)

    assert returns_at_once(window, window.close)
    qtbot.waitUntil(lambda: open_box() is not None)
    box = open_box()
    assert box is not None
    qtbot.mouseClick(button(box, "Quit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: quits == [True])
    assert not window.isVisible()


def test_a_quit_from_the_system_while_it_asks_closes_the_question_too(
    open_window: Callable[..., Opened], qtbot: Any
) -> None:
    window = open_window(job_seconds=30).window
    quits: list[bool] = []
    window.quit_requested.connect(lambda: quits.append(True))
    generate(qtbot, window, "a long one")
    qtbot.waitUntil(lambda: statuses(window) in (["pending"], ["processing"]), timeout=5000)
    window.close()
    qtbot.waitUntil(lambda: open_box() is not None)
    window.quit(ask=False)  # SIGTERM, logout
    assert quits == [True]
    qtbot.waitUntil(lambda: open_box() is None)


def test_closing_with_nothing_running_asks_nothing(
    open_window: Callable[..., Opened], qtbot: Any
) -> None:
    window = open_window().window
    quits: list[bool] = []
    window.quit_requested.connect(lambda: quits.append(True))
    qtbot.keyClick(window.form.prompt, Qt.Key.Key_Q, CTRL)
    assert quits == [True] and open_box() is None


# -- what a job allows ----------------------------------------------------------------------------


def enabled_job_actions(window: MainWindow) -> set[Action]:
    return {a for a, act in window.window_actions.job_actions.items() if act.isEnabled()}


def click_row(qtbot: Any, window: MainWindow, row: int) -> None:
    table = window.table
    rect = table.visualRect(table.model().index(row, Column.PROMPT))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_the_rules_drive_menus_buttons_and_the_context_menu(
    open_window: Callable[..., Opened], qtbot: Any
) -> None:
    opened = open_window(job_seconds=30)
    window, engine = opened.window, opened.engine
    generate(qtbot, window, "a long one")
    qtbot.waitUntil(lambda: statuses(window) in (["pending"], ["processing"]), timeout=5000)
    click_row(qtbot, window, 0)
    qtbot.waitUntil(lambda: Action.STOP_TRACKING in enabled_job_actions(window))
    job = window.model.job_at(0)
    assert enabled_job_actions(window) == rules.allowed(job, demo=False)

    # Stop it with its shortcut, answering the question with the mouse.
    qtbot.keyClick(window.table, Qt.Key.Key_Period, CTRL)
    qtbot.waitUntil(lambda: open_box() is not None)
    box = open_box()
    assert box is not None
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: statuses(window) == ["stopped"])
    qtbot.waitUntil(lambda: Action.RETRY_SAVING in enabled_job_actions(window))
    assert Action.STOP_TRACKING not in enabled_job_actions(window)
    assert window.details.retry_button.isVisibleTo(window.details)

    # In demo mode the live service's task cannot be asked about: no retry offered anywhere.
    engine.configure(demo=True)
    window.set_backend(DEMO_LABEL, True)
    assert Action.RETRY_SAVING not in enabled_job_actions(window)
    assert not window.details.retry_button.isVisibleTo(window.details)
    rect = window.table.visualRect(window.table.model().index(0, Column.PROMPT))

    def right_click() -> None:
        qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.RightButton, pos=rect.center())
        # Offscreen, a mouse click sends no context menu event; the menu key does the same.
        window.table.customContextMenuRequested.emit(rect.center())

    assert returns_at_once(window, right_click)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    offered = {a.text() for a in menu.actions() if not a.isSeparator()}
    assert "Retry sa&ving" not in offered
    assert {"&Reuse settings", "&Submit again…", "Re&move from history…"} <= offered
    menu.close()
    reactivate(qtbot, window)

    # Back on the live service, Ctrl+Shift+S picks the job up again.
    engine.configure(demo=False)
    window.set_backend("Live · test", False)
    assert Action.RETRY_SAVING in enabled_job_actions(window)
    qtbot.keyClick(window.table, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: statuses(window) in (["pending"], ["processing"]))


class OpenedUrls(QObject):
    """Stands in for the desktop's file opener (which would start a video player)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened_urls() -> Iterator[OpenedUrls]:
    handler = OpenedUrls()
    QDesktopServices.setUrlHandler("file", handler, "open")
    yield handler
    QDesktopServices.unsetUrlHandler("file")


def test_return_on_a_saved_row_opens_it_while_the_file_is_there(
    open_window: Callable[..., Opened], qtbot: Any, opened_urls: OpenedUrls
) -> None:
    window = open_window().window
    generate(qtbot, window, "a fox")
    qtbot.waitUntil(lambda: statuses(window) == ["saved"], timeout=10_000)
    window.model.flush()
    click_row(qtbot, window, 0)
    qtbot.waitUntil(lambda: Action.OPEN in enabled_job_actions(window))
    assert window.details.open_button.isVisibleTo(window.details)
    video = Path(window.model.job_at(0).path or "")
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert [url.toLocalFile() for url in opened_urls.urls] == [str(video)]

    video.unlink()
    window.details.refresh()
    assert not window.details.open_button.isVisibleTo(window.details)
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert len(opened_urls.urls) == 1


def test_submit_again_and_remove_ask_and_do_what_was_answered(
    open_window: Callable[..., Opened], qtbot: Any
) -> None:
    opened = open_window()
    window = opened.window
    generate(qtbot, window, "a fox")
    qtbot.waitUntil(lambda: statuses(window) == ["saved"], timeout=10_000)
    window.model.flush()
    click_row(qtbot, window, 0)
    qtbot.waitUntil(lambda: Action.SUBMIT_AGAIN in enabled_job_actions(window))

    shift = CTRL | Qt.KeyboardModifier.ShiftModifier
    assert returns_at_once(window, lambda: qtbot.keyClick(window.table, Qt.Key.Key_R, shift))
    qtbot.waitUntil(lambda: open_box() is not None)
    box = open_box()
    assert box is not None
    assert "new, paid submission" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: statuses(window) == ["saved", "saved"], timeout=10_000)
    assert len(opened.sim.submissions()) == 2

    reactivate(qtbot, window)
    window.model.flush()
    click_row(qtbot, window, 0)
    video = Path(window.model.job_at(0).path or "")
    assert video.is_file()
    assert returns_at_once(window, lambda: qtbot.keyClick(window.table, Qt.Key.Key_Delete))
    qtbot.waitUntil(lambda: open_box() is not None)
    box = open_box()
    assert box is not None
    assert box.text() == "Remove this job from the history?"
    check = box.checkBox()
    assert check is not None
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=check.rect().center())
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert not video.exists()


# -- demo mode ------------------------------------------------------------------------------------


def test_demo_mode_shows_no_balance(open_window: Callable[..., Opened], qtbot: Any) -> None:
    opened = open_window(with_balance=True)
    window, status = opened.window, opened.window.status_bar
    # A live service's balance shows...
    status.refresh_balance()
    qtbot.waitUntil(lambda: status.balance_label.text().startswith("Balance"))
    # ...and goes when the preferences switch to demo mode, which costs nothing.
    opened.engine.configure(demo=True)
    window.set_backend(DEMO_LABEL, True)
    assert status.balance_label.text() == ""
    assert "no cost" in status.backend_label.text()
    asked = len(opened.balance_asked)
    generate(qtbot, window, "a free fox")
    qtbot.waitUntil(lambda: statuses(window) == ["saved"], timeout=10_000)
    status.refresh_balance()
    assert len(opened.balance_asked) == asked
    assert status.balance_label.text() == ""


def test_starting_in_demo_mode_never_asks_for_a_balance(
    open_window: Callable[..., Opened], qtbot: Any
) -> None:
    opened = open_window(demo=True, with_balance=True)
    opened.window.status_bar.refresh_balance()
    generate(qtbot, opened.window, "a free fox")
    qtbot.waitUntil(lambda: statuses(opened.window) == ["saved"], timeout=10_000)
    assert opened.balance_asked == []
    assert opened.window.status_bar.balance_label.text() == ""


# -- a small window -------------------------------------------------------------------------------

LONG_PROMPT = (
    "A futuristic train gliding through a neon city at dawn, reflections on wet rails, "
    "slow dolly shot, warm light"
)


def test_at_800x600_the_list_shows_a_useful_part_of_each_prompt(
    open_window: Callable[..., Opened], qtbot: Any
) -> None:
    window = open_window().window
    generate(qtbot, window, LONG_PROMPT)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    window.resize(800, 600)
    table = window.table
    qtbot.waitUntil(lambda: table.isColumnHidden(Column.CREDITS))
    cell = table.visualRect(table.model().index(0, Column.PROMPT))
    text = QRect(0, 0, cell.width() - 8, 10_000)  # the cell's text margins
    metrics = QFontMetrics(table.font())
    flags = Qt.TextFlag.TextWordWrap if table.wordWrap() else Qt.TextFlag.TextSingleLine
    words = LONG_PROMPT.split()

    def fits(count: int) -> bool:
        needed = metrics.boundingRect(text, int(flags), " ".join(words[:count]))
        return needed.width() <= text.width() and needed.height() <= cell.height()

    shown = max(n for n in range(1, len(words) + 1) if fits(n))
    assert shown >= 8, f"only {shown} words of the prompt fit in {cell.width()}×{cell.height()}"

"""Every mnemonic and the Tab key, found generically on the real window and its dialogs.

For each window (the main window as ReelDesk builds it, with a saved video in its list; the
welcome dialog; Preferences opened from the window) and each of its states (each tab page),
the test collects every mnemonic a person can see: labels with a buddy, buttons, check boxes,
group boxes, tab titles and the menu bar's titles. No key may be taken twice (Qt would
alternate between the two: issue 11, hole 8), a label with a mnemonic needs a buddy (without
one its "&" is shown as typed), and each Alt+letter, pressed on the real window, must do its
job: move the focus to the buddy, click the button, show the tab, open the menu.

Then Tab, from the first field, must visit every enabled field once, in reading order, and
come back round to where it started; Shift+Tab walks the same way back.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenuBar,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QSplitter,
    QTabBar,
    QTextEdit,
    QWidget,
)

from app.engine.jobs import JobStatus
from app.paths import Paths
from app.secrets import KeyStore
from app.settings import SettingsStore
from tests.unit.app.test_secrets import SENTINEL, FakeKeychain
from ui.preferences import PreferencesDialog
from ui.tasks import TaskRunner
from ui.welcome import WelcomeDialog

from .conftest import Studio
from .drive import click, press, press_action, visible_windows, write_prompt

#: What a person types into or operates: the widgets Tab has to reach.
FIELDS = (
    QLineEdit,
    QAbstractSpinBox,
    QComboBox,
    QPlainTextEdit,
    QTextEdit,
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QTabBar,
)


#: How many presses of Tab a widget may keep the focus for (a label's links, one by one).
STAYS = 20


@dataclass
class State:
    """One way a window can look (a tab page shown, a section opened), entered with real
    events; ``enter`` does nothing when the window is in that state already."""

    name: str
    enter: Callable[[], None]
    first: Callable[[], QWidget]  # where Tab starts


@dataclass
class Scope:
    """A window under test, with the task runner its buttons start work on."""

    top: QWidget
    states: list[State]
    tasks: TaskRunner


@dataclass(frozen=True, repr=False)
class Mnemonic:
    key: str  # "Alt+V"
    text: str
    owner: QWidget  # the label, button, group box, tab bar or menu bar that carries it
    index: int = -1  # the tab, or the menu bar's menu

    def __repr__(self) -> str:
        return f"{self.key} ({self.text!r} on a {type(self.owner).__name__})"


# -- finding ------------------------------------------------------------------------------------


def key_of(text: str) -> str:
    return QKeySequence.mnemonic(text).toString(QKeySequence.SequenceFormat.PortableText)


def is_rich(label: QLabel) -> bool:
    if label.textFormat() == Qt.TextFormat.AutoText:
        return bool(GuiQt.mightBeRichText(label.text()))
    return label.textFormat() == Qt.TextFormat.RichText


def shown_widgets(top: QWidget) -> list[QWidget]:
    return [w for w in top.findChildren(QWidget) if w.isVisibleTo(top)]


def mnemonics(top: QWidget) -> list[Mnemonic]:
    """Every mnemonic a person can see in ``top`` as it is now."""
    found: list[Mnemonic] = []

    def add(text: str, owner: QWidget, index: int = -1) -> None:
        key = key_of(text)
        if key:
            found.append(Mnemonic(key, text, owner, index))

    for widget in shown_widgets(top):
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and not is_rich(widget)
        ):
            add(widget.text(), widget)
        elif isinstance(widget, QGroupBox):
            add(widget.title(), widget)
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.isTabVisible(index):
                    add(widget.tabText(index), widget, index)
        elif isinstance(widget, QMenuBar):
            for index, action in enumerate(widget.actions()):
                if action.isVisible():
                    add(action.text(), widget, index)
    return found


def menu_clashes(top: QWidget) -> list[str]:
    """Items that share a letter within one menu of the menu bar (an open menu takes the
    letter without Alt)."""
    clashes = []
    for bar in top.findChildren(QMenuBar):
        for title in bar.actions():
            menu = title.menu()
            if menu is None:
                continue
            by_key: dict[str, list[str]] = defaultdict(list)
            for action in menu.actions():
                key = key_of(action.text())
                if key and action.isVisible():
                    by_key[key].append(action.text())
            clashes += [
                f"{title.text()!r} menu: {texts}" for texts in by_key.values() if len(texts) > 1
            ]
    return clashes


def describe(widget: QWidget | None) -> str:
    if widget is None:
        return "nothing"
    text = ""
    for reading in ("text", "placeholderText", "currentText", "title"):
        method = getattr(widget, reading, None)
        if callable(method):
            text = str(method())
            if text:
                break
    return f"{type(widget).__name__} {text!r}" if text else type(widget).__name__


# -- pressing -----------------------------------------------------------------------------------


def became(qtbot: Any, condition: Callable[[], bool], timeout: int = 1500) -> bool:
    try:
        qtbot.waitUntil(condition, timeout=timeout)
    except qtbot.TimeoutError:
        return False
    return True


def type_key(qtbot: Any, top: QWidget, key: str) -> None:
    """Type ``key`` where the keyboard focus is in ``top``, as a keyboard would."""
    combination = QKeySequence(key)[0]
    target = QApplication.focusWidget() or top
    qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())


def activate(qtbot: Any, top: QWidget) -> None:
    if not top.isVisible():
        top.show()  # a dialog a button closed (its work is checked elsewhere) comes back
    top.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is top, timeout=3000)


def settle(qtbot: Any, scope: Scope, before: set[QWidget]) -> None:
    """Undo what a press opened (a menu, a folder chooser) with Escape, as a person would,
    and let the work a button started finish."""

    def opened() -> list[QWidget]:
        return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w not in before]

    # The work a button starts may open its window a turn of the loop later.
    qtbot.waitUntil(lambda: scope.tasks.running == 0 or bool(opened()), timeout=5000)
    for window in opened():
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda window=window: not window.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: scope.tasks.running == 0, timeout=5000)
    if isinstance(QApplication.focusWidget(), QMenuBar):
        # A menu opened from the keyboard leaves the bar selected: a second Escape leaves it.
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)


def toggles_back(button: QAbstractButton) -> bool:
    """A check box or a toggle: pressing its mnemonic again undoes the first press."""
    if not button.isCheckable():
        return False
    group = button.group()
    exclusive = group.exclusive() if group is not None else button.autoExclusive()
    return not exclusive


def check_press(qtbot: Any, scope: Scope, mnemonic: Mnemonic) -> str | None:
    """Press the mnemonic on the real window; what went wrong, if anything."""
    top, owner = scope.top, mnemonic.owner
    if isinstance(owner, QLabel):
        buddy = owner.buddy()
        if buddy is None or not buddy.isEnabled():
            return None  # no buddy is reported apart; a disabled field cannot take the focus
        type_key(qtbot, top, mnemonic.key)
        if not became(qtbot, buddy.hasFocus):
            return f"does not move the focus to {describe(buddy)} (it is on {focused()})"
        return None
    if isinstance(owner, QAbstractButton):
        if not owner.isEnabled():
            return None
        clicks: list[object] = []

        def clicked(*_checked: object) -> None:
            clicks.append(_checked)

        owner.clicked.connect(clicked)
        try:
            presses = 2 if toggles_back(owner) else 1
            for count in range(1, presses + 1):
                type_key(qtbot, top, mnemonic.key)
                if not became(qtbot, lambda count=count: len(clicks) == count):
                    return f"does not click it (the focus is on {focused()})"
        finally:
            owner.clicked.disconnect(clicked)
        return None
    if isinstance(owner, QTabBar):
        type_key(qtbot, top, mnemonic.key)
        if not became(qtbot, lambda: owner.currentIndex() == mnemonic.index):
            return "does not show its page"
        return None
    if isinstance(owner, QMenuBar):
        menu = owner.actions()[mnemonic.index].menu()
        type_key(qtbot, top, mnemonic.key)
        if menu is None or not became(qtbot, menu.isVisible):
            return f"does not open its menu (the focus is on {focused()})"
        return None
    if isinstance(owner, QGroupBox):
        checked = owner.isChecked()
        type_key(qtbot, top, mnemonic.key)
        if owner.isCheckable():
            if not became(qtbot, lambda: owner.isChecked() != checked):
                return "does not toggle it"
        elif not became(qtbot, lambda: owner.isAncestorOf(QApplication.focusWidget())):
            return "does not move the focus into it"
        return None
    return f"is on a {type(owner).__name__} this test does not know"


def focused() -> str:
    return describe(QApplication.focusWidget())


def mnemonic_problems(qtbot: Any, scope: Scope) -> list[str]:
    problems: list[str] = []
    for state in scope.states:
        activate(qtbot, scope.top)
        state.enter()
        found = mnemonics(scope.top)
        by_key: dict[str, list[Mnemonic]] = defaultdict(list)
        for mnemonic in found:
            by_key[mnemonic.key].append(mnemonic)
        for key, taken in by_key.items():
            if len(taken) > 1:
                problems.append(f"{state.name}: {key} is taken {len(taken)} times: {taken}")
        problems += [f"{state.name}: {clash}" for clash in menu_clashes(scope.top)]
        for mnemonic in found:
            owner = mnemonic.owner
            if isinstance(owner, QLabel) and owner.buddy() is None:
                problems.append(f"{state.name}: {mnemonic} has no buddy: its '&' shows as typed")
        for mnemonic in found:
            before = {w for w in QApplication.topLevelWidgets() if w.isVisible()}
            problem = check_press(qtbot, scope, mnemonic)
            if problem is not None:
                problems.append(f"{state.name}: {mnemonic} {problem}")
            settle(qtbot, scope, before)
            activate(qtbot, scope.top)
            state.enter()
    return problems


# -- Tab ----------------------------------------------------------------------------------------


def fields(top: QWidget) -> list[QWidget]:
    """The enabled fields of ``top`` as it is now, that Tab has to reach."""
    found = []
    for widget in shown_widgets(top):
        if not isinstance(widget, FIELDS) or not widget.isEnabled():
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or widget.focusProxy() is not None:
            continue
        if isinstance(widget, QRadioButton) and not widget.isChecked():
            continue  # Tab stops once in a group of choices, at the chosen one
        found.append(widget)
    return found


def area(widget: QWidget, top: QWidget) -> QRect:
    return QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())


def region(widget: QWidget, top: QWidget) -> QWidget:
    """The part of the window ``widget`` is in: each side of the outermost splitter is read
    on its own, from its top (the form, then the list and details beside it)."""
    found = top
    parent = widget
    while parent is not None and parent is not top:
        if isinstance(parent.parentWidget(), QSplitter):
            found = parent
        parent = parent.parentWidget()
    return found


def reads_after(first: QRect, second: QRect) -> bool:
    """Below, or on the same line to the right (a few pixels of overlap allowed)."""
    slack = 4
    if second.top() >= first.bottom() - slack:
        return True
    same_line = min(first.bottom(), second.bottom()) > max(first.top(), second.top())
    return same_line and second.left() >= first.right() - slack


def walk(qtbot: Any, start: QWidget, key: Qt.Key) -> tuple[list[QWidget], str | None]:
    """Press ``key`` until the focus is back at ``start``: the widgets visited, and how the
    walk went wrong, if it did. A widget may keep the focus for a few presses (a label's
    links take it in turn) but not for ever (a table's cells, round and round)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(start.hasFocus, timeout=2000)
    visited = [QApplication.focusWidget()]
    stays = 0
    for _ in range(120):
        qtbot.keyClick(QApplication.focusWidget(), key)
        now = QApplication.focusWidget()
        if now is visited[0]:
            return visited, None
        if now is visited[-1]:
            stays += 1
            if stays > STAYS:
                return visited, f"is stuck on {describe(now)}"
            continue
        stays = 0
        if now in visited:
            return visited, f"goes round from {describe(visited[-1])} to {describe(now)}"
        visited.append(now)
    return visited, "never comes back"


def tab_problems(qtbot: Any, scope: Scope) -> list[str]:
    problems: list[str] = []
    top = scope.top
    for state in scope.states:
        activate(qtbot, top)
        state.enter()
        visited, problem = walk(qtbot, state.first(), Qt.Key.Key_Tab)
        names = [describe(w) for w in visited]
        if problem is not None:
            problems.append(f"{state.name}: Tab {problem} after {names}")
            continue
        missed = [describe(w) for w in fields(top) if w not in visited]
        if missed:
            problems.append(f"{state.name}: Tab never reaches {missed}; it visits {names}")
        regions = [region(w, top) for w in visited]
        runs = [part for part, _ in itertools.groupby(regions)]
        if len(runs) != len(set(runs)):
            problems.append(
                f"{state.name}: Tab leaves a part of the window and comes back: {names}"
            )
        for (a, part_a), (b, part_b) in itertools.pairwise(zip(visited, regions, strict=True)):
            if part_a is part_b and not reads_after(area(a, top), area(b, top)):
                problems.append(
                    f"{state.name}: Tab goes back up from {describe(a)} to {describe(b)}"
                )
        back, problem = walk(qtbot, state.first(), Qt.Key.Key_Backtab)
        if problem is not None or back != [visited[0], *reversed(visited[1:])]:
            problems.append(
                f"{state.name}: Shift+Tab {problem or 'takes another way'}: "
                f"{[describe(w) for w in back]}"
            )
    return problems


# -- the windows --------------------------------------------------------------------------------


def save_a_video(studio: Studio, qtbot: Any) -> None:
    """A prompt, Ctrl+Enter, and the video saved and selected."""
    window = studio.window
    write_prompt(qtbot, window.form, "A paper boat on a puddle")
    press(qtbot, QKeySequence("Ctrl+Return"))
    qtbot.waitUntil(lambda: studio.status_texts() == ["Saved"], timeout=10_000)
    # The details pane follows a repaint later.
    qtbot.waitUntil(lambda: getattr(window.details.job, "status", None) is JobStatus.SAVED)


def main_window(studio: Studio, qtbot: Any) -> Scope:
    """The window with a saved video selected: the list has a row, the details its buttons."""
    save_a_video(studio, qtbot)
    form = studio.window.form

    def close_advanced() -> None:
        if form.advanced_toggle.isChecked():
            click(qtbot, form.advanced_toggle)

    def open_advanced() -> None:
        if not form.advanced_toggle.isChecked():
            click(qtbot, form.advanced_toggle)

    return Scope(
        studio.window,
        [
            State("window", close_advanced, lambda: form.prompt),
            State("window, negative prompt shown", open_advanced, lambda: form.prompt),
        ],
        studio.session.tasks,
    )


def unexpected(error: Exception) -> None:
    raise AssertionError(f"a button's work failed: {error!r}")  # the loop fixture reports it


def welcome(qtbot: Any, paths: Paths) -> Scope:
    """The first-run dialog with a key typed, so that every button is live."""
    tasks = TaskRunner(unexpected)
    keys = KeyStore(paths.key_file, backend=FakeKeychain())
    dialog = WelcomeDialog(keys, SettingsStore(paths.settings_file), tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)

    def typed() -> None:
        if not dialog.key_field.edit.text():
            qtbot.keyClicks(dialog.key_field.edit, SENTINEL)

    return Scope(dialog, [State("welcome", typed, lambda: dialog.key_field.edit)], tasks)


def preferences(studio: Studio, qtbot: Any) -> Scope:
    """Preferences as the window opens them, on a live connection (every field enabled)."""
    press_action(qtbot, studio.window.window_actions.preferences_action)
    qtbot.waitUntil(lambda: bool(visible_windows(PreferencesDialog)), timeout=3000)
    (dialog,) = visible_windows(PreferencesDialog)
    assert not dialog.demo.isChecked()
    tabs = dialog.tabs

    def page(index: int) -> State:
        def enter() -> None:
            if tabs.currentIndex() != index:
                bar = tabs.tabBar()
                qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
            if index == 0 and not dialog.proxy_custom.isChecked():
                click(qtbot, dialog.proxy_custom)  # its address field is live too

        return State(f"Preferences, {tabs.tabText(index)}", enter, tabs.tabBar)

    return Scope(dialog, [page(index) for index in range(tabs.count())], studio.session.tasks)


@pytest.fixture(params=["main window", "welcome", "preferences"])
def scope(request: pytest.FixtureRequest, qtbot: Any) -> Iterator[Scope]:
    if request.param == "welcome":
        request.getfixturevalue("qloop")  # saving a key runs on the event loop
        yield welcome(qtbot, request.getfixturevalue("paths"))
        return
    studio = request.getfixturevalue("studio")
    yield (
        main_window(studio, qtbot) if request.param == "main window" else preferences(studio, qtbot)
    )


def test_every_mnemonic_is_unique_and_reaches_its_field(scope: Scope, qtbot: Any) -> None:
    problems = mnemonic_problems(qtbot, scope)
    assert not problems, "\n".join(problems)


def test_tab_visits_every_field_in_reading_order_and_comes_back(scope: Scope, qtbot: Any) -> None:
    problems = tab_problems(qtbot, scope)
    assert not problems, "\n".join(problems)


def test_the_remove_question_ticks_its_box_and_answers_from_the_keyboard(
    studio: Studio, qtbot: Any
) -> None:
    window = studio.window
    save_a_video(studio, qtbot)
    (job,) = studio.rows()
    assert job.path is not None and Path(job.path).exists()
    window.table.setFocus()
    press_action(qtbot, window.window_actions.remove_action)
    qtbot.waitUntil(lambda: bool(visible_windows(QMessageBox)), timeout=3000)
    (box,) = visible_windows(QMessageBox)
    found = mnemonics(box)
    assert len({m.key for m in found}) == len(found), found
    also_files = box.checkBox()
    assert also_files is not None and not also_files.isChecked()
    type_key(qtbot, box, "Alt+A")
    qtbot.waitUntil(also_files.isChecked, timeout=2000)
    type_key(qtbot, box, "Alt+Y")
    qtbot.waitUntil(lambda: studio.rows() == [], timeout=3000)
    assert not Path(job.path).exists()

"""Help → Keyboard shortcuts: opened with F1 or Ctrl+? on the real window, it lists every key
the window's menus have (read from the actions themselves), and finds them by name or key."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from app.messages import Catalogue
from tests.unit.ui.test_compare import take
from ui.compare import CompareWindow
from ui.cull import Culler
from ui.shortcuts import ShortcutsDialog, key_text, plain

from .conftest import Studio
from .drive import press, visible_windows


def shown_dialog(qtbot: Any) -> ShortcutsDialog:
    qtbot.waitUntil(lambda: bool(visible_windows(ShortcutsDialog)), timeout=3000)
    (dialog,) = visible_windows(ShortcutsDialog)
    return dialog


def menu_keys(studio: Studio) -> set[tuple[str, str, str]]:
    """(menu, action, keys) of every menu action with a key, read from the menu bar."""
    rows = set()
    for top in studio.window.menuBar().actions():
        menu = top.menu()
        assert isinstance(menu, QMenu)
        for action in menu.actions():
            if not action.isSeparator() and action.shortcuts():
                rows.add((plain(top.text()), plain(action.text()), key_text(action.shortcuts())))
    return rows


def test_f1_lists_every_menu_key_and_the_search_finds_them(studio: Studio, qtbot: Any) -> None:
    press(qtbot, QKeySequence("F1"))
    dialog = shown_dialog(qtbot)
    assert not dialog.isModal()
    rows = set(dialog.rows())
    expected = menu_keys(studio)
    assert len(expected) > 30
    assert expected <= rows, expected - rows
    # No key of the window goes unlisted, in a menu or not.
    listed = {keys for _group, _action, keys in rows}
    for action in studio.window.findChildren(QAction):
        if action.shortcuts():
            assert key_text(action.shortcuts()) in listed, action.text()
    groups = {group for group, _action, _keys in rows}
    assert {"File", "Edit", "View", "Review", "Help", "Form", "Compare window"} <= groups
    (help_keys,) = [keys for _g, action, keys in rows if action == "Keyboard shortcuts"]
    assert {"F1", "Ctrl+?"} <= set(help_keys.split(" / "))
    assert ("Form", "Generate", "Ctrl+Return") in rows
    assert ("Compare window", "Play backwards (again: faster)", "J") in rows
    assert ("Compare window", "5 stars", "Alt+5") in rows

    qtbot.keyClicks(dialog.search, "gallery")
    assert dialog.rows() == [("View", "Gallery", "Ctrl+G")]
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "ctrl+shift+p")
    assert [action for _g, action, _k in dialog.rows()] == ["Pause queue"]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    studio.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is studio.window)
    press(qtbot, QKeySequence("Ctrl+?"))
    assert shown_dialog(qtbot) is dialog


@pytest.mark.qt_log_ignore("No audio device detected", "PulseAudioService", r"No RHI backend")
def test_no_two_actions_of_a_window_share_a_key(studio: Studio, tmp_path: Path) -> None:
    compare = CompareWindow([take(tmp_path, 1), take(tmp_path, 2)], Catalogue("en"))
    core = studio.session.core
    assert core is not None
    # The marks as the window adds them when it opens a compare window.
    Culler(
        [compare],
        core.engine,
        studio.session.tasks,
        targets=list,
        advance=compare.advance,
        stars_modifier="Alt+",
        context=Qt.ShortcutContext.WindowShortcut,
        parent=compare,
    )
    try:
        for window in (studio.window, compare):
            keys = Counter(
                key.toString()
                for action in window.findChildren(QAction)
                for key in action.shortcuts()
            )
            assert len(keys) > 10
            assert [key for key, n in keys.items() if n > 1] == [], type(window).__name__
    finally:
        compare.deleteLater()

"""A new language in Preferences takes over the open window at once: menus, the form, the
list's headers and the jobs' status words, with no restart; and back again."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from app.settings import SettingsStore
from ui.application import switch_language
from ui.job_model import Column
from ui.preferences import PreferencesDialog

from .conftest import Studio
from .drive import click, press, press_action, visible_windows, write_prompt


def choose_language(studio: Studio, qtbot: Any, name: str) -> None:
    """Preferences → Appearance → Language, by keyboard, then OK."""
    studio.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is studio.window, timeout=3000)
    press_action(qtbot, studio.window.window_actions.preferences_action)
    qtbot.waitUntil(lambda: bool(visible_windows(PreferencesDialog)), timeout=3000)
    (dialog,) = visible_windows(PreferencesDialog)
    dialog.tabs.setCurrentWidget(dialog.language.parentWidget())
    # No "applies when ReelDesk restarts" any more: it applies at OK.
    assert not any(
        "restart" in label.text() for label in dialog.findChildren(QLabel) if label.isVisible()
    )
    dialog.language.setFocus()
    qtbot.keyClick(dialog.language, Qt.Key.Key_Home)
    for _ in range(dialog.language.count()):
        if dialog.language.currentText() == name:
            break
        qtbot.keyClick(dialog.language, Qt.Key.Key_Down)
    assert dialog.language.currentText() == name
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def menu_titles(studio: Studio) -> list[str]:
    return [action.text() for action in studio.window.menuBar().actions()]


def headers(studio: Studio) -> list[str]:
    header = studio.window.table.horizontalHeader()
    model = header.model()
    return [
        str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(header.count())
    ]


def test_switching_to_chinese_and_back_retranslates_the_open_window(
    studio: Studio, qtbot: Any
) -> None:
    window = studio.window
    write_prompt(qtbot, window.form, "a fox on the moon")
    press(qtbot, QKeySequence("Ctrl+Return"))
    qtbot.waitUntil(lambda: studio.status_texts() == ["Saved"], timeout=10_000)
    english = menu_titles(studio)
    assert english[0] == "&File"
    try:
        switch_and_back(studio, qtbot, english)
    finally:
        # Whatever failed, the tests after this one run in English.
        switch_language(studio.session, "en")


def switch_and_back(studio: Studio, qtbot: Any, english: list[str]) -> None:
    window = studio.window
    choose_language(studio, qtbot, "简体中文")
    qtbot.waitUntil(lambda: menu_titles(studio)[0] == "文件(&F)", timeout=3000)
    assert SettingsStore(studio.session.paths.settings_file).settings.language == "zh_CN"
    assert menu_titles(studio)[:3] == ["文件(&F)", "编辑(&E)", "视图(&V)"]
    assert window.form.prompt_label.text() == "提示词(&P)"
    assert window.search.placeholderText() == "搜索提示词…"
    assert window.status_filter.itemText(0) == "全部"
    assert headers(studio)[Column.STATUS] == "状态"
    assert studio.status_texts() == ["已保存"]
    assert window.window_actions.filter_actions[0].text() == "全部"
    assert window.culler.actions[0].text() == "选用(&P)"
    assert window.projects.filter.itemText(0) == "所有项目"
    assert window.form.load_prompts.text() == "载入提示词(&D)…"
    assert window.form.matrix.findChildren(QLabel)[0].text() == "宽高比"
    assert window.status_bar.backend_label.text().startswith("在线 · ")
    status = window.details._fields["status"]
    assert status.text().startswith("已保存")
    assert status.accessibleDescription() == "状态"

    choose_language(studio, qtbot, "English")
    qtbot.waitUntil(lambda: menu_titles(studio) == english, timeout=3000)
    assert window.form.prompt_label.text() == "&Prompt"
    assert headers(studio)[Column.STATUS] == "Status"
    assert studio.status_texts() == ["Saved"]
    assert status.text().startswith("Saved")
    assert status.accessibleDescription() == "Status"

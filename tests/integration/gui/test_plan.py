"""Planning in the window, driven with keys and clicks against a live simulator: the matrix
and its preview, the estimate on the Generate button, the daily limit and the confirmation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QWidget,
)

from app.paths import Paths
from app.settings import SettingsStore
from app.simulator import SimulatorConfig
from tests.integration.test_window_actions import reactivate
from ui.library_dialog import LibraryDialog
from ui.plan_preview import PlanPreview
from ui.spending import SpendingDialog

from .conftest import Studio
from .drive import (
    BoxAnswerer,
    click,
    labelled,
    press_action,
    set_variations,
    standard,
    visible_windows,
    write_prompt,
)
from .test_preferences import open_preferences


def _preview(qtbot: Any) -> PlanPreview:
    qtbot.waitUntil(lambda: len(visible_windows(PlanPreview)) == 1, timeout=3000)
    (preview,) = visible_windows(PlanPreview)
    return preview  # type: ignore[no-any-return]


def test_the_preview_sends_exactly_the_ticked_rows(studio: Studio, qtbot: Any) -> None:
    form = studio.window.form
    write_prompt(qtbot, form, "a {red|grey} fox")
    click(qtbot, form.matrix_toggle)
    click(qtbot, form.matrix.aspect_ratios.chip(form.matrix.aspect_ratios.chips[0][1]))
    click(qtbot, form.matrix.aspect_ratios.chip(form.matrix.aspect_ratios.chips[4][1]))
    assert form.generate.text() == "Generate 4 videos · cost unknown"
    click(qtbot, form.generate)
    preview = _preview(qtbot)
    table = preview.table
    assert table.rowCount() == 4
    planned = [(table.item(r, 1).text(), table.item(r, 2).text()) for r in range(4)]
    assert [p for p, _ in planned] == ["a red fox", "a red fox", "a grey fox", "a grey fox"]
    # Untick the middle two with the keyboard: Down, Space; Down, Space.
    qtbot.waitUntil(table.hasFocus, timeout=2000)
    for _ in range(2):
        qtbot.keyClick(table, Qt.Key.Key_Down)
        qtbot.keyClick(table, Qt.Key.Key_Space)
    assert preview.send_button.text() == "Send 2 videos"
    assert preview.summary.text().startswith("2 videos of 4")
    click(qtbot, preview.send_button)
    qtbot.waitUntil(lambda: len(studio.sim.submissions()) == 2, timeout=5000)
    sent = [(b["prompt"], b["aspect_ratio"]) for b in map(_body, studio.sim.submissions())]
    assert sorted(sent) == [("a grey fox", "9:16"), ("a red fox", "16:9")]
    qtbot.waitUntil(lambda: len(studio.rows()) == 2, timeout=5000)


def test_cancelling_the_preview_sends_nothing(studio: Studio, qtbot: Any) -> None:
    form = studio.window.form
    click(qtbot, form.per_line)
    write_prompt(qtbot, form, "one")
    qtbot.keyClick(form.prompt, Qt.Key.Key_Return)
    qtbot.keyClicks(form.prompt, "two")
    assert form.generate.text().startswith("Generate 2 videos")
    click(qtbot, form.generate)
    preview = _preview(qtbot)
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not preview.isVisible(), timeout=2000)
    qtbot.waitUntil(form.generate.isEnabled, timeout=2000)
    assert studio.sim.submissions() == []


def test_the_button_learns_the_price_from_the_first_video(studio: Studio, qtbot: Any) -> None:
    form = studio.window.form
    write_prompt(qtbot, form, "lanterns")
    assert form.generate.text() == "Generate 1 video · cost unknown"
    click(qtbot, form.generate)
    qtbot.waitUntil(lambda: studio.status_texts() == ["Saved"], timeout=10_000)
    # 5 s at 720p: what the simulator reported, now the estimate for the same settings.
    qtbot.waitUntil(lambda: form.generate.text() == "Generate 1 video · ≈ 10 credits", timeout=3000)


def test_the_history_is_learned_from_off_the_windows_thread(
    studio: Studio, qtbot: Any, monkeypatch: Any
) -> None:
    """With a large history, learning what videos cost takes a large part of a second: as
    jobs change, it happens on a worker thread, and the estimate follows."""
    import threading

    from ui import planner

    on_main: list[bool] = []
    real = planner.learn

    def recording(jobs: Any, table: Any) -> Any:
        on_main.append(threading.current_thread() is threading.main_thread())
        return real(jobs, table)

    monkeypatch.setattr(planner, "learn", recording)
    form = studio.window.form
    write_prompt(qtbot, form, "lanterns")
    on_main.clear()  # the first estimate may learn at once: what follows must not
    click(qtbot, form.generate)
    qtbot.waitUntil(
        lambda: form.generate.text() == "Generate 1 video · ≈ 10 credits", timeout=13_000
    )
    assert on_main and not any(on_main)


def _body(received: Any) -> dict[str, Any]:
    return dict(received.json())


def _with_settings(paths: Paths, **changes: Any) -> None:
    SettingsStore(paths.settings_file).update(**changes)


def test_a_batch_over_the_daily_limit_is_refused(
    open_studio: Callable[..., Studio],
    paths: Paths,
    qtbot: Any,
    answer: Callable[..., BoxAnswerer],
) -> None:
    _with_settings(paths, daily_limit=15.0, price_table={"720p": 2.0})
    studio = open_studio(SimulatorConfig(job_seconds=1.2))
    form = studio.window.form
    write_prompt(qtbot, form, "lanterns")
    set_variations(qtbot, form, 2)  # two videos: 20 credits
    assert form.generate.text() == "Generate 2 videos · ≈ 20 credits"
    told = answer(standard(QMessageBox.StandardButton.Ok))
    click(qtbot, form.generate)
    qtbot.waitUntil(lambda: told.answered != [], timeout=3000)
    ((_title, text),) = told.answered
    assert "over the daily limit of 15" in text and "nothing was sent" in text
    assert studio.sim.submissions() == []


def test_a_batch_above_the_threshold_asks_first(
    open_studio: Callable[..., Studio],
    paths: Paths,
    qtbot: Any,
    answer: Callable[..., BoxAnswerer],
) -> None:
    _with_settings(paths, confirm_above=5.0, price_table={"720p": 2.0})
    studio = open_studio(SimulatorConfig(job_seconds=1.2))
    form = studio.window.form
    write_prompt(qtbot, form, "lanterns")
    declined = answer(standard(QMessageBox.StandardButton.No))
    click(qtbot, form.generate)
    qtbot.waitUntil(lambda: declined.answered != [], timeout=3000)
    assert "≈ 10 credits" in declined.answered[0][1]
    qtbot.waitUntil(form.generate.isEnabled, timeout=2000)
    assert studio.sim.submissions() == []
    accepted = answer(standard(QMessageBox.StandardButton.Yes))
    click(qtbot, form.generate)
    qtbot.waitUntil(lambda: accepted.answered != [], timeout=3000)
    qtbot.waitUntil(lambda: len(studio.sim.submissions()) == 1, timeout=5000)


def test_prompts_load_from_a_csv_file(studio: Studio, qtbot: Any, tmp_path: Path) -> None:
    prompts = tmp_path / "batch.csv"
    prompts.write_text("prompt,duration\na heron,3\na crane,4\n", encoding="utf-8")
    form = studio.window.form
    click(qtbot, form.load_prompts)
    qtbot.waitUntil(lambda: _file_name_field() is not None, timeout=3000)
    field = _file_name_field()
    assert field is not None

    def typed() -> bool:
        # The dialog clears the field once it has read its folder: type until it stays.
        field.selectAll()
        qtbot.keyClicks(field, str(prompts))
        qtbot.wait(50)
        return field.text() == str(prompts)

    qtbot.waitUntil(typed, timeout=3000)
    dialog = field.window()
    (buttons,) = dialog.findChildren(QDialogButtonBox)
    click(qtbot, buttons.button(QDialogButtonBox.StandardButton.Open))
    qtbot.waitUntil(form.file_note.isVisible, timeout=3000)
    assert form.file_note.text() == "batch.csv: 2 prompts"
    assert form.generate.text().startswith("Generate 2 videos")
    requests = form.requests()
    assert [(r.prompt, r.duration) for r in requests] == [("a heron", 3), ("a crane", 4)]
    click(qtbot, form.forget_file)
    assert not form.file_note.isVisible() and not form.generate.isEnabled()


def _file_name_field() -> QLineEdit | None:
    for window in QApplication.topLevelWidgets():
        if window.isVisible() and type(window).__name__ == "QFileDialog":
            field = window.findChild(QLineEdit, "fileNameEdit")
            if isinstance(field, QLineEdit):
                return field
    return None


def test_render_final_sends_the_take_again_at_a_higher_resolution(
    open_studio: Callable[..., Studio],
    paths: Paths,
    qtbot: Any,
    answer: Callable[..., BoxAnswerer],
) -> None:
    _with_settings(paths, price_table={"1080p": 4.0})
    studio = open_studio(SimulatorConfig(job_seconds=0.6))
    window = studio.window
    form = window.form
    write_prompt(qtbot, form, "lanterns")
    click(qtbot, form.seed)
    qtbot.keyClicks(form.seed, "7")
    click(qtbot, form.generate)
    qtbot.waitUntil(lambda: studio.status_texts() == ["Saved"], timeout=10_000)
    rect = window.table.visualRect(window.proxy.index(0, 1))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    final = window.window_actions.final_action
    qtbot.waitUntil(final.isEnabled, timeout=3000)  # the list tells of changes a few times a second
    # Offscreen, a right click sends no context menu event; the menu key does the same.
    window.table.customContextMenuRequested.emit(rect.center())
    qtbot.waitUntil(lambda: len(visible_windows(QMenu)) == 1, timeout=2000)
    (menu,) = visible_windows(QMenu)
    assert final in menu.actions() and final.isEnabled()
    told = answer(labelled("1080p · ≈ 20 credits"))
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(final).center())
    qtbot.waitUntil(lambda: told.answered != [], timeout=3000)
    assert "same seed (7)" in told.answered[0][1]
    qtbot.waitUntil(lambda: len(studio.sim.submissions()) == 2, timeout=5000)
    first, second = (_body(r) for r in studio.sim.submissions())
    assert second == {**first, "resolution": "1080p"}


def commit_text(widget: QWidget, text: str) -> None:
    """Type ``text`` as an input method does (QTest types Latin-1 only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _visible_input() -> QInputDialog | None:
    dialogs = visible_windows(QInputDialog)
    return dialogs[0] if dialogs else None


def test_a_prompt_saved_to_the_library_comes_back_by_search(
    studio: Studio, qtbot: Any, paths: Paths
) -> None:
    window = studio.window
    form = window.form
    save, _preset, library = window.window_actions.library_actions
    write_prompt(qtbot, form, "lanterns over a river")
    press_action(qtbot, save)
    qtbot.waitUntil(lambda: _visible_input() is not None, timeout=3000)
    dialog = _visible_input()
    assert dialog is not None and dialog.textValue() == "lanterns over a river"
    field = dialog.findChild(QLineEdit)
    assert field is not None
    field.selectAll()
    commit_text(field, "河上灯笼")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    saved = paths.library_file
    qtbot.waitUntil(lambda: saved.exists() and "河上灯笼" in saved.read_text("utf-8"), timeout=3000)

    reactivate(qtbot, window)
    press_action(qtbot, window.window_actions.new_action)
    assert form.prompt.toPlainText() == ""
    press_action(qtbot, library)
    qtbot.waitUntil(lambda: len(visible_windows(LibraryDialog)) == 1, timeout=3000)
    (shown,) = visible_windows(LibraryDialog)
    commit_text(shown.search, "灯笼")
    assert shown.prompt_list.count() == 1
    qtbot.keyClicks(shown.search, " nothing")
    assert shown.prompt_list.count() == 0
    for _ in " nothing":
        qtbot.keyClick(shown.search, Qt.Key.Key_Backspace)
    qtbot.keyClick(shown.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.prompt.toPlainText() == "lanterns over a river", timeout=3000)


def test_the_spending_view_totals_what_the_service_reported(studio: Studio, qtbot: Any) -> None:
    window = studio.window
    form = window.form
    write_prompt(qtbot, form, "lanterns")
    set_variations(qtbot, form, 2)
    click(qtbot, form.generate)
    qtbot.waitUntil(lambda: studio.status_texts() == ["Saved"] * 2, timeout=10_000)
    bar = window.menuBar()
    (view,) = [a for a in bar.actions() if a.text() == "&View"]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(view).center())
    menu = view.menu()
    assert isinstance(menu, QMenu)
    qtbot.waitUntil(menu.isVisible, timeout=2000)
    spending = window.window_actions.spending_action
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(spending).center())
    qtbot.waitUntil(lambda: len(visible_windows(SpendingDialog)) == 1, timeout=3000)
    (dialog,) = visible_windows(SpendingDialog)
    assert dialog.totals.text() == "Total: 20 credits · on failed jobs: 0 credits (0 jobs)"
    assert dialog.days.rowCount() == 1 and dialog.days.item(0, 1).text() == "20"
    assert dialog.batches.rowCount() == 1 and dialog.batches.item(0, 2).text() == "2"


def test_a_price_typed_in_preferences_becomes_the_estimate(
    studio: Studio, qtbot: Any, paths: Paths
) -> None:
    window = studio.window
    write_prompt(qtbot, window.form, "lanterns")
    assert window.form.generate.text() == "Generate 1 video · cost unknown"
    dialog = open_preferences(studio, qtbot)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    bar = dialog.tabs.tabBar()
    click_at = bar.tabRect(dialog.tabs.count() - 1).center()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=click_at)
    assert dialog.tabs.currentIndex() == dialog.tabs.count() - 1
    qtbot.keyClick(dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # Daily li&mit
    qtbot.waitUntil(dialog.daily_limit.hasFocus, timeout=2000)
    qtbot.keyClicks(dialog.daily_limit, "40")
    price = dialog.prices["720p"]
    click(qtbot, price)
    price.selectAll()
    qtbot.keyClicks(price, "2")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    saved = SettingsStore(paths.settings_file).settings
    assert saved.price_table == {"720p": 2.0} and saved.daily_limit == 40
    qtbot.waitUntil(
        lambda: window.form.generate.text() == "Generate 1 video · ≈ 10 credits", timeout=3000
    )


def _type_duration(qtbot: Any, form: Any, seconds: int) -> None:
    click(qtbot, form.duration)
    form.duration.selectAll()
    qtbot.keyClicks(form.duration, str(seconds))
    assert form.duration.value() == seconds


def test_a_preset_brings_the_settings_back(studio: Studio, qtbot: Any) -> None:
    window = studio.window
    form = window.form
    _save, preset, library = window.window_actions.library_actions
    _type_duration(qtbot, form, 8)
    bar = window.menuBar()
    (file_menu,) = [a for a in bar.actions() if a.text() == "&File"]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(file_menu).center())
    menu = file_menu.menu()
    assert isinstance(menu, QMenu)
    qtbot.waitUntil(menu.isVisible, timeout=2000)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(preset).center())
    qtbot.waitUntil(lambda: _visible_input() is not None, timeout=3000)
    dialog = _visible_input()
    assert dialog is not None
    field = dialog.findChild(QLineEdit)
    assert field is not None
    qtbot.keyClicks(field, "Long takes")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)

    reactivate(qtbot, window)
    _type_duration(qtbot, form, 3)
    press_action(qtbot, library)
    qtbot.waitUntil(lambda: len(visible_windows(LibraryDialog)) == 1, timeout=3000)
    (shown,) = visible_windows(LibraryDialog)
    bar_of_tabs = shown.tabs.tabBar()
    qtbot.mouseClick(bar_of_tabs, Qt.MouseButton.LeftButton, pos=bar_of_tabs.tabRect(1).center())
    qtbot.waitUntil(lambda: shown.preset_list.count() == 1, timeout=3000)
    assert shown.preset_list.item(0).text() == "Long takes"
    click(qtbot, shown.use_button)
    qtbot.waitUntil(lambda: form.duration.value() == 8, timeout=3000)

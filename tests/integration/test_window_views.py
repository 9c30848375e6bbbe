"""The real window's views as a person sees them: live filters, themes switched while the app
is open, user text shown literally, the details pane in a small window. Real widgets, real key
and mouse events, a real engine against the simulator on loopback."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible, QColor, QImage, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QStyle, QStyleOptionButton, QWidget

from app.engine.jobs import JobStatus
from app.messages import Catalogue
from app.paths import Paths
from app.settings import SettingsStore
from app.simulator import JobFaults, SimulatorConfig
from app.simulator.faults import FaultySimulator
from tests.conftest import run_async
from ui.job_model import Column
from ui.main_window import MainWindow, WindowServices
from ui.tasks import TaskRunner
from ui.theme import apply_theme, contrast

from .helpers import EngineParts, build_engine


class Views:
    def __init__(self, window: MainWindow, parts: EngineParts, sim: FaultySimulator) -> None:
        self.window = window
        self.engine = parts.engine
        self.sim = sim


@pytest.fixture
def views(qtbot: Any, qloop: asyncio.AbstractEventLoop, paths: Paths) -> Iterator[Views]:
    sim = FaultySimulator(SimulatorConfig(job_seconds=0.8)).start()
    parts = build_engine(paths, sim.base_url)
    parts.engine.configure(demo=True)  # demo jobs: the list badges them and shows no cost
    run_async(qtbot, qloop, parts.engine.start())
    window = MainWindow(
        WindowServices(
            engine=parts.engine,
            settings=SettingsStore(paths.settings_file),
            catalogue=Catalogue("en"),
            tasks=TaskRunner(lambda _e: None),
            backend_label="Demo · test",
            demo=True,
            videos_dir=lambda: paths.videos,
            log_dir=paths.logs,
            balance=None,
        )
    )
    window.resize(1280, 720)
    window.show()
    yield Views(window, parts, sim)
    window.quit(ask=False)
    window.deleteLater()
    run_async(qtbot, qloop, parts.close())
    sim.stop()


def generate(qtbot: Any, window: MainWindow, prompt: str, count: int = 1) -> None:
    """Type a prompt and press Ctrl+Enter, as a person would."""
    window.form.count.setValue(count)
    qtbot.mouseClick(window.form.prompt.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(window.form.prompt, prompt)
    qtbot.keyClick(window.form.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_the_running_filter_empties_as_jobs_finish(views: Views, qtbot: Any) -> None:
    window = views.window
    views.sim.config.job_seconds = 2.0
    window.status_filter.setFocus()  # a click would open the popup, which grabs the keyboard
    qtbot.keyClick(window.status_filter, Qt.Key.Key_Down)
    assert window.status_filter.currentText() == "Running"
    generate(qtbot, window, "Lanterns over a river", count=2)
    table = window.table.model()
    qtbot.waitUntil(lambda: table.rowCount() == 2, timeout=5000)
    qtbot.waitUntil(lambda: window.running_label.text() == "2 running", timeout=5000)
    qtbot.waitUntil(
        lambda: all(job.status is JobStatus.SAVED for job in views.engine.jobs), timeout=15_000
    )
    # The list and the counter agree once the repaint that carries the change has run.
    qtbot.waitUntil(lambda: table.rowCount() == 0, timeout=2000)
    assert window.running_label.text() == ""


def shown(label: QLabel) -> str:
    """The text a person sees (and a screen reader reads): markup is interpreted if Qt took
    the text for rich text."""
    interface = QAccessible.queryAccessibleInterface(label)
    assert interface is not None
    return interface.text(QAccessible.Text.Name)


def click_row(qtbot: Any, window: MainWindow, row: int) -> None:
    table = window.table
    rect = table.visualRect(table.model().index(row, Column.PROMPT))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_prompts_and_file_names_show_literally_never_as_html(views: Views, qtbot: Any) -> None:
    window = views.window
    qtbot.mouseClick(window.form.advanced_toggle, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(window.form.negative_prompt, "<u>blur</u>")
    prompt = "<b>bold</b> lanterns &amp; <i>rain</i>"
    generate(qtbot, window, prompt)
    qtbot.waitUntil(
        lambda: [j.status for j in views.engine.jobs] == [JobStatus.SAVED], timeout=10_000
    )
    window.model.flush()
    click_row(qtbot, window, 0)
    details = window.details
    qtbot.waitUntil(lambda: details.job is not None)
    assert shown(details.title) == prompt
    assert shown(details._fields["params"]).endswith("avoid: <u>blur</u>")
    path = views.engine.jobs[0].path
    assert path and shown(details._fields["file"]) == path
    # The list's tooltip shows the prompt as typed too.
    tip = window.table.model().index(0, Column.PROMPT).data(Qt.ItemDataRole.ToolTipRole)
    document = QTextDocument()
    document.setHtml(tip)
    assert document.toPlainText() == prompt


def wait_for_statuses(qtbot: Any, views: Views, *statuses: JobStatus) -> None:
    def reached() -> bool:
        return sorted(job.status for job in views.engine.jobs) == sorted(statuses)

    qtbot.waitUntil(reached, timeout=10_000)
    views.window.model.flush()


def test_demo_jobs_show_no_cost_and_one_date_format(views: Views, qtbot: Any) -> None:
    window = views.window
    generate(qtbot, window, "Lanterns over a river")
    wait_for_statuses(qtbot, views, JobStatus.SAVED)
    assert views.engine.jobs[0].credits  # the simulator made up a price ...
    table = window.table.model()
    assert table.index(0, Column.CREDITS).data() == "Demo"  # ... which nobody pays
    click_row(qtbot, window, 0)
    qtbot.waitUntil(lambda: window.details.job is not None)
    assert shown(window.details._fields["credits"]) == "Demo"
    # The list's time column and the details pane write the date the same way.
    assert table.index(0, Column.TIME).data() in shown(window.details._fields["status"])


# -- themes switched while the window is open ----------------------------------------------------


def strongest_contrast(image: QImage, background: QColor | None = None) -> float:
    """How far the boldest pixel stands out from the background (by default the commonest
    colour): text or a line drawn in nearly the background colour scores close to 1."""
    pixels = [image.pixelColor(x, y) for y in range(image.height()) for x in range(image.width())]
    if background is None:
        background = QColor.fromRgba(Counter(c.rgba() for c in pixels).most_common(1)[0][0])
    return max(contrast(c, background) for c in pixels if c.alpha() > 128)


def on_screen(widget: QWidget, rect: QRect | None = None) -> QImage:
    """What the window shows of a widget (or of a part of it), the background behind it
    included: a widget grabbed on its own is painted on its own palette's background."""
    area = rect if rect is not None else widget.rect()
    window = widget.window()
    return window.grab(QRect(widget.mapTo(window, area.topLeft()), area.size())).toImage()


def indicator(box: QCheckBox) -> QImage:
    option = QStyleOptionButton()
    option.initFrom(box)
    return on_screen(
        box, box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    )


@pytest.fixture
def restore_style(qapp: QApplication) -> Iterator[None]:
    style, palette = qapp.style().name(), qapp.palette()
    yield
    qapp.setStyle(style)
    qapp.setPalette(palette)


def switch_theme(qtbot: Any, app: QApplication, window: MainWindow, theme: str) -> None:
    """What Preferences does on OK; the palette reaches the widgets once events run."""
    apply_theme(app, theme)
    dark = theme == "dark"
    qtbot.waitUntil(
        lambda: (window.palette().color(QPalette.ColorRole.Window).lightness() < 128) == dark
    )


@pytest.mark.usefixtures("restore_style")
def test_switching_themes_keeps_everything_readable(
    views: Views, qtbot: Any, qapp: QApplication
) -> None:
    window = views.window
    switch_theme(qtbot, qapp, window, "light")
    generate(qtbot, window, "Lanterns over a river")
    wait_for_statuses(qtbot, views, JobStatus.SAVED)
    views.sim.next_job_faults(JobFaults(fail=("generation_failed", "content policy violation")))
    window.form.prompt.clear()
    generate(qtbot, window, "A red fox in snow")
    wait_for_statuses(qtbot, views, JobStatus.SAVED, JobStatus.FAILED)
    click_row(qtbot, window, 0)  # the failed job: no video, so the preview says why
    details, form, table = window.details, window.form, window.table
    qtbot.waitUntil(lambda: "content policy" in shown(details.problem))
    prompt_cell = table.visualRect(table.model().index(1, Column.PROMPT))  # not selected
    for theme in ("dark", "light", "dark"):
        switch_theme(qtbot, qapp, window, theme)
        palette = window.palette()
        readings = {
            "details title": strongest_contrast(on_screen(details.title)),
            "problem line": strongest_contrast(on_screen(details.problem)),
            "preview text": strongest_contrast(on_screen(details.preview)),
            "prompt in the list": strongest_contrast(on_screen(table.viewport(), prompt_cell)),
            "audio check box": strongest_contrast(
                indicator(form.audio), palette.color(QPalette.ColorRole.Window)
            ),
            "aspect icon": strongest_contrast(
                form.aspect_ratio.itemIcon(0).pixmap(22, 22).toImage(),
                palette.color(QPalette.ColorRole.Button),
            ),
        }
        # Text at least WCAG AA (4.5), ordinary text as strong as the theme's own (7+), lines
        # of controls at least 3 (WCAG's non-text contrast).
        floors = {"prompt in the list": 7.0, "audio check box": 3.0, "aspect icon": 3.0}
        weak = {k: round(v, 1) for k, v in readings.items() if v < floors.get(k, 4.5)}
        assert weak == {}, f"{theme}: {weak}"


@pytest.mark.parametrize("size", [(800, 600), (1280, 720)])
def test_details_buttons_stay_in_view(views: Views, qtbot: Any, size: tuple[int, int]) -> None:
    window = views.window
    generate(qtbot, window, "Lanterns over a river, slow dolly shot")
    wait_for_statuses(qtbot, views, JobStatus.SAVED)
    window.resize(*size)
    click_row(qtbot, window, 0)
    details = window.details
    qtbot.waitUntil(lambda: details.open_button.isVisible())
    buttons = [
        details.play_button,
        details.open_button,
        details.reveal_button,
        details.reuse_button,
        details.again_button,
        details.raw_button,
    ]
    for button in buttons:
        # Whole, not clipped by a scroll area or the pane's edge: no scrolling to reach it.
        assert button.visibleRegion().boundingRect() == button.rect(), button.text()
    window.form.prompt.clear()
    qtbot.mouseClick(details.reuse_button, Qt.MouseButton.LeftButton)
    assert window.form.prompt.toPlainText() == "Lanterns over a river, slow dolly shot"

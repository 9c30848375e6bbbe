"""The real window, offscreen, driving a real engine against the simulator over loopback."""

from __future__ import annotations

import asyncio
import itertools
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QMessageBox,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)

from app.engine.downloader import Downloader
from app.engine.engine import Engine, EngineOptions
from app.engine.jobs import JobStatus
from app.engine.store import HistoryStore
from app.messages import Catalogue
from app.paths import Paths
from app.settings import SettingsStore
from app.simulator import JobFaults, SimulatorConfig
from app.simulator.faults import FaultySimulator
from tests.conftest import run_async
from ui.filter_bar import FilterCombo
from ui.job_model import Column, JobRole
from ui.main_window import MainWindow, WindowServices
from ui.tasks import TaskRunner

from .helpers import build_engine


class Harness:
    def __init__(
        self, window: MainWindow, engine: Engine, sim: FaultySimulator, errors: list[Any]
    ) -> None:
        self.window = window
        self.engine = engine
        self.sim = sim
        self.errors = errors


@pytest.fixture
def harness(qtbot: Any, qloop: asyncio.AbstractEventLoop, paths: Paths) -> Iterator[Harness]:
    sim = FaultySimulator(SimulatorConfig(job_seconds=0.8)).start()
    parts = build_engine(paths, sim.base_url)
    engine = parts.engine
    run_async(qtbot, qloop, engine.start())
    errors: list[Any] = []
    settings = SettingsStore(paths.settings_file)
    window = MainWindow(
        WindowServices(
            engine=engine,
            settings=settings,
            catalogue=Catalogue("en"),
            tasks=TaskRunner(errors.append),
            backend_label="Live · test",
            demo=False,
            videos_dir=lambda: paths.videos,
            log_dir=paths.logs,
            balance=None,  # no request left in flight when the test ends
        )
    )
    # Not qtbot.addWidget: pytest-qt would close it before this fixture stops the engine, and a
    # window with running jobs asks before closing.
    window.resize(1280, 720)
    window.show()
    yield Harness(window, engine, sim, errors)
    window.quit(ask=False)
    window.deleteLater()
    run_async(qtbot, qloop, parts.close())
    sim.stop()


def statuses(window: MainWindow) -> list[str]:
    model = window.model
    return [model.job_at(r).status.value for r in range(model.rowCount())]


def test_generate_from_the_form_to_saved_videos(harness: Harness, qtbot: Any) -> None:
    window = harness.window
    window.form.prompt.setPlainText("A futuristic train")
    window.form.aspect_ratio.setCurrentIndex(window.form.aspect_ratio.findData("9:16"))
    window.form.count.setValue(3)
    assert window.form.generate.text().startswith("Generate 3 videos · ")
    qtbot.mouseClick(window.form.generate, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=5000)
    seen_progress = set()

    def all_saved() -> bool:
        for row in range(window.model.rowCount()):
            seen_progress.add(window.model.job_at(row).status)
        return statuses(window) == ["saved"] * 3

    qtbot.waitUntil(all_saved, timeout=15_000)
    assert JobStatus.PROCESSING in seen_progress or JobStatus.PENDING in seen_progress
    bodies = [r.json() for r in harness.sim.submissions()]
    assert len(bodies) == 3
    assert all(b["aspect_ratio"] == "9:16" and "style" not in b for b in bodies)
    window.model.flush()
    assert window.model.index(0, Column.STATUS).data() == "Saved"
    assert harness.errors == []


def test_a_double_click_submits_once(harness: Harness, qtbot: Any) -> None:
    window = harness.window
    window.form.prompt.setPlainText("once")
    qtbot.mouseClick(window.form.generate, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.form.generate, Qt.MouseButton.LeftButton)
    window.form._on_generate_clicked()
    qtbot.waitUntil(lambda: statuses(window) == ["saved"], timeout=10_000)
    qtbot.wait(200)
    assert len(harness.sim.submissions()) == 1


#: The longest the window may go without answering a timer while jobs run. Generous: a busy
#: shared machine can delay a tick by a few hundred milliseconds, but a frozen window (work done
#: on the GUI thread, a nested loop, a blocking wait) holds it for seconds.
MAX_STALL = 1.0


def test_window_stays_responsive_while_jobs_run(harness: Harness, qtbot: Any) -> None:
    # Each download takes twice the stall allowed, so a download that ran on the GUI
    # thread would be seen.
    harness.sim.config.file_size = 2_000_000
    harness.sim.faults = JobFaults(slow_bps=1_000_000)
    window = harness.window
    ticks: list[float] = []
    timer = QTimer(window)
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    window.form.prompt.setPlainText("responsive")
    window.form.count.setValue(6)
    timer.start()
    qtbot.mouseClick(window.form.generate, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: statuses(window) == ["saved"] * 6, timeout=30_000)
    timer.stop()
    # The whole life of six jobs was watched: submit, polls, downloads and saves.
    assert len(harness.sim.received("cdn", "GET")) >= 6
    assert ticks[-1] - ticks[0] > 1.0
    stall = max(b - a for a, b in itertools.pairwise(ticks))
    assert stall < MAX_STALL, f"the window did not answer for {stall:.2f} s"


def test_failure_explains_itself_and_reuse_restores_the_form(harness: Harness, qtbot: Any) -> None:
    window = harness.window
    harness.sim.next_job_faults(JobFaults(fail=("generation_failed", "content policy violation")))
    window.form.prompt.setPlainText("neon alley, rain")
    window.form.duration.setValue(9)
    window.form.style_box.setCurrentIndex(window.form.style_box.findData("comic"))
    qtbot.mouseClick(window.form.generate, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: statuses(window) == ["failed"], timeout=10_000)
    window.select_job(window.model.job_at(0).id)
    # The pane follows the announced change (a repaint or two after the status itself).
    qtbot.waitUntil(lambda: "content policy" in window.details.problem.text(), timeout=5000)
    assert "Edit the prompt" in window.details.problem.text()
    job = window.model.job_at(0)
    window.form.prompt.setPlainText("something else")
    window.form.duration.setValue(2)
    window.window_actions.reuse_action.trigger()
    assert window.form.request() == job.request


def test_filter_box_finds_prompts_in_any_script(harness: Harness, qtbot: Any) -> None:
    from app.api.models import GenerationRequest

    window = harness.window
    loop = asyncio.get_event_loop()
    for prompt in ("雪中的红狐狸", "Lanterns over a river"):
        run_async(qtbot, loop, harness.engine.submit(GenerationRequest(prompt)))
    qtbot.waitUntil(lambda: statuses(window) == ["saved", "saved"], timeout=10_000)
    window.search.setText("红狐")
    assert window.proxy.rowCount() == 1
    assert window.proxy.index(0, 0).data(JobRole).request.prompt == "雪中的红狐狸"
    window.search.clear()
    assert window.proxy.rowCount() == 2


@pytest.mark.parametrize("grouped", [False, True], ids=["list", "grouped-by-idea"])
def test_a_search_that_hides_the_selected_take_empties_the_details(
    harness: Harness, qtbot: Any, grouped: bool
) -> None:
    from app.api.models import GenerationRequest

    window = harness.window
    loop = asyncio.get_event_loop()
    for prompt in ("雪中的红狐狸", "Lanterns over a river"):
        run_async(qtbot, loop, harness.engine.submit(GenerationRequest(prompt)))
    qtbot.waitUntil(lambda: statuses(window) == ["saved", "saved"], timeout=10_000)
    if grouped:
        qtbot.keyClick(
            window,
            Qt.Key.Key_G,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        assert window.views.ideas is not None

    def click_take(prompt: str) -> None:
        shown = window.table.model()
        (row,) = (
            r
            for r in range(shown.rowCount())
            if (job := shown.index(r, 0).data(JobRole)) is not None and prompt in job.request.prompt
        )
        rect = window.table.visualRect(shown.index(row, Column.PROMPT))
        qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    click_take("红狐狸")
    assert window.details.job is not None
    assert window.details.job.request.prompt == "雪中的红狐狸"
    assert window.window_actions.reuse_action.isEnabled()

    qtbot.mouseClick(window.search, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(window.search, "lantern")
    assert rows(window) == ["Lanterns over a river"]
    # The take shown is no longer listed: neither the pane nor the actions keep it.
    qtbot.waitUntil(lambda: window.details.job is None)
    assert not window.window_actions.reuse_action.isEnabled()

    click_take("Lanterns")
    assert window.details.job is not None
    assert window.details.job.request.prompt == "Lanterns over a river"
    # A search that keeps the take shown keeps it in the pane.
    qtbot.keyClick(window.search, Qt.Key.Key_Backspace)
    qtbot.wait(50)
    assert window.details.job is not None
    assert window.details.job.request.prompt == "Lanterns over a river"


def rows(window: MainWindow) -> list[str]:
    """The prompts the list shows, top to bottom (through the search)."""
    proxy = window.proxy
    return [proxy.index(r, 0).data(JobRole).request.prompt for r in range(proxy.rowCount())]


def test_a_narrow_window_keeps_every_status_in_view(harness: Harness, qtbot: Any) -> None:
    window, table = harness.window, harness.window.table

    def shown() -> list[Column]:
        return [c for c in Column if not table.isColumnHidden(c)]

    assert shown() == list(Column)
    for width, height in ((960, 640), (800, 600)):
        window.resize(width, height)
        qtbot.waitUntil(lambda: table.isColumnHidden(Column.CREDITS))
        assert {Column.THUMB, Column.PROMPT, Column.STATUS} <= set(shown())
        # Every visible column fits: no horizontal scrolling to find a job's status.
        assert table.horizontalHeader().length() <= table.viewport().width()
        qtbot.waitUntil(lambda: not table.horizontalScrollBar().isVisible())
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: shown() == list(Column))


def test_at_800_px_each_filter_shows_its_choice_whole_or_cut_short(
    harness: Harness, qtbot: Any
) -> None:
    """Never clipped mid-letter ("Any marl"), and the window never widens itself."""
    window = harness.window
    # With a project, all three filters are in the bar.
    run_async(qtbot, asyncio.get_event_loop(), window.projects.choose("Spring ad"))
    qtbot.waitUntil(window.projects.filter.isVisible)
    window.resize(800, 600)
    qtbot.waitUntil(lambda: window.width() == 800)

    def field_width(combo: QComboBox) -> int:
        """The width the combo box gives its text (its frame and arrow left out)."""
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        field = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            combo,
        )
        return field.width() - 2

    def whole(combo: FilterCombo) -> bool:
        return field_width(combo) >= combo.fontMetrics().horizontalAdvance(combo.currentText())

    # The choices a window opens with are shown whole, the project's too while the bar
    # has the room.
    combos = (window.status_filter, window.review_filter, window.projects.filter)
    for combo in combos[:2]:
        assert whole(combo) and combo.shown_text() == combo.currentText()
    # The longest choice of each at once, the worst case for the bar: each is whole or cut
    # short with an ellipsis that fits, never clipped; a short one is always whole.
    for combo in combos:
        longest = max(range(combo.count()), key=lambda i: len(combo.itemText(i)))
        combo.setCurrentIndex(longest)
    for combo in combos:
        for index in range(combo.count()):
            combo.setCurrentIndex(index)
            QApplication.processEvents()
            text, shown = combo.currentText(), combo.shown_text()
            metrics = combo.fontMetrics()
            assert metrics.horizontalAdvance(shown) <= field_width(combo), text
            assert shown == text or (shown.endswith("…") and len(shown) > 3), (text, shown)
            if len(text) <= 8:
                assert shown == text
            assert window.width() == 800
            # The search still has room for a word beside them.
            assert window.search.width() >= metrics.averageCharWidth() * 10


def open_box() -> QMessageBox | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            return widget
    return None


def test_stop_tracking_asks_and_says_credits_are_spent(harness: Harness, qtbot: Any) -> None:
    harness.sim.config.job_seconds = 30
    window = harness.window
    window.form.prompt.setPlainText("long one")
    qtbot.mouseClick(window.form.generate, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: statuses(window) in (["pending"], ["processing"]), timeout=5000)
    window.select_job(window.model.job_at(0).id)
    # Enabled once the list shows the job as sent (not while it is being submitted).
    qtbot.waitUntil(window.window_actions.stop_action.isEnabled)
    window.window_actions.stop_action.trigger()
    qtbot.waitUntil(lambda: open_box() is not None)
    box = open_box()
    assert box is not None
    assert "credits are spent anyway" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: statuses(window) == ["stopped"], timeout=5000)


def visible_texts(root: QWidget) -> list[str]:
    texts = [root.windowTitle()]
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        placeholder = getattr(widget, "placeholderText", None)
        if callable(placeholder):
            texts.append(placeholder())
    if isinstance(root, MainWindow):
        for menu in root.menuBar().actions():
            texts.append(menu.text())
            texts.extend(action.text() for action in menu.menu().actions())  # type: ignore[union-attr]
    return [t for t in texts if t]


LATIN_ALLOWED = re.compile(
    r"^(ReelDesk|[\d\s:./%·~×px+-]*|\d+(\.\d+)?p|16:9|Ctrl\+.*|sk-…|[▶❚⚄ ]+.*|English|简体中文|"
    r"https?://.*|Live · test|[A-Z]:.*|/.*)$"
)


def test_every_visible_string_is_translated(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, paths: Paths
) -> None:
    from ui.application import install_translators

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    _code, translators = install_translators(app, "zh_CN")
    try:
        store = HistoryStore(paths.history_db)
        engine = Engine(
            store=store,
            client=None,
            downloader=Downloader(),
            options=EngineOptions(videos_dir=paths.videos),
        )
        window = MainWindow(
            WindowServices(
                engine=engine,
                settings=SettingsStore(paths.settings_file),
                catalogue=Catalogue("zh_CN"),
                tasks=TaskRunner(lambda _e: None),
                backend_label="Live · test",
                demo=False,
                videos_dir=lambda: paths.videos,
                log_dir=paths.logs,
            )
        )
        qtbot.addWidget(window)
        window.show()
        from app.secrets import KeyStore
        from ui.preferences import PreferencesDialog
        from ui.welcome import WelcomeDialog

        keys = KeyStore(paths.key_file, backend=None)
        settings = SettingsStore(paths.settings_file)
        tasks = TaskRunner(lambda _e: None)
        dialogs: list[QWidget] = [
            window,
            PreferencesDialog(settings, keys, tasks, None),
            WelcomeDialog(keys, settings, tasks),
        ]
        for dialog in dialogs[1:]:
            qtbot.addWidget(dialog)
        untranslated = []
        for root in dialogs:
            for text in visible_texts(root):
                plain = text.replace("&", "")
                if re.search(r"[\u4e00-\u9fff]", plain) or LATIN_ALLOWED.match(plain):
                    continue
                untranslated.append(plain)
        assert untranslated == []
        run_async(qtbot, qloop, engine.close())
        store.close()
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def test_a_settings_file_that_cannot_be_written_is_a_message_never_a_crash(
    harness: Harness, qtbot: Any, paths: Paths
) -> None:
    window = harness.window
    # The real file system refuses the write (even to root): the file's name is a folder.
    paths.settings_file.unlink(missing_ok=True)
    paths.settings_file.mkdir()
    window.form.prompt.setFocus()
    qtbot.keyClicks(window.form.prompt, "lanterns")
    qtbot.keyClick(window.form.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: statuses(window) == ["saved"], timeout=10_000)
    # The video was made; the form's values for next time could not be kept, and it says so.
    qtbot.waitUntil(lambda: "could not be saved" in window.statusBar().currentMessage())
    window.quit(ask=False)  # closing saves the window's state: refused, and closing goes on
    qtbot.waitUntil(lambda: not window.isVisible())
    assert harness.errors == []

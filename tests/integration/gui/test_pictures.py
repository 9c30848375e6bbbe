"""Pictures in the real window against the simulator: a picture dropped on the form makes it
image to video and a second one a transition, each showing only its model's fields; a saved
take carried on from its last frame (Ctrl+Shift+L), the new take starting on that frame, its
chain shown in the details pane. Real drops, keys and clicks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.api.models import Mode
from app.engine.jobs import JobStatus
from app.rules import Action
from tests.dragging import drop
from tests.pictures import mean_difference, picture_frame, small_rgb, video_frames, write_picture
from ui.form import GenerationForm

from .conftest import Studio
from .drive import click, press_action, write_prompt


def shown(form: GenerationForm) -> set[str]:
    """The optional fields the form shows now."""
    fields = {
        "aspect": form.aspect_ratio,
        "style": form.style_box,
        "thinking": form.thinking,
        "seed": form.seed,
        "multi-clip": form.multi_clip,
        "negative": form.advanced_toggle,
    }
    return {name for name, widget in fields.items() if widget.isVisibleTo(form)}


def resolutions(form: GenerationForm) -> list[str]:
    return [form.resolution.itemText(i) for i in range(form.resolution.count())]


def click_row(qtbot: Any, studio: Studio, row: int) -> None:
    table = studio.window.table
    rect = table.visualRect(studio.window.proxy.index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def generate(studio: Studio, qtbot: Any, prompt: str) -> None:
    form = studio.window.form
    write_prompt(qtbot, form, prompt)
    qtbot.waitUntil(form.generate.isEnabled, timeout=3000)
    before = len(studio.rows())
    qtbot.keyClick(form.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(studio.rows()) == before + 1, timeout=5000)
    qtbot.waitUntil(lambda: studio.rows()[0].status is JobStatus.SAVED, timeout=15_000)


def test_the_form_in_each_mode_shows_only_what_its_model_takes(
    studio: Studio, qtbot: Any, tmp_path: Path
) -> None:
    form = studio.window.form
    first = write_picture(tmp_path / "first.png", 160, 90, seed=1)
    last = write_picture(tmp_path / "last.webp", 160, 90, "webp", seed=2)
    everything = {"aspect", "style", "thinking", "seed", "multi-clip", "negative"}
    assert shown(form) == everything and not form.pictures.isVisibleTo(form)
    assert form.pictures.add_first.isVisibleTo(form)
    assert not form.pictures.add_last.isVisibleTo(form)

    form.style_box.setCurrentIndex(form.style_box.findData("clay"))
    form.seed.setText("7")
    assert drop(form, first)  # anywhere on the form: the first frame
    qtbot.waitUntil(lambda: form.pictures.mode is Mode.IMAGE, timeout=5000)
    assert shown(form) == everything - {"aspect", "style"}
    assert form.pictures.first.isVisibleTo(form)
    assert form.pictures.first.info.text() == "first.png · 160 × 90"
    assert not form.pictures.first.preview.pixmap().isNull()
    assert form.pictures.add_last.isVisibleTo(form)
    assert not form.pictures.add_first.isVisibleTo(form)
    generate(studio, qtbot, "ripples on the lake")
    body = studio.sim.submissions()[-1].json()
    assert body["model"] == "pixverse-v6-image-to-video" and "aspect_ratio" not in body
    assert "style" not in body and body["seed"] == 7  # hidden is not sent; shown is

    form.resolution.setCurrentIndex(form.resolution.findData("1080p"))
    assert drop(form, last)  # a first frame there: the last frame
    qtbot.waitUntil(lambda: form.pictures.mode is Mode.TRANSITION, timeout=5000)
    assert shown(form) == {"aspect"}
    assert resolutions(form) == ["540p", "720p"] and form.resolution.currentText() == "720p"
    generate(studio, qtbot, " at dusk")
    body = studio.sim.submissions()[-1].json()
    assert body["model"] == "pixverse-c1-transition" and "seed" not in body
    assert {"image_url", "image_tail_url", "aspect_ratio"} <= set(body)
    assert [job.request.mode for job in studio.rows()] == [Mode.TRANSITION, Mode.IMAGE]

    assert not form.pictures.add_last.isVisibleTo(form)
    click(qtbot, form.pictures.first.remove)  # the last frame goes with the first
    assert form.pictures.mode is Mode.TEXT and form.pictures.last.picture is None
    assert shown(form) == everything and len(resolutions(form)) == 4
    assert not form.pictures.isVisibleTo(form) and form.pictures.add_first.isVisibleTo(form)

    # Reuse settings brings the take's picture back (checked again: it may have gone since).
    click_row(qtbot, studio, 1)
    reuse = studio.window.window_actions.job_actions[Action.REUSE]
    qtbot.waitUntil(reuse.isEnabled, timeout=3000)
    press_action(qtbot, reuse)
    qtbot.waitUntil(lambda: form.pictures.mode is Mode.IMAGE, timeout=5000)
    assert form.pictures.first.picture is not None
    assert form.pictures.first.picture.path == str(first.resolve())
    assert form.prompt.toPlainText() == "ripples on the lake"


def test_a_picture_pixverse_would_not_take_is_said_and_changes_nothing(
    studio: Studio, qtbot: Any, tmp_path: Path
) -> None:
    form = studio.window.form
    fake = tmp_path / "fake.png"
    fake.write_text("not a picture")
    assert drop(form, fake)
    problem = form.pictures.problem
    qtbot.waitUntil(problem.isVisible, timeout=5000)
    assert "fake.png is not a PNG, JPEG or WebP picture" in problem.text()
    assert problem.textFormat() is Qt.TextFormat.PlainText
    assert form.pictures.mode is Mode.TEXT and studio.sim.uploads() == []


def test_a_take_continued_from_its_last_frame_starts_on_it_and_shows_its_chain(
    studio: Studio, qtbot: Any
) -> None:
    window = studio.window
    form = window.form
    generate(studio, qtbot, "a red fox in snow")
    (parent,) = studio.rows()
    click_row(qtbot, studio, 0)
    continue_action = window.window_actions.continue_action
    # The list repaints a few times a second: the actions follow the saved take then.
    qtbot.waitUntil(continue_action.isEnabled, timeout=3000)
    assert window.details.continue_button.isVisible()
    press_action(qtbot, continue_action)
    qtbot.waitUntil(lambda: form.pictures.mode is Mode.IMAGE, timeout=5000)
    assert form.prompt.toPlainText() == "" and QApplication.focusWidget() is form.prompt
    assert form.parent_id() == parent.id

    generate(studio, qtbot, "the fox runs into the woods")
    child = studio.rows()[0]
    assert child.parent_id == parent.id and child.request.mode is Mode.IMAGE
    parent_last = video_frames(Path(parent.path or ""))[-1]
    child_first = video_frames(Path(child.path or ""))[0]
    assert mean_difference(small_rgb(child_first), small_rgb(parent_last)) < 3

    click_row(qtbot, studio, 0)
    assert window.selected_jobs()[0].id == child.id
    details = window.details
    assert details._fields["chain"].text() == "continues “a red fox in snow”"
    click(qtbot, details.parent_button)
    assert window.selected_jobs()[0].id == parent.id
    assert details._fields["chain"].text() == "continuations: 1"
    click(qtbot, details.child_button)
    assert window.selected_jobs()[0].id == child.id

    # A picture of the person's own instead of the frame: no longer a continuation.
    own = write_picture(Path(parent.path or "").with_name("own.png"))
    assert drop(form.pictures.first, own)
    qtbot.waitUntil(
        lambda: (
            form.pictures.first.picture is not None
            and form.pictures.first.picture.path.endswith("own.png")
        ),
        timeout=5000,
    )
    assert form.parent_id() is None


def test_a_picture_dropped_on_the_prompt_is_the_first_frame(
    studio: Studio, qtbot: Any, tmp_path: Path
) -> None:
    form = studio.window.form
    still = write_picture(tmp_path / "still.jpg", kind="jpeg")
    assert drop(form.prompt.viewport(), still)
    qtbot.waitUntil(lambda: form.pictures.mode is Mode.IMAGE, timeout=5000)
    assert form.prompt.toPlainText() == ""
    assert picture_frame(still.read_bytes()).width == 96


def test_at_800x600_a_picture_with_a_long_name_leaves_the_form_and_the_search_their_width(
    studio: Studio, qtbot: Any, tmp_path: Path
) -> None:
    """The first frame's name is cut short in the middle (whole in its tooltip) instead of
    widening the form, and the list's search field keeps room for a word."""
    window = studio.window
    form = window.form
    window.resize(800, 600)
    qtbot.waitUntil(lambda: window.width() == 800)
    before = form.width()
    name = "a-very-long-picture-name-from-a-camera-roll-export-0001.png"
    assert drop(form, write_picture(tmp_path / name, 160, 90, seed=1))
    qtbot.waitUntil(lambda: form.pictures.mode is Mode.IMAGE, timeout=5000)
    QApplication.processEvents()
    info = form.pictures.first.info
    assert window.width() == 800 and form.width() == before
    assert info.width() < info.fontMetrics().horizontalAdvance(info.text())
    assert name in form.pictures.first.toolTip()
    grabbed = info.grab().toImage()  # painted cut short: its last column is background
    assert grabbed.pixelColor(grabbed.width() - 1, grabbed.height() // 2) == grabbed.pixelColor(
        grabbed.width() - 1, 0
    )
    search = window.search
    assert search.width() >= search.fontMetrics().averageCharWidth() * 12

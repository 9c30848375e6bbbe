from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.api.models import AspectRatio, GenerationRequest, Resolution, Style, ThinkingType
from app.messages import Catalogue
from app.settings import GenerationDefaults
from ui.form import GenerationForm


@pytest.fixture
def form(qtbot: Any) -> GenerationForm:
    widget = GenerationForm(Catalogue("en"))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_untouched_optionals_are_absent_from_the_request(form: GenerationForm) -> None:
    form.prompt.setPlainText("A futuristic train")
    body = form.request().to_json()
    assert body == {
        "model": "pixverse-v6-text-to-video",
        "prompt": "A futuristic train",
        "aspect_ratio": "16:9",
        "resolution": "720p",
        "duration": 5,
        "generate_audio": False,
    }


def test_every_widget_maps_to_its_field(form: GenerationForm, qtbot: Any) -> None:
    form.prompt.setPlainText("雪中的红狐狸")
    form.advanced_toggle.click()
    form.negative_prompt.setPlainText("blur, text")
    form.aspect_ratio.setCurrentIndex(form.aspect_ratio.findData("9:16"))
    form.resolution.setCurrentIndex(form.resolution.findData("1080p"))
    form.duration.setValue(8)
    form.style_box.setCurrentIndex(form.style_box.findData("clay"))
    form.thinking.setCurrentIndex(form.thinking.findData("disabled"))
    qtbot.mouseClick(form.audio, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.multi_clip, Qt.MouseButton.LeftButton)
    form.seed.setText("1234")
    body = form.request().to_json()
    assert body["aspect_ratio"] == "9:16"
    assert body["resolution"] == "1080p"
    assert body["duration"] == 8
    assert body["style"] == "clay"
    assert body["thinking_type"] == "disabled"
    assert body["generate_audio"] is True
    assert body["generate_multi_clip"] is True
    assert body["seed"] == 1234
    assert body["negative_prompt"] == "blur, text"


def test_multi_clip_turned_off_by_hand_is_sent_as_false(form: GenerationForm, qtbot: Any) -> None:
    form.prompt.setPlainText("x")
    qtbot.mouseClick(form.multi_clip, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.multi_clip, Qt.MouseButton.LeftButton)
    assert form.request().to_json()["generate_multi_clip"] is False


def test_button_says_what_it_will_do(form: GenerationForm) -> None:
    form.prompt.setPlainText("x")
    assert form.generate.text() == "Generate 1 video"
    form.count.setValue(3)
    assert form.generate.text() == "Generate 3 videos"


def test_invalid_input_is_shown_inline_and_blocks_submit(form: GenerationForm) -> None:
    assert not form.generate.isEnabled()  # empty prompt: nothing to send
    assert not form.prompt_error.isVisible()
    form.prompt.setPlainText("x" * 5001)
    assert not form.generate.isEnabled()
    assert form.prompt_error.isVisible()
    assert "5000" in form.prompt_error.text()
    assert form.prompt_count.text() == "5001/5000"
    form.prompt.setPlainText("fine")
    form.seed.setText("12ab")
    assert not form.generate.isEnabled()
    assert form.prompt_error.text().startswith("Seed")
    form.seed.setText("")
    assert form.generate.isEnabled()


def test_ctrl_enter_submits_with_the_count(form: GenerationForm, qtbot: Any) -> None:
    form.prompt.setPlainText("lanterns")
    form.count.setValue(2)
    form.prompt.setFocus()
    with qtbot.waitSignal(form.generate_requested) as signal:
        qtbot.keyClick(form.prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    (request,), count = signal.args  # the planned requests: one, for a plain prompt
    assert request.prompt == "lanterns"
    assert count == 2


def test_busy_form_does_not_submit_again(form: GenerationForm, qtbot: Any) -> None:
    form.prompt.setPlainText("x")
    form.set_busy(True)
    assert not form.generate.isEnabled()
    with qtbot.assertNotEmitted(form.generate_requested):
        form._on_generate_clicked()


def test_reuse_round_trips_every_field(form: GenerationForm) -> None:
    request = GenerationRequest(
        "neon alley, rain",
        aspect_ratio=AspectRatio.R21_9,
        resolution=Resolution.P540,
        duration=12,
        generate_audio=True,
        negative_prompt="people",
        style=Style.ANIME,
        seed=77,
        generate_multi_clip=False,
        thinking_type=ThinkingType.AUTO,
    )
    form.set_request(request, count=4)
    assert form.request() == request
    assert form.variations() == 4
    form.set_request(GenerationRequest("plain"))
    assert form.request() == GenerationRequest("plain")


def test_defaults_round_trip(form: GenerationForm) -> None:
    defaults = GenerationDefaults(
        aspect_ratio="3:4",
        resolution="360p",
        duration=2,
        generate_audio=True,
        style="comic",
        thinking_type="enabled",
        generate_multi_clip=True,
        negative_prompt="fog",
        count=5,
    )
    form.apply_defaults(defaults)
    assert form.defaults() == defaults


def test_alt_n_opens_the_negative_prompt_to_type_in_and_closes_it(
    form: GenerationForm, qtbot: Any
) -> None:
    form.activateWindow()
    qtbot.waitActive(form)
    form.prompt.setFocus()
    alt = Qt.KeyboardModifier.AltModifier
    qtbot.keyClick(form.prompt, Qt.Key.Key_N, alt)
    qtbot.waitUntil(form.negative_prompt.hasFocus, timeout=2000)
    qtbot.keyClicks(form.negative_prompt, "blur")
    assert form.negative_prompt.toPlainText() == "blur"
    qtbot.keyClick(form.negative_prompt, Qt.Key.Key_N, alt)
    qtbot.waitUntil(lambda: not form.negative_prompt.isVisible(), timeout=2000)
    assert form.advanced_toggle.hasFocus()  # where it was closed, not the next field


def test_the_cost_note_says_whether_videos_are_paid(form: GenerationForm) -> None:
    assert form.cost_note.text() == "Each video is a separate, paid submission."
    form.set_demo(True)
    assert "no cost" in form.cost_note.text() and "paid" not in form.cost_note.text()
    form.set_demo(False)
    assert "paid" in form.cost_note.text()


def test_reusing_a_request_makes_that_one_video_again(form: GenerationForm, qtbot: Any) -> None:
    form.per_line.setChecked(True)
    form.prompt.setPlainText("one\ntwo")
    qtbot.mouseClick(form.matrix_toggle, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.matrix.audio.chip(True), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.matrix.audio.chip(False), Qt.MouseButton.LeftButton)
    assert len(form.requests()) == 4
    form.set_request(GenerationRequest("a fox\nin snow", seed=3))
    (request,) = form.requests()
    assert request.prompt == "a fox\nin snow" and request.seed == 3


def test_a_bad_value_in_the_matrix_is_named_and_nothing_can_be_sent(
    form: GenerationForm, qtbot: Any
) -> None:
    form.prompt.setPlainText("a fox")
    qtbot.mouseClick(form.matrix_toggle, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.matrix.durations, "5, 99")
    assert not form.generate.isEnabled()
    assert form.prompt_error.text() == "Durations: Duration: must be between 1 and 15"
    qtbot.keyClick(form.matrix.durations, Qt.Key.Key_Backspace)
    assert form.generate.isEnabled() and form.generate.text() == "Generate 2 videos"
    # Closed, the matrix does not count: one video again.
    qtbot.mouseClick(form.matrix_toggle, Qt.MouseButton.LeftButton)
    assert form.generate.text() == "Generate 1 video"

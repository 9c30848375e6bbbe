"""The compare window on real video files: two or four takes side by side, every key acting on
all players at once, one take heard at a time, and the settings that differ marked."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from shiboken6 import isValid

from app.api.models import AspectRatio, GenerationRequest
from app.engine.jobs import Job, JobStatus
from app.messages import Catalogue
from app.resources import demo_clip
from ui.compare import CompareWindow, differing_fields

# What QtMultimedia says about this machine (no GPU, no sound device), not about ReelDesk.
pytestmark = pytest.mark.qt_log_ignore(
    "Couldn't (load|resolve) .* (library|symbols)",
    "No HW decoder found",
    "No RHI backend",
    "No audio device detected",
    "PulseAudioService",
)


def take(tmp_path: Path, number: int, ratio: AspectRatio = AspectRatio.R16_9) -> Job:
    video = tmp_path / f"take{number}.mp4"
    video.write_bytes(demo_clip(ratio.value))
    request = GenerationRequest("Lanterns over a river", aspect_ratio=ratio, seed=100 + number)
    return Job(id=f"t{number}", request=request, status=JobStatus.SAVED, path=str(video))


@pytest.fixture
def open_compare(qtbot: Any) -> Iterator[Callable[[list[Job]], CompareWindow]]:
    windows: list[CompareWindow] = []

    def open_(jobs: list[Job]) -> CompareWindow:
        window = CompareWindow(jobs, Catalogue("en"))
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        windows.append(window)
        # Every take has its first frame and knows its length.
        qtbot.waitUntil(
            lambda: all(p.player.duration() > 0 for p in window.players), timeout=10_000
        )
        return window

    yield open_
    for window in windows:
        if isValid(window):
            window.close()


def positions(window: CompareWindow) -> list[int]:
    return [player.player.position() for player in window.players]


def press(qtbot: Any, window: CompareWindow, key: Qt.Key) -> None:
    qtbot.keyClick(window, key)


def test_two_takes_side_by_side_with_what_differs_marked(
    tmp_path: Path, open_compare: Callable[[list[Job]], CompareWindow]
) -> None:
    window = open_compare([take(tmp_path, 1), take(tmp_path, 2, AspectRatio.R9_16)])
    first, second = window.players
    assert first.geometry().top() == second.geometry().top()  # one row of two
    assert first.geometry().right() < second.geometry().left()
    differs = {name for name, label in first.values.items() if label.property("differs")}
    assert differs == {"Seed", "Aspect ratio"}
    assert not first.values["Prompt"].property("differs")


def test_four_takes_in_two_rows_and_keys_act_on_all_players(
    tmp_path: Path, qtbot: Any, open_compare: Callable[[list[Job]], CompareWindow]
) -> None:
    window = open_compare([take(tmp_path, n) for n in range(1, 5)])
    tops = sorted({p.geometry().top() for p in window.players})
    assert len(tops) == 2  # 2×2

    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: all(p.playing() for p in window.players), timeout=3000)
    qtbot.waitUntil(lambda: min(positions(window)) > 400, timeout=5000)
    press(qtbot, window, Qt.Key.Key_Space)
    assert not any(p.playing() for p in window.players)
    qtbot.waitUntil(lambda: len(set(positions(window))) == 1, timeout=3000)
    paused = positions(window)[0]

    press(qtbot, window, Qt.Key.Key_Right)
    frame = window.leader.frame_ms
    qtbot.waitUntil(lambda: positions(window) == [round(paused + frame)] * 4, timeout=3000)
    press(qtbot, window, Qt.Key.Key_Left)
    press(qtbot, window, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: positions(window) == [round(paused - frame)] * 4, timeout=3000)

    press(qtbot, window, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: all(p.playing() for p in window.players), timeout=3000)
    press(qtbot, window, Qt.Key.Key_K)
    assert not any(p.playing() for p in window.players)
    before = positions(window)[0]
    press(qtbot, window, Qt.Key.Key_J)  # backwards, all together
    qtbot.waitUntil(lambda: max(positions(window)) < before - 100, timeout=3000)
    press(qtbot, window, Qt.Key.Key_K)
    assert len(set(positions(window))) == 1

    # One take heard at a time.
    assert [p.audio.isMuted() for p in window.players] == [False, True, True, True]
    press(qtbot, window, Qt.Key.Key_3)
    assert [p.audio.isMuted() for p in window.players] == [True, True, False, True]
    assert window.active is window.players[2]


def test_differing_fields_are_those_not_alike_in_every_take() -> None:
    rows = [[("Seed", "1"), ("Style", "—")], [("Seed", "2"), ("Style", "—")]]
    assert differing_fields(rows) == {"Seed"}


def test_compare_takes_two_to_four(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="2-4 takes"):
        CompareWindow([take(tmp_path, 1)], Catalogue("en"))


def test_seeking_moves_every_take_and_the_loop_starts_them_all_again(
    tmp_path: Path, qtbot: Any, open_compare: Callable[[list[Job]], CompareWindow]
) -> None:
    window = open_compare([take(tmp_path, 1), take(tmp_path, 2)])
    slider = window.position
    qtbot.waitUntil(lambda: slider.maximum() > 2900, timeout=3000)
    # A middle click sets the slider where it lands (the style's absolute-set button).
    groove = slider.rect()
    near_end = QPoint(groove.left() + int(groove.width() * 0.9), groove.center().y())
    qtbot.mouseClick(slider, Qt.MouseButton.MiddleButton, pos=near_end)
    qtbot.waitUntil(lambda: min(positions(window)) > 2400, timeout=3000)
    assert abs(positions(window)[0] - positions(window)[1]) < 50

    press(qtbot, window, Qt.Key.Key_Space)
    # Past the end of the 3-second takes, both start again from the top and play on.
    qtbot.waitUntil(lambda: max(positions(window)) < 1000, timeout=3000)
    qtbot.waitUntil(lambda: all(p.playing() for p in window.players), timeout=3000)

    window.loop_box.setChecked(False)
    window.seek(2800)
    qtbot.waitUntil(lambda: not any(p.playing() for p in window.players), timeout=3000)

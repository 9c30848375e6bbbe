"""Reviewing takes as a person does: the gallery of saved takes from a real run, scrubbing by
hovering, zooming, and culling with P, X, U and 0-5 in the gallery and the list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QKeySequence, QWheelEvent
from PySide6.QtWidgets import QApplication

from app.engine.jobs import Flag, Job
from ui.gallery import Gallery
from ui.job_model import Column, ReviewFilter
from ui.main_window import MainWindow

from .conftest import Studio
from .drive import click, press, press_action, set_variations, write_prompt


def make_takes(studio: Studio, qtbot: Any, count: int) -> list[Job]:
    """``count`` saved takes of one prompt, made through the form."""
    form = studio.window.form
    write_prompt(qtbot, form, "Lanterns over a river")
    if count > 1:
        set_variations(qtbot, form, count)
    click(qtbot, form.generate)
    qtbot.waitUntil(lambda: studio.statuses() == ["saved"] * count, timeout=20_000)
    return studio.rows()


def open_gallery(window: MainWindow, qtbot: Any) -> Gallery:
    press_action(qtbot, window.window_actions.gallery_action)
    assert window.views.showing_gallery()
    return window.gallery


def tile_center(gallery: Gallery, row: int) -> QPoint:
    return gallery.visualRect(gallery.model().index(row, 0)).center()


def click_tile(qtbot: Any, gallery: Gallery, row: int) -> None:
    qtbot.mouseClick(gallery.viewport(), Qt.MouseButton.LeftButton, pos=tile_center(gallery, row))


def wheel(gallery: Gallery, delta: int, modifiers: Qt.KeyboardModifier) -> None:
    """A mouse wheel turned over the middle of the gallery."""
    at = QPointF(gallery.viewport().rect().center())
    event = QWheelEvent(
        at,
        QPointF(gallery.viewport().mapToGlobal(at.toPoint())),
        QPoint(0, 0),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(gallery.viewport(), event)


def test_the_gallery_shows_saved_takes_and_hovering_scrubs_through_one(
    studio: Studio, qtbot: Any
) -> None:
    window = studio.window
    takes = make_takes(studio, qtbot, 2)
    click(qtbot, window.table.viewport())
    gallery = open_gallery(window, qtbot)
    assert gallery.isVisible() and not window.table.isVisible()
    assert gallery.model().rowCount() == 2
    # Each tile shows its take's first frame, decoded from the file on a worker thread.
    qtbot.waitUntil(lambda: all(gallery.has_frames(job) for job in takes), timeout=10_000)
    # The length on a tile is the file's (the simulator's clips run 3 s, whatever was asked).
    assert takes[0].request.duration == 5
    assert gallery._length(takes[0]) == pytest.approx(3.0, abs=0.1)

    rect = gallery.visualRect(gallery.model().index(0, 0))
    left = rect.topLeft() + QPoint(3, rect.height() // 3)
    right = rect.topRight() + QPoint(-3, rect.height() // 3)
    qtbot.mouseMove(gallery.viewport(), left)
    qtbot.waitUntil(lambda: gallery.shown_frame() is not None)
    first = gallery.shown_frame()
    assert first == (takes[0].id, 0)
    before = gallery.viewport().grab(rect).toImage()
    qtbot.mouseMove(gallery.viewport(), right)
    shown = gallery.shown_frame()
    assert shown is not None and shown[0] == takes[0].id and shown[1] > 6
    # What the person sees changed too, not only the number.
    qtbot.waitUntil(lambda: gallery.viewport().grab(rect).toImage() != before, timeout=2000)


def test_the_gallery_is_made_when_first_shown_and_takes_the_tile_size_kept_meanwhile(
    studio: Studio, qtbot: Any
) -> None:
    window = studio.window
    # The window opens on the list; the gallery is not made for its first paint.
    assert window.views.made_gallery is None
    window.zoom_slider.setValue(400)  # as a saved window state restores it
    state = json.loads(window.window_state())
    assert (state["view"], state["tile"]) == ("list", 400)
    assert window.views.made_gallery is None
    gallery = open_gallery(window, qtbot)
    assert window.views.made_gallery is gallery and gallery.isVisible()
    assert gallery.tile_width == 400
    press(qtbot, QKeySequence("Ctrl+-"))
    assert gallery.tile_width < 400 and window.zoom_slider.value() == gallery.tile_width
    assert json.loads(window.window_state())["view"] == "gallery"


def test_zoom_changes_the_tile_size_by_keys_wheel_and_slider(studio: Studio, qtbot: Any) -> None:
    window = studio.window
    make_takes(studio, qtbot, 1)
    gallery = open_gallery(window, qtbot)
    click_tile(qtbot, gallery, 0)
    start = gallery.visualRect(gallery.model().index(0, 0)).width()
    press(qtbot, QKeySequence("Ctrl+="))
    wider = gallery.visualRect(gallery.model().index(0, 0)).width()
    assert wider > start
    assert window.zoom_slider.value() == gallery.tile_width
    press(qtbot, QKeySequence("Ctrl+-"))
    press(qtbot, QKeySequence("Ctrl+-"))
    assert gallery.visualRect(gallery.model().index(0, 0)).width() < start
    narrow = gallery.tile_width
    wheel(gallery, 120, Qt.KeyboardModifier.ControlModifier)  # one notch up, Ctrl held
    assert gallery.tile_width > narrow
    top = gallery.verticalScrollBar().value()
    wheel(gallery, -120, Qt.KeyboardModifier.NoModifier)  # without Ctrl: a scroll, no zoom
    assert gallery.tile_width > narrow and gallery.verticalScrollBar().value() >= top
    window.zoom_slider.setValue(400)
    assert gallery.tile_width == 400
    assert gallery.visualRect(gallery.model().index(0, 0)).width() >= 400


def test_cull_keys_mark_takes_and_move_on_in_the_gallery_and_the_list(
    studio: Studio, qtbot: Any
) -> None:
    window = studio.window
    make_takes(studio, qtbot, 3)
    gallery = open_gallery(window, qtbot)
    click_tile(qtbot, gallery, 0)
    ids = [job.id for job in studio.rows()]
    engine = window._engine

    def mark(job_id: str) -> tuple[int, str]:
        job = engine.job(job_id)
        assert job is not None
        return job.rating, job.flag

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_P)
    qtbot.waitUntil(lambda: mark(ids[0]) == (0, Flag.PICKED))
    assert [job.id for job in window.selected_jobs()] == [ids[1]]  # moved on
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_4)
    qtbot.waitUntil(lambda: mark(ids[1]) == (4, ""))
    assert [job.id for job in window.selected_jobs()] == [ids[2]]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_X)
    qtbot.waitUntil(lambda: mark(ids[2]) == (0, Flag.REJECTED))

    # The same keys in the list; the marks reach the sidecar beside the video.
    press_action(qtbot, window.window_actions.gallery_action)
    assert not window.views.showing_gallery()
    window.select_job(ids[2])
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_U)
    qtbot.keyClick(window.table, Qt.Key.Key_5)  # the selection stayed on the last take
    qtbot.waitUntil(lambda: mark(ids[2]) == (5, ""))
    job = engine.job(ids[2])
    assert job is not None and job.path
    card = Path(job.path).with_suffix(".json")
    qtbot.waitUntil(lambda: json.loads(card.read_text(encoding="utf-8"))["rating"] == 5)
    assert json.loads(card.read_text(encoding="utf-8"))["flag"] == ""
    # The details pane says the marks of the take shown, also in the list view.
    status = window.details._fields["status"]
    qtbot.waitUntil(lambda: status.text().endswith(" · ★★★★★"))
    window.select_job(ids[0])
    qtbot.waitUntil(lambda: status.text().endswith(" · Picked"))

    # Typing a prompt is typing, not culling.
    write_prompt(qtbot, window.form, "P")
    assert mark(ids[2]) == (5, "")

    # The review filter: picked ones only, unrated ones, rejected ones hidden.
    window.model.flush()
    for review, expected in (
        (ReviewFilter.PICKED, [ids[0]]),
        (ReviewFilter.UNRATED, [ids[0]]),
        (ReviewFilter.ANY, ids),
    ):
        window.review_filter.setCurrentIndex(window.review_filter.findData(review))
        assert [job.id for job in studio.rows()] == expected


def test_hide_rejected_hides_a_take_as_it_is_rejected(studio: Studio, qtbot: Any) -> None:
    window = studio.window
    make_takes(studio, qtbot, 2)
    window.review_filter.setCurrentIndex(window.review_filter.findData(ReviewFilter.NOT_REJECTED))
    first, second = (job.id for job in studio.rows())
    window.select_job(first)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: [job.id for job in studio.rows()] == [second], timeout=3000)
    assert [job.id for job in window.selected_jobs()] == [second]


# What QtMultimedia says about this machine (no sound device), not about ReelDesk.
@pytest.mark.qt_log_ignore("No audio device detected", "PulseAudioService", r"No RHI backend")
def test_compare_opens_from_the_gallery_and_culls_the_take_heard(
    studio: Studio, qtbot: Any
) -> None:
    window = studio.window
    first, second = (job.id for job in make_takes(studio, qtbot, 2))
    gallery = open_gallery(window, qtbot)
    click_tile(qtbot, gallery, 0)
    qtbot.mouseClick(
        gallery.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        tile_center(gallery, 1),
    )
    assert len(window.selected_jobs()) == 2
    qtbot.keyClick(gallery, Qt.Key.Key_C)
    compare = window.compare
    assert compare is not None and len(compare.players) == 2
    qtbot.waitUntil(lambda: all(p.playing() for p in compare.players), timeout=5000)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is compare, timeout=3000)
    engine = window._engine

    qtbot.keyClick(compare, Qt.Key.Key_P)  # take 1, heard first
    qtbot.waitUntil(lambda: getattr(engine.job(first), "flag", None) == Flag.PICKED)
    assert compare.active is compare.players[1]  # moved on, and heard
    assert [p.audio.isMuted() for p in compare.players] == [True, False]
    qtbot.keyClick(compare, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: getattr(engine.job(second), "rating", None) == 3)
    assert "★★★☆☆" in compare.players[1].title.text()
    compare.close()
    assert window.compare is None


def test_grouping_by_idea_puts_each_submission_under_its_header(studio: Studio, qtbot: Any) -> None:
    window = studio.window
    make_takes(studio, qtbot, 2)
    click(qtbot, window.form.prompt.viewport())  # a second idea: another prompt, one take
    press(qtbot, QKeySequence(QKeySequence.StandardKey.SelectAll))
    qtbot.keyClicks(window.form.prompt, "Fireflies in a jar")
    set_variations(qtbot, window.form, 1)
    click(qtbot, window.form.generate)
    qtbot.waitUntil(lambda: studio.statuses() == ["saved"] * 3, timeout=20_000)
    newest, *first_idea = (job.id for job in studio.rows())

    click(qtbot, window.table.viewport())
    press_action(qtbot, window.window_actions.ideas_action)
    ideas = window.views.ideas
    assert ideas is not None and window.table.model() is ideas
    assert ideas.header_rows() == [0, 2]
    headers = [ideas.index(row, 0).data() for row in ideas.header_rows()]
    assert headers[0].startswith("Fireflies in a jar — 1 take · 1 saved")
    assert headers[1].startswith("Lanterns over a river — 2 takes · 2 saved")
    assert window.table.columnSpan(0, 0) == ideas.columnCount()  # across the list
    assert not ideas.flags(ideas.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    titles = [
        window.table.horizontalHeader().model().headerData(column, Qt.Orientation.Horizontal)
        for column in (Column.PROMPT, Column.STATUS)
    ]
    assert titles == ["Prompt", "Status"]  # the list's own column titles, over the ideas

    # Culling moves from one idea's last take over the next header to its first take.
    window.select_job(newest)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_2)
    assert [job.id for job in window.selected_jobs()] == [first_idea[0]]
    qtbot.waitUntil(lambda: getattr(window._engine.job(newest), "rating", 0) == 2)

    # The gallery groups alike, and both views go back to the plain list.
    gallery = open_gallery(window, qtbot)
    assert gallery.model() is ideas and gallery.selectionModel() is window.table.selectionModel()
    press_action(qtbot, window.window_actions.ideas_action)
    assert window.views.ideas is None and gallery.model() is window.proxy
    assert [job.id for job in window.selected_jobs()] == [first_idea[0]]

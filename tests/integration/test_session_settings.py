"""At start-up the window says which settings went back to their defaults, by their names in
Preferences, and keeps the others."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.paths import Paths
from tests.unit.ui.boxes import click, wait_for_box
from ui.application import start_session
from ui.main_window import MainWindow

from .test_session import DEMO, FAST, Sessions, sessions

__all__ = ["sessions"]  # the fixture, imported for this test


def test_the_fields_that_fell_back_are_named_and_the_rest_kept(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, sessions: Sessions, paths: Paths
) -> None:
    paths.settings_file.write_text(
        json.dumps({"download_dir": "Z:\\Videos", "key_storage": "file", "theme": "dark"})
    )
    session = sessions.new()
    assert session.settings.moved_aside is None
    starting = qloop.create_task(start_session(session, DEMO, FAST, welcome=False))
    box = wait_for_box(qtbot)
    assert box.textFormat() is Qt.TextFormat.PlainText
    assert box.text() == (
        "These settings were not valid and went back to their defaults: Download folder."
    )
    click(qtbot, box, QMessageBox.StandardButton.Ok)
    qtbot.waitUntil(starting.done, timeout=10_000)
    assert isinstance(starting.result(), MainWindow)
    settings = session.settings.settings
    assert settings.download_dir == "" and settings.key_storage == "file"
    assert settings.theme == "dark"

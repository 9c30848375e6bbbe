"""Preferences saved on a running core: the real dialog, a real core and the simulator."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.api.models import GenerationRequest
from app.core import Connection, Core
from app.engine.downloader import part_path
from app.engine.jobs import JobStatus
from app.paths import Paths
from app.secrets import KeyStore
from app.settings import SettingsStore
from app.simulator import JobFaults, Simulator, SimulatorConfig
from app.simulator.faults import FaultySimulator
from tests.conftest import run_async
from tests.unit.app.test_secrets import FakeKeychain
from tests.videos import same_video
from ui.preferences import PreferencesDialog
from ui.tasks import TaskRunner

OLD_KEY = "sk-old-key-5Kq8Lm2Nw7"
NEW_KEY = "sk-new-key-9Tz4Rv6Xa1"
#: Each clip is padded to this size and sent at ``RATE`` bytes a second: about 3 s each.
SIZE = 60_000
RATE = 20_000


@pytest.fixture
def slow_sim() -> Iterator[FaultySimulator]:
    sim = FaultySimulator(
        SimulatorConfig(job_seconds=0.2, file_size=SIZE), faults=JobFaults(slow_bps=RATE)
    )
    with sim:
        yield sim


@pytest.fixture
def running_core(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, paths: Paths, slow_sim: FaultySimulator
) -> Iterator[tuple[Core, SettingsStore, KeyStore]]:
    keys = KeyStore(paths.key_file, backend=FakeKeychain())
    keys.save(OLD_KEY, "keychain")
    store = SettingsStore(paths.settings_file)
    store.update(base_url=slow_sim.base_url, proxy_mode="none", first_run_done=True)
    core = Core(
        paths,
        store.settings,
        Connection(slow_sim.base_url, OLD_KEY, False, None),
        environ={"REELDESK_TIME_SCALE": "0.02"},
    )
    run_async(qtbot, qloop, core.engine.start())
    yield core, store, keys
    run_async(qtbot, qloop, core.close())


def test_ok_during_slow_downloads_closes_at_once_and_the_downloads_finish(
    qtbot: Any,
    qloop: asyncio.AbstractEventLoop,
    running_core: tuple[Core, SettingsStore, KeyStore],
    slow_sim: FaultySimulator,
    paths: Paths,
) -> None:
    core, store, keys = running_core
    jobs = run_async(qtbot, qloop, core.engine.submit(GenerationRequest("slow train"), count=2))
    ids = [job.id for job in jobs]

    def downloading() -> bool:
        current = [core.engine.job(i) for i in ids]
        return all(
            j is not None and j.status is JobStatus.DOWNLOADING and j.bytes_done > 0
            for j in current
        )

    qtbot.waitUntil(downloading, timeout=10_000)
    old_client = core.client
    slow_sim.accept_only(NEW_KEY)  # from now on, only the new key is accepted

    dialog = PreferencesDialog(store, keys, TaskRunner(print), core)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.key_field.edit, NEW_KEY)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    # Closed while both downloads are still streaming on the old connection.
    for job_id in ids:
        job = core.engine.job(job_id)
        assert job is not None and job.path is not None
        assert part_path(Path(job.path)).stat().st_size < SIZE
    assert core.client is not old_client

    # New requests use the new key at once.
    fresh = run_async(qtbot, qloop, core.engine.submit(GenerationRequest("after the change")))
    qtbot.waitUntil(lambda: len(slow_sim.submissions()) == 3, timeout=5000)
    assert slow_sim.submissions()[-1].headers["Authorization"] == f"Bearer {NEW_KEY}"

    def saved() -> bool:
        current = [core.engine.job(i) for i in [*ids, fresh[0].id]]
        return all(j is not None and j.status is JobStatus.SAVED for j in current)

    qtbot.waitUntil(saved, timeout=20_000)
    for job_id in ids:
        job = core.engine.job(job_id)
        assert job is not None and job.path is not None
        video = Path(job.path)
        assert same_video(video, slow_sim.file_bytes(job.task_id or ""))
        assert video.with_suffix(".json").exists()
    run_async(qtbot, qloop, core.retired())  # the old connection closed once idle


def test_leaving_demo_mode_from_preferences_goes_live_and_stops_the_simulator(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, paths: Paths, sim: Simulator
) -> None:
    keys = KeyStore(paths.key_file, backend=FakeKeychain())
    store = SettingsStore(paths.settings_file)
    store.update(demo_mode=True, first_run_done=True, proxy_mode="none")
    core = Core(
        paths,
        store.settings,
        Connection("", "", True, None),
        environ={"REELDESK_TIME_SCALE": "0.02"},
    )
    try:
        run_async(qtbot, qloop, core.engine.start())
        demo_simulator = core.simulator
        assert core.demo and demo_simulator is not None
        dialog = PreferencesDialog(store, keys, TaskRunner(print), core)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.mouseClick(dialog.demo, Qt.MouseButton.LeftButton)
        dialog.base_url.setCurrentText(sim.base_url)
        qtbot.keyClicks(dialog.key_field.edit, NEW_KEY)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
        assert not core.demo and core.connection is not None
        assert core.connection.base_url == sim.base_url
        run_async(qtbot, qloop, core.retired())
        assert core.simulator is None
        port = int(demo_simulator.base_url.rsplit(":", 1)[1])
        with pytest.raises(ConnectionRefusedError):  # the in-process simulator stopped
            socket.create_connection(("127.0.0.1", port), 1)
        run_async(qtbot, qloop, core.engine.submit(GenerationRequest("live now")))
        qtbot.waitUntil(lambda: bool(sim.submissions()), timeout=5000)
        assert sim.submissions()[0].headers["Authorization"] == f"Bearer {NEW_KEY}"
    finally:
        run_async(qtbot, qloop, core.close())

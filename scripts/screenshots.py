"""Drive the real window in demo mode and save screenshots of its main states.

    .venv/bin/python scripts/screenshots.py --out docs/screenshots --lang en --theme light
    .venv/bin/python scripts/screenshots.py --lang zh_CN --size 1280x720 --scale 2
    .venv/bin/python scripts/screenshots.py --set      # the whole set in docs/screenshots

Runs offscreen unless DISPLAY is set (under Xvfb the window is real). Each run uses a fresh
temporary ReelDesk home, so it never touches your own history. ``--scale 2`` runs the window at
200 % (``QT_SCALE_FACTOR``): the size stays the logical one, the pictures are twice as large.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: What a run can capture. ``preferences`` is the dialog's first page, ``tabs`` every other page.
SHOTS = (
    "running",
    "saved",
    "failed",
    "preferences",
    "tabs",
    "welcome",
    "gallery",
    "compare",
    "pictures",
)
DEFAULT_SHOTS = "running,saved,failed,preferences"
#: File names of the Preferences pages, in the order of its tabs.
TAB_NAMES = ("connection", "saving", "generation", "appearance")
#: The set in docs/screenshots (see README): each language in each theme (the gallery and
#: compare too); the narrow sizes
#: where a window is cramped; 200 % scaling. The dialogs do not change with the window's
#: size, so they are taken once per language, theme and scale.
SET: tuple[tuple[str, str, str, int, str], ...] = (
    (
        "en",
        "light",
        "1280x720",
        1,
        "running,saved,failed,preferences,welcome,gallery,compare,pictures",
    ),
    (
        "zh_CN",
        "light",
        "1280x720",
        1,
        "running,saved,failed,preferences,tabs,welcome,gallery,compare,pictures",
    ),
    ("en", "dark", "1280x720", 1, "gallery,compare,pictures"),
    ("zh_CN", "dark", "1280x720", 1, "gallery,compare"),
    ("en", "dark", "1920x1080", 1, "running,saved,failed,preferences,welcome"),
    ("zh_CN", "dark", "1920x1080", 1, "running,failed"),
    ("en", "dark", "960x640", 1, "failed"),
    ("zh_CN", "light", "960x640", 1, "failed"),
    ("en", "light", "800x600", 1, "running,saved,failed"),
    ("zh_CN", "dark", "800x600", 1, "running,saved,failed"),
    ("en", "light", "1280x720", 2, "running,preferences"),
    ("zh_CN", "dark", "1280x720", 2, "running,preferences"),
)
#: The names this script gives its pictures (``--set`` replaces only these).
PREFIXES = ("main-", "preferences-", "welcome-", "gallery-", "compare-", "form-")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--lang", default="en", choices=["en", "zh_CN"])
    parser.add_argument("--theme", default="light", choices=["light", "dark"])
    parser.add_argument("--size", default="1280x720", help="the window's logical size, WxH")
    parser.add_argument("--scale", type=int, default=1, choices=[1, 2], help="2 for 200 %%")
    parser.add_argument(
        "--shots",
        default=DEFAULT_SHOTS,
        help=f"comma-separated, of {', '.join(SHOTS)} (default {DEFAULT_SHOTS})",
    )
    parser.add_argument(
        "--set", action="store_true", help="replace every picture in --out by the whole set"
    )
    args = parser.parse_args()
    shots = set(args.shots.split(","))
    if not shots <= set(SHOTS):
        parser.error(f"unknown shots: {', '.join(sorted(shots - set(SHOTS)))}")
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    if args.set:
        return make_set(out)
    return capture(out, args.lang, args.theme, args.size, args.scale, shots)


def make_set(out: Path) -> int:
    """Each configuration in a process of its own: language and scale are fixed at start."""
    for old in out.glob("*.png"):
        if old.name.startswith(PREFIXES):
            old.unlink()
    for lang, theme, size, scale, shots in SET:
        command = [sys.executable, __file__, "--out", str(out), "--lang", lang]
        command += ["--theme", theme, "--size", size, "--scale", str(scale), "--shots", shots]
        if subprocess.run(command, check=False).returncode != 0:
            return 1
    return 0


def capture(out: Path, lang: str, theme: str, size: str, scale: int, shots: set[str]) -> int:
    width, height = (int(x) for x in size.split("x"))
    suffix = f"{lang}-{theme}-{size}" + (f"@{scale}x" if scale != 1 else "")

    home = Path(tempfile.mkdtemp(prefix="reeldesk-shots-"))
    os.environ["REELDESK_HOME"] = str(home)
    os.environ["REELDESK_TIME_SCALE"] = "0.6"
    os.environ.pop("REELDESK_API_KEY", None)
    # Before Qt loads; whatever the caller's environment asked for is replaced.
    os.environ["QT_SCALE_FACTOR"] = str(scale)
    os.environ.pop("QT_SCREEN_SCALE_FACTORS", None)
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text(
        json.dumps(
            {
                "schema_version": 1,
                "language": lang,
                "theme": theme,
                "first_run_done": True,
                "demo_mode": True,
            }
        )
    )

    import qasync
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QWidget

    from app import core
    from app.api.models import AspectRatio, GenerationRequest, Resolution, Style
    from app.engine.jobs import Job
    from app.simulator import JobFaults, SimulatorConfig
    from app.simulator.faults import FaultySimulator
    from ui import application

    def faulty_demo_simulator(time_scale: float) -> FaultySimulator:
        # The shipped demo never fails on purpose; the "failed" screenshot needs a job that
        # does, so this run's demo simulator takes faults.
        config = SimulatorConfig(job_seconds=core.DEMO_JOB_SECONDS * time_scale, adopt_unknown=True)
        return FaultySimulator(config).start()

    core.start_demo_simulator = faulty_demo_simulator
    application.quiet_multimedia()
    app = QApplication([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    app.setWindowIcon(application.app_icon())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    session = application.make_session(app, os.environ)
    session.reporter.install(loop)

    def shot(widget: QWidget, name: str) -> None:
        path = out / f"{name}-{suffix}.png"
        widget.grab().save(str(path))
        print(path)

    async def capture_welcome() -> None:
        from ui.welcome import WelcomeDialog

        dialog = WelcomeDialog(session.keys, session.settings, session.tasks)
        dialog.show()
        await asyncio.sleep(0.3)
        shot(dialog, "welcome")
        dialog.close()

    async def capture_preferences(window: QWidget) -> None:
        from ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(
            session.settings,
            session.keys,
            session.tasks,
            session.core,
            catalogue=session.catalogue,
            parent=window,
        )
        dialog.show()
        for _ in range(50):  # the note on the stored key comes from a worker thread
            await asyncio.sleep(0.1)
            if dialog.key_status.text():
                break
        if "preferences" in shots:
            shot(dialog, "preferences")
        if "tabs" in shots:
            for i in range(1, dialog.tabs.count()):
                dialog.tabs.setCurrentIndex(i)
                await asyncio.sleep(0.2)
                name = TAB_NAMES[i] if i < len(TAB_NAMES) else f"tab{i + 1}"
                shot(dialog, f"preferences-{name}")
        dialog.close()

    async def capture_gallery(window: Any) -> None:
        window.window_actions.gallery_action.setChecked(True)
        window.window_actions.ideas_action.setChecked(True)
        saved = [job for job in window._engine.jobs if job.path]
        if saved:
            window.select_job(saved[-1].id)
        await asyncio.sleep(1.5)  # the frames, decoded on a worker thread
        gallery = window.gallery
        if saved:
            # The pointer halfway across the newest take: the tile scrubs to its middle.
            rect = gallery.visualRect(gallery.currentIndex())
            gallery._scrub(rect.center())
        await asyncio.sleep(0.3)
        window.model.flush()
        shot(window, "gallery")
        window.window_actions.ideas_action.setChecked(False)
        window.window_actions.gallery_action.setChecked(False)

    async def capture_compare(window: Any) -> None:
        from PySide6.QtCore import QItemSelectionModel

        saved = [job for job in window._engine.jobs if job.path][-4:]
        selection = window.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for job in saved:
            selection.select(window.proxy.mapFromSource(window.model.index_of(job.id)), flags)
        await window._engine.mark(saved[0].id, rating=4, flag="picked")
        await window._engine.mark(saved[1].id, rating=2)
        window.open_compare()
        compare = window.compare
        compare.resize(width, height)
        await asyncio.sleep(1.6)
        compare.pause()
        await asyncio.sleep(0.4)
        shot(compare, "compare")
        compare.close()

    async def capture_pictures(window: Any, shot_window: Any) -> None:
        """The form in each mode: a take continued from its last frame (image to video), a
        second picture for a transition, then both removed (text to video)."""
        from app.pictures import last_frame_png
        from app.rules import Action

        await asyncio.sleep(6)  # every take saved
        saved = [job for job in window._engine.jobs if job.path]
        window.select_job(saved[0].id)
        window.commands.run(Action.CONTINUE, [saved[0].id])
        for _ in range(50):  # the frame, read on a worker thread, then checked on another
            await asyncio.sleep(0.1)
            if window.form.pictures.first.picture is not None:
                break
        window.form.prompt.setPlainText("The lanterns rise into the clouds as the sky turns pink")
        await asyncio.sleep(0.3)
        shot(window.form, "form-image")
        shot_window("main-continue")
        tail = home / "dawn.png"
        tail.write_bytes(last_frame_png(Path(saved[-1].path or "")))
        window.form.pictures.last.set_path(str(tail))
        for _ in range(50):
            await asyncio.sleep(0.1)
            if window.form.pictures.last.picture is not None:
                break
        window.form.prompt.setPlainText("The river of lanterns becomes a neon city at dawn")
        await asyncio.sleep(0.3)
        shot(window.form, "form-transition")
        window.form.pictures.first.clear()
        window.form.prompt.setPlainText("A red fox leaping into deep snow, slow motion")
        await asyncio.sleep(0.3)
        shot(window.form, "form-text")

    async def run() -> None:
        if "welcome" in shots:
            await capture_welcome()
        window = await application.start_session(
            session, argparse.Namespace(demo=True, base_url=None), os.environ, welcome=False
        )
        assert window is not None
        window.resize(width, height)
        engine = window._engine

        def shot_window(name: str) -> None:
            # The list and the details pane repaint a few times a second; both as of now, and
            # the details laid out for the buttons this job shows.
            window.model.flush()
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            shot(window, name)

        simulator = session.core.simulator if session.core else None
        assert isinstance(simulator, FaultySimulator)
        (lanterns,) = await engine.submit(
            GenerationRequest(
                "Lanterns drifting over a night river, warm light, slow dolly shot",
                aspect_ratio=AspectRatio.R16_9,
                resolution=Resolution.P1080,
                duration=5,
            )
        )
        # Once the lanterns have their task, the fault set below goes to the next job.
        sent = asyncio.Event()

        def on_job_changed(job: Job) -> None:
            if job.id == lanterns.id and job.task_id:
                sent.set()

        engine.events.job_changed.connect(on_job_changed)
        if getattr(engine.job(lanterns.id), "task_id", None):
            sent.set()
        await sent.wait()
        engine.events.job_changed.disconnect(on_job_changed)
        simulator.next_job_faults(
            JobFaults(fail=("generation_failed", "The prompt was rejected by the content policy."))
        )
        await engine.submit(
            GenerationRequest("A red fox leaping into deep snow", aspect_ratio=AspectRatio.R1_1)
        )
        await asyncio.sleep(6)
        request = GenerationRequest(
            "A futuristic train gliding through a neon city at dawn, reflections on wet rails",
            aspect_ratio=AspectRatio.R9_16,
            duration=8,
            generate_audio=True,
            style=Style.CYBERPUNK,
        )
        window.form.set_request(request, count=3)
        await engine.submit(request, count=3)
        await asyncio.sleep(2.2)
        window.select_job(engine.jobs[-1].id)  # a running one: its details show the progress
        await asyncio.sleep(0.3)
        if "running" in shots:
            shot_window("main-running")
        if shots & {"saved", "failed", "gallery", "compare"}:
            await asyncio.sleep(5)
            window.select_job(engine.jobs[-1].id)
            await asyncio.sleep(1.5)  # its still, from a frame of the video
            if "saved" in shots:
                shot_window("main-saved")
            failed = [j for j in engine.jobs if j.error_code]
            if "failed" in shots:
                if not failed:
                    raise RuntimeError("the job meant to fail did not")
                window.select_job(failed[0].id)
                await asyncio.sleep(0.3)
                shot_window("main-failed")
        if "gallery" in shots:
            await capture_gallery(window)
        if "compare" in shots:
            await capture_compare(window)
        if "pictures" in shots:
            await capture_pictures(window, shot_window)
        if shots & {"preferences", "tabs"}:
            await capture_preferences(window)
        window.quit(ask=False)
        await application.close_session(session)

    with loop:
        loop.run_until_complete(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())

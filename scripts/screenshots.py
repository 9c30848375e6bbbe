"""Drive the real window in demo mode and save screenshots of its main states.

    .venv/bin/python scripts/screenshots.py --out docs/screenshots --lang en --theme light

Runs offscreen unless DISPLAY is set (under Xvfb the window is real). Each run uses a fresh
temporary ReelDesk home, so it never touches your own history.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--lang", default="en", choices=["en", "zh_CN"])
    parser.add_argument("--theme", default="light", choices=["light", "dark"])
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--welcome", action="store_true", help="also capture the welcome")
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.split("x"))
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    suffix = f"{args.lang}-{args.theme}-{args.size}"

    home = Path(tempfile.mkdtemp(prefix="reeldesk-shots-"))
    os.environ["REELDESK_HOME"] = str(home)
    os.environ["REELDESK_TIME_SCALE"] = "0.6"
    os.environ.pop("REELDESK_API_KEY", None)
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text(
        json.dumps(
            {
                "schema_version": 1,
                "language": args.lang,
                "theme": args.theme,
                "first_run_done": not args.welcome,
                "demo_mode": True,
            }
        )
    )

    import qasync
    from PySide6.QtWidgets import QApplication, QWidget

    from app import core
    from app.api.models import AspectRatio, GenerationRequest, Resolution, Style
    from app.simulator import SimulatorConfig
    from app.simulator.faults import FaultySimulator
    from ui import application

    def faulty_demo_simulator(scale: float) -> FaultySimulator:
        # The shipped demo never fails on purpose; the "failed" screenshot needs a job that
        # does ("sim:fail" in its prompt), so this run's demo simulator takes faults.
        config = SimulatorConfig(job_seconds=core.DEMO_JOB_SECONDS * scale, adopt_unknown=True)
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

    async def run() -> None:
        if args.welcome:
            await capture_welcome()
        window = await application.start_session(
            session, argparse.Namespace(demo=True, base_url=None), os.environ, welcome=False
        )
        assert window is not None
        window.resize(width, height)
        engine = window._engine
        await engine.submit(
            GenerationRequest(
                "Lanterns drifting over a night river, warm light, slow dolly shot",
                aspect_ratio=AspectRatio.R16_9,
                resolution=Resolution.P1080,
                duration=5,
            )
        )
        await engine.submit(
            GenerationRequest("A red fox in snow sim:fail", aspect_ratio=AspectRatio.R1_1)
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
        window.model.flush()
        window.select_job(engine.jobs[0].id)
        await asyncio.sleep(0.3)
        shot(window, "main-running")
        await asyncio.sleep(5)
        window.model.flush()
        window.select_job(engine.jobs[-1].id)
        await asyncio.sleep(1.5)
        window.model.flush()
        shot(window, "main-saved")
        failed = [j for j in engine.jobs if j.error_code]
        if failed:
            window.select_job(failed[0].id)
            await asyncio.sleep(0.3)
            shot(window, "main-failed")
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
        await asyncio.sleep(0.5)
        shot(dialog, "preferences")
        dialog.close()
        window.quit(ask=False)
        await application.close_session(session)

    with loop:
        loop.run_until_complete(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())

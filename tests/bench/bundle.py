"""The frozen bundle: its size against a minimal PySide6 bundle made by the same PyInstaller,
and its start-up against ReelDesk's start-up from source.

Both bundles are built once and cached under ``build/``: ReelDesk's by the packaging tests'
fixture (keyed by a digest of what it is made from), the minimal one by PyInstaller's version.
Start-up is the time from spawning the process to the ``window shown`` line in its log, the
moment the window is up and its start-up work done, the same line for both."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.common import ROOT, Figure, median
from tests.children import child_env
from tests.packaging.conftest import build_bundle

MINIMAL_SCRIPT = """\
import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QLabel("minimal"))
window.show()
sys.exit(app.exec())
"""


def _pyinstaller() -> Path:
    return Path(sys.executable).parent / "pyinstaller"


def minimal_bundle() -> Path:
    """A one-window PySide6 program frozen with PyInstaller's defaults (cached)."""
    version = subprocess.run(
        [str(_pyinstaller()), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    out = ROOT / "build" / f"minimal-bundle-{version}"
    program = out / "minimal" / "minimal"
    if not program.exists():
        work = ROOT / "build" / "minimal-work"
        work.mkdir(parents=True, exist_ok=True)
        script = work / "minimal.py"
        script.write_text(MINIMAL_SCRIPT, encoding="utf-8")
        subprocess.run(
            [
                str(_pyinstaller()),
                "--noconfirm",
                "--log-level",
                "WARN",
                "--distpath",
                str(out),
                "--workpath",
                str(work / "build"),
                "--specpath",
                str(work),
                str(script),
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
            timeout=1200,
        )
    return out / "minimal"


def size_mb(folder: Path) -> float:
    """Bytes on disk of every file under ``folder`` (links not followed), in MB."""
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
    return total / 1e6


def _time_to_window(command: list[str], home: Path, env: dict[str, str]) -> float:
    """Seconds from spawning ``command`` to its ``window shown`` log line; then stops it."""
    log = home / "logs" / "reeldesk.log"
    log.unlink(missing_ok=True)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = started + 60
        while time.perf_counter() < deadline:
            if log.exists() and b"window shown" in log.read_bytes():
                return time.perf_counter() - started
            if process.poll() is not None:
                break
            time.sleep(0.002)
        error = process.stderr.read().decode() if process.stderr else ""
        raise RuntimeError(f"{command[0]} did not show its window: {error[-2000:]}")
    finally:
        process.terminate()
        process.wait(timeout=15)


def run(runs: int = 7) -> list[Figure]:
    frozen = build_bundle()
    minimal = minimal_bundle()
    ours_mb, minimal_mb = size_mb(frozen), size_mb(minimal)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "app", "ui"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    frozen_times, source_times = [], []
    with tempfile.TemporaryDirectory(prefix="reeldesk-bench-") as tmp:
        home = Path(tmp)
        env = child_env(home, QT_QPA_PLATFORM="offscreen")
        # The bundle runs without the developer's Python settings, as it would on a desktop.
        frozen_env = {k: v for k, v in env.items() if not k.startswith("PYTHON")}
        frozen_cmd = [str(frozen / "reeldesk"), "--demo"]
        source_cmd = [sys.executable, str(ROOT / "packaging" / "entry.py"), "--demo"]
        _time_to_window(frozen_cmd, home, frozen_env)  # warm the file cache for both
        _time_to_window(source_cmd, home, env)
        for _ in range(runs):
            frozen_times.append(_time_to_window(frozen_cmd, home, frozen_env))
            source_times.append(_time_to_window(source_cmd, home, env))
    size_ratio = ours_mb / minimal_mb
    start_ratio = median(frozen_times) / median(source_times)
    return [
        Figure("Frozen bundle size", ours_mb, "MB", "info", True),
        Figure("Minimal PySide6 bundle, same PyInstaller", minimal_mb, "MB", "baseline", True),
        Figure(
            "Bundle size ÷ minimal bundle",
            size_ratio,
            "×",
            "≤ 1.5×",
            size_ratio <= 1.5,
            "bundle_size_ratio",
        ),
        Figure("Frozen start-up to the window (median)", median(frozen_times), "s", "info", True),
        Figure("Start-up from source, same (median)", median(source_times), "s", "baseline", True),
        Figure(
            "Frozen start-up ÷ from source",
            start_ratio,
            "×",
            "≤ 1.3×",
            start_ratio <= 1.3,
            "bundle_startup_ratio",
        ),
    ]

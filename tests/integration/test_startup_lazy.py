"""What loads before the first paint, and what waits until the window is up.

Start-up speed is measured in tests/bench; this test only keeps the heavy parts lazy, so that a
new top-level import of one of them cannot slip in unnoticed: the HTTP stack, the keychain,
QtMultimedia, the dialogs, demo mode's simulator and the desktop notifications load after the
window has painted (or when first used)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.children import ROOT, child_env, json_line

HEAVY = [
    "httpx",
    "httpcore",
    "anyio",
    "keyring",
    "truststore",
    "mutagen",
    "av",
    "PySide6.QtMultimedia",
    "ui.thumbnails",
    "ui.preferences",
    "ui.welcome",
    "ui.compare",
    "ui.export_dialog",
    "ui.plan_preview",
    "ui.shortcuts",
    "ui.spending",
    "app.diagnostics",
    # The window opens on the list: the gallery and grouping by idea are made when shown.
    "ui.gallery",
    "ui.gallery_delegate",
    "ui.ideas",
    # Demo mode's simulator is an HTTP server: it starts serving at the warm-up.
    "app.simulator",
    "http.server",
    # The desktop's notification service (D-Bus) is asked once the window is up.
    "jeepney",
    "ui.notify",
    # What only a dialog needs.
    "app.commands.spend",
    # The daily backup's names are read without strptime (its first call sets up the locale's
    # calendar names).
    "_strptime",
    # Only time estimates and a continued take's last frame need these (2 ms each to load).
    "statistics",
    "fractions",
    # The library is read, and its dialog made, when first used.
    "app.library",
    "ui.library_dialog",
]

#: Qt classes only later steps use. PySide6 makes a class's Python type (and a Python enum for
#: each of its enums) the first time the class is named, a millisecond or so for some of these.
LATER_QT = [
    "QtCore.QLibraryInfo",
    "QtCore.QUrl",
    "QtGui.QTextCursor",
    "QtWidgets.QDialogButtonBox",
    "QtWidgets.QFileDialog",
    "QtWidgets.QInputDialog",
    "QtWidgets.QListWidget",
    "QtWidgets.QStylePainter",
    "QtWidgets.QSystemTrayIcon",
    "QtWidgets.QTabWidget",
]

SCRIPT = """
import gc, json, os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from tests.first_paint import FirstPaint

HEAVY = json.loads(sys.argv[1])
LATER_QT = json.loads(sys.argv[2])
seen = {}

def loaded():
    return sorted(name for name in HEAVY if name in sys.modules)

def made():
    return sorted(
        name for name in LATER_QT
        if name.split(".")[1] in vars(sys.modules["PySide6." + name.split(".")[0]])
    )

def after_paint():
    # The warm-up loads the HTTP stack on a worker thread once the window is up.
    if not {"httpcore", "anyio._backends._asyncio"} <= sys.modules.keys():
        QTimer.singleShot(20, after_paint)
        return
    seen["later"] = loaded()
    seen["collecting_later"] = gc.isenabled()
    print(json.dumps(seen), flush=True)
    os._exit(0)

def painted(_window):
    seen["at_first_paint"] = loaded()
    seen["qt_at_first_paint"] = made()
    QTimer.singleShot(0, after_paint)

app = QApplication([sys.argv[0]])
watcher = FirstPaint(app, painted)
from ui.application import run
run(["--demo"])
"""


def test_heavy_parts_load_after_the_first_paint(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(HEAVY), json.dumps(LATER_QT)],
        cwd=ROOT,
        env=child_env(tmp_path, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    seen = json_line(result.stdout)
    assert result.returncode == 0 and seen is not None, result.stderr[-2000:]
    assert seen["at_first_paint"] == []
    assert seen["qt_at_first_paint"] == []
    # ... and the HTTP stack is ready soon after, without waiting for a first request (the
    # script waits for it; the subprocess's time limit bounds the wait).
    assert {"httpx", "httpcore", "anyio", "ui.thumbnails", "app.simulator"} <= set(seen["later"])
    # The cycle collector, held off while the window was made, runs again once it is up.
    assert seen["collecting_later"] is True

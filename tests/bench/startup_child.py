"""One start-up measurement, in a fresh process: seconds from process start to the first paint
of the main window (offscreen). ``baseline`` is a bare PySide6 window that imports the same
third-party packages; ``reeldesk`` is the real app in demo mode. With ``--loaded N`` it also
records when the list first paints rows, waits for N history rows and times prompt filters
(English and Chinese substrings). Prints one JSON line."""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

#: Searches a person makes in a large history: English words and phrases, Chinese words of
#: two and four characters (shorter than some indexes' grams), a miss, and clearing.
QUERIES = (
    "lantern",
    "slow dolly",
    "golden retriever puppy",
    "狐狸",
    "城市夜景",
    "夜市小贩在",
    "zebra",
    "",
)
T0 = float(os.environ["BENCH_T0"])
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Run as a script: the checkout's root, for ``tests.first_paint`` (both modes alike).
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> None:
    mode = sys.argv[1]
    loaded = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--loaded" else 0
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    from tests.first_paint import FirstPaint

    result: dict[str, float] = {}

    class FirstRows(QObject):
        """After the first paint: when the job list first paints rows."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                "first_rows" not in result
                and event.type() == QEvent.Type.Paint
                and watched.parent().model().rowCount() > 0
            ):
                result["first_rows"] = time.time() - T0
            return False

    rows = FirstRows()

    def painted(_window: QMainWindow) -> None:
        result["first_paint"] = time.time() - T0
        # The window as Python holds it, with its parts' attributes.
        for window in QApplication.topLevelWidgets():
            if hasattr(window, "table"):
                window.table.viewport().installEventFilter(rows)
        QTimer.singleShot(0, after_paint)

    def finish() -> None:
        result["rss_mb"] = rss_mb()
        print(json.dumps(result), flush=True)
        os._exit(0)

    def after_paint() -> None:
        if not loaded:
            finish()
            return
        windows = [w for w in QApplication.topLevelWidgets() if hasattr(w, "proxy")]
        if not windows or windows[0].proxy.rowCount() < loaded or "first_rows" not in result:
            QTimer.singleShot(5, after_paint)
            return
        result["history_loaded"] = time.time() - T0
        # A search a moment after the list appears, as a person would make it.
        QTimer.singleShot(1000, lambda: settled(windows[0]))

    def filter_history(window: Any, needles: tuple[str, ...]) -> float:
        """The slowest of the given searches, in milliseconds."""
        timings = []
        for needle in needles:
            started = time.perf_counter()
            window.proxy.set_text(needle)
            window.proxy.rowCount()
            timings.append(time.perf_counter() - started)
            if os.environ.get("BENCH_VERBOSE"):
                print(f"filter {needle!r}: {timings[-1] * 1000:.1f} ms", file=sys.stderr)
        return max(timings) * 1000

    def settled(window: Any) -> None:
        result["filter_max_ms"] = filter_history(window, QUERIES)
        finish()

    if mode == "baseline":
        import httpx  # noqa: F401  the same third-party packages ReelDesk imports
        import keyring  # noqa: F401
        import platformdirs  # noqa: F401
        import qasync  # noqa: F401

        app = QApplication([sys.argv[0]])
        _watching = FirstPaint(app, painted)  # held while the app runs
        window = QMainWindow()
        window.setCentralWidget(QLabel("baseline"))
        window.resize(1280, 760)
        window.show()
        app.exec()
    else:
        app = QApplication([sys.argv[0]])
        _watching = FirstPaint(app, painted)  # held while the app runs
        from ui.application import run

        run(["--demo"])


if __name__ == "__main__":
    main()

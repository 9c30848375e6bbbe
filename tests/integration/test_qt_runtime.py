"""The Qt binding under the asyncio loop survives a long day's worth of callbacks.

PySide6 6.12.0 miscounts references when Python overrides of virtual methods return (qasync
runs every callback from ``QObject.timerEvent``); after some hundred thousand callbacks the
process aborts with "deallocating None". pyproject.toml keeps ReelDesk below 6.12; this test
fails if a release with that fault comes back in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import asyncio, os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
import qasync

app = QApplication([])
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
calls = [0]

def callback(*args):
    calls[0] += 1

async def main():
    for _ in range(300):
        for _ in range(1000):
            loop.call_soon(callback, 1, None)
        await asyncio.sleep(0)
    await asyncio.sleep(0.2)
    print("calls", calls[0])

with loop:
    loop.run_until_complete(main())
"""


def test_three_hundred_thousand_loop_callbacks_do_not_abort() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "calls 300000" in result.stdout

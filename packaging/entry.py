"""Entry point of the frozen bundle (PyInstaller needs a script, not a module)."""

import os
import sys

# PyAV in the bundle runs on Qt Multimedia's FFmpeg (see reeldesk.spec), whose loaders for
# VA-API and PipeWire say on stderr when the machine has none (decoding is then done in
# software): noise in a terminal. Rules set by the person still win (the later rule counts).
os.environ["QT_LOGGING_RULES"] = ";".join(
    rule
    for rule in ("qt.multimedia.symbolsresolver=false", os.environ.get("QT_LOGGING_RULES"))
    if rule
)

from ui.launcher import main  # after the rule: Qt reads it when it starts

if __name__ == "__main__":
    sys.exit(main())

"""Entry point of the frozen bundle (PyInstaller needs a script, not a module)."""

import sys

from ui.launcher import main

if __name__ == "__main__":
    sys.exit(main())

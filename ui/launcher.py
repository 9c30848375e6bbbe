"""The ``reeldesk`` command: a subcommand runs the headless CLI; no subcommand opens the window.

Qt is imported only on the window's path, so the CLI starts fast and works without a display.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

_CLI_COMMANDS = frozenset({"generate", "tasks", "resume", "simulator", "-h", "--help", "--version"})


NO_DISPLAY = (
    "ReelDesk needs a desktop session to open its window, and this terminal has none "
    "(neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
    "Without one, the command line works: reeldesk generate --help"
)


def display_problem(environ: Mapping[str, str]) -> str | None:
    """Why the window cannot open here, or ``None``. Qt's own answer on a Linux machine
    with no screen is an abort with advice about reinstalling."""
    if not sys.platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if any(arg in _CLI_COMMANDS for arg in args):
        from app.cli import main as cli_main

        return cli_main(args)
    problem = display_problem(os.environ)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    from ui.application import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())

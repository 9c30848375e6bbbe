"""The ``reeldesk`` command: with nothing but the window's own options (``--demo``,
``--base-url URL``) it opens the window; anything else is the headless CLI's, which runs the
command or says what is wrong (an unknown command exits 2, it never opens the window).

Qt is imported only on the window's path, so the CLI starts fast and works without a display.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

_WINDOW_FLAGS = frozenset({"--demo"})
_WINDOW_OPTIONS = frozenset({"--base-url"})  # followed by a value


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


def opens_window(args: Sequence[str]) -> bool:
    """Whether these arguments are the window's: only its own flags and options."""
    words = iter(args)
    for word in words:
        if word in _WINDOW_OPTIONS:
            if next(words, None) is None:
                return False  # the CLI says the value is missing
        elif word not in _WINDOW_FLAGS and word.split("=", 1)[0] not in _WINDOW_OPTIONS:
            return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not opens_window(args):
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

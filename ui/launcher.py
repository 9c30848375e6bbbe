"""The ``reeldesk`` command: a subcommand runs the headless CLI; no subcommand opens the window.

Qt is imported only on the window's path, so the CLI starts fast and works without a display.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

_CLI_COMMANDS = frozenset({"generate", "tasks", "resume", "simulator", "-h", "--help", "--version"})


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if any(arg in _CLI_COMMANDS for arg in args):
        from app.cli import main as cli_main

        return cli_main(args)
    from ui.application import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())

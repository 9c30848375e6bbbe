"""Starting ReelDesk (or a script using it) as a child process, for tests and benchmarks."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def child_env(home: Path, *, without: Iterable[str] = (), **extra: str) -> dict[str, str]:
    """This environment minus the developer's own ``REELDESK_*`` settings (and ``without``),
    with a home of the child's own."""
    dropped = set(without)
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("REELDESK_") and k not in dropped
    }
    env.update(REELDESK_HOME=str(home), **extra)
    return env


def json_line(stdout: str) -> dict[str, Any] | None:
    """The last line of a child's output that is a JSON object, if there is one."""
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    return dict(json.loads(lines[-1])) if lines else None

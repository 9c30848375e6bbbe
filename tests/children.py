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


#: A user id that is not the tests' own, to own the files a child must not get at.
OTHER_USER = 65534


def bound_by_permissions() -> list[str]:
    """A prefix that runs a child bound by file permissions even when the tests run as root:
    root without the capabilities that override them (util-linux ``setpriv``). It stays root
    otherwise, so it still reaches the checkout and the interpreter wherever they are.
    Empty when the tests are not root (permissions bind them already)."""
    import shutil

    import pytest

    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv to give up the power over permissions")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner,-chown"]

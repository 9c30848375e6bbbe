"""The core never imports Qt: every module of ``app`` imports with PySide6, qasync and ui
blocked, in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import app

BLOCKER = """
import importlib.abc, importlib.util, pkgutil, sys

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"PySide6", "shiboken6", "qasync", "ui"}:
            raise ImportError(f"the core imported {name}")
        return None

sys.meta_path.insert(0, Block())
import app
for info in pkgutil.walk_packages(app.__path__, "app."):
    if info.name == "app.__main__":
        continue
    importlib.import_module(info.name)
print("ok")
"""


def test_all_of_app_imports_without_qt() -> None:
    root = Path(app.__file__).parent.parent
    result = subprocess.run(
        [sys.executable, "-c", "import importlib\n" + BLOCKER],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_every_core_module_is_visited() -> None:
    names = {info.name for info in pkgutil.walk_packages(app.__path__, "app.")}
    assert {"app.api.client", "app.engine.engine", "app.simulator.server", "app.cli"} <= names

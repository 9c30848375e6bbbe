"""PySide6's import hook no longer reads the source of every module imported after it (the
window imports ``ui.pyside_features`` first). If a PySide6 upgrade moves the hook's parts, the
first test fails: the start-up would be some 20 ms slower again."""

from __future__ import annotations

import linecache
import sys
import types

from ui import pyside_features


def test_modules_imported_after_the_window_are_not_read() -> None:
    import ui.application  # noqa: F401  the window's start

    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside is pyside_features._uses_pyside
    assert pyside_features.skip_source_scan() is True  # found in this PySide6
    linecache.clearcache()
    sys.modules.pop("fractions", None)
    __import__("fractions")  # the standard library's, not loaded yet
    assert not [name for name in linecache.cache if name.endswith("fractions.py")]


def test_the_hook_is_told_which_modules_are_the_windows() -> None:
    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside(types.ModuleType("ui.main_window")) is True
    assert feature._mod_uses_pyside(types.ModuleType("ui")) is True
    assert feature._mod_uses_pyside(types.ModuleType("app.engine.store")) is False
    assert feature._mod_uses_pyside(types.ModuleType("uiautomation")) is False

"""PySide6's scan of every imported module's source, turned off. Imported first by the window.

PySide6 replaces ``__import__`` so that a module may opt in to its "features" (``from
__feature__ import snake_case, true_property``). To tell which modules might, the hook reads
the whole source of every module imported after PySide6 (``inspect.getsource``), and Python's
line cache then keeps it: about 20 ms of the window's start-up and several MB for nothing, since
no module of ReelDesk's, and none it loads, opts in.

The hook asks a private function of PySide6's support package whether a module uses PySide;
here it is answered from the module's name (``ui`` is all of ReelDesk's Qt code) without
reading anything. A module the answer says does not use PySide is left out of the feature
switching, which changes nothing while no module switches a feature on. Where the function is
not found (another PySide6), nothing is changed; ``tests/unit/ui/test_pyside_features.py``
notices.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6  # noqa: F401  installs the import hook answered here


def _uses_pyside(module: ModuleType) -> bool:
    name = getattr(module, "__name__", "")
    return name == "ui" or name.startswith(("ui.", "PySide6"))


def skip_source_scan() -> bool:
    """Answer the hook's question without reading sources. False: not found, left alone."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_pyside  # type: ignore[attr-defined]
    return True


skip_source_scan()

"""Giving memory back once start-up is over.

Two things are left behind that nothing needs again, and a window meant to stay open for
days should not carry them:

- Source lines. PySide6 replaces ``__import__`` and, for every module imported after it,
  reads the module's whole source to see whether it says ``from __feature__ import``; Python's
  line cache keeps what was read. The window turns that off early (``ui.pyside_features``),
  but what was imported before, and anything that formats a traceback, fills it again. A
  traceback reads the lines it shows again when it needs them.
- Free pages of the C heap. Loading a large history makes and drops many short-lived rows;
  glibc keeps the freed pages mapped unless asked to return them (``malloc_trim``).
"""

from __future__ import annotations

import linecache
import logging
import sys
from collections.abc import Callable

log = logging.getLogger(__name__)


def forget_sources() -> None:
    """Drop the source lines kept by imports (see the module's note)."""
    linecache.clearcache()


def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # here: not among the imports before the window's first paint
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    trim = getattr(libc, "malloc_trim", None)  # glibc only (not musl)
    if trim is None:
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


def give_back() -> bool:
    """Forget the imports' source lines and return the C heap's free pages to the system.
    Blocks other threads' allocations for a moment (a few milliseconds): call it off the
    window's thread, once a large piece of work is over. True when pages were returned."""
    trim = _malloc_trim()  # first: importing ctypes has its own source lines read
    forget_sources()
    if trim is None:
        return False
    returned = bool(trim(0))
    log.debug("memory: free heap pages returned: %s", returned)
    return returned

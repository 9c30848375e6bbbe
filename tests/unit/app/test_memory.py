"""Memory given back after start-up: the source lines PySide6's import hook made Python keep,
and the C heap's free pages."""

from __future__ import annotations

import linecache
import sys

import pytest

from app import memory


def test_the_source_lines_read_by_imports_are_forgotten() -> None:
    import PySide6.QtCore  # noqa: F401  its import hook reads what is imported after it

    sys.modules.pop("fractions", None)
    __import__("fractions")  # a module of the standard library's, not loaded yet
    assert any(name.endswith("fractions.py") for name in linecache.cache)
    memory.give_back()
    assert not linecache.cache


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_free_heap_pages_go_back_on_linux() -> None:
    blocks = [bytearray(64 * 1024) for _ in range(2000)]  # 128 MB on the C heap, then freed
    del blocks
    assert memory.give_back() is True

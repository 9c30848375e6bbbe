"""Memory given back after start-up: the source lines PySide6's import hook made Python keep,
and the C heap's free pages."""

from __future__ import annotations

import linecache
import subprocess
import sys

import pytest

from app import memory


def test_the_source_lines_kept_by_imports_are_forgotten() -> None:
    linecache.getlines(memory.__file__)  # as PySide6's import hook reads a module
    assert memory.__file__ in linecache.cache
    memory.give_back()
    assert not linecache.cache


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_free_heap_pages_go_back_on_linux() -> None:
    blocks = [bytearray(64 * 1024) for _ in range(2000)]  # 128 MB on the C heap, then freed
    del blocks
    assert memory.give_back() is True


def test_httpx_is_imported_without_its_command_line_tool() -> None:
    """httpx imports its own command-line tool (click, rich, pygments) whenever they are
    installed, as they are beside the project's tools; importing ReelDesk first keeps it out."""
    code = (
        "import app, httpx, sys; "
        "print(sys.modules.get('httpx._main') is None, 'rich' in sys.modules, callable(httpx.main))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["True", "False", "True"]

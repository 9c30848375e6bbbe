"""ReelDesk's core: FoxAPI client, job engine, history, settings and the offline simulator.

Plain Python and asyncio. Nothing here imports Qt, qasync or ``ui`` (an import-linter contract
and a test with Qt blocked keep it that way).
"""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("reeldesk")
except _metadata.PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0.0.0"

PRODUCT = "ReelDesk"

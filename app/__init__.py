"""ReelDesk's core: FoxAPI client, job engine, history, settings and the offline simulator.

Plain Python and asyncio. Nothing here imports Qt, qasync or ``ui`` (an import-linter contract
and a test with Qt blocked keep it that way).
"""

# The one place the version is written (pyproject.toml reads it from here).
__version__ = "0.1.0"

PRODUCT = "ReelDesk"

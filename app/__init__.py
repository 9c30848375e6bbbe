"""ReelDesk's core: FoxAPI client, job engine, history, settings and the offline simulator.

Plain Python and asyncio. Nothing here imports Qt, qasync or ``ui`` (an import-linter contract
and a test with Qt blocked keep it that way).
"""

import sys

# ``import httpx`` also imports httpx's own command-line tool whenever click, rich and pygments
# happen to be installed (another package's dependencies): some 100 modules and 6 MB that
# ReelDesk never runs. A None entry in ``sys.modules`` makes that one import fail, a failure
# httpx expects and answers with a stand-in ``httpx.main``.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

# The one place the version is written (pyproject.toml reads it from here).
__version__ = "0.1.0"

PRODUCT = "ReelDesk"

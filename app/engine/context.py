"""What the engine's parts share: the registry, the options, the services in use now, the
request budget and the file thread. The facade swaps services here; parts read them at the
moment they make a request, so a new key or proxy applies to the next request."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from app.api.client import FoxClient
from app.engine.downloader import Downloader
from app.engine.policy import PollPolicy, RequestBudget
from app.engine.registry import JobRegistry
from app.settings import DEFAULT_TEMPLATE

T = TypeVar("T")


@dataclass(slots=True)
class EngineOptions:
    """What the engine needs from the settings; ``Engine.configure`` changes it at run time."""

    videos_dir: Path
    filename_template: str = DEFAULT_TEMPLATE
    max_in_flight: int = 3
    demo: bool = False
    policy: PollPolicy = field(default_factory=PollPolicy)
    #: The command run after each saved video (``app.hooks``); "" for none.
    save_hook: str = ""
    #: The project new jobs go into ("" none): the settings' current project.
    project: str = ""


class EngineContext:
    def __init__(
        self,
        registry: JobRegistry,
        options: EngineOptions,
        client: FoxClient | None,
        downloader: Downloader,
        budget: RequestBudget,
    ) -> None:
        self.registry = registry
        self.options = options
        self.client = client
        self.downloader = downloader
        self.budget = budget
        self._files = ThreadPoolExecutor(2, thread_name_prefix="reeldesk-files")

    async def in_thread(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Blocking file work, off the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._files, lambda: fn(*args, **kwargs))

    def close(self) -> None:
        self._files.shutdown(wait=True)

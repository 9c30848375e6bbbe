"""Builders shared by the integration tests."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from app.api.client import FoxClient, RetryPolicy
from app.engine.downloader import Downloader
from app.engine.engine import Engine, EngineOptions
from app.engine.policy import PollPolicy, RequestBudget
from app.engine.store import HistoryStore
from app.paths import Paths
from app.simulator import Simulator

KEY = "sk-sentinel-7Q2xPz9LkW3"
FAST_POLICY = PollPolicy(min_interval=0.05, max_interval=0.1, error_cap=0.3, no_url_attempts=6)


@dataclass
class EngineParts:
    """An engine and the services it was built from, closed together."""

    engine: Engine
    client: FoxClient
    downloader: Downloader
    store: HistoryStore

    async def close(self) -> None:
        await self.engine.close()
        await self.client.aclose()
        await self.downloader.aclose()
        self.store.close()


def build_engine(
    paths: Paths,
    base_url: str,
    *,
    policy: PollPolicy = FAST_POLICY,
    videos: Path | None = None,
    budget: RequestBudget | None = None,
) -> EngineParts:
    client = FoxClient(base_url, KEY, retry=RetryPolicy(attempts=2, base_delay=0.01))
    downloader = Downloader()
    store = HistoryStore(paths.history_db)
    engine = Engine(
        store=store,
        client=client,
        downloader=downloader,
        options=EngineOptions(videos_dir=videos or paths.videos, policy=policy),
        budget=budget or RequestBudget(rate=200, burst=50),
    )
    return EngineParts(engine, client, downloader, store)


@contextlib.asynccontextmanager
async def running_engine(
    paths: Paths,
    sim: Simulator | None,
    *,
    base_url: str | None = None,
    policy: PollPolicy = FAST_POLICY,
    videos: Path | None = None,
    resume: bool = True,
    budget: RequestBudget | None = None,
) -> AsyncIterator[Engine]:
    url = base_url or (sim.base_url if sim else "http://127.0.0.1:9")
    parts = build_engine(paths, url, policy=policy, videos=videos, budget=budget)
    await parts.engine.start(resume=resume)
    try:
        yield parts.engine
    finally:
        await parts.close()

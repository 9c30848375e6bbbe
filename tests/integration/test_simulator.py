"""The simulator as demo mode ships it: a healthy service with no fault knobs and a bounded log."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from app.api.client import FoxClient
from app.api.models import GenerationRequest, TaskStatus
from app.core import start_demo_simulator
from app.simulator import Simulator, SimulatorConfig
from app.simulator.server import LOG_SIZE

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("loop_guard")]


async def test_the_demo_simulator_cannot_be_made_to_fail() -> None:
    demo = start_demo_simulator(0.01)
    try:
        assert type(demo) is Simulator
        for knob in ("queue_error", "drop_next_submit", "next_job_faults", "finish_now"):
            assert not hasattr(demo, knob), knob
        async with FoxClient(demo.base_url, "demo") as client:
            # Words that a test simulator takes as faults are just words in a demo prompt.
            task = await client.submit(GenerationRequest("a red fox sim:fail sim:nourl"))
            await asyncio.sleep(0.2)
            done = await client.get_task(task.id)
    finally:
        demo.stop()
    assert done.status is TaskStatus.COMPLETED and done.result_url


async def test_the_request_log_keeps_only_the_latest_requests() -> None:
    with Simulator() as sim:
        async with httpx.AsyncClient(base_url=sim.base_url) as raw:
            for n in range(LOG_SIZE + 25):
                await raw.get(f"/v1/tasks/task-{n}", headers={"Authorization": "Bearer x"})
        kept = sim.received()
    assert len(kept) == LOG_SIZE
    assert kept[-1].path == f"/v1/tasks/task-{LOG_SIZE + 24}"
    assert kept[0].path == "/v1/tasks/task-25"


async def test_a_task_from_an_earlier_demo_run_is_adopted_without_a_made_up_cost() -> None:
    with Simulator(SimulatorConfig(job_seconds=0.05)) as earlier:
        async with FoxClient(earlier.base_url, "demo") as client:
            task = await client.submit(GenerationRequest("x"))
    assert task.credits
    with Simulator(SimulatorConfig(job_seconds=0.05, adopt_unknown=True)) as later:
        async with FoxClient(later.base_url, "demo") as client:
            adopted = await client.get_task(task.id)
    assert adopted.status is TaskStatus.COMPLETED and adopted.result_url
    assert adopted.credits is None  # unknown here; the history keeps what the submit said

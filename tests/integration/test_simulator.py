"""The simulator as demo mode ships it: a healthy service with no fault knobs and a bounded log."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest

from app.api.client import FoxClient
from app.api.models import GenerationRequest, TaskStatus
from app.core import DEMO_KEY, Connection, Core, start_demo_simulator
from app.paths import Paths
from app.settings import Settings
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


async def test_a_demo_simulator_started_later_answers_what_was_sent_before(paths: Paths) -> None:
    """The window's core takes the simulator's address at once and loads the simulator after
    the first paint (``warm_up``): a request made in between waits for it, and is answered."""
    core = Core(paths, Settings(), Connection("", DEMO_KEY, True, None), simulator_later=True)
    try:
        assert core.simulator is None and core.connection is not None
        async with FoxClient(core.connection.base_url, DEMO_KEY) as client:
            asking = asyncio.create_task(client.balance())
            await asyncio.sleep(0.2)
            assert not asking.done()  # queued at the address, not refused
            await asyncio.to_thread(core.warm_up)
            balance = await asyncio.wait_for(asking, 5)
        assert core.simulator is not None
        assert core.simulator.base_url == core.connection.base_url
        assert balance.credits is not None and balance.credits > 0
    finally:
        await core.close()


async def test_a_demo_address_never_served_is_given_back(paths: Paths) -> None:
    core = Core(paths, Settings(), Connection("", DEMO_KEY, True, None), simulator_later=True)
    assert core.connection is not None
    port = int(core.connection.base_url.rsplit(":", 1)[1])
    core.release()
    assert core.simulator is None
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # nothing listens there any more


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

"""The FoxAPI client against the simulator over real loopback sockets, one fault knob at a time."""

from __future__ import annotations

import asyncio
import importlib.abc
import socket
import sys
import time

import pytest

from app import errors
from app.api.client import FoxClient, RetryPolicy
from app.api.models import GenerationRequest, Style, TaskStatus
from app.simulator import JobFaults, Simulator
from app.simulator.faults import FaultySimulator

pytestmark = [pytest.mark.asyncio, pytest.mark.usefixtures("loop_guard")]

KEY = "sk-test-4f1c2b9a77"
FAST = RetryPolicy(attempts=3, base_delay=0.01)


def client_for(sim: Simulator, key: str = KEY, retry: RetryPolicy = FAST) -> FoxClient:
    return FoxClient(sim.base_url, key, retry=retry)


async def test_submit_sends_exactly_the_fields_set(sim: FaultySimulator) -> None:
    async with client_for(sim) as client:
        task = await client.submit(GenerationRequest("a red fox", style=Style.CLAY))
    assert task.status is TaskStatus.PENDING and task.estimated_time
    (received,) = sim.submissions()
    body = received.json()
    assert set(body) == {
        "model",
        "prompt",
        "aspect_ratio",
        "resolution",
        "duration",
        "generate_audio",
        "style",
    }
    assert received.headers["Authorization"] == f"Bearer {KEY}"
    assert received.headers["User-Agent"].startswith("ReelDesk/")


async def test_task_goes_from_pending_to_completed_with_a_cdn_link(sim: FaultySimulator) -> None:
    async with client_for(sim) as client:
        task = await client.submit(GenerationRequest("a red fox"))
        sim.finish_now(task.id)
        done = await client.get_task(task.id)
    assert done.is_final and done.result_url
    assert done.result_url.startswith(sim.cdn_url)
    assert not done.result_url.startswith(sim.base_url)


async def test_progress_rises_while_processing() -> None:
    from app.simulator import SimulatorConfig

    with Simulator(SimulatorConfig(job_seconds=1.0, pending_share=0.1)) as slow:
        async with client_for(slow) as client:
            task = await client.submit(GenerationRequest("x"))
            seen = []
            for _ in range(6):
                await asyncio.sleep(0.15)
                seen.append((await client.get_task(task.id)).progress)
    assert seen == sorted(seen) and seen[-1] > seen[0] > 0


async def test_missing_key_is_an_authentication_error(sim: FaultySimulator) -> None:
    async with client_for(sim, key="") as client:
        with pytest.raises(errors.AuthenticationFailed):
            await client.submit(GenerationRequest("x"))


@pytest.mark.parametrize(
    ("status", "error_type", "code", "kind"),
    [
        (402, "insufficient_quota", "", errors.InsufficientQuota),
        (422, "service_unavailable_error", "model_not_found", errors.ModelNotEnabled),
        (422, "service_unavailable_error", "no_compatible_channel", errors.ServiceUnavailable),
        (422, "invalid_request_error", "unsupported_advanced_options", errors.UnsupportedOptions),
        (401, "authentication_error", "", errors.AuthenticationFailed),
    ],
)
async def test_submit_errors_are_typed_and_not_retried(
    sim: FaultySimulator, status: int, error_type: str, code: str, kind: type
) -> None:
    sim.queue_error("post", status, error_type=error_type, code=code, message="nope")
    async with client_for(sim) as client:
        with pytest.raises(kind) as caught:
            await client.submit(GenerationRequest("x"))
    assert caught.value.service_message == "nope"
    assert len(sim.submissions()) == 1


async def test_simulator_rejects_bad_values_like_the_service(sim: FaultySimulator) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=sim.base_url) as raw:
        headers = {"Authorization": "Bearer x"}
        bad = {"model": "pixverse-v6-text-to-video", "prompt": "x", "duration": 99}
        answer = await raw.post("/v1/videos/generations", json=bad, headers=headers)
        assert answer.status_code == 422
        assert "duration" in answer.json()["error"]["message"]
        nulls = {"model": "pixverse-v6-text-to-video", "prompt": "x", "style": None}
        assert (
            await raw.post("/v1/videos/generations", json=nulls, headers=headers)
        ).status_code == 422


async def test_cloudflare_block_is_reported_as_firewall(sim: FaultySimulator) -> None:
    sim.queue_error("post", 403, plain="error code: 1010")
    async with client_for(sim) as client:
        with pytest.raises(errors.FirewallBlocked) as caught:
            await client.submit(GenerationRequest("x"))
    assert "1010" in caught.value.body


async def test_lost_reply_is_never_resent(sim: FaultySimulator) -> None:
    sim.drop_next_submit()
    async with client_for(sim) as client:
        with pytest.raises(errors.ReplyLost):
            await client.submit(GenerationRequest("x"))
    assert len(sim.submissions()) == 1
    assert len(sim.task_ids()) == 1  # the service did create (and charge) the task


async def test_connection_never_made_is_retried_then_reported() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with FoxClient(f"http://127.0.0.1:{port}", KEY, retry=FAST) as client:
        with pytest.raises(errors.ConnectionNotMade):
            await client.submit(GenerationRequest("x"))


async def test_a_get_is_asked_once_and_the_error_carries_retry_after(sim: FaultySimulator) -> None:
    # The pollers own retries and backoff; the client answers at once with a typed error.
    async with client_for(sim) as client:
        task = await client.submit(GenerationRequest("x"))
        sim.queue_error("get", 502, html=True)
        with pytest.raises(errors.ServiceUnavailable):
            await client.get_task(task.id)
        sim.queue_error("get", 429, error_type="rate_limit_error", retry_after="7")
        with pytest.raises(errors.RateLimited) as caught:
            await client.get_task(task.id)
        assert caught.value.retry_after == 7
        assert (await client.get_task(task.id)).id == task.id
    assert len(sim.received("api", "GET")) == 3


async def test_unknown_task_is_not_found(sim: FaultySimulator) -> None:
    async with client_for(sim) as client:
        with pytest.raises(errors.TaskNotFound):
            await client.get_task("task-does-not-exist")


async def test_sync_upstream_is_sent_only_when_asked(sim: FaultySimulator) -> None:
    async with client_for(sim) as client:
        task = await client.submit(GenerationRequest("x"))
        await client.get_task(task.id)
        await client.get_task(task.id, sync_upstream=True)
    plain, synced = sim.received("api", "GET")
    assert plain.query == {}
    assert synced.query == {"sync_upstream": ["true"]}


async def test_older_output_shape_and_late_links(sim: FaultySimulator) -> None:
    sim.next_job_faults(JobFaults(old_shape=True, no_url_polls=2))
    async with client_for(sim) as client:
        task = await client.submit(GenerationRequest("x"))
        sim.finish_now(task.id)
        first = await client.get_task(task.id)
        second = await client.get_task(task.id)
        third = await client.get_task(task.id)
    assert first.awaiting_result and second.awaiting_result
    assert third.is_final and third.result_url and "output" in third.raw


async def test_failed_task_carries_the_service_message(sim: FaultySimulator) -> None:
    sim.next_job_faults(JobFaults(fail=("generation_failed", "Content policy violation")))
    async with client_for(sim) as client:
        task = await client.submit(GenerationRequest("x"))
        sim.finish_now(task.id)
        failed = await client.get_task(task.id)
    assert failed.status is TaskStatus.FAILED
    assert failed.error is not None and failed.error.message == "Content policy violation"


async def test_balance_is_read_when_offered(sim: FaultySimulator) -> None:
    async with client_for(sim) as client:
        before = await client.balance()
        await client.submit(GenerationRequest("x", duration=5))
        after = await client.balance()
    assert before is not None and after is not None
    assert before.credits is not None and after.credits is not None
    assert after.credits < before.credits


async def test_slow_server_times_out_as_a_network_error(sim: FaultySimulator) -> None:
    import httpx

    started = time.monotonic()
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        timeout = httpx.Timeout(0.3)
        async with FoxClient(
            f"http://127.0.0.1:{port}", KEY, timeout=timeout, retry=FAST
        ) as client:
            with pytest.raises(errors.NetworkError):
                await client.get_task("t")
            with pytest.raises(errors.ReplyLost):
                await client.submit(GenerationRequest("x"))
    assert time.monotonic() - started < 5


async def test_closing_during_the_warm_up_leaves_no_client_behind(sim: FaultySimulator) -> None:
    client = client_for(sim)
    # The window warms the client up on a worker thread after its first paint; quitting at
    # that moment closes the client while the thread may still be building it.
    building = asyncio.create_task(asyncio.to_thread(client.warm_up))
    await asyncio.sleep(0)
    await client.aclose()
    await building
    client.warm_up()  # a late warm-up after closing builds nothing
    with pytest.raises(errors.ConnectionNotMade, match="closed"):
        await client.get_task("task-1")
    assert not sim.received("api")


async def test_requests_look_for_no_module_once_warm(sim: FaultySimulator) -> None:
    # httpcore imports sniffio (not installed) at every request: each failed import searched
    # sys.path again on the window's thread, a dozen stat calls that each gave up the
    # interpreter lock to the download threads (tests/bench: load).
    looked_for: list[str] = []

    class Recorder(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, *_args: object) -> None:
            looked_for.append(name)

    recorder = Recorder()
    async with client_for(sim) as client:
        task = await client.submit(GenerationRequest("a red fox"))
        await client.get_task(task.id)
        sys.meta_path.insert(0, recorder)
        try:
            for _ in range(3):
                await client.get_task(task.id)
        finally:
            sys.meta_path.remove(recorder)
    assert looked_for == []


async def test_task_ids_are_escaped_into_one_path_segment(sim: FaultySimulator) -> None:
    async with client_for(sim) as client:
        with pytest.raises(errors.TaskNotFound):
            await client.get_task("../v1/account/credits?x=1")
    (received,) = sim.received("api", "GET")
    assert received.path.count("/") == 3
    assert received.path.startswith("/v1/tasks/..%2Fv1%2Faccount%2Fcredits%3Fx%3D1")

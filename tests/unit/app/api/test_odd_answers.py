"""The service's less usual answers, as FoxAPI look-alikes give them: each balance shape the
status bar can show, and replies that are not what a submit expects. httpx's MockTransport
plays the service (the simulator only answers one way)."""

from __future__ import annotations

import email.utils
import json
from collections.abc import Callable

import httpx
import pytest

from app import errors
from app.api.client import Balance, FoxClient, error_from_response, parse_retry_after
from app.api.models import GenerationRequest

Answer = Callable[[httpx.Request], httpx.Response]


def service(answer: Answer) -> FoxClient:
    return FoxClient("https://api.example", "sk-test", transport=httpx.MockTransport(answer))


def by_path(**answers: httpx.Response) -> Answer:
    """``credits=…`` answers /v1/account/credits, ``usage=…`` /api/usage/token/."""
    paths = {"credits": "/v1/account/credits", "usage": "/api/usage/token/"}
    table = {paths[name]: response for name, response in answers.items()}
    return lambda request: table.get(request.url.path, httpx.Response(404))


async def balance_of(answer: Answer) -> Balance | None:
    async with service(answer) as client:
        return await client.balance()


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            {"credits": httpx.Response(200, json={"data": {"credits": "12.5"}})},
            Balance(credits=12.5),
        ),
        ({"credits": httpx.Response(200, json={"balance_usd": 7.4})}, Balance(usd=7.4)),
        # The account path is not offered (404, 405): the usage path answers, in quota units.
        (
            {
                "credits": httpx.Response(405),
                "usage": httpx.Response(
                    200, json={"data": {"total_available": 3_700_000, "unlimited_quota": False}}
                ),
            },
            Balance(usd=7.4),
        ),
        (
            {
                "usage": httpx.Response(
                    200, json={"data": {"total_available": 0, "unlimited_quota": True}}
                )
            },
            Balance(usd=0.0, unlimited=True),
        ),
        # Nothing understandable anywhere: no balance rather than a wrong one.
        ({"credits": httpx.Response(200, json={"credits": "lots"})}, None),
        ({"credits": httpx.Response(200, json=[1, 2])}, None),
        ({"credits": httpx.Response(200, text="<html>")}, None),
        ({}, None),
    ],
)
@pytest.mark.asyncio
async def test_each_balance_shape_reads_right(
    answers: dict[str, httpx.Response], expected: Balance | None
) -> None:
    assert await balance_of(by_path(**answers)) == expected


@pytest.mark.asyncio
async def test_a_broken_service_is_reported_not_shown_as_no_balance() -> None:
    with pytest.raises(errors.ServiceUnavailable):
        await balance_of(by_path(credits=httpx.Response(503)))


@pytest.mark.parametrize(
    ("response", "kind"),
    [
        (httpx.Response(200, text="<html>maintenance</html>"), errors.BadResponse),
        (httpx.Response(202, json={"id": "x"}), errors.BadResponse),
        (httpx.Response(200, content=b"\xff\xfe\x00"), errors.BadResponse),
    ],
)
@pytest.mark.asyncio
async def test_a_submit_reply_that_is_no_task_is_a_bad_response(
    response: httpx.Response, kind: type[errors.ReelDeskError]
) -> None:
    async with service(lambda _r: response) as client:
        with pytest.raises(kind):
            await client.submit(GenerationRequest("x"))


@pytest.mark.asyncio
async def test_a_proxy_that_refuses_means_nothing_was_sent() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ProxyError("407 Proxy Authentication Required", request=request)

    async with service(refuse) as client:
        with pytest.raises(errors.ConnectionNotMade, match="proxy"):
            await client.submit(GenerationRequest("x"))


@pytest.mark.parametrize(
    "body",
    [
        {"error": "Prompt violates content policy"},
        {"message": "Prompt violates content policy"},
    ],
)
def test_the_services_message_is_found_in_any_shape(body: dict[str, str]) -> None:
    error = error_from_response(httpx.Response(400, content=json.dumps(body).encode()))
    assert error.service_message == "Prompt violates content policy"


def test_an_undecodable_error_body_is_still_logged() -> None:
    response = httpx.Response(
        502, content=b"\x81\x82 bad", headers={"Content-Type": "text/plain; charset=nope"}
    )
    error = error_from_response(response)
    assert isinstance(error, errors.ServiceUnavailable)
    assert "bad" in error.body


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        ("-5", 0.0),
        ("99999", 3600.0),  # never more than an hour
        ("nan", None),
        ("soon", None),
        (email.utils.formatdate(1_000_030, usegmt=True), 30.0),
    ],
)
def test_retry_after_in_either_form(value: str, seconds: float | None) -> None:
    assert parse_retry_after(value, now=1_000_000) == seconds

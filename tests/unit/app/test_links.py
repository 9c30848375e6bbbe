"""Which video links ReelDesk follows, judged from the link's text and the API's address."""

from __future__ import annotations

import pytest

from app import errors
from app.links import check_result_link

SIMULATOR = "http://127.0.0.1:8123"
SERVICE = "https://api.foxapi.cc"


@pytest.mark.parametrize(
    ("link", "api"),
    [
        ("https://cdn.example.com/v.mp4?sig=1", SERVICE),
        ("https://93.184.216.34/v.mp4", SERVICE),
        ("https://[2606:4700::1111]/v.mp4", SERVICE),
        # The simulator: plain http on loopback, its CDN on loopback too.
        ("http://127.0.0.1:8124/v.mp4", SIMULATOR),
        ("http://localhost:8124/v.mp4", "http://localhost:8123"),
        ("https://cdn.example.com/v.mp4", SIMULATOR),
        # A service inside a company network may serve its videos from there.
        ("https://10.1.2.3/v.mp4", "https://10.0.0.5"),
        ("https://192.168.1.9/v.mp4", "https://172.16.0.1"),
    ],
)
def test_these_links_are_followed(link: str, api: str) -> None:
    check_result_link(link, api)


@pytest.mark.parametrize(
    ("link", "api"),
    [
        # Not https.
        ("http://cdn.example.com/v.mp4", SERVICE),
        ("ftp://cdn.example.com/v.mp4", SIMULATOR),
        ("file:///etc/passwd", SIMULATOR),
        ("//cdn.example.com/v.mp4", SERVICE),
        ("https:///v.mp4", SERVICE),
        ("http://127.0.0.1:8124/v.mp4", "https://127.0.0.1:8123"),
        # The cloud's metadata address, however it is spelt, even from the simulator.
        ("http://169.254.169.254/latest/meta-data/", SIMULATOR),
        ("https://169.254.169.254/latest/meta-data/", SERVICE),
        ("https://2852039166/latest/meta-data/", SERVICE),
        ("https://0xa9.0xfe.0xa9.0xfe/", SERVICE),
        ("https://169.254.43518/", SERVICE),
        ("https://[::ffff:169.254.169.254]/", SERVICE),
        ("https://[fe80::1]/v.mp4", SERVICE),
        ("https://[fe80::1%25eth0]/v.mp4", SIMULATOR),
        # This computer and private networks, when the service is elsewhere.
        ("https://127.0.0.1/v.mp4", SERVICE),
        ("https://127.1/v.mp4", SERVICE),
        ("https://localhost/v.mp4", SERVICE),
        ("https://cdn.localhost./v.mp4", SERVICE),
        ("https://[::1]/v.mp4", SERVICE),
        ("https://0.0.0.0/v.mp4", SERVICE),
        ("https://10.0.0.1/v.mp4", SERVICE),
        ("https://172.20.0.1/v.mp4", SERVICE),
        ("https://192.168.0.1/v.mp4", SERVICE),
        ("https://[fd00::1]/v.mp4", SERVICE),
        ("https://10.0.0.1/v.mp4", SIMULATOR),
        # No API in use: no exception for any address.
        ("https://127.0.0.1/v.mp4", None),
    ],
)
def test_these_links_are_refused(link: str, api: str | None) -> None:
    with pytest.raises(errors.LinkRefused) as caught:
        check_result_link(link, api)
    assert caught.value.code is errors.ProblemCode.LINK_REFUSED


def test_a_refused_link_is_named_without_its_signature() -> None:
    with pytest.raises(errors.LinkRefused) as caught:
        check_result_link("http://169.254.169.254/v.mp4?Signature=s3cret", SERVICE)
    assert "169.254.169.254" in caught.value.details
    assert "s3cret" not in caught.value.details

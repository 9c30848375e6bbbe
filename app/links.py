"""Which result links ReelDesk follows.

A task's video link comes from the service, so it is not trusted to point anywhere: only
``https`` (plain ``http`` only while the API itself is plain-http on loopback: the simulator,
tests), and never into the local machine or network (loopback, link-local such as a cloud's
metadata address, private ranges) unless the API lives in that same kind of place. Only the
literal host is judged, never a DNS answer; numeric hosts are read the way the system's
resolver would read them (``2852039166`` and ``0xa9.0xfe.0xa9.0xfe`` are 169.254.169.254).
Every redirect on the way to the file is judged by the same rule before it is followed
(``app.engine.downloader``).
"""

from __future__ import annotations

import enum
import ipaddress
import socket
from urllib.parse import urlsplit

from app import errors
from app.redact import redact_url


class Place(enum.Enum):
    """Where an address points, as far as following a link is concerned."""

    PUBLIC = "public"
    LOOPBACK = "loopback"
    LINK_LOCAL = "link-local"
    PRIVATE = "private"
    #: Unspecified, multicast or reserved: no video is served from there.
    SPECIAL = "special"


def place_of(host: str) -> Place:
    """Where ``host`` (a URL's host, without port) points, from its text alone."""
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return Place.LOOPBACK  # RFC 6761: always this machine, whatever DNS says
    address = _literal_address(host)
    if address is None:
        return Place.PUBLIC
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return Place.LOOPBACK
    if address.is_link_local:
        return Place.LINK_LOCAL
    if address.is_unspecified or address.is_multicast or address.is_reserved:
        return Place.SPECIAL
    if address.is_global:
        return Place.PUBLIC
    return Place.PRIVATE


def _literal_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if not host or not all(c in "0123456789abcdefx." for c in host):
        return None
    try:
        # The resolver takes the old inet_aton forms (decimal, octal, hex, fewer dots) as
        # addresses without asking DNS: judge them as the connection would see them.
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def check_result_link(url: str, api_base_url: str | None) -> None:
    """Raise ``LinkRefused`` unless ReelDesk may fetch ``url``, a link the service at
    ``api_base_url`` reported (``None``: no API in use, so no exception for it)."""
    link = urlsplit(url)
    api = urlsplit(api_base_url or "")
    api_place = place_of(api.hostname) if api.hostname else None
    shown = redact_url(url)
    if not link.hostname:
        raise errors.LinkRefused(f"{shown}: no host")
    if link.scheme == "http":
        if not (api.scheme == "http" and api_place is Place.LOOPBACK):
            raise errors.LinkRefused(f"{shown}: plain http")
    elif link.scheme != "https":
        raise errors.LinkRefused(f"{shown}: scheme {link.scheme or 'missing'}")
    place = place_of(link.hostname)
    if place is not Place.PUBLIC and place is not api_place:
        raise errors.LinkRefused(f"{shown}: {place.value} address")

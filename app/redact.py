"""Keep secrets out of logs, crash reports and the details view."""

from __future__ import annotations

import re

_BEARER = re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+")
_SK_KEY = re.compile(r"\bsk-[A-Za-z0-9_-]{4,}")
_QUERY = re.compile(r"(https?://[^\s?#\"'<>]+)\?[^\s#\"'<>]*")


def redact_url(url: str) -> str:
    """Drop the query string (signed CDN links carry their signature there)."""
    return _QUERY.sub(r"\1?…", url)


def redact(text: str, *secrets: str) -> str:
    """Remove bearer tokens, ``sk-`` keys, URL query strings and any given secret values."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "•••")
    text = _BEARER.sub(r"\1•••", text)
    text = _SK_KEY.sub("sk-•••", text)
    return redact_url(text)

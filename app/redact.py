"""Keep secrets out of every sink: the history, sidecars, logs, the command line's output, the
raw reply view and crash reports.

The secrets this process knows (the key from the environment, the keychain or the key file, or
one typed while running) are remembered here, in one place for the whole process: the sinks
run on several threads and in places (logging formatters, the history thread) that no caller
can hand a key to. ``redact`` removes them, plus anything shaped like a key (``Bearer …``,
``sk-…``) and the query of signed links.
"""

from __future__ import annotations

import re
import threading
from typing import Any

_BEARER = re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+")
_SK_KEY = re.compile(r"\bsk-[A-Za-z0-9_-]{4,}")
_QUERY = re.compile(r"(https?://[^\s?#\"'<>]+)\?[^\s#\"'<>]*")
#: Shorter values would blank out ordinary words.
_MIN_SECRET = 4
MASK = "•••"

_lock = threading.Lock()
#: Replaced, never changed in place: readers on other threads take it without the lock.
_known: tuple[str, ...] = ()


def remember_secret(secret: str) -> None:
    """Redact this value everywhere from now on (a key loaded, read from the environment or
    typed while running)."""
    global _known
    secret = secret.strip()
    if len(secret) < _MIN_SECRET:
        return
    with _lock:
        if secret not in _known:
            # Longest first: a key that contains another is removed whole.
            _known = tuple(sorted((*_known, secret), key=len, reverse=True))


def redact_url(url: str) -> str:
    """Drop the query string (signed CDN links carry their signature there)."""
    return _QUERY.sub(r"\1?…", url)


def redact(text: str) -> str:
    """Remove every known secret, bearer tokens, ``sk-`` keys and URL query strings."""
    for secret in _known:  # remember_secret keeps none shorter than _MIN_SECRET
        text = text.replace(secret, MASK)
    text = _BEARER.sub(rf"\1{MASK}", text)
    text = _SK_KEY.sub(f"sk-{MASK}", text)
    return redact_url(text)


def redact_json(value: Any) -> Any:
    """``value`` (a decoded JSON reply) with every string in it redacted, keys included: the
    structure stays, so the text still reads as the service's reply."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact(str(k)): redact_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_json(v) for v in value]
    return value

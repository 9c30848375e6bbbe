"""Bounds on what a reply from the service may be, and on what of it a job keeps.

A reply is read up to ``MAX_REPLY_BYTES`` and decoded only when it is nested at most
``MAX_JSON_DEPTH`` deep: a hostile or broken gateway must not take the memory or the stack of
the process with it. The raw reply kept on a job (the history, the raw reply view) is an
excerpt of at most about ``RAW_REPLY_LIMIT`` bytes of JSON.
"""

from __future__ import annotations

import json
from typing import Any

#: The largest reply read from the API. A task reply is a few hundred bytes.
MAX_REPLY_BYTES = 4 * 1024 * 1024
#: The deepest nesting of arrays and objects a reply may have. FoxAPI's replies are 4 deep.
MAX_JSON_DEPTH = 64
#: About the most JSON a job keeps of a reply.
RAW_REPLY_LIMIT = 64 * 1024
#: The key that marks an excerpt; it names (some of) the fields left out.
TRUNCATED = "_reeldesk_truncated"
_NAMED_LEFT_OUT = 10
_NAME_LENGTH = 64


class ReplyTooDeep(ValueError):
    """The JSON is nested deeper than ``MAX_JSON_DEPTH``."""


def loads(content: bytes) -> Any:
    """Decode JSON; ``ValueError`` when it is not JSON or is nested too deeply."""
    try:
        data = json.loads(content)
    except RecursionError:
        # The decoder recurses once per level: far past the limit it runs out of stack.
        raise ReplyTooDeep(f"nested deeper than {MAX_JSON_DEPTH} levels") from None
    if _openings(content) > MAX_JSON_DEPTH and _deeper_than(data, MAX_JSON_DEPTH):
        raise ReplyTooDeep(f"nested deeper than {MAX_JSON_DEPTH} levels")
    return data


def _openings(content: bytes) -> int:
    """An upper bound of the depth, counted in C: most replies need no walk at all."""
    return content.count(b"[") + content.count(b"{")


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether ``data`` nests more than ``limit`` containers; a loop, not a recursion."""
    if not isinstance(data, dict | list):
        return False
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def excerpt(raw: dict[str, Any], limit: int = RAW_REPLY_LIMIT) -> dict[str, Any]:
    """The reply as a job keeps it: whole when it is small; otherwise the fields that fit in
    ``limit`` bytes of JSON, each kept whole or left out, and under ``TRUNCATED`` the names of
    the first fields left out."""
    if _size(raw) <= limit:
        return raw
    kept: dict[str, Any] = {}
    left_out: list[str] = []
    room = limit
    for key, value in raw.items():
        size = _size(key) + _size(value)
        if size <= room:
            kept[key] = value
            room -= size
        elif len(left_out) < _NAMED_LEFT_OUT:
            left_out.append(key[:_NAME_LENGTH])
    kept[TRUNCATED] = left_out
    return kept


def _size(value: Any) -> int:
    return len(json.dumps(value))

"""The bounds on replies: depth refused without running out of stack, excerpts kept small."""

from __future__ import annotations

import json

import pytest

from app.api.replies import MAX_JSON_DEPTH, TRUNCATED, ReplyTooDeep, excerpt, loads


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 500, 100_000])
def test_nesting_past_the_limit_is_refused(depth: int) -> None:
    with pytest.raises(ReplyTooDeep):
        loads(nested(depth).encode())


def test_nesting_at_the_limit_and_brackets_in_strings_are_read() -> None:
    assert loads(nested(MAX_JSON_DEPTH).encode())
    text = json.dumps({"prompt": "[" * 1000, "items": [[1], [2], [3]] * 100})
    assert loads(text.encode())["prompt"] == "[" * 1000


def test_a_small_reply_is_kept_whole() -> None:
    reply = {"id": "t", "status": "pending", "results": [{"url": "https://x/v.mp4"}]}
    assert excerpt(reply) is reply


def test_an_excerpt_keeps_the_fields_that_fit_and_names_the_first_left_out() -> None:
    reply = {"id": "t", "big": "x" * 5000, "status": "completed"}
    reply.update({f"k{i}" * 100: "y" * 500 for i in range(30)})
    kept = excerpt(reply, limit=2000)
    assert kept["id"] == "t" and kept["status"] == "completed"
    assert "big" not in kept and kept[TRUNCATED][0] == "big"
    assert len(kept[TRUNCATED]) == 10 and all(len(name) <= 64 for name in kept[TRUNCATED])
    assert len(json.dumps(kept)) < 2000 + 1000

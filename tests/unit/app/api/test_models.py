from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.api.models import (
    IMAGE_MODEL,
    MODEL,
    TRANSITION_MODEL,
    AspectRatio,
    GenerationRequest,
    Mode,
    Picture,
    Resolution,
    Style,
    TaskStatus,
    ThinkingType,
    UploadedFile,
    parse_task,
    parse_upload,
    resolutions,
    takes,
)
from app.errors import BadResponse, InvalidParameter


def test_body_has_defaults_and_leaves_unset_optionals_out() -> None:
    body = GenerationRequest("A futuristic train").to_json()
    assert body == {
        "model": MODEL,
        "prompt": "A futuristic train",
        "aspect_ratio": "16:9",
        "resolution": "720p",
        "duration": 5,
        "generate_audio": False,
    }
    assert None not in body.values()


def test_body_carries_every_optional_the_user_set() -> None:
    request = GenerationRequest(
        "雪中的红狐狸",
        aspect_ratio=AspectRatio.R9_16,
        resolution=Resolution.P1080,
        duration=15,
        generate_audio=True,
        negative_prompt="blur, text",
        style=Style.ANIMATION_3D,
        seed=0,
        generate_multi_clip=False,
        thinking_type=ThinkingType.AUTO,
    )
    body = request.to_json()
    assert body["aspect_ratio"] == "9:16"
    assert body["negative_prompt"] == "blur, text"
    assert body["style"] == "3d_animation"
    assert body["seed"] == 0
    assert body["generate_multi_clip"] is False
    assert body["thinking_type"] == "auto"
    assert GenerationRequest.from_json(json.loads(json.dumps(body))) == request


def test_blank_negative_prompt_is_not_sent() -> None:
    assert "negative_prompt" not in GenerationRequest("x", negative_prompt="  ").to_json()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"prompt": "   "}, "prompt"),
        ({"prompt": "x" * 5001}, "prompt"),
        ({"duration": 0}, "duration"),
        ({"duration": 16}, "duration"),
        ({"duration": True}, "duration"),
        ({"seed": -1}, "seed"),
        ({"seed": 2_147_483_648}, "seed"),
        ({"aspect_ratio": "5:4"}, "aspect_ratio"),
        ({"resolution": "4k"}, "resolution"),
        ({"style": "oil"}, "style"),
        ({"thinking_type": "always"}, "thinking_type"),
        ({"generate_audio": "yes"}, "generate_audio"),
    ],
)
def test_invalid_values_are_rejected_naming_the_field(
    changes: dict[str, object], field: str
) -> None:
    values: dict[str, object] = {"prompt": "ok", **changes}
    with pytest.raises(InvalidParameter) as caught:
        GenerationRequest(**values)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_limits_are_inclusive() -> None:
    GenerationRequest("x" * 5000, duration=1, seed=2_147_483_647)
    GenerationRequest("x", duration=15, seed=0)


def test_from_json_rejects_unknown_enum_value() -> None:
    with pytest.raises(InvalidParameter) as caught:
        GenerationRequest.from_json({"prompt": "x", "aspect_ratio": "7:5"})
    assert caught.value.field == "aspect_ratio"


REPLY = {
    "id": "task-unified-1757165031-uyujaw3d",
    "object": "video.generation.task",
    "status": "pending",
    "progress": 0,
    "created": 1757165031,
    "task_info": {"can_cancel": True, "estimated_time": 45},
    "usage": {"credits_reserved": 5},
}


def test_submit_reply_is_understood() -> None:
    task = parse_task(REPLY)
    assert task.id == "task-unified-1757165031-uyujaw3d"
    assert task.status is TaskStatus.PENDING
    assert task.estimated_time == 45
    assert task.credits == 5
    assert not task.is_final


@pytest.mark.parametrize(
    "result",
    [
        {"results": [{"url": "https://cdn.foxapi.cc/a.mp4", "width": 1280}]},
        {"output": {"url": "https://cdn.foxapi.cc/a.mp4"}},
        {"output": {"urls": ["https://cdn.foxapi.cc/a.mp4"]}},
        {
            "results": [{"content_type": "video/mp4"}],
            "output": {"url": "https://cdn.foxapi.cc/a.mp4"},
        },
    ],
)
def test_both_result_shapes_give_the_url(result: dict[str, object]) -> None:
    task = parse_task({**REPLY, "status": "completed", "progress": 80, **result})
    assert task.result_url == "https://cdn.foxapi.cc/a.mp4"
    assert task.is_final
    assert task.progress == 100


@pytest.mark.parametrize("results", [None, [], [{}], [{"url": ""}]])
def test_completed_without_url_is_not_final(results: object) -> None:
    task = parse_task({**REPLY, "status": "completed", "progress": 90, "results": results})
    assert task.awaiting_result
    assert not task.is_final


def test_failed_and_cancelled_are_final() -> None:
    failed = parse_task(
        {
            **REPLY,
            "status": "failed",
            "error": {
                "code": "generation_failed",
                "message": "content policy",
                "type": "task_error",
            },
        }
    )
    assert failed.is_final
    assert failed.error is not None and failed.error.code == "generation_failed"
    assert parse_task({**REPLY, "status": "CANCELLED"}).is_final


@pytest.mark.parametrize(
    ("raw", "expected"), [(-5, 0), (140, 100), (42.7, 42), ("x", 0), (None, 0)]
)
def test_progress_is_clamped(raw: object, expected: int) -> None:
    assert parse_task({**REPLY, "status": "processing", "progress": raw}).progress == expected


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "text",
        {"status": "pending"},
        {"id": "", "status": "pending"},
        {"id": "t", "status": "weird"},
    ],
)
def test_replies_outside_the_contract_are_bad_responses(data: object) -> None:
    with pytest.raises(BadResponse):
        parse_task(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)
task_like = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values,
        "status": st.sampled_from(["pending", "processing", "completed", "failed", "cancelled"])
        | json_values,
        "progress": json_values,
        "created": json_values,
        "task_info": json_values,
        "results": json_values,
        "output": json_values,
        "error": json_values,
        "usage": json_values,
    },
)


@settings(max_examples=300)
@given(json_values | task_like)
def test_parser_never_raises_anything_but_bad_response(data: object) -> None:
    try:
        task = parse_task(data)
    except BadResponse:
        return
    assert 0 <= task.progress <= 100
    assert task.result_url is None or task.result_url.startswith(("http://", "https://"))


# -- pictures: image to video and transition --------------------------------------------------


def _first(url: str | None = None) -> Picture:
    return Picture("/home/me/Pictures/first.png", url=url, sha256="ab" * 32)


def test_a_picture_makes_image_to_video_with_only_that_models_fields() -> None:
    request = GenerationRequest(
        "the fox turns its head",
        resolution=Resolution.P1080,
        seed=7,
        negative_prompt="blur",
        thinking_type=ThinkingType.AUTO,
        image=_first("https://cdn.foxapi.cc/uploads/a/first.png"),
    )
    assert request.mode is Mode.IMAGE and request.model == IMAGE_MODEL
    assert request.body() == {
        "model": IMAGE_MODEL,
        "prompt": "the fox turns its head",
        "resolution": "1080p",
        "duration": 5,
        "generate_audio": False,
        "negative_prompt": "blur",
        "seed": 7,
        "thinking_type": "auto",
        "image_url": "https://cdn.foxapi.cc/uploads/a/first.png",
    }


def test_the_kept_request_has_the_local_picture_and_reads_back() -> None:
    request = GenerationRequest("x", image=_first(), image_tail=Picture("/tmp/last.webp"))
    kept = json.loads(json.dumps(request.to_json()))
    assert kept["model"] == TRANSITION_MODEL and kept["aspect_ratio"] == "16:9"
    assert kept["image"] == {"path": "/home/me/Pictures/first.png", "sha256": "ab" * 32}
    assert "image_url" not in kept
    assert GenerationRequest.from_json(kept) == request
    uploaded = request.with_uploads({"image": "https://c/1.png", "image_tail": "https://c/2.png"})
    assert uploaded.to_json()["image"]["url"] == "https://c/1.png"
    assert uploaded.image and uploaded.image.path == "/home/me/Pictures/first.png"
    assert uploaded.body()["image_tail_url"] == "https://c/2.png"
    assert GenerationRequest.from_json(uploaded.to_json()) == uploaded


def test_a_picture_not_uploaded_is_never_sent() -> None:
    with pytest.raises(InvalidParameter) as caught:
        GenerationRequest("x", image=_first()).body()
    assert (caught.value.field, caught.value.reason_key) == ("image", "reason.not_uploaded")


def test_a_history_row_from_before_pictures_is_text_to_video() -> None:
    old_row = {"model": MODEL, "prompt": "old", "aspect_ratio": "9:16", "resolution": "540p",
               "duration": 8, "generate_audio": True}  # fmt: skip
    request = GenerationRequest.from_json(old_row)
    assert request.mode is Mode.TEXT and request.image is None
    assert request.to_json() == old_row == request.body()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"style": Style.ANIME}, "style"),
        ({"image_tail": Picture("/t.png"), "seed": 3}, "seed"),
        ({"image_tail": Picture("/t.png"), "resolution": Resolution.P1080}, "resolution"),
        ({"image_tail": Picture("/t.png"), "negative_prompt": "x"}, "negative_prompt"),
        ({"image": None, "image_tail": Picture("/t.png")}, "image"),
        ({"image": Picture("")}, "image"),
        ({"image": Picture("/a.png", url="ftp://x/a.png")}, "image"),
    ],
)
def test_what_a_picture_model_does_not_take_is_refused(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidParameter) as caught:
        GenerationRequest("x", **{"image": _first(), **changes})  # type: ignore[arg-type]
    assert caught.value.field == field


def test_the_models_fields_and_resolutions_are_asked_not_rederived() -> None:
    assert not takes(Mode.IMAGE, "aspect_ratio") and not takes(Mode.IMAGE, "style")
    assert takes(Mode.TRANSITION, "aspect_ratio") and not takes(Mode.TRANSITION, "seed")
    assert resolutions(Mode.TRANSITION) == (Resolution.P540, Resolution.P720)
    assert resolutions(Mode.TEXT) == tuple(Resolution)


def test_a_picture_models_row_without_its_picture_does_not_become_text() -> None:
    with pytest.raises(InvalidParameter):
        GenerationRequest.from_json({"model": IMAGE_MODEL, "prompt": "x"})
    wire = GenerationRequest.from_json(
        {"model": IMAGE_MODEL, "prompt": "x", "image_url": "https://c/1.png"}
    )
    assert wire.image == Picture("", url="https://c/1.png")


def test_an_upload_reply_gives_its_url_or_is_a_bad_response() -> None:
    reply = {"id": "file-1-a", "filename": "p.png", "url": "https://cdn/u/p.png", "size": 9}
    assert parse_upload(reply) == UploadedFile("file-1-a", "https://cdn/u/p.png", "p.png", 9)
    assert parse_upload({"data": reply}).url == "https://cdn/u/p.png"
    for bad in ({"id": "x"}, [], {"url": "file:///etc/passwd"}):
        with pytest.raises(BadResponse):
            parse_upload(bad)

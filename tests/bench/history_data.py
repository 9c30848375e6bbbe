"""A large history for the benchmarks: jobs with prompts a creator would write, in English and
in Chinese, written through the real ``HistoryStore`` (one transaction)."""

from __future__ import annotations

import random
import time
from pathlib import Path

from app.api.models import AspectRatio, GenerationRequest, Resolution, Style
from app.engine.jobs import Flag, Job, JobStatus
from app.engine.store import HistoryStore
from app.paths import resolve_paths

_SUBJECTS = (
    "a red fox",
    "an old fisherman",
    "a paper lantern",
    "a golden retriever puppy",
    "a lone astronaut",
    "a steam train",
    "two dancers in white",
    "a koi carp",
    "a street food vendor",
    "a hummingbird",
    "a vintage convertible",
    "a samurai",
)
_ACTIONS = (
    "walking through fresh snow",
    "drifting down a misty river",
    "crossing a neon-lit street in the rain",
    "turning slowly toward the camera",
    "leaping over a puddle",
    "waiting on an empty platform",
    "spinning under falling petals",
    "climbing a spiral staircase",
)
_PLACES = (
    "at dusk",
    "in a bamboo forest",
    "on a rooftop in Tokyo",
    "beside a lighthouse",
    "in the Sahara at noon",
    "inside a cathedral",
    "under the northern lights",
    "at a night market",
)
_SHOTS = (
    "slow dolly shot",
    "handheld close-up",
    "aerial drone shot",
    "35mm film grain",
    "shallow depth of field",
    "cinematic lighting",
    "time-lapse",
    "tracking shot, golden hour",
)
_ZH_SUBJECTS = (
    "一只红狐狸",
    "白发老渔夫",
    "一盏纸灯笼",
    "金毛小狗",
    "孤独的宇航员",
    "蒸汽火车",
    "穿白衣的舞者",
    "锦鲤",
    "夜市小贩",
    "古代武士",
)
_ZH_ACTIONS = (
    "在雪中慢慢走过",
    "顺着雾气弥漫的河流漂流",
    "穿过霓虹闪烁的雨夜街道",
    "缓缓转向镜头",
    "在落花中旋转",
    "站在空荡的站台上等待",
)
_ZH_PLACES = (
    "黄昏时分",
    "竹林深处",
    "城市夜景中",
    "灯塔旁边",
    "北极光下",
    "赛博朋克风格的街头",
)
_ZH_SHOTS = ("慢速推镜头", "手持特写", "航拍镜头", "电影感光影", "浅景深", "延时摄影")
_NEGATIVES = (None, None, None, "blurry, watermark", "低画质，模糊", "text, logo")
_PROJECTS = ("", "", "spring campaign", "旅行短片", "music video", "")


def prompt(rng: random.Random) -> str:
    """One prompt: English (about 60 %), Chinese (30 %) or a mix of both (10 %)."""
    roll = rng.random()
    if roll < 0.6:
        english = (
            f"{rng.choice(_SUBJECTS)} {rng.choice(_ACTIONS)} {rng.choice(_PLACES)}, "
            f"{rng.choice(_SHOTS)}"
        )
        # As people write them: most begin with a capital, some do not.
        return english[0].upper() + english[1:] if rng.random() < 0.7 else english
    chinese = (
        f"{rng.choice(_ZH_SUBJECTS)}{rng.choice(_ZH_ACTIONS)}，"
        f"{rng.choice(_ZH_PLACES)}，{rng.choice(_ZH_SHOTS)}"
    )
    if roll < 0.9:
        return chinese
    return f"{chinese}, {rng.choice(_SHOTS)}"


#: How a finished job went, as the engine records it (status → the statuses it passed).
_PATHS = {
    JobStatus.SAVED: ("submitting", "pending", "processing", "completed", "downloading", "saved"),
    JobStatus.FAILED: ("submitting", "pending", "processing", "failed"),
    JobStatus.EXPIRED: ("submitting", "pending", "processing", "completed", "expired"),
    JobStatus.STOPPED: ("submitting", "pending", "processing", "stopped"),
}


def _hex(rng: random.Random, digits: int = 32) -> str:
    return f"{rng.getrandbits(digits * 4):0{digits}x}"


def _reply(task_id: str, model: str, created: int, status: JobStatus, url: str | None) -> dict:
    """The service's last reply for the task, as the engine keeps it (see ``foxapi.md``)."""
    done = status is not JobStatus.FAILED
    return {
        "id": task_id,
        "object": "video.generation.task",
        "type": "video",
        "model": model,
        "created": created,
        "results": [
            {"url": url, "content_type": "video/mp4", "width": 1280, "height": 720, "duration": 5}
        ]
        if url and done
        else None,
        "error": None
        if done
        else {"code": "content_policy", "message": "The prompt was refused.", "type": "task_error"},
        "usage": {"credits_reserved": 20.0, "user_group": "default"},
        "status": "completed" if done else "failed",
        "progress": 100,
    }


def jobs(count: int, home: Path, *, first: int = 0, total: int | None = None) -> list[Job]:
    """Jobs ``first`` to ``first + count`` of a history of ``total``: finished, one a minute
    up to now, oldest first, with everything the engine records for a real one (ids of the
    intent and the batch, the task, the link and its expiry, every transition, the file's size
    and the service's last reply). Takes come in batches of one to four sharing a prompt and
    settings, as a creator sends them (a seed each)."""
    rng = random.Random(first)
    now = time.time()
    total = first + count if total is None else total
    made: list[Job] = []
    batch: tuple[str, GenerationRequest, str, str] | None = None
    left = 0
    for n in range(first, first + count):
        if left == 0:
            left = rng.choice([1, 1, 2, 3, 4])
            request = GenerationRequest(
                prompt(rng),
                aspect_ratio=rng.choice(list(AspectRatio)),
                resolution=rng.choice(list(Resolution)),
                duration=rng.randint(1, 15),
                negative_prompt=rng.choice(_NEGATIVES),
                style=rng.choice([None, None, *Style]),
            )
            batch = (_hex(rng), request, rng.choice(_PROJECTS), _hex(rng) if left > 1 else "")
        assert batch is not None
        batch_id, request, project, plan_id = batch
        left -= 1
        status = rng.choice(
            [JobStatus.SAVED] * 16 + [JobStatus.FAILED, JobStatus.EXPIRED, JobStatus.STOPPED]
        )
        created = now - (total - n) * 60
        shape = request.aspect_ratio.value.replace(":", "x")
        task_id = f"task-unified-{int(created)}-{shape}-{_hex(rng, 8)}"
        url = (
            f"https://cdn.foxapi.example/files/{task_id}.mp4?expires={int(created) + 86_400}"
            f"&gen=0&signature={_hex(rng)}"
        )
        linked = status in (JobStatus.SAVED, JobStatus.EXPIRED)
        size = rng.randint(2_000_000, 12_000_000)
        steps = _PATHS[status]
        made.append(
            Job(
                id=_hex(rng),
                request=GenerationRequest(
                    request.prompt,
                    aspect_ratio=request.aspect_ratio,
                    resolution=request.resolution,
                    duration=request.duration,
                    negative_prompt=request.negative_prompt,
                    style=request.style,
                    seed=rng.randint(0, 2**31 - 1),
                ),
                status=status,
                intent_id=_hex(rng),
                batch_id=batch_id,
                task_id=task_id,
                progress=100,
                created_at=created,
                updated_at=created + 90,
                server_created=float(int(created) + 1),
                estimated_time=float(rng.choice([60, 90, 120])),
                credits=rng.choice([10.0, 20.0, 45.0]),
                path=str(home / "videos" / f"bench-{n}.mp4") if status is JobStatus.SAVED else None,
                error_code="content_policy" if status is JobStatus.FAILED else "",
                error_message="The prompt was refused." if status is JobStatus.FAILED else "",
                result_url=url if linked else None,
                url_expires_at=created + 86_400 if linked else None,
                bytes_done=size if status is JobStatus.SAVED else 0,
                bytes_total=size if linked else 0,
                transitions={
                    name: created + 90 * i / (len(steps) - 1) for i, name in enumerate(steps)
                },
                raw_reply=_reply(
                    task_id, request.model, int(created), status, url if linked else None
                ),
                rating=rng.choice([0, 0, 0, 3, 4, 5]),
                flag=rng.choice([Flag.NONE, Flag.NONE, Flag.PICKED, Flag.REJECTED]).value,
                project=project,
                plan_id=plan_id,
            )
        )
    return made


def fill(home: Path, count: int) -> None:
    """A history of ``count`` jobs under ``home`` (``REELDESK_HOME``)."""
    paths = resolve_paths({"REELDESK_HOME": str(home)})
    paths.ensure()
    store = HistoryStore(paths.history_db)
    try:
        for first in range(0, count, 20_000):
            store.insert_many(jobs(min(20_000, count - first), home, first=first, total=count))
    finally:
        store.close()

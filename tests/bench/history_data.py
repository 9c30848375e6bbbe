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


def jobs(count: int, home: Path, *, first: int = 0, total: int | None = None) -> list[Job]:
    """Jobs ``first`` to ``first + count`` of a history of ``total``: finished, one a minute
    up to now, oldest first."""
    rng = random.Random(first)
    now = time.time()
    total = first + count if total is None else total
    made = []
    for n in range(first, first + count):
        status = rng.choice(
            [JobStatus.SAVED] * 16 + [JobStatus.FAILED, JobStatus.EXPIRED, JobStatus.STOPPED]
        )
        created = now - (total - n) * 60
        made.append(
            Job(
                id=f"bench-{n:06d}",
                request=GenerationRequest(
                    prompt(rng),
                    aspect_ratio=rng.choice(list(AspectRatio)),
                    resolution=rng.choice(list(Resolution)),
                    duration=rng.randint(1, 15),
                    negative_prompt=rng.choice(_NEGATIVES),
                    style=rng.choice([None, None, *Style]),
                    seed=rng.randint(0, 2**31 - 1),
                ),
                status=status,
                task_id=f"task-unified-{int(created)}-bench{n:06d}",
                progress=100,
                created_at=created,
                updated_at=created + 90,
                credits=rng.choice([10.0, 20.0, 45.0]),
                path=str(home / "videos" / f"bench-{n}.mp4") if status is JobStatus.SAVED else None,
                error_code="content_policy" if status is JobStatus.FAILED else "",
                error_message="The prompt was refused." if status is JobStatus.FAILED else "",
                transitions={"pending": created + 1, str(status): created + 90},
                rating=rng.choice([0, 0, 0, 3, 4, 5]),
                flag=rng.choice([Flag.NONE, Flag.NONE, Flag.PICKED, Flag.REJECTED]).value,
                project=rng.choice(_PROJECTS),
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

"""``reeldesk generate``'s planning: the flags as a plan (the cross product of prompts, comma
lists and seeds), the estimate, the budget guard and ``--dry-run``. ``app.cli`` parses and
sends; what a batch is and what it may cost is worked out here (on ``app.plan`` and
``app.estimate``, which the window uses too)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from app.api.models import IMAGE_MODEL, GenerationRequest
from app.core import Core, resolve_connection
from app.engine.jobs import Job
from app.engine.submitter import variations
from app.errors import InvalidParameter, ReelDeskError, UsageError
from app.estimate import CostModel, Estimate, Refusal, check_budget, estimate_text, spent_since
from app.messages import Catalogue
from app.paths import Paths
from app.pictures import chosen
from app.plan import (
    MAX_PLAN_JOBS,
    Plan,
    PromptLine,
    Where,
    expand,
    prompts_from_file,
    random_seeds,
    seeds_from_text,
    split_values,
)
from app.present import parameters_text
from app.secrets import KeyStore
from app.settings import Settings

#: Comma-list flags → the request field they vary.
_AXIS_FLAGS = {
    "aspect_ratio": "aspect_ratio",
    "resolution": "resolution",
    "duration": "duration",
    "style": "style",
    "audio_values": "generate_audio",
    "thinking": "thinking_type",
}


def plan_from_args(args: argparse.Namespace) -> Plan:
    """The plan the flags describe; unset flags are left out, exactly as in the window."""
    prompts = [PromptLine(text) for text in args.prompt]
    if args.prompts_file:
        prompts += prompts_from_file(Path(args.prompts_file).expanduser())
    if not prompts:
        raise InvalidParameter("prompt", "reason.blank")
    base: dict[str, Any] = {}
    if args.audio:
        base["generate_audio"] = True
    if args.negative_prompt is not None:
        base["negative_prompt"] = args.negative_prompt
    if args.multi_clip is not None:
        base["generate_multi_clip"] = args.multi_clip
    # Checked now: a picture that cannot go is exit 2, with nothing uploaded or sent.
    base.update(chosen(args.image, args.tail_image))
    axes: dict[str, tuple[Any, ...]] = {}
    for flag, name in _AXIS_FLAGS.items():
        text = getattr(args, flag)
        if text is not None:
            axes[name] = split_values(name, text, where=Where("--" + flag.replace("_", "-")))
    seeds: tuple[int, ...] = ()
    if args.seed is not None:
        seeds = seeds_from_text(args.seed, where=Where("--seed"))
    elif args.seeds is not None:
        if not 1 <= args.seeds <= MAX_PLAN_JOBS:
            raise UsageError(f"--seeds must be between 1 and {MAX_PLAN_JOBS}")
        seeds = random_seeds(args.seeds)
    if "aspect_ratio" in axes and "image" in base and "image_tail" not in base:
        # Left out of the body anyway; said, so that no one thinks it was used.
        raise InvalidParameter("aspect_ratio", "reason.not_for_mode", model=IMAGE_MODEL)
    return Plan(tuple(prompts), base, axes, seeds)


def requests_from_args(args: argparse.Namespace) -> list[GenerationRequest]:
    """Every request the flags ask for (the cross product), checked; ``--count`` apart."""
    requests = expand(plan_from_args(args))
    if len(requests) * args.count > MAX_PLAN_JOBS:
        raise InvalidParameter(
            "jobs", "reason.too_many_jobs", count=len(requests) * args.count, limit=MAX_PLAN_JOBS
        )
    return requests


def videos(args: argparse.Namespace) -> list[GenerationRequest]:
    """Every video the flags ask for, ``--count`` included: a fixed seed S makes S, S+1, …
    as the engine will; without one each seed is drawn when it is sent."""
    return [
        video
        for request in args.requests
        for video in (
            variations(request, args.count) if request.seed is not None else [request] * args.count
        )
    ]


def estimate(
    args: argparse.Namespace, history: Sequence[Job], settings: Settings, *, demo: bool
) -> Estimate:
    return CostModel(history, settings.price_table).batch(videos(args), demo=demo)


def refusal(
    args: argparse.Namespace,
    history: Sequence[Job],
    settings: Settings,
    estimate: Estimate,
    balance: float | None,
) -> Refusal | None:
    midnight = time.mktime((*time.localtime()[:3], 0, 0, 0, 0, 0, -1))
    return check_budget(
        estimate,
        budget=args.budget,
        daily_limit=settings.daily_limit or None,
        spent_today=spent_since(history, midnight),
        balance=balance,
    )


async def reported_balance(core: Core) -> float | None:
    """What the service says is left; ``None`` when it does not say (best effort)."""
    if core.client is None or core.demo:
        return None
    try:
        balance = await core.client.balance()
    except ReelDeskError:
        return None
    return None if balance is None or balance.unlimited else balance.credits


def dry_run(
    args: argparse.Namespace,
    paths: Paths,
    environ: Mapping[str, str],
    catalogue: Catalogue,
    settings: Settings,
) -> int:
    """Print the jobs and the estimate; nothing is sent, no key is needed. Exit 2 when the
    budget would refuse the batch, as the real run would."""
    from app.engine.store import read_history

    connection = resolve_connection(
        settings, KeyStore(paths.key_file), environ, demo=args.demo, base_url=args.base_url
    )
    history = read_history(paths.history_db)
    demo = connection is not None and connection.demo
    guess = estimate(args, history, settings, demo=demo)
    refused = refusal(args, history, settings, guess, None)
    # The JSON's estimate is always the service's price (the contract's three sources); a demo
    # run costs nothing, which "demo" says.
    live = estimate(args, history, settings, demo=False)
    jobs = videos(args)
    if args.json:
        document = {
            "count": len(jobs),
            "jobs": [request.to_json() for request in jobs],
            "estimate": live.to_json(),
            "demo": demo,
        }
        print(json.dumps(document, ensure_ascii=False))
    else:
        for number, request in enumerate(jobs, start=1):
            seed = "random seed" if request.seed is None else f"seed {request.seed}"
            prompt = " ".join(request.prompt.split())
            print(f"{number:>3}. {parameters_text(request, catalogue)} · {seed} · {prompt}")
        said = estimate_text(guess, catalogue)
        if demo:
            said += f" (on the service: {estimate_text(live, catalogue)})"
        planned = f"{len(jobs)} planned job{'' if len(jobs) == 1 else 's'}"
        print(f"{planned}; {said}")
    if refused is not None:
        print(f"reeldesk: {catalogue.text(refused.key, **refused.params)}", file=sys.stderr)
        return 2
    return 0

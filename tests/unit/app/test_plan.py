"""Expanding a plan: prompts × templates × values × seeds, each value checked where it came
from."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.api.models import AspectRatio, Resolution, Style
from app.messages import Catalogue
from app.plan import (
    MAX_PLAN_JOBS,
    Plan,
    PlanError,
    PromptLine,
    expand,
    expand_template,
    explain,
    prompts_from_file,
    prompts_from_lines,
    random_seeds,
    split_values,
)

words = st.text(alphabet="abcxyz ", min_size=1, max_size=6).filter(str.strip)


@given(
    prompts=st.lists(words, min_size=1, max_size=3),
    ratios=st.lists(st.sampled_from(list(AspectRatio)), min_size=1, max_size=3, unique=True),
    durations=st.lists(st.integers(1, 15), min_size=1, max_size=3, unique=True),
    seeds=st.lists(st.integers(0, 1000), max_size=3, unique=True),
)
def test_the_jobs_are_the_cross_product(
    prompts: list[str], ratios: list[AspectRatio], durations: list[int], seeds: list[int]
) -> None:
    plan = Plan(
        tuple(PromptLine(p) for p in prompts),
        axes={"aspect_ratio": tuple(ratios), "duration": tuple(durations)},
        seeds=tuple(seeds),
    )
    requests = expand(plan)
    assert (
        len(requests)
        == plan.size()
        == math.prod([len(prompts), len(ratios), len(durations), max(1, len(seeds))])
    )
    combos = {(r.prompt, r.aspect_ratio, r.duration, r.seed) for r in requests}
    expected = {
        (p, a, d, s) for p in prompts for a in ratios for d in durations for s in seeds or [None]
    }
    assert combos == expected


@given(st.lists(st.lists(words.filter(lambda w: "|" not in w), min_size=1, max_size=3), max_size=3))
def test_each_template_group_multiplies(groups: list[list[str]]) -> None:
    template = " and ".join("{" + "|".join(group) + "|zz}" for group in groups) or "plain"
    assert len(expand_template(template)) == math.prod(len(g) + 1 for g in groups)


def test_braces_without_alternatives_are_left_as_written() -> None:
    assert expand_template("a {red|blue} car {literal}") == [
        "a red car {literal}",
        "a blue car {literal}",
    ]


def test_values_are_checked_with_the_requests_own_rules() -> None:
    assert split_values("aspect_ratio", "16:9, 9:16,16:9") == (AspectRatio.R16_9, AspectRatio.R9_16)
    assert split_values("style", "anime,none") == (Style.ANIME, None)
    assert split_values("generate_audio", "on,off") == (True, False)
    with pytest.raises(PlanError) as caught:
        split_values("duration", "5,16")
    assert caught.value.field == "duration" and caught.value.reason_key == "reason.range"
    with pytest.raises(PlanError):
        split_values("resolution", "4k")


def test_a_csv_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "batch.csv"
    path.write_text("prompt,Resolution\nfox,720p\nheron,4k\n", encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        prompts_from_file(path)
    assert explain(caught.value, Catalogue("en")).startswith(
        "batch.csv, line 3, column Resolution: Resolution: '4k' is not one of"
    )
    assert explain(caught.value, Catalogue("zh_CN")).startswith("batch.csv，第 3 行，Resolution 列")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("duration\n5\n", "reason.csv_needs_prompt"),
        ("prompt,colour\nfox,red\n", "reason.unknown_parameter"),
        ("prompt\nfox,extra\n", "reason.csv_extra_cells"),
        ("prompt,duration\n,5\n", "reason.blank"),
    ],
)
def test_a_bad_csv_is_refused_with_its_reason(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "p.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        prompts_from_file(path)
    assert caught.value.reason_key == reason


def test_a_csv_row_keeps_its_own_values_and_a_bom_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes("\ufeffprompt,resolution,seed\nfox,1080p,7\nheron,,\n".encode())
    plan = Plan(
        tuple(prompts_from_file(path)),
        base={"resolution": Resolution.P540},
        seeds=(1, 2),
    )
    got = [(r.prompt, r.resolution, r.seed) for r in expand(plan)]
    assert got == [
        ("fox", Resolution.P1080, 7),
        ("heron", Resolution.P540, 1),
        ("heron", Resolution.P540, 2),
    ]


def test_a_text_file_is_one_prompt_a_line(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text("一只狐狸\n\n  a heron  \n", encoding="utf-8")
    assert [line.text for line in prompts_from_file(path)] == ["一只狐狸", "a heron"]
    assert [line.where.line for line in prompts_from_lines("a\n\nb")] == [1, 3]


def test_a_file_that_is_not_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(PlanError) as caught:
        prompts_from_file(path)
    assert caught.value.reason_key == "reason.not_utf8"


def test_random_seeds_differ_and_a_plan_too_big_is_refused() -> None:
    seeds = random_seeds(5, random.Random(1))
    assert len(set(seeds)) == 5
    plan = Plan((PromptLine("x"),), seeds=tuple(range(MAX_PLAN_JOBS + 1)))
    with pytest.raises(PlanError) as caught:
        expand(plan)
    assert caught.value.reason_key == "reason.too_many_jobs"

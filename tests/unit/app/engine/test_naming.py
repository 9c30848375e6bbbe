"""Saved videos get names that are valid on every system, readable, and never someone else's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.api.models import AspectRatio, GenerationRequest
from app.engine.naming import (
    MAX_STEM,
    claim_video_path,
    render_name,
    safe_stem,
    slugify,
    unique_video_path,
)

WHEN = 1_700_000_000.0  # 2023-11-14


@pytest.mark.parametrize(
    ("prompt", "slug"),
    [
        ("A red fox, in snow!", "a-red-fox-in-snow"),
        ("雪中的红狐狸", "雪中的红狐狸"),
        ("Café crème", "café-crème"),
        ("e\u0301te\u0301", "été"),  # combining accents join their letters
        ("ＦＵＬＬ　ＷＩＤＴＨ", "full-width"),
        ("!!! ???", "video"),
        ("x" * 60, "x" * 40),
    ],
)
def test_prompts_become_readable_slugs(prompt: str, slug: str) -> None:
    assert slugify(prompt) == slug


@pytest.mark.parametrize(
    ("stem", "safe"),
    [
        ('what: "a" <b>?', "what-_-a-_-b"),
        ("CON", "_CON"),
        ("nul.tar", "_nul.tar"),
        ("  . trailing dots .", "trailing_dots"),
        ("", "video"),
    ],
)
def test_names_are_valid_on_every_system(stem: str, safe: str) -> None:
    assert safe_stem(stem) == safe


def test_a_long_name_is_cut_within_every_systems_limit() -> None:
    stem = safe_stem("雪" * 500)
    assert len(stem) <= MAX_STEM
    assert len(stem.encode()) <= 255 - len(".mp4.part")


def test_the_template_fills_in_the_job() -> None:
    request = GenerationRequest(
        "Neon alley, rain", aspect_ratio=AspectRatio.R9_16, duration=8, seed=42
    )
    stem = stem_of(
        "{date}_{prompt}_{ratio}_{resolution}_{duration}_{seed}_{task}",
        request,
        task_id="task-unified-1700000000-9x16-ab12cd34",
        job_id="job",
        when=WHEN,
    )
    assert stem.endswith("_neon-alley-rain_9x16_720p_8s_42_ab12cd34")
    assert stem.startswith("2023-11-1")  # the local date


def test_a_broken_template_falls_back_to_the_default() -> None:
    stem = stem_of("{nope}", GenerationRequest("fox"), task_id=None, job_id="j-123", when=WHEN)
    assert stem.endswith("_fox_j123")


def test_taken_names_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "fox.mp4").write_bytes(b"")
    (tmp_path / "fox-2.mp4.part").write_bytes(b"")
    (tmp_path / "fox-3.json").write_text("{}")
    assert unique_video_path(tmp_path, "fox") == tmp_path / "fox-4.mp4"
    claimed = claim_video_path(tmp_path, "fox")
    assert claimed == tmp_path / "fox-4.mp4"
    # The claim holds the name: the next one goes elsewhere.
    assert claim_video_path(tmp_path, "fox") == tmp_path / "fox-5.mp4"


@pytest.mark.parametrize(
    ("project", "folders"),
    [
        ("Spring ad", ("Spring_ad",)),
        ("", ()),
        ("  ", ()),
        ("..", ()),
        ("a/b: c?", ("a-b-_c",)),
    ],
)
def test_the_folder_follows_the_project_and_an_empty_one_leaves_none(
    project: str, folders: tuple[str, ...]
) -> None:
    got, stem = render_name(
        "{project}/{prompt}_{task}",
        GenerationRequest("fox"),
        task_id="t-ab12",
        job_id="j",
        when=WHEN,
        project=project,
    )
    assert got == folders
    assert stem == "fox_tab12"


def test_a_project_in_the_file_name_is_made_safe() -> None:
    stem = stem_of(
        "{project}_{task}", GenerationRequest("fox"), task_id="x1", job_id="j", project="A/B"
    )
    assert stem == "A-B_x1"
    assert stem_of("{project}_{task}", GenerationRequest("fox"), task_id="x1", job_id="j") == ("x1")


def stem_of(template: str, request: GenerationRequest, **kwargs: Any) -> str:
    return render_name(template, request, **kwargs)[1]

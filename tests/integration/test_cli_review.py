"""Reviewing and exporting from the command line, as a script meets it: real processes, the
built-in simulator (``--demo``), the real history and files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import opentimelineio as otio
import pytest

from app.api.models import GenerationRequest
from app.engine.jobs import Job, JobStatus
from app.engine.store import HistoryStore
from app.paths import Paths
from app.timeline import Timeline

from .test_cli import run_cli


def tasks(home: Path, *flags: str) -> list[dict[str, Any]]:
    result = run_cli(home, "tasks", "--json", *flags)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def takes(home: Path) -> list[dict[str, Any]]:
    """Three saved demo takes of one idea, in the project "Spring ad", oldest first."""
    assert run_cli(home, "project", "Spring ad").returncode == 0
    result = run_cli(home, "generate", "--demo", "lanterns", "--count", "3", "--json")
    assert result.returncode == 0, result.stderr
    made = [json.loads(line) for line in result.stdout.splitlines()]
    assert {take["project"] for take in made} == {"Spring ad"}
    return made


def suffix(take: dict[str, Any], n: int = 8) -> str:
    return str(take["task_id"])[-n:]


def marks(home: Path) -> dict[str, tuple[int, str]]:
    return {take["task_id"]: (take["rating"], take["flag"]) for take in tasks(home)}


def test_rate_pick_reject_and_unflag_by_task_suffix(
    home: Path, takes: list[dict[str, Any]]
) -> None:
    first, second, third = takes
    rated = run_cli(home, "rate", suffix(first), second["task_id"], "--stars", "4")
    assert rated.returncode == 0, rated.stderr
    assert rated.stdout.splitlines() == [
        f"{first['task_id']}: ★★★★☆ · Not flagged",
        f"{second['task_id']}: ★★★★☆ · Not flagged",
    ]
    assert run_cli(home, "pick", suffix(first), suffix(third)).returncode == 0
    assert run_cli(home, "reject", suffix(second)).returncode == 0
    assert marks(home) == {
        first["task_id"]: (4, "picked"),
        second["task_id"]: (4, "rejected"),
        third["task_id"]: (0, "picked"),
    }
    picked = tasks(home, "--picked")
    assert [take["task_id"] for take in picked] == [third["task_id"], first["task_id"]]
    assert {take["project"] for take in picked} == {"Spring ad"}
    assert run_cli(home, "unflag", suffix(third)).returncode == 0
    assert run_cli(home, "rate", suffix(first), "--stars", "0").returncode == 0
    assert marks(home)[third["task_id"]] == (0, "")
    assert marks(home)[first["task_id"]] == (0, "picked")
    # The sidecar beside the video says the same.
    sidecar = json.loads(Path(first["path"]).with_suffix(".json").read_text())
    assert (sidecar["rating"], sidecar["flag"], sidecar["project"]) == (0, "picked", "Spring ad")


def add_twin(paths: Paths, take: dict[str, Any], end: str) -> None:
    """A saved job whose task id ends like ``take``'s (a live job, say), straight into the
    history the command line reads."""
    store = HistoryStore(paths.history_db)
    try:
        store.insert(
            Job(
                id="twin",
                request=GenerationRequest("twin"),
                status=JobStatus.SAVED,
                task_id=f"live-{end}",
                path=take["path"],
            )
        )
    finally:
        store.close()


def test_an_unknown_or_ambiguous_task_exits_2_and_changes_nothing(
    home: Path, paths: Paths, takes: list[dict[str, Any]]
) -> None:
    end = suffix(takes[0], 4)
    add_twin(paths, takes[0], end)
    before = marks(home)
    cases = [
        (["pick", suffix(takes[1]), "no-such-task"], "no job has a task id"),
        (["rate", suffix(takes[1]), "zzzzzz", "--stars", "5"], "no job has a task id"),
        (["reject", suffix(takes[2]), end], f"“{end}” ends 2 task ids"),
        (["unflag", "task-"], "no job has a task id"),  # a start is no end
        (["rate", suffix(takes[1]), "--stars", "6"], "Stars: must be between 0 and 5"),
    ]
    for args, said in cases:
        result = run_cli(home, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith("reeldesk: ") and len(result.stderr.splitlines()) == 1
        assert said in result.stderr, result.stderr
    assert marks(home) == before
    # The whole id is never ambiguous.
    assert run_cli(home, "pick", str(takes[0]["task_id"])).returncode == 0


@pytest.mark.parametrize("kind", list(Timeline))
def test_export_with_each_timeline_kind(
    home: Path, takes: list[dict[str, Any]], tmp_path: Path, kind: Timeline
) -> None:
    first, _, third = takes
    assert run_cli(home, "pick", suffix(third), suffix(first)).returncode == 0
    assert run_cli(home, "rate", suffix(third), "--stars", "5").returncode == 0
    out = tmp_path / "cut"
    result = run_cli(home, "export", str(out), "--picked", "--timeline", kind.value)
    assert result.returncode == 0, result.stderr
    names = [Path(first["path"]).name, Path(third["path"]).name]  # oldest first
    assert result.stdout.splitlines() == [str(out / name) for name in names]
    timeline = otio.adapters.read_from_file(str(out / kind.file_name))
    clips = list(timeline.find_clips())
    assert [clip.name for clip in clips] == [Path(name).stem for name in names]
    assert [clip.duration().to_seconds() for clip in clips] == [3.0, 3.0]  # the demo clips
    manifest = json.loads((out / "manifest.json").read_text())
    entries = manifest["takes"]
    assert [entry["task_id"] for entry in entries] == [first["task_id"], third["task_id"]]
    assert [entry["rating"] for entry in entries] == [0, 5]
    assert {entry["flag"] for entry in entries} == {"picked"}
    assert {entry["project"] for entry in entries} == {"Spring ad"}
    assert entries[0]["prompt"] == "lanterns" and entries[0]["seed"] == first["seed"]
    assert all(
        (out / name).read_bytes() == Path(take["path"]).read_bytes()
        for name, take in zip(names, (first, third), strict=True)
    )
    other = [p.name for p in out.iterdir() if p.name.startswith("timeline.")]
    assert other == [kind.file_name]


def test_export_refuses_a_taken_folder_and_an_empty_choice(
    home: Path, takes: list[dict[str, Any]], tmp_path: Path
) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine")
    result = run_cli(home, "export", str(taken))
    assert result.returncode == 2
    assert "already exists and is not empty" in result.stderr
    assert [p.name for p in taken.iterdir()] == ["notes.txt"]
    nothing = run_cli(home, "export", str(tmp_path / "none"), "--picked")
    assert nothing.returncode == 1
    assert "no saved take to export" in nothing.stderr
    assert not (tmp_path / "none").exists()
    everything = run_cli(home, "export", str(tmp_path / "all"), "--project", "Spring ad")
    assert everything.returncode == 0, everything.stderr
    assert len(everything.stdout.splitlines()) == 3


def test_the_current_project_is_shown_set_and_cleared(home: Path) -> None:
    shown = run_cli(home, "project")
    assert shown.returncode == 0 and shown.stdout == ""
    assert run_cli(home, "project", "  Autumn  ").stdout == "Autumn\n"
    assert run_cli(home, "project").stdout == "Autumn\n"
    assert run_cli(home, "project", "bad\x07").returncode == 2
    assert run_cli(home, "project").stdout == "Autumn\n"
    assert run_cli(home, "project", "").returncode == 0
    assert run_cli(home, "project").stdout == ""

"""Exporting takes: real demo videos on a real disk, the timelines read back with OTIO."""

from __future__ import annotations

import csv
import json
import os
from fractions import Fraction
from pathlib import Path

import opentimelineio as otio
import pytest

from app.api.models import GenerationRequest
from app.engine.jobs import Job, JobStatus
from app.errors import ExportError, ExportFolderTaken, NothingToExport
from app.export import choose_takes, export_takes
from app.messages import Catalogue
from app.resources import demo_clip
from app.timeline import Timeline, edit_rate, probe


def saved(folder: Path, name: str, ratio: str = "16:9", **fields: object) -> Job:
    folder.mkdir(parents=True, exist_ok=True)
    video = folder / name
    video.write_bytes(demo_clip(ratio))
    video.with_suffix(".json").write_text(json.dumps({"file": name, "note": "kept"}))
    return Job(
        id=f"job-{folder.name}-{name}",
        request=GenerationRequest(f"prompt of {name}", seed=len(name)),
        status=JobStatus.SAVED,
        task_id=f"task-{folder.name}-{name}",
        path=str(video),
        credits=20.0,
        **fields,  # type: ignore[arg-type]
    )


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def test_length_rate_and_size_come_from_the_file(tmp_path: Path) -> None:
    take = saved(tmp_path, "tall.mp4", "9:16")
    media = probe(Path(take.path or ""))
    assert (media.frames, media.rate, media.seconds) == (36, Fraction(12), 3.0)
    assert (media.width, media.height) == (180, 320)
    (tmp_path / "junk.mp4").write_bytes(b"junk")
    with pytest.raises(ValueError, match=r"junk\.mp4"):
        probe(tmp_path / "junk.mp4")


def test_an_export_holds_videos_sidecars_manifests_and_every_timeline(tmp_path: Path) -> None:
    takes = [
        saved(tmp_path / "a", "fox.mp4", rating=5, flag="picked", project="Spring"),
        saved(tmp_path / "a", "heron.mp4", "9:16"),
        saved(tmp_path / "b", "fox.mp4", "1:1"),  # the same name from another folder
        saved(tmp_path / "b", "manifest.mp4"),  # would take the manifest's name
    ]
    progress: list[tuple[int, int]] = []
    result = export_takes(
        takes,
        tmp_path / "cut",
        timelines=list(Timeline),
        progress=lambda done, total: progress.append((done, total)),
    )
    cut = tmp_path / "cut"
    names = ["fox.mp4", "heron.mp4", "fox-2.mp4", "manifest-2.mp4"]
    assert [video.name for video in result.videos] == names
    own = ["manifest.csv", "manifest.json", "timeline.edl", "timeline.otio", "timeline.xml"]
    assert listing(cut) == sorted([*names, *(n.replace(".mp4", ".json") for n in names), *own])
    assert progress == [(1, 4), (2, 4), (3, 4), (4, 4)]
    # Same disk: hard links, not copies.
    assert result.linked == 4
    assert (cut / "fox.mp4").stat().st_ino == Path(takes[0].path or "").stat().st_ino
    side = json.loads((cut / "fox-2.json").read_text())
    assert side["file"] == "fox-2.mp4" and side["note"] == "kept"
    assert (side["rating"], side["flag"], side["project"]) == (0, "", "")
    assert json.loads((cut / "fox.json").read_text())["flag"] == "picked"

    manifest = json.loads((cut / "manifest.json").read_text())
    first = manifest["takes"][0]
    assert first["file"] == "fox.mp4" and first["task_id"] == takes[0].task_id
    assert first["prompt"] == "prompt of fox.mp4" and first["seed"] == len("fox.mp4")
    assert first["parameters"] == takes[0].request.to_json()
    assert (first["credits"], first["rating"], first["flag"], first["project"]) == (
        20.0,
        5,
        "picked",
        "Spring",
    )
    assert (first["frames"], first["frame_rate"], first["seconds"]) == (36, 12.0, 3.0)
    with (cut / "manifest.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["file"] for row in rows] == names
    assert rows[0]["rating"] == "5" and rows[0]["aspect_ratio"] == "16:9"
    assert rows[2]["task_id"] == takes[2].task_id

    for kind in Timeline:
        timeline = otio.adapters.read_from_file(str(cut / kind.file_name))
        clips = list(timeline.find_clips())
        assert [clip.name for clip in clips] == [Path(n).stem for n in names], kind
        assert [clip.duration().to_seconds() for clip in clips] == [3.0] * 4, kind
        assert clips[1].media_reference.target_url == (cut / "heron.mp4").as_uri(), kind


def test_copies_when_links_are_not_wanted_or_possible(tmp_path: Path) -> None:
    take = saved(tmp_path / "a", "fox.mp4")
    result = export_takes([take], tmp_path / "cut", link=False)
    assert result.linked == 0
    video = tmp_path / "cut" / "fox.mp4"
    assert video.stat().st_ino != Path(take.path or "").stat().st_ino
    assert video.read_bytes() == Path(take.path or "").read_bytes()
    assert [p.name for p in result.timelines] == ["timeline.otio"]


def test_a_taken_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    take = saved(tmp_path / "a", "fox.mp4")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "mine.txt").write_text("keep")
    with pytest.raises(ExportFolderTaken):
        export_takes([take], busy)
    assert listing(busy) == ["mine.txt"]
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(ExportFolderTaken):
        export_takes([take], a_file)
    # An empty folder is fine.
    (tmp_path / "empty").mkdir()
    export_takes([take], tmp_path / "empty")
    assert "fox.mp4" in listing(tmp_path / "empty")
    assert not [p for p in listing(tmp_path) if p.endswith(".part")]


def test_a_failure_half_way_leaves_nothing_behind(tmp_path: Path) -> None:
    good = saved(tmp_path / "a", "fox.mp4")
    bad = saved(tmp_path / "a", "broken.mp4")
    Path(bad.path or "").write_bytes(b"not a video at all")
    with pytest.raises(ExportError) as caught:
        export_takes([good, bad], tmp_path / "cut")
    assert caught.value.params["path"] == str(tmp_path / "cut")
    assert listing(tmp_path) == ["a"]  # no export folder, no staging folder


def test_only_takes_with_their_file_are_exported(tmp_path: Path) -> None:
    gone = saved(tmp_path / "a", "fox.mp4")
    Path(gone.path or "").unlink()
    failed = Job(id="f", request=GenerationRequest("x"), status=JobStatus.FAILED)
    with pytest.raises(NothingToExport):
        export_takes([gone, failed], tmp_path / "cut")
    assert not (tmp_path / "cut").exists()


def test_the_takes_the_command_line_chooses(tmp_path: Path) -> None:
    picked = saved(tmp_path / "a", "p.mp4", flag="picked", project="Spring")
    plain = saved(tmp_path / "a", "n.mp4", project="Spring")
    rejected = saved(tmp_path / "a", "r.mp4", flag="rejected", project="Spring")
    other = saved(tmp_path / "a", "o.mp4", flag="picked", project="Autumn")
    jobs = [picked, plain, rejected, other]
    assert choose_takes(jobs, picked=True) == [picked, other]
    assert choose_takes(jobs) == [picked, plain, other]
    assert choose_takes(jobs, project="Spring") == [picked, plain]
    assert choose_takes(jobs, picked=True, project="Autumn") == [other]


@pytest.mark.parametrize(
    ("rates", "rate"),
    [
        ([Fraction(12)], Fraction(24)),
        ([Fraction(15), Fraction(15), Fraction(25)], Fraction(30)),
        ([Fraction(25)], Fraction(25)),
        ([Fraction(24000, 1001)], Fraction(24000, 1001)),
        ([Fraction(7)], Fraction(24)),
    ],
)
def test_the_timeline_rate_is_one_timecode_knows(rates: list[Fraction], rate: Fraction) -> None:
    assert edit_rate(rates) == rate


def test_a_place_that_cannot_be_written_says_so(tmp_path: Path) -> None:
    take = saved(tmp_path / "a", "fox.mp4")
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    with pytest.raises(ExportError) as caught:
        export_takes([take], a_file / "cut")  # a folder inside a file
    assert caught.value.params["path"] == str(a_file / "cut")
    assert "could not be exported" in Catalogue("en").explain(caught.value)
    assert listing(tmp_path) == ["a", "notes.txt"]


def test_a_prompt_that_looks_like_a_formula_opens_as_text_in_a_spreadsheet(
    tmp_path: Path,
) -> None:
    take = saved(tmp_path / "a", "fox.mp4")
    take = take.replace(request=GenerationRequest('=HYPERLINK("http://x","y")', seed=1))
    export_takes([take], tmp_path / "cut")
    with (tmp_path / "cut" / "manifest.csv").open(encoding="utf-8-sig", newline="") as handle:
        (row,) = csv.DictReader(handle)
    assert row["prompt"] == '\'=HYPERLINK("http://x","y")'
    manifest = json.loads((tmp_path / "cut" / "manifest.json").read_text())
    assert manifest["takes"][0]["prompt"] == '=HYPERLINK("http://x","y")'  # exact in JSON

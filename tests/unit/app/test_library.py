"""The saved-prompts library and presets: searchable in either language, written whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.library import Library, Preset, SavedPrompt
from app.settings import GenerationDefaults


def test_prompts_are_found_by_every_word_in_either_language(tmp_path: Path) -> None:
    library = Library(tmp_path / "library.json")
    library.save_prompt(SavedPrompt("Night train", "A futuristic train crossing a desert"))
    library.save_prompt(SavedPrompt("灯笼", "河上的灯笼，夜晚，慢镜头"))
    again = Library(tmp_path / "library.json")
    assert [p.name for p in again.search("TRAIN desert")] == ["Night train"]
    assert [p.name for p in again.search("灯笼 夜晚")] == ["灯笼"]
    assert [p.name for p in again.search("ｔｒａｉｎ")] == ["Night train"]  # full-width
    assert again.search("train lanterns") == []
    assert len(again.search("")) == 2


def test_saving_under_a_name_replaces_it_and_presets_keep_the_form(tmp_path: Path) -> None:
    library = Library(tmp_path / "library.json")
    library.save_prompt(SavedPrompt("fox", "a red fox"))
    library.save_prompt(SavedPrompt("FOX", "a grey fox"))
    assert [(p.name, p.text) for p in library.prompts] == [("FOX", "a grey fox")]
    values = GenerationDefaults(aspect_ratio="9:16", duration=8, generate_audio=True)
    library.save_preset(Preset("Shorts", values))
    again = Library(tmp_path / "library.json")
    preset = again.preset("shorts")
    assert preset is not None and preset.values == values
    again.remove_preset("Shorts")
    assert Library(tmp_path / "library.json").presets == []


def test_a_bad_entry_is_left_out_and_a_bad_file_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    path.write_text(
        json.dumps(
            {
                "prompts": [{"name": "ok", "text": "a fox"}, {"name": "", "text": "x"}],
                "presets": [{"name": "bad", "values": {"duration": 99}}],
            }
        )
    )
    library = Library(path)
    assert [p.name for p in library.prompts] == ["ok"] and library.dropped == 2
    path.write_text("{not json")
    broken = Library(path)
    assert broken.prompts == [] and broken.moved_aside is not None
    assert broken.moved_aside.read_text() == "{not json"


def test_a_refused_write_changes_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    library = Library(blocker / "library.json")
    with pytest.raises(FileExistsError):
        library.save_prompt(SavedPrompt("heron", "a heron"))
    assert library.prompts == []
    assert blocker.read_text() == "a file where the folder should be"

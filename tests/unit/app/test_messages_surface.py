"""One catalogue, two front ends: the command line's next actions name its options and
commands, never the window's Preferences or buttons; the window keeps its own wording."""

from __future__ import annotations

import pytest

from app.errors import ProblemCode
from app.messages import LANGUAGES, Catalogue, Surface, all_keys

WINDOW_WORDS = ("Preferences", "首选项", "Submit again", "“重新提交”", "highlighted", "标出")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_next_action_on_the_command_line_sends_a_person_to_the_window(language: str) -> None:
    cli = Catalogue(language, Surface.CLI)
    actions = {code.next_action_key for code in ProblemCode} | {
        key for key in all_keys() if key.startswith("action.") and "@" not in key
    }
    for key in sorted(actions):
        action = cli.text(key, folder="/x", path="/x", commands="generate")
        assert not any(word in action for word in WINDOW_WORDS), (key, action)


@pytest.mark.parametrize(
    ("code", "option"),
    [
        (ProblemCode.FOLDER_NOT_WRITABLE, "--out DIR"),
        (ProblemCode.DISK_FULL, "--out DIR"),
        (ProblemCode.NOT_FOUND, "--base-url"),
        (ProblemCode.LINK_REFUSED, "--base-url"),
        (ProblemCode.NO_KEY, "REELDESK_API_KEY"),
        (ProblemCode.SETTINGS_NOT_SAVED, "REELDESK_HOME"),
        (ProblemCode.INVALID_PARAMETER, "reeldesk generate --help"),
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_command_line_names_its_option_and_the_window_its_preferences(
    language: str, code: ProblemCode, option: str
) -> None:
    cli = Catalogue(language, Surface.CLI).problem(code)[1]
    window = Catalogue(language).problem(code)[1]
    assert option in cli
    assert option not in window or code is ProblemCode.NO_KEY  # the window offers it too


def test_every_variant_belongs_to_a_sentence_of_the_window() -> None:
    keys = all_keys()
    variants = {key for key in keys if "@" in key}
    assert variants
    for variant in variants:
        base, surface = variant.split("@")
        assert base in keys and surface == Surface.CLI

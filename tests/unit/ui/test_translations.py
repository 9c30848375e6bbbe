"""The shipped Chinese translation covers every string of the window, and the compiled .qm
matches its source."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
TS = ROOT / "resources" / "i18n" / "reeldesk_zh_CN.ts"
QM = TS.with_suffix(".qm")
BIN = Path(sys.executable).parent


def messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


def tool(name: str) -> str:
    path = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed (it ships with PySide6)")
    return path


def test_every_message_is_translated() -> None:
    problems = []
    for (context, source), message in messages(TS).items():
        translation = message.find("translation")
        assert translation is not None
        text = "".join(translation.itertext()).strip()
        if translation.get("type") in ("unfinished", "obsolete", "vanished") or not text:
            problems.append(f"{context}: {source}")
        elif source.count("%1") != text.count("%1") or source.count("%n") > text.count("%n"):
            problems.append(f"{context}: placeholders differ in {source!r}")
    assert problems == []


def test_no_string_in_the_code_is_missing_from_the_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    shutil.copy(TS, fresh)
    sources = sorted(str(p) for p in (ROOT / "ui").glob("*.py"))
    subprocess.run(
        [tool("pyside6-lupdate"), *sources, "-ts", str(fresh), "-no-obsolete", "-silent"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    added = set(messages(fresh)) - set(messages(TS))
    assert added == set(), "run scripts/update_translations.sh and translate these"


def test_compiled_translation_is_up_to_date(tmp_path: Path) -> None:
    compiled = tmp_path / "check.qm"
    subprocess.run(
        [tool("pyside6-lrelease"), str(TS), "-qm", str(compiled), "-silent"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert compiled.read_bytes() == QM.read_bytes(), "run scripts/update_translations.sh"

"""A translation keeps its source's mnemonic letter ("种子(&S)" for "&Seed"), so the letters
checked free of clashes in English (tests/integration/gui/test_mnemonics.py) stay free in
every language."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from tests.unit.ui.test_translations import TS, messages


def letter(text: str) -> str:
    return QKeySequence.mnemonic(text).toString(QKeySequence.SequenceFormat.PortableText)


def test_every_translation_keeps_its_mnemonic_letter() -> None:
    differ = []
    for (context, source), message in messages(TS).items():
        translation = message.find("translation")
        text = "".join(translation.itertext()) if translation is not None else ""
        if text and letter(source) != letter(text):
            differ.append(f"{context}: {source!r} ({letter(source)}) -> {text!r} ({letter(text)})")
    assert differ == []

"""The form's matrix: several values for a parameter, each combination one job.

A row of toggle chips per choice (aspect ratio, resolution, style, audio) and comma lists for
durations and seeds. A row with nothing ticked leaves the parameter to the form's own field;
with values ticked, those values are the axis. Values are checked by ``app.plan``, which says
what is wrong with a list.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from app.api.models import AspectRatio, Resolution, Style
from app.plan import Where, seeds_from_text, split_values
from ui.flow_layout import FlowLayout


class ChipRow(QWidget):
    """Toggle buttons, one per value; ``values()`` the ticked ones, in order."""

    changed = Signal()

    def __init__(self, choices: list[tuple[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = FlowLayout(self, spacing=4)
        layout.setContentsMargins(0, 0, 0, 0)
        self.chips: list[tuple[QToolButton, Any]] = []
        for text, value in choices:
            chip = QToolButton()
            chip.setText(text)
            chip.setCheckable(True)
            chip.toggled.connect(lambda _on: self.changed.emit())
            layout.addWidget(chip)
            self.chips.append((chip, value))

    def values(self) -> tuple[Any, ...]:
        return tuple(value for chip, value in self.chips if chip.isChecked())

    def chip(self, value: Any) -> QToolButton:
        return next(chip for chip, known in self.chips if known == value)

    def clear(self) -> None:
        for chip, _value in self.chips:
            chip.setChecked(False)


class MatrixFields(QWidget):
    """Emits ``changed`` whenever a value is ticked or typed."""

    changed = Signal()

    def __init__(self, style_names: dict[Style, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style_names = style_names
        self._setup_ui()

    def _setup_ui(self) -> None:
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.aspect_ratios = ChipRow([(r.value, r) for r in AspectRatio])
        self.resolutions = ChipRow([(r.value, r) for r in Resolution])
        self.durations = QLineEdit()
        self.durations.setPlaceholderText(self.tr("e.g. 5, 8"))
        styles: list[tuple[str, Any]] = [(self.tr("None"), None)]
        styles += [(name, style) for style, name in self._style_names.items()]
        self.styles = ChipRow(styles)
        self.audio = ChipRow([(self.tr("Off"), False), (self.tr("On"), True)])
        self.seeds = QLineEdit()
        self.seeds.setPlaceholderText(self.tr("e.g. 1, 2, 3: every job once per seed"))
        rows: list[tuple[str, QWidget]] = [
            (self.tr("Aspect ratios"), self.aspect_ratios),
            (self.tr("Resolutions"), self.resolutions),
            (self.tr("Durations"), self.durations),
            (self.tr("Styles"), self.styles),
            (self.tr("Audio"), self.audio),
            (self.tr("Seeds"), self.seeds),
        ]
        for text, field in rows:
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        for row in (self.aspect_ratios, self.resolutions, self.styles, self.audio):
            row.changed.connect(self.changed)
        self.durations.textChanged.connect(lambda _t: self.changed.emit())
        self.seeds.textChanged.connect(lambda _t: self.changed.emit())

    def focus_chain(self) -> list[QWidget]:
        """The fields in reading order, for the form's Tab chain."""
        chips: list[QWidget] = [
            chip for row in (self.aspect_ratios, self.resolutions) for chip, _value in row.chips
        ]
        chips.append(self.durations)
        chips += [chip for row in (self.styles, self.audio) for chip, _value in row.chips]
        return [*chips, self.seeds]

    def axes(self) -> dict[str, tuple[Any, ...]]:
        """Each parameter given values here; raises ``PlanError`` for a bad duration."""
        axes: dict[str, tuple[Any, ...]] = {}
        for name, row in (
            ("aspect_ratio", self.aspect_ratios),
            ("resolution", self.resolutions),
            ("style", self.styles),
            ("generate_audio", self.audio),
        ):
            if row.values():
                axes[name] = row.values()
        if self.durations.text().strip():
            axes["duration"] = split_values(
                "duration", self.durations.text(), where=Where(self.tr("Durations"))
            )
        return axes

    def seed_list(self) -> tuple[int, ...]:
        if not self.seeds.text().strip():
            return ()
        return seeds_from_text(self.seeds.text(), where=Where(self.tr("Seeds")))

    def is_set(self) -> bool:
        rows = (self.aspect_ratios, self.resolutions, self.styles, self.audio)
        return any(row.values() for row in rows) or bool(
            self.durations.text().strip() or self.seeds.text().strip()
        )

    def clear(self) -> None:
        for row in (self.aspect_ratios, self.resolutions, self.styles, self.audio):
            row.clear()
        self.durations.clear()
        self.seeds.clear()

"""The parameter form: a real widget for every field of the PixVerse V6 request, and the
matrix (several prompts, templates, several values per parameter, seeds) that turns one click
into a planned batch (``app.plan``).

A first frame (``ui.picture_slots``) makes it image to video, and the form shows only what that
model takes (no aspect ratio: the picture sets it; no style); a last frame as well makes it a
transition, with only that model's fields and resolutions (``app.api.models.takes``)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QMimeData, QSize, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.api.models import (
    MAX_DURATION,
    MAX_PROMPT_CHARS,
    MAX_SEED,
    MIN_DURATION,
    AspectRatio,
    GenerationRequest,
    Mode,
    Picture,
    Resolution,
    Style,
    ThinkingType,
    resolutions,
    takes,
)
from app.errors import InvalidParameter, NotReelDeskFile, ReelDeskError
from app.messages import Catalogue
from app.metadata import read_request
from app.plan import (
    MAX_PLAN_JOBS,
    Plan,
    PlanError,
    PromptLine,
    expand,
    explain,
)
from app.settings import MAX_VARIATIONS, GenerationDefaults
from ui.icons import ratio_icon
from ui.matrix import MatrixFields
from ui.picture_slots import PictureSlots, picture_file
from ui.prompt_sources import PromptSources
from ui.tasks import TaskRunner
from ui.theme import ToneLabel

T = TypeVar("T")

#: What a dropped file may be to restore settings from: a video or its sidecar.
_SETTINGS_SUFFIXES = (".mp4", ".json")


def _settings_file(mime: QMimeData) -> Path | None:
    """The one local video or sidecar being dragged, if that is what it is."""
    urls = mime.urls() if mime.hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() in _SETTINGS_SUFFIXES else None


def _if_taken(mode: Mode, name: str, value: T | None) -> T | None:
    return value if takes(mode, name) else None


def _dropped(mime: QMimeData) -> bool:
    """A file the form takes: a video or sidecar to restore, or a picture for a frame."""
    return _settings_file(mime) is not None or picture_file(mime) is not None


class FormTextEdit(QPlainTextEdit):
    """Plain text only; Tab moves on. A file the form takes (a video or sidecar to restore, a
    picture), dragged onto the field, goes to ``files_to``'s drag and drop handlers: the text
    field would otherwise take the drop as text.

    Handled here rather than by an event filter on the field's viewport: a filter in Python sees
    every event of the viewport (its paints, its keys), and asking for the viewport made
    PySide6 load some 70 widget classes to tell its type, both before the first paint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.files_to: QWidget | None = None

    def _taken(self, event: QDropEvent) -> QWidget | None:
        return self.files_to if self.files_to is not None and _dropped(event.mimeData()) else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        target = self._taken(event)
        if target is None:
            super().dragEnterEvent(event)
        else:
            target.dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        target = self._taken(event)
        if target is None:
            super().dragMoveEvent(event)
        else:
            target.dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        target = self._taken(event)
        if target is None:
            super().dropEvent(event)
        else:
            target.dropEvent(event)


class PromptEdit(FormTextEdit):
    """The prompt; Ctrl+Enter is left to the form's shortcut."""

    def sizeHint(self) -> QSize:
        return QSize(320, 140)


#: What the window says a batch will cost and take: the button's words ("≈ 120 credits") and
#: a longer line for its tooltip (the time).
Estimator = Callable[[list[GenerationRequest]], tuple[str, str]]


class GenerationForm(QWidget):
    """Emits ``generate_requested(requests, count)`` when the user asks for videos: the
    planned requests (one, unless the matrix says more), each to be made ``count`` times.
    ``prompts_file_chosen(path)`` asks the window to read a prompts file (off this thread)."""

    generate_requested = Signal(object, int)
    #: The person chose another current project from the list ("" for none).
    project_chosen = Signal(str)
    #: The person chose "New project…".
    new_project_requested = Signal()
    prompts_file_chosen = Signal(str)

    def __init__(
        self,
        catalogue: Catalogue,
        parent: QWidget | None = None,
        *,
        tasks: TaskRunner | None = None,
    ) -> None:
        """``tasks``: where the pictures are checked off this thread (the window's runner, so
        that closing cancels them); the form's own when not given."""
        super().__init__(parent)
        self._catalogue = catalogue
        self._tasks = tasks or TaskRunner(self._show_problem)
        self._multi_clip_touched = False
        self._busy = False
        self._estimator: Estimator | None = None
        #: The take being continued and its last frame's file, while that frame is the first.
        self._continuing: tuple[str, str] | None = None
        self._setup_ui()
        self.apply_defaults(GenerationDefaults())

    # -- building -------------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)

        self.prompt_label = QLabel()
        self.prompt = PromptEdit()
        self.prompt_label.setBuddy(self.prompt)
        self.prompt_count = ToneLabel()
        self.prompt_count.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.prompt_error = ToneLabel("problem")
        self.prompt_error.setTextFormat(Qt.TextFormat.PlainText)  # may quote what was typed
        self.prompt_error.setObjectName("formError")
        self.prompt_error.setWordWrap(True)
        self.prompt_error.hide()
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.prompt, 1)
        self.pictures = PictureSlots(self._catalogue, self._tasks)
        count_row = QHBoxLayout()
        # The pictures' buttons share the counter's row: unused, they cost the form no height.
        count_row.addWidget(self.pictures.add_first)
        count_row.addWidget(self.pictures.add_last)
        count_row.addWidget(self.prompt_error, 1)
        count_row.addWidget(self.prompt_count)
        layout.addLayout(count_row)
        layout.addWidget(self.pictures)
        self.sources = PromptSources()
        self.per_line = self.sources.per_line
        self.load_prompts = self.sources.load_prompts
        self.file_note = self.sources.file_note
        self.forget_file = self.sources.forget_file
        layout.addWidget(self.sources)

        self.advanced_toggle = QToolButton()
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_toggle.setAutoRaise(True)
        self.negative_prompt = FormTextEdit()
        self.negative_prompt.setMaximumHeight(70)
        self.negative_prompt.setVisible(False)
        layout.addWidget(self.advanced_toggle)
        layout.addWidget(self.negative_prompt)

        grid = self._grid = QFormLayout()
        grid.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        grid.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.aspect_ratio = QComboBox()
        self.aspect_ratio.setIconSize(QSize(22, 22))
        for ratio in AspectRatio:
            self.aspect_ratio.addItem(ratio.value, ratio.value)
        self._draw_ratio_icons()
        self.resolution = QComboBox()
        for resolution in Resolution:
            self.resolution.addItem(resolution.value, resolution.value)
        self.duration = QSpinBox()
        self.duration.setRange(MIN_DURATION, MAX_DURATION)
        self.style_box = QComboBox()
        self.style_box.addItem("", None)
        for style in self._style_names():
            self.style_box.addItem("", style.value)
        self.thinking = QComboBox()
        for kind in self._thinking_names():
            self.thinking.addItem("", kind)

        quality_row = QHBoxLayout()
        quality_row.addWidget(self.resolution, 1)
        self.duration_label = QLabel()
        self.duration_label.setBuddy(self.duration)
        quality_row.addWidget(self.duration_label)
        quality_row.addWidget(self.duration)
        self.aspect_label = QLabel()
        self.aspect_label.setBuddy(self.aspect_ratio)
        self.quality_label = QLabel()
        self.quality_label.setBuddy(self.resolution)
        self.style_label = QLabel()
        self.style_label.setBuddy(self.style_box)
        self.thinking_label = QLabel()
        self.thinking_label.setBuddy(self.thinking)
        grid.addRow(self.aspect_label, self.aspect_ratio)
        grid.addRow(self.quality_label, quality_row)
        grid.addRow(self.style_label, self.style_box)
        grid.addRow(self.thinking_label, self.thinking)

        toggles = QHBoxLayout()
        self.audio = QCheckBox()
        self.multi_clip = QCheckBox()
        toggles.addWidget(self.audio)
        toggles.addWidget(self.multi_clip)
        toggles.addStretch(1)
        grid.addRow(toggles)

        seed_row = QHBoxLayout()
        self.seed = QLineEdit()
        self.seed.setMaxLength(10)
        self.seed.setClearButtonEnabled(True)
        self.dice = QToolButton()
        self.dice.setText("⚄")
        self.seed_label = QLabel()
        self.seed_label.setBuddy(self.seed)
        seed_row.addWidget(self.seed, 1)
        seed_row.addWidget(self.dice)
        grid.addRow(self.seed_label, seed_row)

        self.count = QSpinBox()
        self.count.setRange(1, MAX_VARIATIONS)
        # Not Alt+V, Alt+E or Alt+F: the window's View, Edit and File menus have them.
        self.count_label = QLabel()
        self.count_label.setBuddy(self.count)
        grid.addRow(self.count_label, self.count)

        # New jobs go into the current project; the last item names a new one.
        self.project = QComboBox()
        self.project_label = QLabel()
        self.project_label.setBuddy(self.project)
        grid.addRow(self.project_label, self.project)
        self.set_projects([], "")
        layout.addLayout(grid)

        self.matrix_toggle = QToolButton()
        self.matrix_toggle.setCheckable(True)
        self.matrix_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.matrix_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.matrix_toggle.setAutoRaise(True)
        self.matrix = MatrixFields(self._style_names)
        self.matrix.setVisible(False)
        layout.addWidget(self.matrix_toggle)
        layout.addWidget(self.matrix)

        self.generate = QPushButton()
        self.generate.setObjectName("generateButton")
        self.generate.setDefault(True)
        self.generate.setMinimumHeight(38)
        self.generate.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.generate)
        # What a video costs is news, not a greyed-out hint: secondary, but readable.
        self.cost_note = ToneLabel("muted")
        self.cost_note.setObjectName("costNote")
        self.cost_note.setWordWrap(True)
        self._demo = False
        layout.addWidget(self.cost_note)

        self._generate_keys: list[QShortcut] = []
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._on_generate_clicked)
            self._generate_keys.append(shortcut)

        self.prompt.textChanged.connect(self._update_state)
        self.sources.changed.connect(self._update_state)
        self.sources.file_chosen.connect(self.prompts_file_chosen)
        self.matrix.changed.connect(self._update_state)
        self.matrix_toggle.toggled.connect(self._on_matrix_toggle_toggled)
        self.negative_prompt.textChanged.connect(self._update_state)
        self.seed.textChanged.connect(self._update_state)
        self.count.valueChanged.connect(self._update_state)
        self.advanced_toggle.toggled.connect(self._on_advanced_toggle_toggled)
        self.advanced_toggle.clicked.connect(self._on_advanced_toggle_clicked)
        self.multi_clip.clicked.connect(self._on_multi_clip_clicked)
        self.dice.clicked.connect(self._on_dice_clicked)
        self.generate.clicked.connect(self._on_generate_clicked)
        self.project.activated.connect(self._on_project_activated)
        self.pictures.changed.connect(self._on_pictures_changed)

        pictures = self.pictures
        chain = [
            self.prompt,
            pictures.add_first,
            pictures.add_last,
            pictures.first.choose,
            pictures.first.remove,
            pictures.last.choose,
            pictures.last.remove,
            self.per_line,
            self.load_prompts,
            self.forget_file,
            self.advanced_toggle,
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)
        self.retranslate()
        self.setTabOrder(self.advanced_toggle, self.negative_prompt)
        self.setTabOrder(self.negative_prompt, self.aspect_ratio)
        self.setTabOrder(self.aspect_ratio, self.resolution)
        self.setTabOrder(self.resolution, self.duration)
        self.setTabOrder(self.duration, self.style_box)
        self.setTabOrder(self.style_box, self.thinking)
        self.setTabOrder(self.thinking, self.audio)
        self.setTabOrder(self.audio, self.multi_clip)
        self.setTabOrder(self.multi_clip, self.seed)
        self.setTabOrder(self.seed, self.dice)
        self.setTabOrder(self.dice, self.count)
        chain = [
            self.count,
            self.project,
            self.matrix_toggle,
            *self.matrix.focus_chain(),
            self.generate,
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)

        # A ReelDesk video (or its sidecar) dropped anywhere on the form restores its settings;
        # the text fields would otherwise take the drop as text, so they pass such files on.
        self.setAcceptDrops(True)
        self.prompt.files_to = self
        self.negative_prompt.files_to = self

    # -- reading and writing values -------------------------------------------------------------

    def request(self) -> GenerationRequest:
        """The request the form's own fields describe (the matrix apart); raises
        ``InvalidParameter`` naming the field."""
        return GenerationRequest(prompt=self.prompt.toPlainText().strip(), **self._values())

    def _values(self) -> dict[str, Any]:
        """The single values of the fields, the prompt apart."""
        seed_text = self.seed.text().strip()
        seed: int | None = None
        if seed_text:
            if not seed_text.isdigit():
                raise InvalidParameter("seed", "reason.range", low=0, high=MAX_SEED)
            seed = int(seed_text)
        negative = self.negative_prompt.toPlainText().strip()
        style = self.style_box.currentData()
        thinking = self.thinking.currentData()
        mode = self.pictures.mode
        # What the mode's model does not take is hidden, and left out: never sent unseen.
        return {
            "aspect_ratio": AspectRatio(self.aspect_ratio.currentData()),
            "resolution": Resolution(self.resolution.currentData()),
            "duration": self.duration.value(),
            "generate_audio": self.audio.isChecked(),
            "negative_prompt": _if_taken(mode, "negative_prompt", negative or None),
            "style": _if_taken(mode, "style", Style(style) if style else None),
            "seed": _if_taken(mode, "seed", seed),
            "generate_multi_clip": _if_taken(
                mode,
                "generate_multi_clip",
                self.multi_clip.isChecked() if self._multi_clip_touched else None,
            ),
            "thinking_type": _if_taken(
                mode, "thinking_type", ThinkingType(thinking) if thinking else None
            ),
            **self.pictures.pictures(),
        }

    def plan(self) -> Plan:
        """The prompts (typed, one per line if asked, and the loaded file's) and the matrix."""
        prompts = self.sources.prompts(self.prompt.toPlainText())
        # The matrix counts while its section is open: what is hidden does not multiply.
        matrix = self.matrix_toggle.isChecked()
        # Nor does what the pictures' model does not take (the shape of a picture, a style).
        mode = self.pictures.mode
        axes = {
            name: values
            for name, values in (self.matrix.axes() if matrix else {}).items()
            if name not in ("aspect_ratio", "style", "thinking_type") or takes(mode, name)
        }
        seeds = self.matrix.seed_list() if matrix else ()
        return Plan(tuple(prompts), self._values(), axes, seeds)

    def requests(self) -> list[GenerationRequest]:
        """The planned requests (one for a plain prompt); raises ``InvalidParameter`` (a
        ``PlanError`` when a value of the matrix or a file is wrong)."""
        plan = self.plan()
        if not plan.prompts:
            self.request()  # says what the prompt field lacks
        requests = expand(plan)
        total = len(requests) * self.count.value()
        if total > MAX_PLAN_JOBS:
            raise PlanError("jobs", "reason.too_many_jobs", count=total, limit=MAX_PLAN_JOBS)
        return requests

    def set_estimator(self, estimator: Estimator | None) -> None:
        """How the button tells what a batch will cost (the window knows the history)."""
        self._estimator = estimator
        self._update_state()

    def set_file_prompts(self, name: str, lines: list[PromptLine]) -> None:
        """Prompts read from a file, made along with the typed ones."""
        self.sources.set_file_prompts(name, lines)

    def parent_id(self) -> str | None:
        """The job the form's video continues: set by ``continue_from`` while its last frame
        is still the first frame."""
        if self._continuing is None:
            return None
        job_id, frame = self._continuing
        first = self.pictures.first.picture
        return job_id if first is not None and first.path == frame else None

    def continue_from(self, job_id: str, request: GenerationRequest) -> None:
        """Ready the form to carry a take on: ``request`` is the new image-to-video request
        from its last frame (``app.continuation.continued``), ``job_id`` the take's job."""
        self.set_request(request)
        if request.image is not None:
            self._continuing = (job_id, str(Path(request.image.path).resolve()))

    def variations(self) -> int:
        return self.count.value()

    def set_request(self, request: GenerationRequest, count: int = 1) -> None:
        """Fill the form from a request (reuse settings): that one video, so the matrix closes
        and the prompt is one prompt again (its values stay, for the next batch)."""
        self.matrix_toggle.setChecked(False)
        self.per_line.setChecked(False)
        self.prompt.setPlainText(request.prompt)
        self.negative_prompt.setPlainText(request.negative_prompt or "")
        if request.negative_prompt:
            self.advanced_toggle.setChecked(True)
        self._select(self.aspect_ratio, request.aspect_ratio.value)
        self._select(self.resolution, request.resolution.value)
        self.duration.setValue(request.duration)
        self.audio.setChecked(request.generate_audio)
        self._select(self.style_box, request.style.value if request.style else None)
        self._select(self.thinking, request.thinking_type.value if request.thinking_type else None)
        self._multi_clip_touched = request.generate_multi_clip is not None
        self.multi_clip.setChecked(bool(request.generate_multi_clip))
        self.seed.setText("" if request.seed is None else str(request.seed))
        self.count.setValue(count)
        self._continuing = None
        self._set_pictures(request.image, request.image_tail)
        self._update_state()

    def _set_pictures(self, image: Picture | None, tail: Picture | None) -> None:
        """Show a request's pictures again: each is checked afresh (it may be gone); a
        picture known only by its URL cannot be shown, and its slot is left empty."""
        for slot, picture in ((self.pictures.first, image), (self.pictures.last, tail)):
            if picture is not None and picture.path:
                slot.set_path(picture.path)
            else:
                slot.clear()

    def restore_from(self, path: Path) -> bool:
        """Fill the form with the settings a ReelDesk video (its tags) or sidecar holds; a file
        that holds none is said under the prompt, and the form is left as it was. Reads a few
        kilobytes of one local file, so it stays on this thread."""
        try:
            request = read_request(path)
        except NotReelDeskFile as exc:
            self.prompt_error.setText(self._catalogue.explain(exc))
            self.prompt_error.show()
            return False
        self.set_request(request)
        return True

    # -- dropping a video -----------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if _dropped(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        path = _settings_file(event.mimeData())
        picture = picture_file(event.mimeData())
        if path is None and picture is None:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        if path is not None:
            self.restore_from(path)
        elif picture is not None:
            self.pictures.drop(str(picture))

    def defaults(self) -> GenerationDefaults:
        """The form's parameter values (not the prompt), to remember."""
        return GenerationDefaults(
            aspect_ratio=str(self.aspect_ratio.currentData()),
            resolution=str(self.resolution.currentData()),
            duration=self.duration.value(),
            generate_audio=self.audio.isChecked(),
            style=self.style_box.currentData() or None,
            thinking_type=self.thinking.currentData() or None,
            generate_multi_clip=self.multi_clip.isChecked() if self._multi_clip_touched else None,
            negative_prompt=self.negative_prompt.toPlainText().strip(),
            count=self.count.value(),
        )

    def apply_defaults(self, defaults: GenerationDefaults) -> None:
        self._select(self.aspect_ratio, defaults.aspect_ratio)
        self._select(self.resolution, defaults.resolution)
        self.duration.setValue(defaults.duration)
        self.audio.setChecked(defaults.generate_audio)
        self._select(self.style_box, defaults.style)
        self._select(self.thinking, defaults.thinking_type)
        self._multi_clip_touched = defaults.generate_multi_clip is not None
        self.multi_clip.setChecked(bool(defaults.generate_multi_clip))
        self.negative_prompt.setPlainText(defaults.negative_prompt)
        self.advanced_toggle.setChecked(bool(defaults.negative_prompt))
        self.count.setValue(defaults.count)
        self._update_state()

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))

    def set_projects(self, names: list[str], current: str) -> None:
        """Offer "No project", ``names`` (with ``current`` among them) and "New project…"."""
        self.project.blockSignals(True)
        try:
            self.project.clear()
            self.project.addItem(self.tr("No project"), "")
            for name in sorted({*names, current} - {""}, key=str.casefold):
                self.project.addItem(name, name)
            self.project.insertSeparator(self.project.count())
            self.project.addItem(self.tr("New project…"), None)
            self.project.setCurrentIndex(max(0, self.project.findData(current)))
        finally:
            self.project.blockSignals(False)

    def current_project(self) -> str:
        data = self.project.currentData()
        return data if isinstance(data, str) else ""

    def _on_project_activated(self, index: int) -> None:
        name = self.project.itemData(index)
        if isinstance(name, str):
            self.project_chosen.emit(name)
        else:
            self.new_project_requested.emit()

    def set_busy(self, busy: bool) -> None:
        """While a submission is being recorded, the button cannot submit again."""
        self._busy = busy
        self._update_state()

    def set_demo(self, demo: bool) -> None:
        """Whether videos come from the built-in simulator (free) or the paid service."""
        self._demo = demo
        self.cost_note.setText(
            self.tr("Demo mode: the built-in simulator makes the videos, at no cost.")
            if demo
            else self.tr("Each video is a separate, paid submission.")
        )
        self._update_state()  # the estimate: demo videos are free

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        self.pictures.set_catalogue(catalogue)
        self._update_state()

    def _show_problem(self, error: ReelDeskError) -> None:
        self.prompt_error.setText(self._catalogue.explain(error))
        self.prompt_error.show()

    def _on_pictures_changed(self) -> None:
        """Show only what the mode's model takes, and only its resolutions."""
        mode = self.pictures.mode
        for name, widget in (
            ("aspect_ratio", self.aspect_ratio),
            ("style", self.style_box),
            ("thinking_type", self.thinking),
            ("seed", self.seed_label),
        ):
            self._grid.setRowVisible(widget, takes(mode, name))
        self.multi_clip.setVisible(takes(mode, "generate_multi_clip"))
        negative = takes(mode, "negative_prompt")
        self.advanced_toggle.setVisible(negative)
        self.negative_prompt.setVisible(negative and self.advanced_toggle.isChecked())
        current = self.resolution.currentData()
        offered = [r.value for r in resolutions(mode)]
        if [self.resolution.itemData(i) for i in range(self.resolution.count())] != offered:
            self.resolution.blockSignals(True)
            self.resolution.clear()
            for value in offered:
                self.resolution.addItem(value, value)
            self.resolution.blockSignals(False)
            self._select(self.resolution, current if current in offered else Resolution.P720.value)
        self._update_state()

    # -- reacting -------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._draw_ratio_icons()
        elif event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    # -- language -------------------------------------------------------------------------------

    def _style_names(self) -> dict[Style, str]:
        return {
            Style.ANIME: self.tr("Anime"),
            Style.ANIMATION_3D: self.tr("3D animation"),
            Style.CLAY: self.tr("Clay"),
            Style.COMIC: self.tr("Comic"),
            Style.CYBERPUNK: self.tr("Cyberpunk"),
        }

    def _thinking_names(self) -> dict[str | None, str]:
        return {
            None: self.tr("Service default"),
            ThinkingType.AUTO.value: self.tr("Automatic"),
            ThinkingType.ENABLED.value: self.tr("Always rewrite"),
            ThinkingType.DISABLED.value: self.tr("Off"),
        }

    def retranslate(self) -> None:
        """Every text of the form again, in the language now installed (at the start and on
        ``LanguageChange``); what was typed and chosen stays."""
        self.prompt_label.setText(self.tr("&Prompt"))
        self.prompt.setPlaceholderText(
            self.tr("Describe the video: subject, action, setting, camera, mood…")
        )
        self.advanced_toggle.setText(self.tr("Advanced (&negative prompt)"))
        self.negative_prompt.setPlaceholderText(self.tr("Things to avoid, comma-separated"))
        self.negative_prompt.setAccessibleName(self.tr("Negative prompt"))
        self.duration.setSuffix(self.tr(" s"))
        styles: dict[str | None, str] = {None: self.tr("None")}
        styles.update((style.value, name) for style, name in self._style_names().items())
        thinking = self._thinking_names()
        for combo, names in ((self.style_box, styles), (self.thinking, thinking)):
            for index in range(combo.count()):
                combo.setItemText(index, names[combo.itemData(index)])
        self.thinking.setToolTip(self.tr("Let the service rewrite the prompt before generating"))
        self.duration_label.setText(self.tr("&Length"))
        self.aspect_label.setText(self.tr("&Aspect"))
        self.quality_label.setText(self.tr("&Quality"))
        self.style_label.setText(self.tr("St&yle"))
        self.thinking_label.setText(self.tr("Prompt &optimisation"))
        self.audio.setText(self.tr("A&udio"))
        self.audio.setToolTip(self.tr("Background sound, effects and dialogue"))
        self.multi_clip.setText(self.tr("&Multi-clip"))
        self.multi_clip.setToolTip(
            self.tr("Several shots with camera changes (left to the service unless you set it)")
        )
        self.seed.setPlaceholderText(self.tr("random"))
        self.seed.setToolTip(self.tr("Same settings and seed give closer results"))
        self.dice.setToolTip(self.tr("Pick a random seed"))
        self.dice.setAccessibleName(self.tr("Pick a random seed"))  # "⚄" says nothing aloud
        self.seed_label.setText(self.tr("&Seed"))
        self.count_label.setText(self.tr("Va&riations"))
        self.project.setToolTip(self.tr("The project new videos go into"))
        self.project_label.setText(self.tr("Pro&ject"))
        if self.project.count():  # as ``set_projects`` fills it: first and last, the two choices
            self.project.setItemText(0, self.tr("No project"))
            self.project.setItemText(self.project.count() - 1, self.tr("New project…"))
        self.matrix_toggle.setText(self.tr("Matri&x: several values"))
        self.matrix_toggle.setToolTip(
            self.tr("Tick several values of a setting: every combination becomes a video")
        )
        for shortcut in self._generate_keys:
            shortcut.setWhatsThis(self.tr("Generate"))  # listed in Help → Keyboard shortcuts
        self.set_demo(self._demo)  # the cost note, the button and the problem line

    def _draw_ratio_icons(self) -> None:
        """The frame shapes in the text colour, redrawn when the theme changes. The form's own
        palette: it changes before its children's."""
        colour = self.palette().color(QPalette.ColorRole.Text)
        for row in range(self.aspect_ratio.count()):
            ratio = AspectRatio(self.aspect_ratio.itemData(row))
            self.aspect_ratio.setItemIcon(row, ratio_icon(ratio, colour))

    def _update_state(self) -> None:
        length = len(self.prompt.toPlainText())
        self.prompt_count.setText(f"{length}/{MAX_PROMPT_CHARS}")
        over = length > MAX_PROMPT_CHARS
        self.prompt_count.set_tone("problem" if over else "")
        try:
            requests, problem = self.requests(), None
        except InvalidParameter as exc:
            requests, problem = [], exc
        n = self.count.value() * max(1, len(requests))
        text = (
            self.tr("Generating…")
            if self._busy
            else self.tr("Generate 1 video")
            if n == 1
            else self.tr("Generate %n videos", "", n)
        )
        tip = self.tr("Ctrl+Enter")
        if self._estimator is not None and requests and not self._busy:
            cost, eta = self._estimator([r for r in requests for _ in range(self.count.value())])
            text = f"{text} · {cost}"
            tip = f"{eta}\n{tip}" if eta else tip
        self.generate.setText(text)
        has_prompt = bool(self.prompt.toPlainText().strip() or self.sources.has_file())
        # An empty prompt is not an error yet; it just cannot be sent.
        show = problem if (problem and (has_prompt or problem.field != "prompt")) else None
        self.prompt_error.setVisible(show is not None)
        if show is not None:
            self.prompt_error.setText(self._problem_text(show))
        self.generate.setEnabled(problem is None and not self._busy)
        self.generate.setToolTip(tip)

    def _problem_text(self, problem: InvalidParameter) -> str:
        if isinstance(problem, PlanError):
            return explain(problem, self._catalogue, action=False)
        return self._catalogue.error_message(problem)

    def _on_matrix_toggle_toggled(self, checked: bool) -> None:
        if not checked and self.matrix.isAncestorOf(self.focusWidget()):
            self.matrix_toggle.setFocus(Qt.FocusReason.OtherFocusReason)
        self.matrix.setVisible(checked)
        self.matrix_toggle.setArrowType(
            Qt.ArrowType.DownArrow if checked else Qt.ArrowType.RightArrow
        )
        self._update_state()

    def _on_advanced_toggle_toggled(self, checked: bool) -> None:
        if not checked and self.negative_prompt.hasFocus():
            # A hidden field hands the focus on to the next one; it goes back to the toggle.
            self.advanced_toggle.setFocus(Qt.FocusReason.OtherFocusReason)
        self.negative_prompt.setVisible(checked)
        self.advanced_toggle.setArrowType(
            Qt.ArrowType.DownArrow if checked else Qt.ArrowType.RightArrow
        )

    def _on_advanced_toggle_clicked(self, checked: bool) -> None:
        # Opened by the person (a click or Alt+N), the field is there to be typed in.
        if checked:
            self.negative_prompt.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_multi_clip_clicked(self) -> None:
        self._multi_clip_touched = True

    def _on_dice_clicked(self) -> None:
        self.seed.setText(str(random.randint(0, MAX_SEED)))

    def _on_generate_clicked(self) -> None:
        if self._busy:
            return
        try:
            requests = self.requests()
        except InvalidParameter as exc:
            self.prompt_error.setText(self._problem_text(exc))
            self.prompt_error.show()
            return
        self.generate_requested.emit(requests, self.count.value())

"""The details pane: the selected job's video (played inline, QtMultimedia loaded on first use),
its parameters, its place in a chain of takes (the take it continues, the takes that continue
it), and what can be done with it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from app import rules
from app.continuation import chain
from app.engine.jobs import Job, JobStatus
from app.messages import Catalogue
from app.present import (
    NOTHING,
    credits_text,
    flag_text,
    parameters_details,
    problem_line,
    size_text,
    stars_text,
    status_text,
)
from ui.flow_layout import FlowLayout
from ui.job_model import moment_text, plain_tooltip
from ui.theme import ToneLabel, mixed, paint_elided

#: The video's width in a roomy pane, and in a narrow one (16:10 either way).
MEDIA_WIDTH, MEDIA_MIN_WIDTH = 256, 144


class PreviewLabel(QLabel):
    """The still of a saved video, or a line of status text on a soft panel. The panel is
    painted from the palette at each paint, so it suits whichever theme is current."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(mixed(self.palette(), 0.12))
        painter.drawRoundedRect(QRectF(self.rect()), 6, 6)
        painter.end()
        super().paintEvent(event)


class FactLabel(QLabel):
    """One line of a job's facts. Too long for the pane, it ends in "…" (a path has its "…" in
    the middle, so the file name stays) rather than being cut through a letter. Its text, its
    tooltip and what a screen reader reads stay whole."""

    def __init__(self, elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight) -> None:
        super().__init__()
        self._elide = elide
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._title = ""

    def set_title(self, title: str) -> None:
        """What the fact is (``Seed``): a screen reader says it with the value, as a person
        reads the label beside it, and in place of a value not there (no job shown)."""
        self._title = title
        self.setAccessibleDescription(title)
        self._name_for_reader()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._name_for_reader()

    def _name_for_reader(self) -> None:
        # An empty name reads the text itself, whole (the label may show it cut short).
        self.setAccessibleName("" if self.text() else self._title)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not paint_elided(self, self._elide):
            super().paintEvent(event)  # whole: the label paints it, a selection included


class DetailsPane(QFrame):
    """Shows one job. Actions are signals carrying the job id; the window carries them out."""

    open_requested = Signal(str)
    reveal_requested = Signal(str)
    reuse_requested = Signal(str)
    submit_again_requested = Signal(str)
    stop_requested = Signal(str)
    retry_requested = Signal(str)
    remove_requested = Signal(str)
    raw_requested = Signal(str)
    copy_prompt_requested = Signal(str)
    continue_requested = Signal(str)
    #: The person asked to see another take of the chain (its job id).
    chain_selected = Signal(str)

    def __init__(
        self,
        catalogue: Catalogue,
        parent: QWidget | None = None,
        *,
        jobs: Callable[[], list[Job]] | None = None,
    ) -> None:
        """``jobs``: every job, to find the selected take's chain in (none: no chain shown)."""
        super().__init__(parent)
        self._catalogue = catalogue
        self._jobs = jobs or list
        self._parent_id: str | None = None
        self._child_id: str | None = None
        self._job: Job | None = None
        self._demo = False
        self._player: Any = None
        self._video_widget: Any = None
        self._audio: Any = None
        self._preview: QPixmap | None = None
        self._setup_ui()
        self.retranslate()
        self.show_job(None)

    def _setup_ui(self) -> None:
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # The video and the facts side by side, the actions in a row under both that wraps
        # rather than scrolls: in a small window every button stays in view.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.setSpacing(12)

        self._media = QWidget()
        self._media.setFixedSize(MEDIA_WIDTH, MEDIA_WIDTH * 10 // 16)
        self._media_stack = QStackedLayout(self._media)
        self.preview = PreviewLabel()
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setObjectName("previewPlaceholder")
        self.preview.setMargin(8)
        self.preview.setWordWrap(True)
        self._media_stack.addWidget(self.preview)
        top.addWidget(self._media, 0, Qt.AlignmentFlag.AlignTop)

        info = QVBoxLayout()
        # Prompts, file names and the service's messages are shown as written, never as HTML.
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bold = self.title.font()
        bold.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(bold)
        self.problem = ToneLabel("problem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        # Lines of one list, not separate rows: all six in view in a pane of a 720-pixel
        # window, in Chinese too (its glyphs take taller lines).
        grid.setVerticalSpacing(3)
        self._fields: dict[str, FactLabel] = {}
        self._names: dict[str, QLabel] = {}
        for row, key in enumerate(self._fact_titles()):
            # Quieter than the facts, still text to read (a disabled label reads at 2.4:1, and
            # a screen reader calls it unavailable).
            name = ToneLabel("muted")
            value = FactLabel(
                Qt.TextElideMode.ElideMiddle if key == "file" else Qt.TextElideMode.ElideRight
            )
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            self._fields[key] = value
            self._names[key] = name
        grid.setColumnStretch(1, 1)
        # In a widget of its own: hidden, it takes no room at all.
        self._chain_buttons = QWidget()
        chain_row = QHBoxLayout(self._chain_buttons)
        chain_row.setContentsMargins(0, 0, 0, 0)
        self.parent_button = QPushButton()
        self.child_button = QPushButton()
        self.parent_button.clicked.connect(self._on_parent_button_clicked)
        self.child_button.clicked.connect(self._on_child_button_clicked)
        chain_row.addWidget(self.parent_button)
        chain_row.addWidget(self.child_button)
        chain_row.addStretch(1)

        buttons = FlowLayout()
        self.play_button = QPushButton()
        self.play_button.clicked.connect(self._on_play_button_clicked)
        buttons.addWidget(self.play_button)
        self.open_button = QPushButton()
        self.reveal_button = QPushButton()
        self.reuse_button = QPushButton()
        self.again_button = QPushButton()
        self.stop_button = QPushButton()
        self.retry_button = QPushButton()
        self.raw_button = QPushButton()
        self.continue_button = QPushButton()
        for button, signal in (
            (self.open_button, self.open_requested),
            (self.reveal_button, self.reveal_requested),
            (self.reuse_button, self.reuse_requested),
            (self.again_button, self.submit_again_requested),
            (self.stop_button, self.stop_requested),
            (self.retry_button, self.retry_requested),
            (self.raw_button, self.raw_requested),
            (self.continue_button, self.continue_requested),
        ):
            button.clicked.connect(lambda _=False, s=signal: self._emit(s))
            buttons.addWidget(button)
        self._buttons = (
            self.parent_button,
            self.child_button,
            self.play_button,
            self.open_button,
            self.reveal_button,
            self.reuse_button,
            self.again_button,
            self.stop_button,
            self.retry_button,
            self.raw_button,
            self.continue_button,
        )

        info.addWidget(self.title)
        info.addWidget(self.problem)
        info.addLayout(grid)
        info.addWidget(self._chain_buttons)
        info.addStretch(1)
        # In a short window the facts scroll; the buttons below them do not.
        holder = QWidget()
        holder.setLayout(info)
        self._scroller = scroller = QScrollArea()
        scroller.setWidget(holder)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        top.addWidget(scroller, 1)
        # The buttons right under the facts they act on; a tall pane leaves its room below both.
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A narrow pane gives the facts room by shrinking the video, down to a small still.
        width = max(MEDIA_MIN_WIDTH, min(MEDIA_WIDTH, int(event.size().width() * 0.36)))
        if width != self._media.width():
            self._media.setFixedSize(width, width * 10 // 16)
            if self._preview is not None:
                self._show_preview()
        super().resizeEvent(event)

    def _emit(self, signal: Any) -> None:
        if self._job is not None:
            signal.emit(self._job.id)

    @property
    def job(self) -> Job | None:
        return self._job

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        self.refresh()

    def set_demo(self, demo: bool) -> None:
        """The backend in use now; what a job allows depends on it."""
        self._demo = demo
        self.refresh()

    def show_job(self, job: Job | None) -> None:
        # Jobs are immutable snapshots: a new snapshot of the same job keeps the player going.
        if (job.id if job else None) != (self._job.id if self._job else None):
            self._stop_playback()
            self._preview = None
        self._job = job
        self.refresh()

    def set_preview(self, pixmap: QPixmap | None) -> None:
        """The still shown for a saved video (its first frame), or None for the status text."""
        self._preview = pixmap if pixmap is not None and not pixmap.isNull() else None
        self._show_preview()

    def _show_preview(self) -> None:
        if self._preview is not None:
            # In the screen's own pixels (twice as many at 200 %), so it is not stretched.
            ratio = self.devicePixelRatioF()
            still = self._preview.scaled(
                self._media.size() * ratio,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            still.setDevicePixelRatio(ratio)
            self.preview.setPixmap(still)
        elif self._job is None:
            self.preview.setText(self.tr("No video selected"))
        else:
            self.preview.setText(status_text(self._job, self._catalogue))

    # -- language -------------------------------------------------------------------------------

    def _fact_titles(self) -> dict[str, str]:
        return {
            "status": self.tr("Status"),
            "params": self.tr("Settings"),
            "seed": self.tr("Seed"),
            "credits": self.tr("Credits"),
            "task": self.tr("Task id"),
            "file": self.tr("File"),
            "chain": self.tr("Chain"),
        }

    def retranslate(self) -> None:
        """Every text of the pane again, in the language now installed (at the start and on
        ``LanguageChange``), the shown job's facts included."""
        for key, title in self._fact_titles().items():
            self._names[key].setText(title)
            self._fields[key].set_title(title)
        for button, text in (
            (self.open_button, self.tr("Open")),
            (self.reveal_button, self.tr("Reveal")),
            (self.reuse_button, self.tr("Reuse settings")),
            (self.again_button, self.tr("Submit again…")),
            (self.stop_button, self.tr("Stop tracking…")),
            (self.retry_button, self.tr("Retry saving")),
            (self.raw_button, self.tr("Show service reply")),
            (self.continue_button, self.tr("Continue from last frame")),
            (self.parent_button, self.tr("◀ Continues")),
            (self.child_button, self.tr("Continued by ▶")),
        ):
            button.setText(text)
        self.continue_button.setToolTip(
            self.tr("A new take that starts on this one's last frame (Ctrl+Shift+L)")
        )
        self.parent_button.setToolTip(self.tr("Show the take this one continues"))
        self.child_button.setToolTip(self.tr("Show the first take that continues this one"))
        self._scroller.setAccessibleName(self.tr("Job details"))
        player = self._player
        playing = player is not None and player.playbackState() == player.PlaybackState.PlayingState
        self.play_button.setText(self.tr("❚❚ Pause") if playing else self.tr("▶ Play"))
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def refresh(self) -> None:
        job = self._job
        has_job = job is not None
        # Not findChildren(): that makes a Python object of every widget inside the pane.
        for button in self._buttons:
            button.setVisible(has_job)
        if job is None:
            self.title.setText(self.tr("Select a job to see its details."))
            self.problem.hide()
            self._show_preview()
            for value in self._fields.values():
                value.clear()
            self._parent_id = self._child_id = None
            self._chain_buttons.hide()
            return
        saved = job.status is JobStatus.SAVED and bool(job.path) and Path(job.path or "").exists()
        self.title.setText(job.request.prompt)
        line = problem_line(job, self._catalogue)
        self.problem.setText(line)
        self.problem.setVisible(bool(line))
        self._show_preview()
        seed = job.request.seed
        status = [status_text(job, self._catalogue), size_text(job), moment_text(job.created_at)]
        # A reviewed take says its marks, and a job its project: the list has no room for them.
        if rules.can_review(job):
            status.append(stars_text(job.rating))
            status.append(flag_text(job.flag, self._catalogue) if job.flag else "")
        status.append(job.project)
        values = {
            "status": " · ".join(part for part in status if part),
            "params": parameters_details(job.request, self._catalogue),
            "seed": self.tr("random") if seed is None else str(seed),
            "credits": credits_text(job, self._catalogue),
            "task": job.task_id or NOTHING,
            "file": job.path if saved and job.path else NOTHING,
            "chain": self._chain_text(job),
        }
        for key, text in values.items():
            self._fields[key].setText(text)
            self._fields[key].setToolTip(plain_tooltip(text))
        if job.demo:
            self._fields["credits"].setToolTip(plain_tooltip(self._catalogue.text("note.demo")))
        allowed = rules.allowed(job, demo=self._demo)
        for button, action in (
            (self.play_button, rules.Action.OPEN),
            (self.open_button, rules.Action.OPEN),
            (self.reveal_button, rules.Action.REVEAL),
            (self.reuse_button, rules.Action.REUSE),
            (self.again_button, rules.Action.SUBMIT_AGAIN),
            (self.stop_button, rules.Action.STOP_TRACKING),
            (self.retry_button, rules.Action.RETRY_SAVING),
            (self.raw_button, rules.Action.SHOW_REPLY),
            (self.continue_button, rules.Action.CONTINUE),
        ):
            button.setVisible(action in allowed)
        self.parent_button.setVisible(self._parent_id is not None)
        self.child_button.setVisible(self._child_id is not None)
        self._chain_buttons.setVisible(self._parent_id is not None or self._child_id is not None)

    def _chain_text(self, job: Job) -> str:
        """Where the take stands in its chain, and remembers the neighbours the buttons show."""
        links = chain(job, self._jobs())
        self._parent_id = links.parent.id if links.parent is not None else None
        self._child_id = links.children[0].id if links.children else None
        visible = links.parent is not None or bool(links.children) or job.parent_id is not None
        self._fields["chain"].setVisible(visible)
        self._names["chain"].setVisible(visible)
        parts = []
        if links.parent is not None:
            parts.append(self.tr("continues “%1”").replace("%1", _short(links.parent)))
        elif job.parent_id is not None:
            parts.append(self.tr("continues a take no longer in the history"))
        if links.children:
            parts.append(self.tr("continuations: %1").replace("%1", str(len(links.children))))
        return " · ".join(parts) or NOTHING

    def _on_parent_button_clicked(self) -> None:
        if self._parent_id is not None:
            self.chain_selected.emit(self._parent_id)

    def _on_child_button_clicked(self) -> None:
        if self._child_id is not None:
            self.chain_selected.emit(self._child_id)

    # -- inline playback ------------------------------------------------------------------------

    def _ensure_player(self) -> None:
        if self._player is not None:
            return
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self._video_widget = QVideoWidget()
        self._media_stack.addWidget(self._video_widget)
        self._player = QMediaPlayer(self)
        self._audio = QAudioOutput(self)
        self._player.setAudioOutput(self._audio)
        self._player.setVideoOutput(self._video_widget)
        self._player.playbackStateChanged.connect(self._on_player_playback_state_changed)

    def _on_play_button_clicked(self) -> None:
        job = self._job
        if job is None or not job.path:
            return
        self._ensure_player()
        if self._player.playbackState() == self._player.PlaybackState.PlayingState:
            self._player.pause()
            return
        from PySide6.QtCore import QUrl  # here: its Python class is a millisecond of start-up

        if self._player.source() != QUrl.fromLocalFile(job.path):
            self._player.setSource(QUrl.fromLocalFile(job.path))
        self._media_stack.setCurrentWidget(self._video_widget)
        self._player.play()

    def _on_player_playback_state_changed(self, state: Any) -> None:
        playing = state == self._player.PlaybackState.PlayingState
        self.play_button.setText(self.tr("❚❚ Pause") if playing else self.tr("▶ Play"))

    def _stop_playback(self) -> None:
        if self._player is not None:
            from PySide6.QtCore import QUrl

            self._player.stop()
            self._player.setSource(QUrl())
            self._media_stack.setCurrentWidget(self.preview)


def _short(job: Job, limit: int = 40) -> str:
    """A take as a person knows it: the start of its prompt."""
    prompt = " ".join(job.request.prompt.split())
    return prompt if len(prompt) <= limit else prompt[: limit - 1] + "…"

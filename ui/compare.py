"""Compare: two to four takes side by side (1×2, or 2×2), played in lockstep.

One clock leads: the longest take. Play, pause, seek, frame steps and the loop are sent to
every take at once, and a sync tick re-seeks any take that drifts more than a frame from the
leader (a shorter take holds its last frame until the loop starts all again). One take's sound
plays at a time. Keys: Space plays or pauses; ←/→ step a frame; J plays backwards (again: faster),
K pauses, L plays forwards (again: faster); 1-4 solo a take's sound and make it the one the
cull keys mark (P, X, U, and Alt+0-5 for stars, the digits being taken), after which the next
take becomes the active one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from app import rules
from app.engine.jobs import Flag, Job
from app.messages import Catalogue
from app.present import format_duration
from ui.compare_settings import settings_rows
from ui.cull import Culler
from ui.shortcuts import compare_keys

if TYPE_CHECKING:
    from ui.compare_player import TakePlayer

#: How often followers are checked against the leader, and how far one may drift (in frames)
#: before it plays a little faster or slower to catch up. Positions move a whole frame at a
#: time and are read one after the other, so takes in step can read a frame apart.
SYNC_INTERVAL_MS = 100
DRIFT_FRAMES = 1.5
#: Further off than this, a follower is sought to the leader instead.
SEEK_FRAMES = 6.0
#: How much faster or slower a follower plays while it catches up.
NUDGE = 0.08
#: The backward shuttle's step; its speed is the rate × this step per tick.
SHUTTLE_MS = 40
MAX_RATE = 4.0


def differing_fields(rows: Sequence[list[tuple[str, str]]]) -> set[str]:
    """The field names whose values are not the same in every take."""
    values: dict[str, set[str]] = {}
    for take in rows:
        for name, value in take:
            values.setdefault(name, set()).add(value)
    return {name for name, seen in values.items() if len(seen) > 1}


class CompareWindow(QWidget):
    """A window of its own; ``closed`` when it goes. ``jobs`` are saved takes (2-4)."""

    closed = Signal()

    def __init__(
        self, jobs: Sequence[Job], catalogue: Catalogue, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        if not rules.COMPARE_MIN <= len(jobs) <= rules.COMPARE_MAX:
            low, high = rules.COMPARE_MIN, rules.COMPARE_MAX
            raise ValueError(f"compare takes {low}-{high} takes, not {len(jobs)}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._catalogue = catalogue
        # QtMultimedia loads when a compare opens, not with the window.
        from ui.compare_player import TakePlayer

        self.players = [TakePlayer(i + 1, job) for i, job in enumerate(jobs)]
        # Until the files say how long they are, the longest asked for leads.
        self.leader = max(self.players, key=lambda p: (p.job.request.duration, -p.number))
        self.active = self.players[0]
        self.rate = 0.0  # < 0: the backward shuttle; 0: paused
        self.loop = True
        self._sync = QTimer(self)
        self._sync.setInterval(SYNC_INTERVAL_MS)
        self._sync.timeout.connect(self._on_sync_timeout)
        self._shuttle = QTimer(self)
        self._shuttle.setInterval(SHUTTLE_MS)
        self._shuttle.timeout.connect(self._on_shuttle_timeout)
        self._last_leader_ms = 0
        self._setup_ui()
        self._follow(self.leader)
        for player in self.players:
            player.player.durationChanged.connect(self._on_player_duration_changed)
        self.solo(1)

    def _setup_ui(self) -> None:
        grid = QGridLayout()
        columns = 2
        for i, player in enumerate(self.players):
            grid.addWidget(player, i // columns, i % columns)
        rows = [settings_rows(p.job, self._catalogue) for p in self.players]
        differing = differing_fields(rows)
        for player, take in zip(self.players, rows, strict=True):
            player.set_settings(take, differing)
        self.play_button = QPushButton()
        self.play_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space is the window's key
        self.play_button.clicked.connect(self.toggle_play)
        self.position = QSlider(Qt.Orientation.Horizontal)
        self.position.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Every move a person makes (drag, click, wheel), not the leader's ticks moving it.
        self.position.actionTriggered.connect(self._on_position_action_triggered)
        self.time_label = QLabel()
        self.loop_box = QCheckBox()
        self.loop_box.setChecked(True)
        self.loop_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.loop_box.toggled.connect(self._on_loop_box_toggled)
        self.hint = QLabel()
        self.hint.setEnabled(False)
        bar = QHBoxLayout()
        bar.addWidget(self.play_button)
        bar.addWidget(self.position, 1)
        bar.addWidget(self.time_label)
        bar.addWidget(self.loop_box)
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addLayout(bar)
        layout.addWidget(self.hint)
        self._setup_keys()
        self.retranslate()
        self.resize(1100, 760)

    def _setup_keys(self) -> None:
        keys: list[tuple[str, Callable[[], object]]] = [
            ("Space", self.toggle_play),
            ("Left", partial(self.step, -1)),
            ("Right", partial(self.step, 1)),
            ("J", self.shuttle_back),
            ("K", self.pause),
            ("L", self.shuttle_forward),
        ]
        keys += [(str(n), partial(self.solo, n)) for n in range(1, len(self.players) + 1)]
        # Named as Help → Keyboard shortcuts lists them (``ui.shortcuts``).
        self._keys: dict[str, QAction] = {}
        for key, slot in keys:
            action = QAction(self)
            self._keys[key] = action
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, run=slot: run())
            self.addAction(action)

    # -- transport ------------------------------------------------------------------------------

    def play(self, rate: float = 1.0) -> None:
        """Play every take forwards at ``rate`` from where the leader is."""
        self._shuttle.stop()
        self.rate = rate
        start = self.leader.player.position()
        for player in self.players:
            player.player.setPlaybackRate(rate)
            player.seek(start)
            player.player.play()
        self._sync.start()
        self._show_state()

    def pause(self) -> None:
        self._shuttle.stop()
        self._sync.stop()
        self.rate = 0.0
        for player in self.players:
            player.player.pause()
        self.seek(self.leader.player.position())  # paused on the same frame
        self._show_state()

    def toggle_play(self) -> None:
        if self.rate != 0:
            self.pause()
        else:
            self.play()

    def seek(self, ms: int) -> None:
        for player in self.players:
            player.seek(ms)
        self._last_leader_ms = ms
        self._show_state()

    def step(self, frames: int) -> None:
        """Pause, then move every take ``frames`` frames (negative: back)."""
        if self.rate != 0:
            self.pause()
        self.seek(max(0, round(self.leader.player.position() + frames * self.leader.frame_ms)))

    def shuttle_forward(self) -> None:
        self.play(min(MAX_RATE, self.rate * 2) if self.rate >= 1 else 1.0)

    def shuttle_back(self) -> None:
        """Backwards, by stepping (a media player plays forwards only)."""
        rate = min(MAX_RATE, -self.rate * 2) if self.rate <= -1 else 1.0
        if self.rate >= 0:
            self.pause()
        self.rate = -rate
        self._shuttle.start()
        self._show_state()

    def _on_shuttle_timeout(self) -> None:
        position = self.leader.player.position() - round(SHUTTLE_MS * -self.rate)
        if position <= 0:
            if not self.loop:
                self.pause()
                self.seek(0)
                return
            position = max(0, self.leader.player.duration() - 1)
        self.seek(position)

    def solo(self, number: int) -> None:
        """Hear take ``number`` alone, and make it the one the cull keys mark."""
        if not 1 <= number <= len(self.players):
            return
        self.active = self.players[number - 1]
        for player in self.players:
            player.audio.setMuted(player is not self.active)
        self._show_state()

    def advance(self) -> None:
        """After a mark: the next take becomes the active one (and is heard)."""
        self.solo(self.active.number % len(self.players) + 1)

    # -- keeping time ---------------------------------------------------------------------------

    def drift_ms(self) -> float:
        """How far the takes are apart now (the largest gap to the leader, in ms)."""
        lead = self.leader.player.position()
        gaps = [
            abs(p.player.position() - min(lead, max(0, p.player.duration() - 1)))
            for p in self.players
            if p.player.duration() > 0
        ]
        return max(gaps, default=0.0)

    def _follow(self, leader: TakePlayer) -> None:
        self.leader = leader
        leader.ended.connect(self._on_leader_ended)
        leader.player.positionChanged.connect(self._on_leader_position_changed)
        self.position.setMaximum(max(0, leader.player.duration()))

    def _on_player_duration_changed(self, _ms: int) -> None:
        """The longest file leads: the others can hold their last frame while it plays on."""
        longest = max(self.players, key=lambda p: (p.player.duration(), -p.number))
        if longest is not self.leader and longest.player.duration() > self.leader.player.duration():
            self.leader.ended.disconnect(self._on_leader_ended)
            self.leader.player.positionChanged.disconnect(self._on_leader_position_changed)
            self._follow(longest)
        self.position.setMaximum(max(0, self.leader.player.duration()))

    def _on_sync_timeout(self) -> None:
        """Followers a little off catch up by playing a little faster or slower; one far off
        (after a stall) is sought to the leader. Seeking at every small gap would stall a
        player for a moment each time, and that stall is the drift it meant to fix."""
        lead = self.leader.player.position()
        frame = self.leader.frame_ms
        for player in self.players:
            if player is self.leader:
                continue
            duration = player.player.duration()
            if duration > 0 and lead >= duration:
                continue  # a shorter take holds its last frame
            gap = lead - player.player.position()  # > 0: behind
            if abs(gap) > SEEK_FRAMES * frame:
                player.seek(lead)
                player.player.setPlaybackRate(self.rate)
            elif abs(gap) > DRIFT_FRAMES * frame:
                player.player.setPlaybackRate(self.rate * (1 + NUDGE if gap > 0 else 1 - NUDGE))
            else:
                player.player.setPlaybackRate(self.rate)
            if not player.playing() and self.rate > 0:
                player.player.play()

    def _on_leader_position_changed(self, ms: int) -> None:
        if ms < self._last_leader_ms - 500 and self.rate > 0:
            # The leader went round (a loop): the others start again with it.
            for player in self.players:
                if player is not self.leader:
                    player.seek(ms)
                    player.player.play()
        self._last_leader_ms = ms
        if not self.position.isSliderDown():
            self.position.setValue(ms)
        self.time_label.setText(
            f"{format_duration(ms / 1000)} / "
            f"{format_duration(self.leader.player.duration() / 1000)}"
        )

    def _on_leader_ended(self) -> None:
        if self.loop and self.rate > 0:
            self.seek(0)
            for player in self.players:
                player.player.play()
        else:
            self.pause()

    def _on_position_action_triggered(self, _action: int) -> None:
        self.seek(self.position.sliderPosition())

    def _on_loop_box_toggled(self, checked: bool) -> None:
        self.loop = checked

    # -- showing --------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Every text of the window again, in the language now installed (at the start and on
        ``LanguageChange``): its controls, its keys' names, the marks and the headings."""
        self.setWindowTitle(self.tr("Compare takes"))
        self.position.setAccessibleName(self.tr("Position"))
        self.loop_box.setText(self.tr("&Loop"))
        self.hint.setText(
            self.tr("Space play · ←/→ frame · J K L shuttle · 1-4 sound · P X U Alt+0-5 mark")
        )
        for key, text in compare_keys():
            if key in self._keys:
                self._keys[key].setText(text)
        for culler in self.findChildren(Culler):
            culler.retranslate()
        self._show_state()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def _show_state(self) -> None:
        playing = self.rate != 0
        self.play_button.setText(self.tr("❚❚ Pause") if playing else self.tr("▶ Play"))
        for player in self.players:
            self.refresh_heading(player)

    def refresh_heading(self, player: TakePlayer) -> None:
        job = player.job
        marks = "★" * job.rating + "☆" * (5 - job.rating)
        flag = {
            Flag.PICKED: self.tr("Picked"),
            Flag.REJECTED: self.tr("Rejected"),
        }.get(Flag(job.flag), "")
        parts = [str(player.number), marks]
        if flag:
            parts.append(flag)
        if player is self.active:
            parts.append(self.tr("♪ sound"))
        player.set_heading("  ·  ".join(parts), player is self.active)

    def job_changed(self, job: Job) -> None:
        """A take's marks changed (the engine's event)."""
        for player in self.players:
            if player.job.id == job.id:
                player.job = job
                self.refresh_heading(player)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._sync.stop()
        self._shuttle.stop()
        for player in self.players:
            player.release()
        self.closed.emit()
        super().closeEvent(event)

"""The job list: one table model over the engine's jobs, and the filter proxy in front of it.

The engine announces changes; this model is its one listener in the window. Changes are
coalesced and repainted a few times a second, never per event. Newest jobs are on top.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDateTime,
    QLocale,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QPixmap

from app import rules
from app.api.models import Resolution
from app.engine.jobs import TRACKED, Flag, Job, JobStatus
from app.messages import Catalogue
from app.present import (
    credits_text,
    format_duration,
    job_progress,
    parameters_text,
    problem_line,
    status_text,
    status_tone,
)
from ui.icons import placeholder

ModelIndex = QModelIndex | QPersistentModelIndex
JobRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
#: Progress 0-100, or -1 while unknown (pending: a busy bar).
ProgressRole = Qt.ItemDataRole.UserRole + 3
#: "ok", "problem", "muted" or "" (for the status colour).
ToneRole = Qt.ItemDataRole.UserRole + 4

REPAINT_INTERVAL_MS = 200
TICK_INTERVAL_MS = 1000

_STATUS_ORDER = {status: i for i, status in enumerate(JobStatus)}
_RESOLUTION_ORDER = {resolution: i for i, resolution in enumerate(Resolution)}


def moment_text(timestamp: float) -> str:
    """A date and time in the user's locale; the list and the details pane show moments alike."""
    moment = QDateTime.fromSecsSinceEpoch(int(timestamp))
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


def plain_tooltip(text: str) -> str:
    """A tooltip showing user or service text as it is: Qt renders a tooltip that looks like
    HTML as HTML, so ``<b>`` in a prompt would turn bold."""
    if not text:
        return ""
    return QtGui.Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


class Column(enum.IntEnum):
    THUMB = 0
    PROMPT = 1
    PARAMS = 2
    STATUS = 3
    TIME = 4
    CREDITS = 5


#: The cells a screen reader announces with the whole job (prompt and status with progress):
#: a person moving along a row by the prompt or the status hears how it stands, and a tile of
#: the gallery (the still's column) says the same.
_SPOKEN = (Column.THUMB, Column.PROMPT, Column.STATUS)


class ThumbnailSource(QObject):
    """Gives thumbnails of saved videos; ``thumbnail_ready`` when one becomes available."""

    thumbnail_ready = Signal(str)

    def thumbnail(self, job: Job) -> QPixmap | None:
        return None

    def preview(self, job: Job) -> QPixmap | None:
        """A larger still for the details pane; the list's by default."""
        return self.thumbnail(job)


class JobTableModel(QAbstractTableModel):
    """Rows are jobs, newest first. Implements the engine's listener protocol."""

    def __init__(
        self,
        jobs: Iterable[Job],
        catalogue: Catalogue,
        *,
        thumbnails: ThumbnailSource | None = None,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalogue = catalogue
        self._clock = clock
        # Oldest first; row r shows self._jobs[len - 1 - r], so adding a job never shifts others.
        self._jobs: list[Job] = list(jobs)
        self._positions: dict[str, int] = {job.id: i for i, job in enumerate(self._jobs)}
        self._dirty: set[str] = set()
        self._repaint = QTimer(self)
        self._repaint.setSingleShot(True)
        self._repaint.setInterval(REPAINT_INTERVAL_MS)
        self._repaint.timeout.connect(self._flush)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_INTERVAL_MS)
        self._tick.timeout.connect(self._on_tick_timeout)
        self._tick.start()
        self._thumbnails: ThumbnailSource | None = None
        if thumbnails is not None:
            self.set_thumbnails(thumbnails)
        self.repaints = 0

    def set_thumbnails(self, thumbnails: ThumbnailSource) -> None:
        self._thumbnails = thumbnails
        thumbnails.thumbnail_ready.connect(self._on_thumbnails_thumbnail_ready)
        if self._jobs:
            column = Column.THUMB
            self.dataChanged.emit(self.index(0, column), self.index(self.rowCount() - 1, column))

    # -- engine listener ------------------------------------------------------------------------

    def job_added(self, job: Job) -> None:
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._positions[job.id] = len(self._jobs)
        self._jobs.append(job)
        self.endInsertRows()

    def job_changed(self, job: Job) -> None:
        position = self._positions.get(job.id)
        if position is not None:
            self._jobs[position] = job
            self._dirty.add(job.id)
            if not self._repaint.isActive():
                self._repaint.start()

    def job_removed(self, job_id: str) -> None:
        position = self._positions.get(job_id)
        if position is None:
            return
        row = len(self._jobs) - 1 - position
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._jobs[position]
        self._positions = {job.id: i for i, job in enumerate(self._jobs)}
        self._dirty.discard(job_id)
        self.endRemoveRows()

    def jobs_by_row(self) -> list[Job]:
        """Every job, in row order (newest first)."""
        return self._jobs[::-1]

    def set_jobs(self, jobs: Iterable[Job]) -> None:
        """Replace every row (the history finished loading)."""
        self.beginResetModel()
        self._jobs = list(jobs)
        self._positions = {job.id: i for i, job in enumerate(self._jobs)}
        self._dirty.clear()
        self.endResetModel()

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        if self._jobs:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, len(Column) - 1)
            )
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)

    # -- repaint coalescing ---------------------------------------------------------------------

    def flush(self) -> None:
        """Repaint pending changes now (tests, and before a screenshot)."""
        self._repaint.stop()
        self._flush()

    def _flush(self) -> None:
        if not self._dirty:
            return
        rows = sorted(self.row_of(job_id) for job_id in self._dirty if job_id in self._positions)
        self._dirty.clear()
        self.repaints += 1
        last_column = len(Column) - 1
        # One signal per run of adjacent rows.
        start = previous = rows[0] if rows else 0
        following: list[int | None] = [*rows[1:], None]
        for row in following:
            if row is not None and row == previous + 1:
                previous = row
                continue
            self.dataChanged.emit(self.index(start, 0), self.index(previous, last_column))
            if row is not None:
                start = previous = row

    def _on_tick_timeout(self) -> None:
        """Elapsed and remaining times move even when the service is quiet."""
        for job in self._jobs[-200:]:
            if not job.status.is_final:
                self._dirty.add(job.id)
        if self._dirty and not self._repaint.isActive():
            self._repaint.start()

    def _on_thumbnails_thumbnail_ready(self, job_id: str) -> None:
        if job_id in self._positions:
            row = self.row_of(job_id)
            index = self.index(row, Column.THUMB)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    # -- lookups --------------------------------------------------------------------------------

    def row_of(self, job_id: str) -> int:
        return len(self._jobs) - 1 - self._positions[job_id]

    def job_at(self, row: int) -> Job:
        return self._jobs[len(self._jobs) - 1 - row]

    def index_of(self, job_id: str, column: int = 0) -> QModelIndex:
        if job_id not in self._positions:
            return QModelIndex()
        return self.index(self.row_of(job_id), column)

    def jobs(self) -> Sequence[Job]:
        return self._jobs

    # -- Qt model API ---------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._jobs)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {
            Column.THUMB: "",
            Column.PROMPT: QCoreApplication.translate("JobTableModel", "Prompt"),
            Column.PARAMS: QCoreApplication.translate("JobTableModel", "Settings"),
            Column.STATUS: QCoreApplication.translate("JobTableModel", "Status"),
            Column.TIME: QCoreApplication.translate("JobTableModel", "Time"),
            Column.CREDITS: QCoreApplication.translate("JobTableModel", "Credits"),
        }
        return titles.get(Column(section)) if 0 <= section < len(Column) else None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.job_at(index.row()).status is JobStatus.SAVED:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The files of the saved jobs among ``indexes`` (several rows: several files), in
        row order, each once; a video moved or deleted since is left out."""
        data = QMimeData()
        urls, seen = [], set()
        for index in sorted(indexes, key=lambda index: index.row()):
            job = self.job_at(index.row())
            if job.id in seen or not rules.has_file(job) or not job.path:
                continue
            seen.add(job.id)
            urls.append(QUrl.fromLocalFile(job.path))
        data.setUrls(urls)
        return data

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row, jobs = index.row(), self._jobs
        if not 0 <= row < len(jobs) or not index.isValid():
            return None
        job = jobs[len(jobs) - 1 - row]
        if role == SortRole:
            # First and lean: sorted views ask for it for every changed row's neighbours.
            return self._sort_key(job, index.column())
        column = Column(index.column())
        if role == JobRole:
            return job
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(job, column)
        if role == ProgressRole and column is Column.STATUS:
            return job_progress(job)
        if role == ToneRole and column is Column.STATUS:
            return status_tone(job)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(job, column)
        if role == Qt.ItemDataRole.DecorationRole and column is Column.THUMB:
            if self._thumbnails is not None and job.status is JobStatus.SAVED:
                thumbnail = self._thumbnails.thumbnail(job)
                if thumbnail is not None:
                    return thumbnail
            return placeholder(job.request.aspect_ratio, 96, 54)
        if role == Qt.ItemDataRole.AccessibleTextRole and column in _SPOKEN:
            return self._spoken(job)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and column in _SPOKEN:
            line = problem_line(job, self._catalogue)
            settings = parameters_text(job.request, self._catalogue)
            return f"{line} {settings}" if line else settings
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.CREDITS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, job: Job, column: Column) -> str | None:
        if column is Column.PROMPT:
            prompt = " ".join(job.request.prompt.split())
            demo = QCoreApplication.translate("JobTableModel", "Demo")
            return f"{demo} · {prompt}" if job.demo else prompt
        if column is Column.PARAMS:
            return parameters_text(job.request, self._catalogue)
        if column is Column.STATUS:
            return status_text(job, self._catalogue)
        if column is Column.TIME:
            return self._time_text(job)
        if column is Column.CREDITS:
            return credits_text(job, self._catalogue)
        return None

    def _spoken(self, job: Job) -> str:
        """What a screen reader says for a job's row: the prompt and how it stands, progress
        included, where the eye takes both in from the prompt and the status bar."""
        return (
            QCoreApplication.translate("JobTableModel", "%1 — %2")
            .replace("%1", self._display(job, Column.PROMPT) or "")
            .replace("%2", status_text(job, self._catalogue))
        )

    def _time_text(self, job: Job) -> str:
        now = self._clock()
        if job.status in TRACKED:
            started = job.submitted_at or job.created_at
            text = format_duration(now - started)
            remaining = job.remaining_estimate(now)
            if remaining is not None and remaining > 0:
                text += " · " + QCoreApplication.translate("JobTableModel", "~%1 left").replace(
                    "%1", format_duration(remaining)
                )
            return text
        left = job.link_time_left(now)
        if left is not None:
            hours = max(0, int(left // 3600))
            return QCoreApplication.translate("JobTableModel", "link %1 h left").replace(
                "%1", str(hours)
            )
        return moment_text(job.created_at)

    def _tooltip(self, job: Job, column: Column) -> str | None:
        if column is Column.PROMPT:
            text = job.request.prompt
        elif column is Column.STATUS:
            text = problem_line(job, self._catalogue) or status_text(job, self._catalogue)
        elif column is Column.THUMB and job.path:
            text = Path(job.path).name
        elif column is Column.CREDITS and job.demo:
            text = self._catalogue.text("note.demo")
        else:
            return None
        return plain_tooltip(text)

    @staticmethod
    def _sort_key(job: Job, column: int) -> str | int | float:
        # Plain numbers and strings: Qt compares them itself, without calling back into Python
        # (and it cannot order Python tuples at all).
        if column == Column.STATUS:
            return _STATUS_ORDER[job.status] * 1000 + job.progress
        if column == Column.PROMPT:
            return job.request.prompt.casefold()
        if column == Column.PARAMS:
            return _RESOLUTION_ORDER[job.request.resolution] * 1000 + job.request.duration
        if column == Column.CREDITS:
            return job.credits or 0.0
        return job.created_at


class StatusFilter(enum.StrEnum):
    ALL = "all"
    ACTIVE = "active"
    SAVED = "saved"
    PROBLEMS = "problems"
    #: Waiting on this computer, not sent.
    QUEUED = "queued"


class ReviewFilter(enum.StrEnum):
    """Which takes to show by their review marks."""

    ANY = "any"
    PICKED = "picked"
    UNRATED = "unrated"
    NOT_REJECTED = "not_rejected"


class JobFilterProxy(QSortFilterProxyModel):
    """Filters by prompt text (any script, case-insensitive), by a status group and by review
    marks (picked, unrated, rejected hidden).

    The filter and the sort are live: a job that finishes leaves the Running view, a job that
    fails joins Needs attention, a row sorted by status moves, as the model repaints the jobs
    that changed (a few times a second, only those rows).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._status = StatusFilter.ALL
        #: Only the jobs of this project ("" for the jobs of none); ``None``: every project.
        self._project: str | None = None
        self._review = ReviewFilter.ANY
        self._answers: list[bool] | None = None
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The source model already lists jobs newest first: sorting by time, newest first,
        # is its own order, so ten thousand rows need no Python comparisons.
        if column == Column.TIME and order == Qt.SortOrder.DescendingOrder:
            super().sort(-1)
        else:
            super().sort(column, order)

    def set_text(self, text: str) -> None:
        needle = " ".join(text.split()).casefold()
        if needle != self._needle:
            self._refilter(needle, self._status)

    def set_status(self, status: StatusFilter) -> None:
        if status != self._status:
            self._refilter(self._needle, status)

    def set_project(self, project: str | None) -> None:
        """Show only the jobs of ``project`` ("" for those of no project; ``None`` for all)."""
        if project != self._project:
            self._project = project
            self._refilter(self._needle, self._status)

    def set_review(self, review: ReviewFilter) -> None:
        if review != self._review:
            self._review = review
            self._refilter(self._needle, self._status)

    def _refilter(self, needle: str, status: StatusFilter) -> None:
        self.beginFilterChange()
        self._needle, self._status = needle, status
        # Qt asks filterAcceptsRow once for every row. With ten thousand jobs, answering from
        # one pass over the list made here takes a third less time than running the tests in
        # each call (tests/bench); the answers live only while Qt asks.
        model = self.sourceModel()
        if isinstance(model, JobTableModel):
            self._answers = [self._accepts(job) for job in model.jobs_by_row()]
        try:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        finally:
            self._answers = None

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        answers = self._answers
        if answers is not None and 0 <= source_row < len(answers):
            return answers[source_row]
        model = self.sourceModel()
        if not isinstance(model, JobTableModel):
            return True
        return self._accepts(model.job_at(source_row))

    def _accepts(self, job: Job) -> bool:
        if self._project is not None and job.project != self._project:
            return False
        review = self._review
        if review is ReviewFilter.PICKED and job.flag != Flag.PICKED:
            return False
        if review is ReviewFilter.UNRATED and (job.rating or job.status is not JobStatus.SAVED):
            return False
        if review is ReviewFilter.NOT_REJECTED and job.flag == Flag.REJECTED:
            return False
        if self._status is StatusFilter.ACTIVE and job.status.is_final:
            return False
        if self._status is StatusFilter.SAVED and job.status is not JobStatus.SAVED:
            return False
        if self._status is StatusFilter.QUEUED and job.status is not JobStatus.QUEUED:
            return False
        if self._status is StatusFilter.PROBLEMS and not (
            job.status.is_problem or bool(job.error_code)
        ):
            return False
        if self._needle:
            haystack = job.request.prompt.casefold()
            if self._needle not in " ".join(haystack.split()):
                negative = (job.request.negative_prompt or "").casefold()
                return self._needle in negative
        return True

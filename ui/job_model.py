"""The job list: one table model over the engine's jobs, and the filter proxy in front of it.

The engine announces changes; this model is its one listener in the window. Changes are
coalesced and repainted a few times a second, never per event. Newest jobs are on top.
"""

from __future__ import annotations

import bisect
import enum
import time
import weakref
from array import array
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
#: Search texts made at a time while the window is idle: some 5 ms, so a hundred thousand jobs
#: take a tenth of a second of idle time without a pause anyone would see.
INDEX_SLICE = 4000
TICK_INTERVAL_MS = 1000

#: Roles a styled delegate asks every cell for that no cell of the list answers: answered
#: first, as the list repaints a screenful of cells while it scrolls.
_UNANSWERED = frozenset(
    {
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.SizeHintRole,
    }
)
_STATUS_ORDER = {status: i for i, status in enumerate(JobStatus)}
_RESOLUTION_ORDER = {resolution: i for i, resolution in enumerate(Resolution)}


def moment_text(timestamp: float) -> str:
    """A date and time in the user's locale; the list and the details pane show moments alike."""
    moment = QDateTime.fromSecsSinceEpoch(int(timestamp))
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


class _Positions:
    """Job id → position in the list. The ids sorted, beside their positions in a flat array:
    about 16 bytes a job, where a dict takes some 70 (7 MB over 100,000 jobs); a look-up is a
    binary search."""

    __slots__ = ("_at", "_ids")

    def __init__(self, jobs: Sequence[Job]) -> None:
        ids = [job.id for job in jobs]
        order = sorted(range(len(ids)), key=ids.__getitem__)
        self._ids = [ids[i] for i in order]
        self._at = array("q", order)

    def get(self, job_id: str) -> int | None:
        i = bisect.bisect_left(self._ids, job_id)
        if i < len(self._ids) and self._ids[i] == job_id:
            return self._at[i]
        return None

    def __getitem__(self, job_id: str) -> int:
        position = self.get(job_id)
        if position is None:
            raise KeyError(job_id)
        return position

    def add(self, job_id: str, position: int) -> None:
        i = bisect.bisect_left(self._ids, job_id)
        self._ids.insert(i, job_id)
        self._at.insert(i, position)

    def remove(self, job_id: str) -> None:
        """Forget ``job_id``; the jobs after it move up one place."""
        i = bisect.bisect_left(self._ids, job_id)
        if i == len(self._ids) or self._ids[i] != job_id:
            return
        gone = self._at[i]
        del self._ids[i], self._at[i]
        self._at = array("q", [p - (p > gone) for p in self._at])


def searchable(text: str | None) -> str:
    """What a prompt search looks in: ``text`` (a prompt or a negative prompt) with its
    whitespace collapsed, casefolded (any script)."""
    if not text:
        return ""
    folded = " ".join(text.casefold().split())
    # Most prompts read the same folded (Chinese ones always): keep one string, not two.
    return text if folded == text else folded


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
_COLUMNS = len(Column)
#: Column by number, looked up at every cell a paint asks about (cheaper than ``Column(n)``).
_COLUMN_AT = tuple(Column)
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_DRAGGABLE = _SELECTABLE | Qt.ItemFlag.ItemIsDragEnabled


class ThumbnailSource(QObject):
    """Gives thumbnails of saved videos; ``thumbnail_ready`` when one becomes available."""

    thumbnail_ready = Signal(str)

    def thumbnail(self, job: Job) -> QPixmap | None:
        return None

    def preview(self, job: Job) -> QPixmap | None:
        """A larger still for the details pane; the list's by default."""
        return self.thumbnail(job)


class JobTableModel(QAbstractTableModel):
    """Rows are the jobs the filter shows (all, without one), newest first. Implements the
    engine's listener protocol.

    The filter is applied here, not in the proxy in front: Qt asks a proxy's
    ``filterAcceptsRow`` once per row, a call into Python each, which with 100,000 jobs takes
    a tenth of a second at every key typed in the search field. Here one pass over compact
    lists does it, and the proxy only sorts."""

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
        # Oldest first, so adding a job never shifts the others' positions.
        self._jobs: list[Job] = list(jobs)
        self._positions = _Positions(self._jobs)
        # The positions of the jobs shown, ascending (row r shows the r-th from the end), or
        # None while every job is shown.
        self._shown: list[int] | None = None
        self._needle = ""
        self._accepts: Callable[[Job], bool] | None = None
        # What a search looks in, for the positions up to its length: made a slice at a time
        # while the window is idle (all at once if a search comes first), then kept up.
        self._texts: list[str] = []
        # The negative prompts', apart: joined to the prompts' they would be one more string
        # a job (some 5 MB over 100,000 jobs), while most jobs share a few negative prompts.
        self._negatives: list[str] = []
        # While the texts are made: the folded form of each text met so far, so that takes
        # asking the same share one string (the history shares their prompts).
        self._made: dict[str, str] = {}
        self._indexing = QTimer(self)
        self._indexing.setInterval(0)
        self._indexing.timeout.connect(self._on_indexing_timeout)
        self._dirty: set[str] = set()
        # Jobs whose times alone move (the clock ticked): only their Time cells repaint.
        self._ticked: set[str] = set()
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
        self._index_later()

    def set_thumbnails(self, thumbnails: ThumbnailSource) -> None:
        self._thumbnails = thumbnails
        thumbnails.thumbnail_ready.connect(self._on_thumbnails_thumbnail_ready)
        if self.rowCount():
            column = Column.THUMB
            self.dataChanged.emit(self.index(0, column), self.index(self.rowCount() - 1, column))

    # -- engine listener ------------------------------------------------------------------------

    def job_added(self, job: Job) -> None:
        position = len(self._jobs)
        shown = self._shown is None or self._passes(job)
        if shown:
            self.beginInsertRows(QModelIndex(), 0, 0)
        self._positions.add(job.id, position)
        self._jobs.append(job)
        if len(self._texts) == position:
            self._texts.append(searchable(job.request.prompt))
            self._negatives.append(searchable(job.request.negative_prompt))
        if shown and self._shown is not None:
            self._shown.append(position)
        if shown:
            self.endInsertRows()

    def job_changed(self, job: Job) -> None:
        position = self._positions.get(job.id)
        if position is not None:
            if position < len(self._texts) and job.request is not self._jobs[position].request:
                self._texts[position] = searchable(job.request.prompt)
                self._negatives[position] = searchable(job.request.negative_prompt)
            self._jobs[position] = job
            self._dirty.add(job.id)
            if not self._repaint.isActive():
                self._repaint.start()

    def job_removed(self, job_id: str) -> None:
        position = self._positions.get(job_id)
        if position is None:
            return
        row = self._row(position)
        if row is not None:
            self.beginRemoveRows(QModelIndex(), row, row)
        del self._jobs[position]
        if position < len(self._texts):
            del self._texts[position]
            del self._negatives[position]
        self._positions.remove(job_id)
        if self._shown is not None:
            self._shown = [p - (p > position) for p in self._shown if p != position]
        self._dirty.discard(job_id)
        self._ticked.discard(job_id)
        if row is not None:
            self.endRemoveRows()

    def set_jobs(self, jobs: Iterable[Job]) -> None:
        """Replace every job (the history finished loading). When the jobs shown so far are
        the newest of ``jobs`` (the first rows shown while it loaded), the older ones are
        added below them, and what the person selected meanwhile stays selected."""
        jobs = list(jobs)
        kept = len(self._jobs)
        if 0 < kept <= len(jobs) and [j.id for j in jobs[len(jobs) - kept :]] == [
            j.id for j in self._jobs
        ]:
            self._grow(jobs)
            return
        self.beginResetModel()
        self._jobs = jobs
        self._positions = _Positions(self._jobs)
        self._texts, self._negatives = [], []
        self._shown = None if self._unfiltered() else self._matching()
        self._dirty.clear()
        self._ticked.clear()
        self.endResetModel()
        self._index_later()

    def _grow(self, jobs: list[Job]) -> None:
        added = len(jobs) - len(self._jobs)
        previous = self._jobs
        shown_before = self.rowCount()
        self._jobs = jobs
        self._positions = _Positions(self._jobs)
        # The texts are kept from the oldest job on: made again, a slice at a time.
        self._texts, self._negatives = [], []
        self._index_later()
        if self._shown is None:
            below = added
        else:
            older = self._matching(range(added))
            self._shown = older + [p + added for p in self._shown]
            below = len(older)
        if below:
            self.beginInsertRows(QModelIndex(), shown_before, shown_before + below - 1)
            self.endInsertRows()
        # The newest may have changed since they were first read.
        changed = [
            job.id for job, old in zip(jobs[added:], previous, strict=True) if job is not old
        ]
        if changed:
            self._dirty.update(changed)
            self._flush()

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, len(Column) - 1)
            )
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)

    # -- the filter -----------------------------------------------------------------------------

    def set_filter(self, needle: str, accepts: Callable[[Job], bool] | None) -> None:
        """Show the jobs whose prompt or negative prompt holds ``needle`` (whitespace-collapsed
        and casefolded, as ``searchable`` makes them) and that ``accepts`` (None: every
        job). The rows that stay keep their selection."""
        self._needle, self._accepts = needle, accepts
        shown = None if self._unfiltered() else self._matching()
        if shown == self._shown:
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        positions = [self._position(index.row()) for index in before]
        self._shown = shown
        after = []
        for index, position in zip(before, positions, strict=True):
            row = self._row(position)
            after.append(QModelIndex() if row is None else self.index(row, index.column()))
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _unfiltered(self) -> bool:
        return not self._needle and self._accepts is None

    def _matching(self, positions: Iterable[int] | None = None) -> list[int]:
        """The positions (ascending) of the jobs the filter shows, among ``positions``."""
        needle, accepts, jobs = self._needle, self._accepts, self._jobs
        candidates = range(len(jobs)) if positions is None else positions
        if needle:
            texts, negatives = self._search_texts()
            candidates = [p for p in candidates if needle in texts[p] or needle in negatives[p]]
        if accepts is None:
            return list(candidates)
        return [p for p in candidates if accepts(jobs[p])]

    def _passes(self, job: Job, position: int | None = None) -> bool:
        """Whether the filter shows ``job`` (at ``position``, where its texts may be made)."""
        needle = self._needle
        if needle:
            if position is not None and position < len(self._texts):
                texts = (self._texts[position], self._negatives[position])
            else:
                texts = (searchable(job.request.prompt), searchable(job.request.negative_prompt))
            if needle not in texts[0] and needle not in texts[1]:
                return False
        return self._accepts is None or self._accepts(job)

    def _search_texts(self) -> tuple[list[str], list[str]]:
        """Every job's search texts (prompts, negative prompts), those not made yet made now."""
        if len(self._texts) < len(self._jobs):
            self._index(self._jobs[len(self._texts) :])
            self._indexed()
        return self._texts, self._negatives

    def _index(self, jobs: list[Job]) -> None:
        made = self._made

        def fold(text: str | None) -> str:
            if not text:
                return ""
            folded = made.get(text)
            if folded is None:
                folded = made[text] = searchable(text)
            return folded

        self._texts += [fold(job.request.prompt) for job in jobs]
        self._negatives += [fold(job.request.negative_prompt) for job in jobs]

    def _indexed(self) -> None:
        self._indexing.stop()
        self._made = {}

    def _index_later(self) -> None:
        """Make the search texts not made yet: at once when they are a slice or less, else a
        slice at a time while the window is idle."""
        if len(self._jobs) - len(self._texts) <= INDEX_SLICE:
            self._search_texts()
        else:
            self._indexing.start()

    def _on_indexing_timeout(self) -> None:
        done = len(self._texts)
        self._index(self._jobs[done : done + INDEX_SLICE])
        if len(self._texts) >= len(self._jobs):
            self._indexed()

    # -- repaint coalescing ---------------------------------------------------------------------

    def flush(self) -> None:
        """Repaint pending changes now (tests, and before a screenshot)."""
        self._repaint.stop()
        self._flush()

    def _flush(self) -> None:
        if not self._dirty and not self._ticked:
            return
        self.repaints += 1
        # The changes first: joining or leaving a filtered list moves the rows below.
        changed = self._rows(self._dirty, refilter=True)
        ticked = self._rows(self._ticked - self._dirty, refilter=False)
        self._dirty.clear()
        self._ticked.clear()
        # A change repaints whole rows; a tick only the times (a full row repaints stills and
        # progress bars, some ten times the work, every second while jobs run).
        self._emit_runs(changed, 0, len(Column) - 1)
        self._emit_runs(ticked, Column.TIME, Column.TIME)

    def _rows(self, job_ids: set[str], *, refilter: bool) -> list[int]:
        """The rows that show ``job_ids``, ascending; with ``refilter``, the jobs changed, and
        join or leave the rows as the filter now judges them first."""
        at = map(self._positions.get, job_ids)
        positions = sorted(position for position in at if position is not None)
        if refilter and self._shown is not None:
            self._refilter_changed(positions)
        return sorted(row for row in map(self._row, positions) if row is not None)

    def _emit_runs(self, rows: list[int], first_column: int, last_column: int) -> None:
        """One ``dataChanged`` per run of adjacent rows."""
        if not rows:
            return
        start = previous = rows[0]
        for row in [*rows[1:], None]:
            if row is not None and row == previous + 1:
                previous = row
                continue
            self.dataChanged.emit(
                self.index(start, first_column), self.index(previous, last_column)
            )
            if row is not None:
                start = previous = row

    def _refilter_changed(self, positions: list[int]) -> None:
        """Changed jobs join or leave the rows as the filter now judges them: a job that
        finishes leaves Running, one that fails joins Needs attention."""
        shown = self._shown
        assert shown is not None
        for position in positions:
            job = self._jobs[position]
            wanted = self._passes(job, position)
            at = bisect.bisect_left(shown, position)
            present = at < len(shown) and shown[at] == position
            if wanted and not present:
                row = len(shown) - at
                self.beginInsertRows(QModelIndex(), row, row)
                shown.insert(at, position)
                self.endInsertRows()
            elif present and not wanted:
                row = len(shown) - 1 - at
                self.beginRemoveRows(QModelIndex(), row, row)
                del shown[at]
                self.endRemoveRows()

    def _on_tick_timeout(self) -> None:
        """Elapsed and remaining times move even when the service is quiet."""
        for job in self._jobs[-200:]:
            if not job.status.is_final:
                self._ticked.add(job.id)
        if self._ticked and not self._repaint.isActive():
            self._repaint.start()

    def _on_thumbnails_thumbnail_ready(self, job_id: str) -> None:
        index = self.index_of(job_id, Column.THUMB)
        if index.isValid():
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    # -- lookups --------------------------------------------------------------------------------

    def _position(self, row: int) -> int:
        shown = self._shown
        if shown is None:
            return len(self._jobs) - 1 - row
        return shown[len(shown) - 1 - row]

    def _row(self, position: int) -> int | None:
        shown = self._shown
        if shown is None:
            return len(self._jobs) - 1 - position
        at = bisect.bisect_left(shown, position)
        if at < len(shown) and shown[at] == position:
            return len(shown) - 1 - at
        return None

    def row_of(self, job_id: str) -> int:
        """The job's row; KeyError when the job is unknown or the filter hides it."""
        row = self._row(self._positions[job_id])
        if row is None:
            raise KeyError(job_id)
        return row

    def job_at(self, row: int) -> Job:
        return self._jobs[self._position(row)]

    def index_of(self, job_id: str, column: int = 0) -> QModelIndex:
        position = self._positions.get(job_id)
        row = None if position is None else self._row(position)
        if row is None:
            return QModelIndex()
        return self.index(row, column)

    def jobs(self) -> Sequence[Job]:
        """Every job, shown or not, oldest first."""
        return self._jobs

    def job(self, job_id: str) -> Job | None:
        """The job as the list has it, shown or not (None: not in the list)."""
        position = self._positions.get(job_id)
        return None if position is None else self._jobs[position]

    # -- Qt model API ---------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._jobs) if self._shown is None else len(self._shown)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMNS

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
        return _DRAGGABLE if self.job_at(index.row()).status is JobStatus.SAVED else _SELECTABLE

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The files of the saved jobs among ``indexes`` (several rows: several files), in
        row order, each once; a video moved or deleted since is left out."""
        from PySide6.QtCore import QUrl  # here: its Python class is a millisecond of start-up

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
        # Asked some 300 times a full paint of the list, so the lookups are spelled out.
        if role in _UNANSWERED:
            return None
        row = index.row()
        shown = self._shown
        count = len(self._jobs) if shown is None else len(shown)
        if not 0 <= row < count or not index.isValid():
            return None
        job = self._jobs[count - 1 - row if shown is None else shown[count - 1 - row]]
        if role == SortRole:
            # First and lean: sorted views ask for it for every changed row's neighbours.
            return self._sort_key(job, index.column())
        column = _COLUMN_AT[index.column()]
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
    """Filters by prompt text (any script, case-insensitive), by a status group, a project and
    review marks (picked, unrated, rejected hidden), and sorts.

    The filter and the sort are live: a job that finishes leaves the Running view, a job that
    fails joins Needs attention, a row sorted by status moves, as the model repaints the jobs
    that changed (a few times a second, only those rows). The filter is this proxy's to say
    and the model's to apply (see ``JobTableModel``): Qt's per-row calls would cost a large
    history a tenth of a second at every change.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._status = StatusFilter.ALL
        #: Only the jobs of this project ("" for the jobs of none); ``None``: every project.
        self._project: str | None = None
        self._review = ReviewFilter.ANY
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The source model already lists jobs newest first: sorting by time, newest first,
        # is its own order, so a hundred thousand rows need no Python comparisons.
        if column == Column.TIME and order == Qt.SortOrder.DescendingOrder:
            super().sort(-1)
        else:
            super().sort(column, order)

    def set_text(self, text: str) -> None:
        needle = " ".join(text.split()).casefold()
        if needle != self._needle:
            self._needle = needle
            self._refilter()

    def set_status(self, status: StatusFilter) -> None:
        if status != self._status:
            self._status = status
            self._refilter()

    def set_project(self, project: str | None) -> None:
        """Show only the jobs of ``project`` ("" for those of no project; ``None`` for all)."""
        if project != self._project:
            self._project = project
            self._refilter()

    def set_review(self, review: ReviewFilter) -> None:
        if review != self._review:
            self._review = review
            self._refilter()

    def _refilter(self) -> None:
        model = self.sourceModel()
        if isinstance(model, JobTableModel):
            model.set_filter(self._needle, self._judge() if self._narrowed() else None)

    def _judge(self) -> Callable[[Job], bool]:
        """``_accepts`` for the model to hold, without holding this proxy: the proxy holds the
        model, and a cycle between two Qt objects leaves them to Python's collector, which
        may free one while the other's timers still fire."""
        accepts = weakref.WeakMethod(self._accepts)

        def judge(job: Job) -> bool:
            method = accepts()
            return method is None or method(job)

        return judge

    def _narrowed(self) -> bool:
        """Whether a filter other than the text is set (without one, no job is asked)."""
        return (
            self._status is not StatusFilter.ALL
            or self._project is not None
            or self._review is not ReviewFilter.ANY
        )

    def _accepts(self, job: Job) -> bool:
        """Whether the filters other than the text show ``job`` (the model matches the text)."""
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
        return not (
            self._status is StatusFilter.PROBLEMS
            and not (job.status.is_problem or bool(job.error_code))
        )

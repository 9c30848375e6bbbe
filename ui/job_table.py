"""The job list: a table view over the filtered jobs, newest first, that keeps each job's prompt
and status in view however narrow the window."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.engine.jobs import Job
from ui.delegates import ProgressDelegate, ThumbnailDelegate
from ui.job_model import Column, JobFilterProxy, JobRole, JobTableModel


class JobTable(QTableView):
    """In a narrow window the columns also shown in the details pane step aside, in the order
    of ``NARROW``, and the status column gives up some of its width, rather than squeeze the
    prompt to a word or two or push the status out of sight behind a horizontal scroll bar.
    Prompts wrap over the height of a row (a thumbnail's height), so a narrow prompt column
    still shows a sentence, not two or three words."""

    #: (column, the list width in pixels below which it is hidden). The thumbnail goes last,
    #: narrower than the list of a window at 800×600: the details pane shows the selected one.
    NARROW = (
        (Column.CREDITS, 860),
        (Column.TIME, 780),
        (Column.PARAMS, 620),
        (Column.THUMB, 400),
    )

    #: The status column's width, and its width in a list narrower than ``NARROW_STATUS_BELOW``
    #: pixels, where the prompt needs what a progress bar can spare.
    STATUS_WIDTH, NARROW_STATUS_WIDTH = 190, 150
    NARROW_STATUS_BELOW = 620

    def __init__(self, proxy: JobFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._proxy = proxy
        self._narrow_status: bool | None = None
        self._setup_ui()

    def _setup_ui(self) -> None:
        self.setModel(self._proxy)
        self.setItemDelegateForColumn(Column.STATUS, ProgressDelegate(self))
        self.setItemDelegateForColumn(Column.THUMB, ThumbnailDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # Tab leaves the list for the next control; the arrow keys move between rows. (Qt's
        # default walks the cells and wraps round, so Tab never left a list with a row.)
        self.setTabKeyNavigation(False)
        self.setSortingEnabled(True)
        self.sortByColumn(Column.TIME, Qt.SortOrder.DescendingOrder)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(60)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(Column.THUMB, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(Column.THUMB, 104)
        header.setSectionResizeMode(Column.PROMPT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(Column.PARAMS, 130)
        header.resizeSection(Column.STATUS, self.STATUS_WIDTH)
        header.resizeSection(Column.TIME, 130)
        header.resizeSection(Column.CREDITS, 64)
        self.setIconSize(QSize(96, 54))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = event.size().width()
        for column, below in self.NARROW:
            self.setColumnHidden(column, width < below)
        # Only when the list crosses the line: a width the user dragged stays until then.
        narrow = width < self.NARROW_STATUS_BELOW
        if narrow != self._narrow_status:
            self._narrow_status = narrow
            status = self.NARROW_STATUS_WIDTH if narrow else self.STATUS_WIDTH
            self.horizontalHeader().resizeSection(Column.STATUS, status)

    def selected_jobs(self) -> list[Job]:
        """The selected jobs, in the order they were selected."""
        jobs = []
        for index in self.selectionModel().selectedRows():
            job = index.data(JobRole)
            if isinstance(job, Job):
                jobs.append(job)
        return jobs

    def select_job(self, job_id: str) -> None:
        """Select the job's row and scroll to it (if the filter shows it)."""
        source = self._proxy.sourceModel()
        if not isinstance(source, JobTableModel):
            return
        index = self._proxy.mapFromSource(source.index_of(job_id))
        if index.isValid():
            self.selectRow(index.row())
            self.scrollTo(index)

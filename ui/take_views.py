"""The takes as a list or as a gallery: two views of one filtered model with one selection
between them, so switching keeps what was selected, and grouping by idea applies to both.

The gallery is made when first shown (or asked for): a window opens on the list more often
than not, and the gallery's code and widget are not needed for its first paint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from app.engine.jobs import Job
from app.messages import Catalogue
from ui.job_model import JobFilterProxy, JobTableModel
from ui.job_table import JobTable

if TYPE_CHECKING:
    from ui.gallery import Gallery
    from ui.ideas import IdeaProxy

_ROWS = QItemSelectionModel.SelectionFlag.Rows
#: The gallery's tile widths, in pixels (the window's zoom slider keeps them meanwhile).
MIN_TILE, MAX_TILE, DEFAULT_TILE = 140, 480, 240


class TakeViews(QStackedWidget):
    """The list (``table``) or the ``gallery``; ``ideas`` is the proxy over ``proxy`` while the
    views group by idea. ``selection_changed`` when the shared selection does;
    ``gallery_made(gallery)`` when the gallery is made, to connect to it."""

    selection_changed = Signal()
    gallery_made = Signal(object)

    def __init__(
        self,
        model: JobTableModel,
        proxy: JobFilterProxy,
        catalogue: Catalogue,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._proxy = proxy
        self._catalogue = catalogue
        self.ideas: IdeaProxy | None = None
        self._kept_selection: list[str] = []
        # Qt's selection model lets go of the rows a search hides, or a reset clears, without
        # a word (it says nothing on layoutChanged or modelReset). So the views keep the count
        # of selected rows last announced and look again once rows have moved: a turn later,
        # when grouping by idea has placed its rows and selected them again. Rows that move
        # never add to a selection, so a count that changed is a selection that changed.
        self._announced_count = 0
        self._looking_again = QTimer(self)
        self._looking_again.setSingleShot(True)
        self._looking_again.setInterval(0)
        self._looking_again.timeout.connect(self._on_looking_again_timeout)
        self.table = JobTable(proxy)
        self._gallery: Gallery | None = None
        self._share_selection()
        self.addWidget(self.table)
        for moving in (
            proxy.layoutAboutToBeChanged,
            proxy.modelAboutToBeReset,
            proxy.rowsAboutToBeInserted,
            proxy.rowsAboutToBeRemoved,
        ):
            moving.connect(self._on_proxy_rows_moving)
        for placed in (
            proxy.layoutChanged,
            proxy.modelReset,
            proxy.rowsInserted,
            proxy.rowsRemoved,
        ):
            placed.connect(self._on_proxy_rows_placed)

    @property
    def gallery(self) -> Gallery:
        """The tiles, made on first use."""
        if self._gallery is None:
            from ui.gallery import Gallery

            gallery = Gallery(self._proxy)
            if self.ideas is not None:
                gallery.setModel(self.ideas)
                gallery.setModelColumn(0)
            gallery.setSelectionModel(self.table.selectionModel())
            self.addWidget(gallery)
            self._gallery = gallery
            self.gallery_made.emit(gallery)
        return self._gallery

    @property
    def made_gallery(self) -> Gallery | None:
        """The gallery if it was made, without making it."""
        return self._gallery

    def _share_selection(self) -> None:
        if self._gallery is not None:
            self._gallery.setSelectionModel(self.table.selectionModel())
        self.table.selectionModel().selectionChanged.connect(self._announce)

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        if self.ideas is not None:
            self.ideas.set_catalogue(catalogue)

    def _selected_count(self) -> int:
        # From the selection's ranges: a list of every selected row would cost a large
        # selection (Ctrl+A over 20,000 takes) half a second at each key typed in the search.
        selection = self.table.selectionModel()
        if not selection.hasSelection():
            return 0
        ranges = selection.selection()
        return sum(ranges.at(number).height() for number in range(ranges.count()))

    def _announce(self) -> None:
        self._announced_count = self._selected_count()
        self.selection_changed.emit()

    def _on_proxy_rows_moving(self, *_args: object) -> None:
        if self.ideas is not None:
            # While the ideas still map to the rows as they are: the ideas rebuild once the
            # rows have moved, and what they map then is no longer what was selected.
            self._kept_selection = [job.id for job in self.selected_jobs()]

    def _on_proxy_rows_placed(self, *_args: object) -> None:
        self._looking_again.start()

    def _on_looking_again_timeout(self) -> None:
        if self._selected_count() != self._announced_count:
            self._announce()

    # -- which view -----------------------------------------------------------------------------

    def showing_gallery(self) -> bool:
        return self._gallery is not None and self.currentWidget() is self._gallery

    def current_view(self) -> JobTable | Gallery:
        return self.gallery if self.showing_gallery() else self.table

    def show_gallery(self, gallery: bool) -> None:
        """Show the tiles (``True``) or the list; the selection and the focus go along."""
        view = self.gallery if gallery else self.table
        had_focus = self.current_view().hasFocus()
        self.setCurrentWidget(view)
        current = view.currentIndex()
        if current.isValid():
            view.scrollTo(current)
        if had_focus:
            view.setFocus()

    # -- selection ------------------------------------------------------------------------------

    def selected_jobs(self) -> list[Job]:
        return self.table.selected_jobs()

    def view_index(self, job_id: str) -> QModelIndex:
        """The job's row in the views (through the filter, and the ideas when grouped)."""
        index = self._proxy.mapFromSource(self._model.index_of(job_id))
        return self.ideas.mapFromSource(index) if self.ideas is not None else index

    def select_job(self, job_id: str) -> None:
        """Select the job alone and scroll to it, in the view shown (if the filter shows it)."""
        index = self.view_index(job_id)
        if index.isValid():
            # Through the shared selection model: the table's own selectRow extends from an
            # anchor of its own, which a selection made in the gallery leaves stale.
            selection = self.table.selectionModel()
            selection.setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | _ROWS
            )
            self.current_view().scrollTo(index)

    def advance(self) -> None:
        """Select the take after the current one in the view shown (after a mark)."""
        view = self.current_view()
        current = view.currentIndex()
        model = view.model()
        row = current.row() + 1 if current.isValid() else 0
        while self.ideas is not None and self.ideas.is_header(row):
            row += 1
        if row >= model.rowCount():
            return
        index = model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | _ROWS
        view.selectionModel().setCurrentIndex(index, flags)
        view.scrollTo(index)

    def _reselect(self, job_ids: list[str]) -> None:
        selection = self.table.selectionModel()
        for number, job_id in enumerate(job_ids):
            index = self.view_index(job_id)
            if index.isValid():
                command = QItemSelectionModel.SelectionFlag.Select | _ROWS
                if number == 0:
                    selection.setCurrentIndex(index, command)
                else:
                    selection.select(index, command)

    # -- ideas ----------------------------------------------------------------------------------

    def group_by_idea(self, on: bool) -> None:
        """Show each idea's takes together under a header row, in the list and the gallery."""
        if on == (self.ideas is not None):
            return
        selected = [job.id for job in self.selected_jobs()]
        old = self.ideas
        if on:
            from ui.ideas import IdeaProxy

            self.ideas = IdeaProxy(self._catalogue, self)
            self.ideas.setSourceModel(self._proxy)
        else:
            self.ideas = None
        old_selection = self.table.selectionModel()
        model = self.ideas or self._proxy
        self.table.setModel(model)
        if self._gallery is not None:
            self._gallery.setModel(model)
            self._gallery.setModelColumn(0)
        self._share_selection()
        if self.ideas is not None:
            # After the selection model's own reset slot (``setModel`` connected it), which
            # empties the selection: the takes are selected again once it is done.
            self.ideas.modelReset.connect(self._on_ideas_model_reset)
        old_selection.deleteLater()
        if old is not None:
            old.deleteLater()
        self._show_spans()
        self._reselect(selected)

    def _on_ideas_model_reset(self) -> None:
        self._show_spans()
        self._reselect(self._kept_selection)

    def _show_spans(self) -> None:
        """A header row spans the list's width."""
        self.table.clearSpans()
        if self.ideas is not None:
            for row in self.ideas.header_rows():
                self.table.setSpan(row, 0, 1, self.ideas.columnCount())
